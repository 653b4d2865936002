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
