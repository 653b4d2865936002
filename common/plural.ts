/**
 * The app's one plural rule: which form of a word a count takes in a language (CLDR's
 * categories through `Intl.PluralRules`: Czech has one / few / many / other, English one /
 * other). The renderer's i18n picks its plural messages with it, and main its own texts
 * (tray, quit dialog, notices), so the two can never disagree.
 */

/** A message with one form per CLDR plural category; `other` is required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The form of `forms` that `count` takes in `locale` (a language or a full locale, e.g. `cs` or `cs-CZ`). */
export function pluralForm(forms: PluralForms, count: number, locale: string): string {
  const category = new Intl.PluralRules(locale).select(count);
  return forms[category] ?? forms.other;
}
