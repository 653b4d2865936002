/**
 * The one IPC contract between the renderer and main. Every channel is named once,
 * with zod schemas for its input and output; the preload (Electron) and the page bridge
 * (browser host) build `window.desk` from this table, and main registers its handlers
 * from it. Results are data: `{ ok: true, value } | { ok: false, error }`.
 *
 * The channels that call BizKitHub (`apiChannel`) also carry the rate-limit figures main
 * has after the request, so the renderer paces itself by the replies it gets instead of
 * asking main for them: main adds them to every such reply (`withRateLimits`), on the
 * wire inside the value (checked by the output schema, like the rest of it) or the error,
 * and `createDeskApi` lifts them out into the Result (`DeskResult.rateLimit`): what the
 * renderer stores (a complaint's detail, an entry's last error) never holds them.
 */
import { z } from 'zod';
import {
  ApiKeySchema,
  ComplaintDetailSchema,
  ComplaintIdSchema,
  CreateComplaintRequestSchema,
  CreateComplaintResponseSchema,
} from './api-schemas';
import { DestinationSchema } from './destination';
import { LOCAL_REF_PATTERN } from './new-complaint';
import { DataKeySchema, DataProtectionSchema } from './data-key';
import { JournalAppendSchema, JournalExportSchema, JournalRestoredSchema, JournalUnsentReplySchema } from './journal';
import { DeskErrorSchema, type DeskError } from './errors';
import { RateLimitSchema, type RateLimit } from './rate-limit';
import type { Result } from './result';
import { PolicyViewSchema } from './policy';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { ComplaintStatusSchema } from './status';

const NoInput = z.object({}).strict();

export const AppInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** demo: no key configured, talking to the built-in sandbox with its demo data. */
  mode: z.enum(['demo', 'live']),
  /** Where requests go, with any secret redacted. */
  apiUrl: z.string(),
  /**
   * Where changes made now belong (common/destination.ts): `demo`, or `live:<origin>`.
   * The renderer opens this destination's database; main refuses requests made for another.
   */
  destination: DestinationSchema,
  /** Where live changes go once a key is bound to the configured API (also in demo mode). */
  liveDestination: DestinationSchema,
  /** The live API's host for sentences ("api.bizkithub.com"), also in demo mode. */
  liveHost: z.string(),
  /** The live API address is not the default BizKitHub API (the UI says the key goes there). */
  customApi: z.boolean(),
  /** True when the API is the built-in sandbox (demo mode, or a host started on a local sandbox). */
  sandbox: z.boolean(),
  /** The OS locale, for choosing a language when the setting says "system". */
  locale: z.string(),
  /** Where the data key customers' data is encrypted with is kept (common/data-key.ts). */
  dataProtection: DataProtectionSchema,
  /** IT policy in force and what was refused (common/policy.ts); absent from hosts without one. */
  policy: PolicyViewSchema.optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const KeyStatusSchema = z.object({
  configured: z.boolean(),
  kind: z.enum(['production', 'developer', 'system']).nullable(),
  /** First 4 and last 4 characters; never the key itself. */
  masked: z.string().nullable(),
  /** keychain: in the OS credential store; session: in memory until the app quits. */
  storage: z.enum(['keychain', 'session']).nullable(),
  /**
   * The API origin the key is bound to: it is sent nowhere else. A key bound to another
   * origin than the configured API address is not used (demo mode until a key is saved).
   */
  origin: z.string().nullable(),
  keychain: z.object({
    available: z.boolean(),
    /** Why it is not available, and what to install or unlock (English, with the raw error: details and logs). */
    problem: z.string().optional(),
    /** The same as a code, which the UI words in its own language: no raw D-Bus error in a Czech banner. */
    reason: z.enum(['timeout', 'locked', 'unavailable']).optional(),
  }),
});
export type KeyStatus = z.infer<typeof KeyStatusSchema>;

export const ConnectivitySchema = z.object({
  online: z.boolean(),
  /** ISO time of the last change of `online`. */
  since: z.string(),
});
export type Connectivity = z.infer<typeof ConnectivitySchema>;

export { RateLimitSchema, type RateLimit } from './rate-limit';

/**
 * The app's own updates (electron-updater, in the packaged Electron app only).
 * mode: `auto` downloads and installs on restart; `notify` only tells that a version exists
 * (portable build, deb/rpm managed by a package manager, or IT's BIZKITHUB_DESK_UPDATES=notify);
 * `off` in development, in the browser host, or when IT turned updates off.
 */
export const UpdateStatusSchema = z.object({
  mode: z.enum(['off', 'notify', 'auto']),
  state: z.enum(['idle', 'checking', 'available', 'downloading', 'ready', 'error']),
  currentVersion: z.string(),
  /** The newer version found (available, downloading, ready). */
  version: z.string().nullable(),
  /** Download progress, 0–100, while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** ISO time of the last finished check. */
  checkedAt: z.string().nullable(),
  /** Why restarting now is refused: unsent changes, or a change being sent right now. */
  restartBlockedBy: z.enum(['pending-changes', 'sending']).nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const InstallUpdateResultSchema = z.object({
  /** True: the app quits now, installs and starts again. */
  restarting: z.boolean(),
  blockedBy: z.enum(['pending-changes', 'sending', 'no-update', 'not-supported']).nullable(),
});
export type InstallUpdateResult = z.infer<typeof InstallUpdateResultSchema>;

/**
 * Which proxy main's requests to the API go through (Settings shows it).
 * source: `system` = Electron's session (OS settings, PAC); `environment` = HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY (browser host); `none` = a direct connection.
 * proxy: the proxy's address without credentials, null when direct.
 */
export const NetworkInfoSchema = z.object({
  source: z.enum(['system', 'environment', 'none']),
  /** `local`: the API is on this computer, and such requests never go through a proxy. */
  via: z.enum(['direct', 'proxy', 'local']),
  proxy: z.string().max(500).nullable(),
  /** The variable it came from (HTTPS_PROXY, …), when source is `environment`. */
  variable: z.string().max(40).nullable(),
});
export type NetworkInfo = z.infer<typeof NetworkInfoSchema>;

/** An export for support: a plain file name (no folders) ending in .json, and its text. */
export const ExportFileNameSchema = z
  .string()
  .min(6)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/, 'a plain file name ending in .json');
export const SaveExportResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), path: z.string() }),
  z.object({ outcome: z.literal('cancelled') }),
]);
export type SaveExportResult = z.infer<typeof SaveExportResultSchema>;

/** A renderer error or unhandled rejection, for main's log (bounded; redacted and rate-limited by main). */
export const RendererErrorReportSchema = z
  .object({
    kind: z.enum(['error', 'unhandled-rejection']),
    message: z.string().max(2000),
    stack: z.string().max(8000).optional(),
    /** script URL:line:column, when the browser gave one. */
    source: z.string().max(500).optional(),
  })
  .strict();
export type RendererErrorReport = z.infer<typeof RendererErrorReportSchema>;

function channel<I extends z.ZodType, O extends z.ZodType>(name: string, input: I, output: O) {
  return { name, input, output };
}

/**
 * A channel whose handler calls BizKitHub. `answer` is what the renderer gets as the
 * value; on the wire the value also holds `rateLimit`: the figures main has after the
 * request (null: none; absent: the handler was not wrapped by `withRateLimits`, as in
 * tests with fake handlers).
 */
function apiChannel<I extends z.ZodType, A extends z.ZodObject>(name: string, input: I, answer: A) {
  return { name, input, output: answer.extend({ rateLimit: RateLimitSchema.nullable().optional() }), answer };
}

export const ipcContract = {
  getAppInfo: channel('app:get-info', NoInput, AppInfoSchema),

  getKeyStatus: channel('key:get-status', NoInput, KeyStatusSchema),
  saveKey: channel(
    'key:save',
    z.object({ key: ApiKeySchema, sessionOnly: z.boolean().default(false) }).strict(),
    KeyStatusSchema,
  ),
  removeKey: channel('key:remove', NoInput, KeyStatusSchema),
  /** The data key for this page (the renderer holds it in memory only). */
  getDataKey: channel('data-key:get', NoInput, DataKeySchema),
  /**
   * Shreds the data key (what it sealed becomes unreadable) and answers with a new one.
   * Wiping local data calls it before deleting anything.
   */
  replaceDataKey: channel('data-key:replace', NoInput, DataKeySchema),
  testConnection: apiChannel(
    'key:test-connection',
    NoInput,
    z.object({ latencyMs: z.number(), mode: z.enum(['demo', 'live']) }),
  ),

  getSettings: channel('settings:get', NoInput, SettingsSchema),
  updateSettings: channel('settings:update', SettingsPatchSchema, SettingsSchema),

  getComplaint: apiChannel(
    'complaints:detail',
    // destination: refused with `wrong-destination` unless it is the current one, so an
    // answer from one API never lands in another destination's database.
    z.object({ id: ComplaintIdSchema, destination: DestinationSchema.optional() }).strict(),
    ComplaintDetailSchema,
  ),
  setComplaintStatus: apiChannel(
    'complaints:set-status',
    // destination: the one the change was made for; refused (`wrong-destination`) unless current.
    z.object({ complaintId: ComplaintIdSchema, status: ComplaintStatusSchema, destination: DestinationSchema }).strict(),
    z.object({ success: z.literal(true) }),
  ),
  createComplaint: apiChannel(
    'complaints:create',
    // destination: the one the complaint was filed for; refused (`wrong-destination`) unless current.
    // ref: its local reference; main sends one create per reference at a time and remembers
    // a success (electron/services/create-memory.ts). resume: only the outcome main knows of
    // the request it already sent for `ref` (after the window reloaded); never sends.
    z
      .object({
        request: CreateComplaintRequestSchema,
        destination: DestinationSchema,
        ref: z.string().regex(LOCAL_REF_PATTERN),
        resume: z.boolean().default(false),
      })
      .strict(),
    CreateComplaintResponseSchema,
  ),

  getConnectivity: channel('connectivity:get', NoInput, ConnectivitySchema),
  /** What main last saw of the rate limit (the replies of the channels that call BizKitHub carry it too). */
  getRateLimit: channel('connectivity:get-rate-limit', NoInput, RateLimitSchema.nullable()),

  /** The renderer tells main how many changes are unsent (quit warning, badge). */
  reportPending: channel(
    'outbox:report-pending',
    z.object({ pending: z.number().int().min(0).max(1_000_000) }).strict(),
    z.object({}),
  ),
  /** A desktop notification (Electron `Notification`); ignored where unsupported. */
  notify: channel(
    'app:notify',
    z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) }).strict(),
    z.object({ shown: z.boolean() }),
  ),

  getUpdateStatus: channel('update:get-status', NoInput, UpdateStatusSchema),
  /**
   * The agent asks to restart into a downloaded update. Main refuses (blockedBy) while
   * changes are unsent or being sent; it never restarts on its own.
   */
  installUpdate: channel('update:install', NoInput, InstallUpdateResultSchema),

  /**
   * The journal of unsent work (common/journal.ts): the agent's changes and how entries
   * left the queue, appended in main's file before the agent is told "saved".
   */
  appendJournal: channel('journal:append', JournalAppendSchema, z.object({})),
  /** What the journal holds as unsent for a destination (restored where the database lacks it). */
  getJournalUnsent: channel('journal:unsent', z.object({ destination: DestinationSchema }).strict(), JournalUnsentReplySchema),
  /** What the workspace restored from the journal (main's log says what was restored). */
  reportJournalRestored: channel('journal:restored', JournalRestoredSchema, z.object({})),
  /**
   * The journal's unsent entries of a destination as a file's contents, for "Export unsent
   * changes" when the database cannot be opened. The renderer saves it only through
   * `saveExport` (the agent picks the file) or the browser host's page download.
   */
  exportJournal: channel('journal:export', z.object({ destination: DestinationSchema }).strict(), JournalExportSchema),

  /** Which proxy requests to the API go through now (Settings → Network). */
  getNetworkInfo: channel('app:get-network', NoInput, NetworkInfoSchema),
  /**
   * Export for support, desktop app: main asks where (its save dialog) and writes the file.
   * Saved or cancelled is the value; a failed write is an `io` error with the reason.
   * The browser host has no dialog: its page downloads the file instead.
   */
  saveExport: channel(
    'export:save',
    z.object({ fileName: ExportFileNameSchema, contents: z.string().max(64 * 1024 * 1024) }).strict(),
    SaveExportResultSchema,
  ),
  /** A renderer error for main's log (main.log / desk.log). logged: false when rate-limited. */
  reportError: channel('diag:report-error', RendererErrorReportSchema, z.object({ logged: z.boolean() })),
  /** Help → Open log folder. opened: false where main cannot open a folder (the browser host): the UI shows the path. */
  openLogFolder: channel('app:open-log-folder', NoInput, z.object({ opened: z.boolean(), path: z.string() })),
} as const;

export type IpcContract = typeof ipcContract;
export type IpcMethod = keyof IpcContract;
export type IpcInput<M extends IpcMethod> = z.input<IpcContract[M]['input']>;
export type IpcParsedInput<M extends IpcMethod> = z.output<IpcContract[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.output<IpcContract[M]['output']>;
export type IpcResult<M extends IpcMethod> = Result<IpcOutput<M>, DeskError>;

export const IPC_METHODS = Object.keys(ipcContract) as IpcMethod[];

/** The channels that call BizKitHub: their replies carry the rate-limit figures. */
export type RateLimitedMethod = {
  [M in IpcMethod]: IpcContract[M] extends { answer: z.ZodType } ? M : never;
}[IpcMethod];
export const RATE_LIMITED_METHODS = IPC_METHODS.filter((m) => 'answer' in ipcContract[m]) as RateLimitedMethod[];

/** The value the renderer gets: the answer alone for the channels that call BizKitHub. */
export type IpcAnswer<M extends IpcMethod> = IpcContract[M] extends { answer: infer A extends z.ZodType }
  ? z.output<A>
  : IpcOutput<M>;

/**
 * A reply as the renderer sees it. `rateLimit` (channels that call BizKitHub): the figures
 * main had after the request, null when it has none; absent when the reply says nothing
 * of them (refused before any request was made, or a test's fake).
 */
export type DeskResult<M extends IpcMethod> = Result<IpcAnswer<M>, DeskError> &
  (M extends RateLimitedMethod ? { rateLimit?: RateLimit | null } : unknown);

/** Events main pushes to the renderer. */
export const DeskEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connectivity'), online: z.boolean(), since: z.string() }),
  z.object({ type: z.literal('key-changed') }),
  z.object({ type: z.literal('settings-changed') }),
  z.object({ type: z.literal('open-complaint'), id: ComplaintIdSchema }),
  z.object({ type: z.literal('update-status'), status: UpdateStatusSchema }),
  /**
   * The computer woke (resume, unlock) or the OS reported the network back, and main has
   * just probed the API: `online` is that fresh answer. The sync engine flushes at once;
   * retry delays that expired meanwhile do not make it wait for old timers.
   */
  z.object({ type: z.literal('wake'), online: z.boolean(), since: z.string() }),
  /** Tray → Sync now: the renderer sends what it can, as the Sync now button does. */
  z.object({ type: z.literal('sync-now') }),
]);
export type DeskEvent = z.infer<typeof DeskEventSchema>;
/** The single channel events travel on. */
export const DESK_EVENT_CHANNEL = 'desk:event';

/** The API the renderer sees as `window.desk`. */
export type DeskApi = {
  [M in IpcMethod]: (input: IpcInput<M>) => Promise<DeskResult<M>>;
} & {
  /** Subscribe to main's events; returns the unsubscribe function. */
  onEvent(listener: (event: DeskEvent) => void): () => void;
};

/** A transport sends one validated call to main and returns main's raw reply. */
export type IpcInvoke = (channel: string, input: unknown) => Promise<unknown>;
export type EventSubscribe = (listener: (event: unknown) => void) => () => void;

const ReplySchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: DeskErrorSchema }),
]);

/**
 * Builds `window.desk` from the contract over any transport (Electron IPC, or the
 * browser host's HTTP channel). Replies are checked against the output schema, so a
 * broken main process shows up as an `internal` error instead of bad data.
 */
export function createDeskApi(invoke: IpcInvoke, subscribe: EventSubscribe): DeskApi {
  const api: Record<string, unknown> = {};
  for (const method of IPC_METHODS) {
    const spec = ipcContract[method];
    const carries = 'answer' in spec;
    api[method] = async (input: unknown): Promise<Result<unknown, DeskError> & { rateLimit?: RateLimit | null }> => {
      let raw: unknown;
      try {
        raw = await invoke(spec.name, input);
      } catch (cause) {
        return {
          ok: false,
          error: { kind: 'internal', message: `IPC transport failed: ${String(cause)}` },
        };
      }
      const reply = ReplySchema.safeParse(raw);
      if (!reply.success) {
        return { ok: false, error: { kind: 'internal', message: 'Main sent a malformed reply.' } };
      }
      if (!reply.data.ok) {
        const { rateLimit, ...error } = reply.data.error;
        return carries && rateLimit !== undefined ? { ok: false, error, rateLimit } : { ok: false, error };
      }
      const value = spec.output.safeParse(reply.data.value);
      if (!value.success) {
        return { ok: false, error: { kind: 'internal', message: `Main's reply to ${spec.name} does not match the contract.` } };
      }
      if (!carries) return { ok: true, value: value.data };
      const { rateLimit, ...answer } = value.data as { rateLimit?: RateLimit | null };
      return rateLimit !== undefined ? { ok: true, value: answer, rateLimit } : { ok: true, value: answer };
    };
  }
  api.onEvent = (listener: (event: DeskEvent) => void) =>
    subscribe((raw) => {
      const event = DeskEventSchema.safeParse(raw);
      if (event.success) listener(event.data);
    });
  return api as DeskApi;
}

export function channelToMethod(channelName: string): IpcMethod | undefined {
  return IPC_METHODS.find((m) => ipcContract[m].name === channelName);
}

/** What main implements: one handler per method, given already-validated input. */
export type DeskHandlers = {
  [M in IpcMethod]: (input: IpcParsedInput<M>) => Promise<IpcResult<M>>;
};

/**
 * Main's side of the carrier: `handlers` with the rate-limit figures main has after each
 * request (`figures()`, read when the handler is done) added to every reply of the channels
 * that call BizKitHub. The handlers themselves stay about their answer.
 */
export function withRateLimits(handlers: DeskHandlers, figures: () => RateLimit | null): DeskHandlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const method of RATE_LIMITED_METHODS) {
    // Erased: the same wrapper serves every such channel, whatever its answer's type.
    const handler = handlers[method] as (input: unknown) => Promise<Result<object, DeskError>>;
    wrapped[method] = async (input: unknown) => {
      const reply = await handler(input);
      const rateLimit = figures();
      return reply.ok ? { ok: true, value: { ...reply.value, rateLimit } } : { ok: false, error: { ...reply.error, rateLimit } };
    };
  }
  return wrapped as DeskHandlers;
}
