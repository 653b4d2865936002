import { z } from 'zod';
import { checkApiAddress, DEFAULT_API_ORIGIN, describeApiAddressRefusal } from './api-address';
import { VARIANT_CODE_PATTERN } from './api-schemas';

export const DEFAULT_API_URL = DEFAULT_API_ORIGIN;

/**
 * The raw text, checked by the project's own rule (./api-address.ts) and stored as typed:
 * `z.url()` normalised it first (tabs and line breaks dropped), so the rule saw another
 * address than the one stored. The issue names the reason (`api-address:<reason>`) for the UI.
 */
const ApiUrlSchema = z.string().superRefine((text, ctx) => {
  const checked = checkApiAddress(text);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: `api-address:${checked.error} ${describeApiAddressRefusal(checked.error)}` });
  }
});

/** The whole-number settings and their bounds (the schema's and the Settings form's). */
export const NUMBER_SETTING_BOUNDS = {
  syncConcurrency: { min: 1, max: 8 },
  historyRetentionDays: { min: 1, max: 365 },
  cachePruneDays: { min: 1, max: 3650 },
} as const;
export type NumberSetting = keyof typeof NUMBER_SETTING_BOUNDS;

const wholeNumber = (setting: NumberSetting) =>
  z.number().int().min(NUMBER_SETTING_BOUNDS[setting].min).max(NUMBER_SETTING_BOUNDS[setting].max);

/** Non-secret settings, kept by main in a JSON file. The API key is never here. */
export const SettingsSchema = z.object({
  apiUrl: ApiUrlSchema.default(DEFAULT_API_URL),
  language: z.enum(['system', 'en', 'cs']).default('system'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Fetch `detail` before each send to detect someone else's change (one extra request per change). */
  conflictCheck: z.boolean().default(true),
  /** How many complaints are sent to at once. */
  syncConcurrency: wholeNumber('syncConcurrency').default(4),
  /** Sent entries stay as history this long. */
  historyRetentionDays: wholeNumber('historyRetentionDays').default(30),
  /** Resolved complaints untouched this long leave the local cache. */
  cachePruneDays: wholeNumber('cachePruneDays').default(90),
  /** Desktop app: closing the window always hides it to the tray / menu bar and keeps sending. */
  keepRunningInBackground: z.boolean().default(false),
  /** Desktop app: start (hidden, in the tray) when the user logs in. */
  launchAtLogin: z.boolean().default(false),
  /**
   * Complaint types offered by "New complaint" (no endpoint lists an organisation's types;
   * codes seen in downloaded complaints are offered too, and any code may be typed).
   */
  complaintTypes: z.array(z.string().regex(VARIANT_CODE_PATTERN)).max(50).default(['reklamace', 'vraceni', 'vymena']),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * A patch names only the fields it changes. Built from the fields without their defaults:
 * with zod 4, `SettingsSchema.partial()` would still fill every absent field with its
 * default, so a patch `{ theme: 'dark' }` would silently reset all other settings.
 */
const S = SettingsSchema.shape;
export const SettingsPatchSchema = z
  .object({
    apiUrl: S.apiUrl.unwrap().optional(),
    language: S.language.unwrap().optional(),
    theme: S.theme.unwrap().optional(),
    conflictCheck: S.conflictCheck.unwrap().optional(),
    syncConcurrency: S.syncConcurrency.unwrap().optional(),
    historyRetentionDays: S.historyRetentionDays.unwrap().optional(),
    cachePruneDays: S.cachePruneDays.unwrap().optional(),
    keepRunningInBackground: S.keepRunningInBackground.unwrap().optional(),
    launchAtLogin: S.launchAtLogin.unwrap().optional(),
    complaintTypes: S.complaintTypes.unwrap().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
/** Compile-time guard: a field added to `SettingsSchema` must be added to the patch too. */
const _everySettingPatchable: Record<keyof Settings, unknown> = SettingsPatchSchema.shape;
