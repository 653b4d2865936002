/** The app's one plural rule (common/plural.ts) and language rule (common/language.ts). */
import { describe, expect, it } from 'vitest';
import { resolveAppLanguage } from '../../../common/language';
import { pluralForm } from '../../../common/plural';

describe('pluralForm', () => {
  const changes = { one: '{n} změna', few: '{n} změny', other: '{n} změn' };
  it.each([
    [0, 'other'],
    [1, 'one'],
    [2, 'few'],
    [4, 'few'],
    [5, 'other'],
    [22, 'other'],
  ])('Czech %i takes %s', (n, form) => {
    expect(pluralForm(changes, n, 'cs')).toBe(changes[form as keyof typeof changes]);
    expect(pluralForm(changes, n, 'cs-CZ')).toBe(changes[form as keyof typeof changes]);
  });

  it('English has one and other; a missing form falls back to other', () => {
    expect(pluralForm({ one: 'change', other: 'changes' }, 1, 'en')).toBe('change');
    expect(pluralForm({ one: 'change', other: 'changes' }, 2, 'en-GB')).toBe('changes');
    expect(pluralForm({ other: 'změn' }, 3, 'cs')).toBe('změn');
  });
});

describe('resolveAppLanguage', () => {
  it.each([
    ['cs', 'en-US', 'cs'],
    ['en', 'cs-CZ', 'en'],
    ['system', 'cs-CZ', 'cs'],
    ['system', 'CS', 'cs'],
    ['system', 'de-DE', 'en'],
    [undefined, 'cs', 'cs'],
  ] as const)('setting %s, OS %s → %s', (setting, os, language) => {
    expect(resolveAppLanguage(setting, os)).toBe(language);
  });
});
