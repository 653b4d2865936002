/**
 * Which language the app speaks: the agent's setting (`cs` or `en`), or with `system` the
 * OS locale (Czech for any `cs*` locale, English otherwise). Main's own texts follow it;
 * the renderer applies the same rule to its pages.
 */
import type { Settings } from './settings';

export type AppLanguage = 'en' | 'cs';

export function resolveAppLanguage(setting: Settings['language'] | undefined, systemLocale: string): AppLanguage {
  if (setting === 'en' || setting === 'cs') return setting;
  return systemLocale.toLowerCase().startsWith('cs') ? 'cs' : 'en';
}
