/**
 * The one i18n layer: `t(key, params)` with typed keys, status and state labels, and
 * `Intl` formatting for the chosen language. The language is reactive state, so every
 * template that calls `t` re-renders when it changes.
 */
import type { ComplaintStatus } from '../../../common/status';
import { resolveAppLanguage, type AppLanguage } from '../../../common/language';
import { pluralForm } from '../../../common/plural';
import type { Settings } from '../../../common/settings';
import type { Dictionary } from './dictionary';
import { en, type MessageKey } from './en';
import type { Message, Params } from './types';
import { toDate } from './dates';
import { enDemo } from './demo.en';

export { toDate } from './dates';

export type { MessageKey } from './en';
export type Language = AppLanguage;

/**
 * English is the first page's (and every missing key's fallback); another language's
 * strings are loaded when it is chosen (`loadLanguage`): the first page carries one
 * language, not all of them. Each language has its demo-mode texts beside it: the ones
 * that name BizKitHub, as they read in demo mode (nothing reaches BizKitHub there).
 */
const dictionaries: Partial<Record<Language, Dictionary>> = { en };
const demoDictionaries: Partial<Record<Language, Partial<Dictionary>>> = { en: enDemo };
interface LoadedLanguage {
  dictionary: Dictionary;
  demo: Partial<Dictionary>;
}
const loaders: Record<Exclude<Language, 'en'>, () => Promise<LoadedLanguage>> = {
  cs: () => Promise.all([import('./cs'), import('./demo.cs')]).then(([main, demo]) => ({ dictionary: main.cs, demo: demo.csDemo })),
};
// Bookkeeping of loads under way, never rendered: a plain Map is right here.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const loading = new Map<Language, Promise<void>>();

/** Loads a language's strings (once); resolves when `t` can use them (never rejects: English stays meanwhile). */
export function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' || dictionaries[language] !== undefined) return Promise.resolve();
  let promise = loading.get(language);
  if (promise === undefined) {
    promise = loaders[language]().then(
      (loaded) => {
        demoDictionaries[language] = loaded.demo;
        dictionaries[language] = loaded.dictionary;
      },
      () => {
        loading.delete(language); // tried again on the next choice
      },
    );
    loading.set(language, promise);
  }
  return promise;
}

const state = $state<{ language: Language; locale: string; demo: boolean }>({
  language: 'en',
  locale: 'en-US',
  demo: false,
});
/** The language last asked for: a slower load of an earlier choice does not win. */
let wanted: Language = 'en';

/** Whether the app runs in demo mode: then texts with a demo variant name the demo sandbox. */
export function setDemoWording(demo: boolean): void {
  state.demo = demo;
}

/** Picks the language from the setting; 'system' follows the OS locale (the rule main's texts use too). */
export function resolveLanguage(setting: Settings['language'], systemLocale: string): Language {
  return resolveAppLanguage(setting, systemLocale);
}

/**
 * Sets the UI language, once its strings are loaded (at once when they are: see
 * loadLanguage). Formatting uses the OS locale when it is a variant of the same language
 * (en-GB keeps its date order), else the language's main locale.
 */
export function setLanguage(language: Language, systemLocale: string): void {
  wanted = language;
  if (dictionaries[language] !== undefined) {
    applyLanguage(language, systemLocale);
    return;
  }
  void loadLanguage(language).then(() => {
    if (wanted === language && dictionaries[language] !== undefined) applyLanguage(language, systemLocale);
  });
}

function applyLanguage(language: Language, systemLocale: string): void {
  const sameLanguage = systemLocale.toLowerCase().startsWith(language);
  let locale = sameLanguage ? systemLocale : language === 'cs' ? 'cs-CZ' : 'en-US';
  try {
    locale = Intl.getCanonicalLocales(locale)[0] ?? locale;
  } catch {
    locale = language === 'cs' ? 'cs-CZ' : 'en-US';
  }
  state.language = language;
  state.locale = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export function language(): Language {
  return state.language;
}

export function locale(): string {
  return state.locale;
}

function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function pick(message: Message, params: Params | undefined): string {
  if (typeof message === 'string') return message;
  return pluralForm(message, Number(params?.count ?? 0), state.locale);
}

/** The message for `key` in the current language, with `{placeholders}` filled in. */
export function t(key: MessageKey, params?: Params): string {
  const demoMessage = state.demo ? (demoDictionaries[state.language]?.[key] ?? enDemo[key]) : undefined;
  const message = demoMessage ?? dictionaries[state.language]?.[key] ?? en[key];
  const withNumbers =
    params && 'count' in params && typeof params.count === 'number'
      ? { ...params, count: formatNumber(params.count) }
      : params;
  return interpolate(pick(message, params), withNumbers);
}

/** A status's name; one the app does not know is given as BizKitHub sent it. */
export function statusLabel(status: ComplaintStatus | string | null | undefined): string {
  switch (status) {
    case 'new':
    case 'open':
    case 'wait':
    case 'resolve':
    case 'reject':
    case 'closed':
      return t(`status.${status}`);
    default:
      return typeof status === 'string' && status !== '' ? status : t('status.unknown');
  }
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(state.locale).format(value);
}

/** Money in the complaint's currency (CZK unless the API says otherwise). */
export function formatMoney(value: number, currency = 'CZK'): string {
  try {
    return new Intl.NumberFormat(state.locale, { style: 'currency', currency }).format(value);
  } catch {
    return `${new Intl.NumberFormat(state.locale, { minimumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}


export function formatDateTime(value: unknown): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(value: unknown): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(state.locale, { hour: 'numeric', minute: '2-digit' }).format(date);
}

/** "3 minutes ago", "in 2 hours", "just now". `now` is passed so callers can tick. */
export function formatRelative(value: unknown, now: number): string {
  const date = toDate(value);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return t('time.justNow');
  const rtf = new Intl.RelativeTimeFormat(state.locale, { numeric: 'auto' });
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 30) return rtf.format(Math.round(seconds / 86_400), 'day');
  return formatDateTime(date);
}
