import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, routeKey, type Route } from '../../../renderer/src/ui/routes';

describe('parseHash', () => {
  it('the views', () => {
    expect(parseHash('#/')).toEqual({ name: 'worklist' });
    expect(parseHash('#/pending')).toEqual({ name: 'pending' });
    expect(parseHash('#/settings')).toEqual({ name: 'settings' });
    expect(parseHash('#/help')).toEqual({ name: 'help' });
    expect(parseHash('#/complaint/K-1')).toEqual({ name: 'complaint', id: 'K-1' });
  });

  it('tolerates a missing # or leading slash', () => {
    expect(parseHash('')).toEqual({ name: 'worklist' });
    expect(parseHash('#')).toEqual({ name: 'worklist' });
    expect(parseHash('#pending')).toEqual({ name: 'pending' });
    expect(parseHash('/settings')).toEqual({ name: 'settings' });
    expect(parseHash('complaint/K-1')).toEqual({ name: 'complaint', id: 'K-1' });
  });

  it('anything unknown is the worklist', () => {
    for (const hash of ['#/nope', '#/pending/', '#/Settings', '#/complaint', '#/complaint/', '#//pending']) {
      expect(parseHash(hash)).toEqual({ name: 'worklist' });
    }
  });

  it('decodes the complaint ID; a malformed escape is kept as typed', () => {
    expect(parseHash('#/complaint/A%2FB%20C')).toEqual({ name: 'complaint', id: 'A/B C' });
    expect(parseHash('#/complaint/a/b')).toEqual({ name: 'complaint', id: 'a/b' });
    expect(parseHash('#/complaint/100%')).toEqual({ name: 'complaint', id: '100%' });
  });
});

describe('formatHash', () => {
  it('the views', () => {
    expect(formatHash({ name: 'worklist' })).toBe('#/');
    expect(formatHash({ name: 'pending' })).toBe('#/pending');
    expect(formatHash({ name: 'settings' })).toBe('#/settings');
    expect(formatHash({ name: 'help' })).toBe('#/help');
    expect(formatHash({ name: 'complaint', id: 'K-1' })).toBe('#/complaint/K-1');
  });

  it('encodes the complaint ID', () => {
    expect(formatHash({ name: 'complaint', id: 'A/B C?#%' })).toBe('#/complaint/A%2FB%20C%3F%23%25');
  });

  it('round-trips through parseHash, for any printable complaint ID', () => {
    const ids = ['K-1', 'a/b', '100%', '#hash', '?q=1&x', 'Ünïcode', '~!@$^*()_+{}|:"<>', ' spaced '];
    const routes: Route[] = [
      { name: 'worklist' },
      { name: 'pending' },
      { name: 'settings' },
      { name: 'help' },
      ...ids.map((id) => ({ name: 'complaint' as const, id })),
    ];
    for (const route of routes) expect(parseHash(formatHash(route))).toEqual(route);
  });
});

describe('routeKey', () => {
  it('differs per view and per complaint', () => {
    expect(routeKey({ name: 'worklist' })).toBe('worklist');
    expect(routeKey({ name: 'complaint', id: 'A' })).toBe('complaint:A');
    expect(routeKey({ name: 'complaint', id: 'A' })).not.toBe(routeKey({ name: 'complaint', id: 'B' }));
  });
});

describe('New complaint routes (issue 16)', () => {
  it('#/new files one; #/new/<local reference> corrects a filed one; round trips', () => {
    expect(parseHash('#/new')).toEqual({ name: 'new' });
    expect(parseHash('#/new/local-abcdefghjk')).toEqual({ name: 'new', edit: 'local-abcdefghjk' });
    for (const route of [{ name: 'new' }, { name: 'new', edit: 'local-abcdefghjk' }] as Route[]) {
      expect(parseHash(formatHash(route))).toEqual(route);
    }
    expect(routeKey({ name: 'new' })).not.toBe(routeKey({ name: 'new', edit: 'local-abcdefghjk' }));
  });

  it('only a local reference can be corrected: anything else is the worklist', () => {
    for (const hash of ['#/new/u19tor9ukid7jbpo', '#/new/local-', '#/new/local-ABCDEFGHJK', '#/new/']) {
      expect(parseHash(hash)).toEqual({ name: 'worklist' });
    }
  });
});
