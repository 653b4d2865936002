/**
 * The notice list (ui/notices.svelte.ts): one of a kind replaces the last of its kind,
 * a text given as a function is read when shown (so it follows a language switch), and
 * the notices that cannot follow are the ones a switch drops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dismissNotice, dropNotices, hasFixedText, noticeText, notices, showNotice } from '../../../renderer/src/ui/notices.svelte';

afterEach(() => {
  for (const notice of [...notices.list]) dismissNotice(notice.id);
});

describe('notices', () => {
  it('a notice replaces the earlier one of the same kind (slot) and keeps the others', () => {
    showNotice({ tone: 'info', slot: 'remove', message: 'Removed A' });
    showNotice({ tone: 'success', message: 'Exported' });
    showNotice({ tone: 'info', slot: 'remove', message: 'Removed B' });
    expect(notices.list.map((n) => noticeText(n.message))).toEqual(['Exported', 'Removed B']);
  });

  it('keeps at most three, dropping the oldest', () => {
    for (const message of ['1', '2', '3', '4']) showNotice({ tone: 'info', message });
    expect(notices.list.map((n) => n.message)).toEqual(['2', '3', '4']);
  });

  it('reads a function text each time it is shown', () => {
    let word = 'Saved.';
    showNotice({ tone: 'success', message: () => word, action: { label: () => `${word}!`, run: () => undefined } });
    const [notice] = notices.list;
    expect(noticeText(notice!.message)).toBe('Saved.');
    word = 'Uloženo.';
    expect(noticeText(notice!.message)).toBe('Uloženo.');
    expect(noticeText(notice!.action!.label)).toBe('Uloženo.!');
  });

  it('a language switch drops only the notices with a fixed text', () => {
    showNotice({ tone: 'info', message: 'fixed' });
    showNotice({ tone: 'info', message: () => 'follows' });
    showNotice({ tone: 'info', message: () => 'follows, fixed action', action: { label: 'Undo', run: () => undefined } });
    dropNotices(hasFixedText);
    expect(notices.list.map((n) => noticeText(n.message))).toEqual(['follows']);
  });
});
