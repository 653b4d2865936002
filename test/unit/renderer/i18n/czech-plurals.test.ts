/**
 * Every counted Czech text takes the form its count asks for (one: 1, few: 2–4, other:
 * 0 and 5+), and the texts agents see most are pinned word for word.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cs } from '../../../../renderer/src/i18n/cs';
import { loadLanguage, setLanguage, t, type MessageKey } from '../../../../renderer/src/i18n/index.svelte';

const COUNTED_PARAM = /\{(count|n)\}/;

/** Counted texts whose counted word does not decline (an abbreviation or an ID). */
const INDECLINABLE: ReadonlySet<string> = new Set([
  'worklist.csvRead', // "{count} ID"
  'newComplaint.itemLabel', // "Položka {n}": an ordinal label, not a count
  'newComplaint.itemQuantity',
  'newComplaint.itemPrice',
  'newComplaint.removeItem',
]);

/** Plural texts with no number in them: "the complaint" / "the complaints" (2–4 and 5+ alike). */
const ONE_OR_MORE: ReadonlySet<string> = new Set(['attention.conflictBody', 'attention.failedBody', 'attention.uncertainBody']);

// The Czech strings load on demand (the first page carries English only).
beforeAll(async () => {
  await loadLanguage('cs');
  setLanguage('cs', 'cs-CZ');
});

describe('Czech counted texts', () => {
  it('every text with a count is a plural message (or its counted word does not decline)', () => {
    const fixed = Object.entries(cs)
      .filter(([key, message]) => typeof message === 'string' && COUNTED_PARAM.test(message) && !INDECLINABLE.has(key))
      .map(([key]) => key);
    expect(fixed).toEqual([]);
  });

  it('every plural message has the one, few and other forms', () => {
    for (const [key, message] of Object.entries(cs)) {
      if (typeof message === 'string' || ONE_OR_MORE.has(key)) continue;
      expect(message.one, `${key}: one`).toBeTruthy();
      expect(message.few, `${key}: few`).toBeTruthy();
      expect(message.other, `${key}: other`).toBeTruthy();
    }
  });

  it.each([
    [0, '0 neodeslaných'],
    [1, '1 neodeslaná'],
    [2, '2 neodeslané'],
    [3, '3 neodeslané'],
    [4, '4 neodeslané'],
    [5, '5 neodeslaných'],
    [22, '22 neodeslaných'],
    [1234, '1234 neodeslaných'],
  ])('the header counts %i unsent change(s) as "%s"', (count, text) => {
    expect(t('sync.pending', { count, n: count })).toBe(text);
  });

  const pinned: [MessageKey, number, string][] = [
    ['sync.needsYou', 1, '1 čeká na vás'],
    ['sync.needsYou', 3, '3 čekají na vás'],
    ['sync.needsYou', 5, '5 čeká na vás'],
    ['syncNow.sent', 1, 'Odeslána 1 změna.'],
    ['syncNow.sent', 2, 'Odeslány 2 změny.'],
    ['syncNow.sent', 7, 'Odesláno 7 změn.'],
    ['worklist.count', 1, '1 reklamace na tomto počítači'],
    ['worklist.count', 5, '5 reklamací na tomto počítači'],
    ['worklist.demoOffer', 16, 'Zkoušíte aplikaci? Vestavěný sandbox má 16 ukázkových reklamací.'],
    ['worklist.demoOffer', 3, 'Zkoušíte aplikaci? Vestavěný sandbox má 3 ukázkové reklamace.'],
    ['pending.historyLimit', 1, 'Zobrazena poslední 1 změna.'],
    ['pending.historyLimit', 4, 'Zobrazeny poslední 4 změny.'],
    ['pending.historyLimit', 200, 'Zobrazeno posledních 200 změn.'],
  ];
  it.each(pinned)('%s with %i reads "%s"', (key, count, text) => {
    expect(t(key, { count })).toBe(text);
  });

  it('"and N more" declines', () => {
    expect(t('worklist.andMore', { ids: 'A, B', count: 1 })).toBe('A, B a 1 další');
    expect(t('worklist.andMore', { ids: 'A, B', count: 3 })).toBe('A, B a 3 další');
    expect(t('worklist.andMore', { ids: 'A, B', count: 12 })).toBe('A, B a 12 dalších');
  });

  it('online and offline are said in Czech, and a waiting change does not read "waiting: Waiting"', () => {
    expect(t('sync.online')).toBe('Připojeno');
    expect(t('sync.offline')).toBe('Bez připojení');
    expect(t('detail.pending', { status: t('status.wait') })).toBe('Nový stav k odeslání: Čeká');
  });
});
