import { describe, expect, it } from 'vitest';
import { pluralForm, type PluralForms } from '../../../common/plural';
import { cs } from '../../../renderer/src/i18n/cs';
import { en } from '../../../renderer/src/i18n/en';

const say = (message: unknown, count: number, locale: string) => pluralForm(message as PluralForms, count, locale).replace('{count}', String(count));

describe('the journal restore notice (told once after a lost database)', () => {
  it('English, singular and plural', () => {
    expect(say(en['journal.restored'], 1, 'en')).toBe('Restored 1 unsent change after this computer’s local database was lost.');
    expect(say(en['journal.restored'], 4, 'en')).toBe('Restored 4 unsent changes after this computer’s local database was lost.');
  });

  it('Czech, declined by count (1, 2–4, 5 and more)', () => {
    expect(say(cs['journal.restored'], 1, 'cs')).toBe('Obnovena 1 neodeslaná změna poté, co se ztratila místní databáze tohoto počítače.');
    expect(say(cs['journal.restored'], 4, 'cs')).toBe('Obnoveny 4 neodeslané změny poté, co se ztratila místní databáze tohoto počítače.');
    expect(say(cs['journal.restored'], 5, 'cs')).toBe('Obnoveno 5 neodeslaných změn poté, co se ztratila místní databáze tohoto počítače.');
    expect(say(cs['journal.missing'], 2, 'cs')).toMatch(/^2 neodeslané změny se nepodařilo obnovit/);
  });
});

describe('what the start-up check could not settle (header line, Pending changes, Sync now)', () => {
  it('English', () => {
    expect(en['journal.unchecked']).toMatch(/^Unsent changes may be missing: .*“0 pending” does not mean everything was sent\. Restart the app to check again\.$/);
    expect(say(en['journal.gap.missing'], 1, 'en')).toBe('1 unsent change not restored');
    expect(say(en['journal.gap.missing'], 3, 'en')).toBe('3 unsent changes not restored');
    expect(en['journal.gap.unchecked']).toBe('unsent changes not checked');
  });

  it('Czech, declined by count', () => {
    expect(cs['journal.unchecked']).toMatch(/^Neodeslané změny možná chybí: .*„0 neodeslaných“ neznamená, že bylo všechno odesláno\./);
    expect(say(cs['journal.gap.missing'], 1, 'cs')).toBe('1 neodeslaná změna neobnovena');
    expect(say(cs['journal.gap.missing'], 3, 'cs')).toBe('3 neodeslané změny neobnoveny');
    expect(say(cs['journal.gap.missing'], 7, 'cs')).toBe('7 neodeslaných změn neobnoveno');
  });
});
