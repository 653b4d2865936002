// The worklist's orders by customer name and by creation on BizKitHub.
import { describe, expect, it } from 'vitest';
import type { CachedComplaint } from '../../../../renderer/src/data/db';
import { sortByKeys, sortKeyOf } from '../../../../renderer/src/data/worklist-sort';

const row = (id: string, detail: Partial<NonNullable<CachedComplaint['detail']>> | null, draft?: { customerName: string }): CachedComplaint =>
  ({ id, detail: detail === null ? null : { exist: true, id, status: 'new', ...detail }, draft }) as unknown as CachedComplaint;

describe('worklist orders', () => {
  it('the customer name as downloaded, or as filed before that; none when empty', () => {
    expect(sortKeyOf(row('a', { customerName: 'Jana Nováková' }), 'customer')).toBe('Jana Nováková');
    expect(sortKeyOf(row('b', null, { customerName: 'Ota Novotný' }), 'customer')).toBe('Ota Novotný');
    expect(sortKeyOf(row('c', { customerName: '  ' }), 'customer')).toBeNull();
  });

  it('created: the date of the first dated event of the timeline', () => {
    const events = [{ id: 1, status: 'new', date: '2026-03-01T10:00:00Z' }, { id: 2, status: 'open', date: '2026-03-02T10:00:00Z' }];
    expect(sortKeyOf(row('a', { events } as never), 'created')).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(sortKeyOf(row('b', { events: [{ id: 1, status: 'new' }] } as never), 'created')).toBeNull();
    expect(sortKeyOf(row('c', null), 'created')).toBeNull();
  });

  it('names A–Z the Czech way (Č after C, Š after S), those without one last, ties as given', () => {
    const keys = new Map<string, string>([['1', 'Šimon'], ['2', 'Čermák'], ['3', 'Cyril'], ['4', 'Svoboda'], ['6', 'Cyril']]);
    expect(sortByKeys(['5', '6', '1', '2', '3', '4'], keys, 'customer', 'cs-CZ')).toEqual(['6', '3', '2', '4', '1', '5']);
  });

  it('created newest first', () => {
    const keys = new Map<string, number>([['old', 1], ['new', 3], ['mid', 2]]);
    expect(sortByKeys(['none', 'old', 'mid', 'new'], keys, 'created', 'en-US')).toEqual(['new', 'mid', 'old', 'none']);
  });
});
