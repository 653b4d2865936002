/**
 * The Sandbox API: a local stand-in for BizKitHub's complaint API (what it imitates:
 * ./README.md), used as the demo backend and by integration and E2E tests.
 * A loopback listener for the API, which fault injection can take down. The control API
 * (`/__sandbox/*`: fault switches, "colleague" changes) exists only when the caller passes
 * it in (`control`, see control-api.ts's `startSandboxWithControl`); it then gets a second
 * listener, which never goes down so tests can end an outage. The desktop app's demo mode
 * never passes it, so it is not even bundled into main.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHostName } from '../../common/api-address';
import {
  API_KEY_PATTERN,
  CreateComplaintRequestSchema,
  type CreateComplaintRequest,
} from '../../common/api-schemas';
import { isComplaintStatus, type ComplaintStatus } from '../../common/status';
import { handleApiRequest, type ApiContext } from './api-routes';
import { createComplaintStore, type AppliedChange } from './complaint-store';
import { NO_FAULTS, applyFaultsPatch, copyFaults, type SandboxFaults, type SandboxFaultsPatch } from './faults';
import { errorBody, sendJson } from './http-io';
import { TrackedListener } from './listener';
import { allowedHosts, refusedRequest } from './request-origin';
import { createDie, type Die } from './prng';
import { createRateLimiter } from './rate-limiter';
import { SEED_COMPLAINT_IDS, buildSeedComplaints } from './seed';
import { isVariantCode, type SandboxComplaint } from './timeline';

export type { SandboxFaults } from './faults';
export type { SandboxComplaint, SandboxEvent, SandboxItem } from './timeline';
export type { AppliedChange } from './complaint-store';
export { SANDBOX_ERROR_CODES } from './api-routes';

/** The path prefix of the control API. */
export const CONTROL_PREFIX = '/__sandbox/';

/** Answers one `/__sandbox/*` request (control-api.ts). */
export type ControlHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface SandboxOptions {
  /**
   * The control API, built on the finished sandbox (control-api.ts's
   * `createControlHandler`). Absent (the default): no control listener, and `/__sandbox/*`
   * is an unknown path on the API listener. Never given in the desktop app.
   */
  control?: (sandbox: Sandbox) => ControlHandler;
  /** 0 (default) = a random free port. */
  port?: number;
  /** Port of the control listener (with `control` only); 0 (default) = a random free port. */
  controlPort?: number;
  /** Default '127.0.0.1'. Only loopback hosts are accepted. */
  host?: string;
  /** Default true: load the demo complaints. */
  seed?: boolean;
  /** Default 'any-well-formed': any key in the documented format is accepted unless revoked. */
  keys?: 'any-well-formed' | readonly string[];
  /** Per key, sliding window; default { limit: 10_000, windowMs: 3_600_000 }. ROOT keys are unlimited. */
  rateLimit?: { limit: number; windowMs: number };
  /** Seeds the errorRate and applyThenDrop dice; a fixed default keeps runs reproducible. */
  randomSeed?: number;
  /** Clock for timestamps and the rate-limit window (tests); default Date.now. Latency still uses real timers. */
  now?: () => number;
  /**
   * Complaints kept between runs (the browser host keeps them per data folder, so the
   * app's cached statuses and the sandbox's agree after a restart): `saved` replaces the
   * seed at the start, `save` gets every change. Default: the seed at every start.
   */
  state?: SandboxStateStore;
}

export interface SandboxStateStore {
  saved: SandboxComplaint[] | null;
  save(complaints: SandboxComplaint[]): void;
}

/**
 * One API request as the server decided it. An answer that was then lost (client timed
 * out, outage or close cut the socket during latency) still shows what was decided.
 */
export interface SandboxRequestRecord {
  at: number;
  method: string;
  /** Path only: the query (which carries the key) is never recorded. */
  path: string;
  complaintId?: string;
  status?: string;
  outcome: 'ok' | 'error' | 'dropped' | 'rate-limited';
  httpStatus?: number;
}

export interface Sandbox {
  /** The API listener, e.g. http://127.0.0.1:43210 */
  readonly url: string;
  readonly port: number;
  /** The control listener (`/__sandbox/*`), up even during an outage; null without `control`. */
  readonly controlUrl: string | null;
  readonly controlPort: number | null;
  /** SEED_COMPLAINT_IDS, or [] when started with `seed: false`. */
  readonly seedComplaintIds: readonly string[];
  /** Resolves once an outage switch has taken effect (listener closed or listening again). */
  setFaults(patch: SandboxFaultsPatch): Promise<void>;
  readonly faults: Readonly<SandboxFaults>;
  /** That key now gets PUBLIC_API_KEY_DOES_NOT_EXIST. */
  revokeKey(key: string): void;
  /** Another rate limit from now on (windows cleared), e.g. the Free plan's; null (or reset) the default again. */
  setRateLimit(config: { limit: number; windowMs: number } | null): void;
  /** Someone else (office staff) changes a status: appends a timeline event like the API does. Throws for an unknown ID. */
  setStatusAsStaff(complaintId: string, status: ComplaintStatus): void;
  /** A deep copy. */
  getComplaint(complaintId: string): SandboxComplaint | undefined;
  complaintIds(): string[];
  /** Same rules as POST create (status new, first event); returns the new ID. Not logged as a request. */
  createComplaint(request: CreateComplaintRequest): string;
  /** Inserts a complaint exactly as given (fixtures); throws if the ID exists. */
  addComplaint(complaint: SandboxComplaint): void;
  /** API requests (not control calls), oldest first; copies. Keeps the last 50 000 or so. */
  readonly requests: readonly SandboxRequestRecord[];
  /** Status changes applied by set-status via the API (not seed/staff/create), in order. */
  appliedChanges(complaintId?: string): AppliedChange[];
  /**
   * Back to seed data, faults off, logs, rate-limit windows and revocations cleared, dice
   * reseeded. All of that happens synchronously; the promise only matters when an outage
   * was on (it resolves when the API listener is back).
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_RATE_LIMIT = { limit: 10_000, windowMs: 3_600_000 };
const DEFAULT_RANDOM_SEED = 20_260_301;
const MAX_LOGGED_REQUESTS = 50_000;
// A second, unrelated stream so that applyThenDrop's rolls do not depend on how many
// requests the errorRate die has seen.
const DROP_STREAM_SALT = 0x9e3779b9;

function assertLoopback(host: string): void {
  if (!isLoopbackHostName(host)) throw new Error(`The sandbox binds only to loopback, not ${host}`);
}

function urlFor(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function makeDice(seed: number): { error: Die; drop: Die } {
  return { error: createDie(seed), drop: createDie((seed ^ DROP_STREAM_SALT) >>> 0) };
}

/** Timers for injected latency, cut short on close so nothing keeps the process alive. */
function createSleeper() {
  const pending = new Map<NodeJS.Timeout, () => void>();
  return {
    sleep(ms: number): Promise<void> {
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      });
    },
    cancelAll(): void {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const now = options.now ?? Date.now;
  const randomSeed = options.randomSeed ?? DEFAULT_RANDOM_SEED;
  const seeded = options.seed ?? true;

  let allowedKeys: ReadonlySet<string> | null = null;
  if (options.keys !== undefined && options.keys !== 'any-well-formed') {
    const malformed = options.keys.filter((key) => !API_KEY_PATTERN.test(key));
    if (malformed.length > 0) throw new Error(`${malformed.length} key(s) in options.keys are not well-formed`);
    allowedKeys = new Set(options.keys);
  }

  const store = createComplaintStore({
    seed: seeded ? buildSeedComplaints : () => [],
    now,
    saved: options.state?.saved ?? null,
    ...(options.state ? { onChange: (complaints: SandboxComplaint[]) => options.state?.save(complaints) } : {}),
  });
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
  const revoked = new Set<string>();
  const log: SandboxRequestRecord[] = [];
  const sleeper = createSleeper();
  let dice = makeDice(randomSeed);
  let faults: SandboxFaults = copyFaults(NO_FAULTS);
  let closed = false;
  // Outage switches, reset and close run one after another, never interleaved.
  let transitions: Promise<unknown> = Promise.resolve();

  const ctx: ApiContext = {
    store,
    limiter,
    faults: () => faults,
    dice: () => dice,
    isKeyAccepted: (key): key is string =>
      key !== undefined &&
      API_KEY_PATTERN.test(key) &&
      !revoked.has(key) &&
      (allowedKeys === null || allowedKeys.has(key)),
    record: (entry) => {
      const record: SandboxRequestRecord = { at: now(), method: entry.method, path: entry.path, outcome: entry.outcome };
      if (entry.complaintId !== undefined) record.complaintId = entry.complaintId;
      if (entry.status !== undefined) record.status = entry.status;
      if (entry.httpStatus !== undefined) record.httpStatus = entry.httpStatus;
      log.push(record);
      // The embedded demo backend can run for days; tests never come near this.
      if (log.length > MAX_LOGGED_REQUESTS + 1_000) log.splice(0, log.length - MAX_LOGGED_REQUESTS);
    },
    sleep: (ms) => sleeper.sleep(ms),
    now,
  };

  // Filled in once the Sandbox object exists; a request that races startup gets a 503.
  const late: { control?: ControlHandler } = {};

  // Known once the ports are: the Host (and Origin, when sent) a request must carry.
  const hostsFor: { api: ReadonlySet<string>; control: ReadonlySet<string> } = { api: new Set(), control: new Set() };

  function dispatch(kind: 'api' | 'control', req: IncomingMessage, res: ServerResponse): void {
    const refused = refusedRequest(req.headers, hostsFor[kind]);
    if (refused !== null) {
      // Before any route: a foreign page gets no answer it can use, and nothing changes.
      req.resume();
      sendJson(res, 403, errorBody('FORBIDDEN', refused === 'host' ? 'Forbidden host.' : 'Cross-origin requests are refused.'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const isControl = options.control !== undefined && url.pathname.startsWith(CONTROL_PREFIX);
    let work: Promise<void>;
    if (isControl && late.control) work = late.control(req, res, url);
    else if (isControl) work = Promise.resolve(sendJson(res, 503, errorBody('STARTING', 'The sandbox is starting.')));
    else if (kind === 'api') work = handleApiRequest(ctx, req, res, url);
    else work = Promise.resolve(sendJson(res, 404, errorBody('NOT_FOUND', 'The control listener serves only /__sandbox/*.')));
    work.catch(() => {
      // A bug, not a simulated fault: say so without details (they might contain input).
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, errorBody('INTERNAL', 'Sandbox bug; see the test output.'));
    });
  }

  const api = new TrackedListener((req, res) => dispatch('api', req, res), host);
  const control = options.control ? new TrackedListener((req, res) => dispatch('control', req, res), host) : null;
  const port = await api.listen(options.port ?? 0);
  hostsFor.api = allowedHosts(host, port);
  let controlPort: number | null = null;
  try {
    if (control) controlPort = await control.listen(options.controlPort ?? 0);
  } catch (error) {
    await api.stop();
    throw error;
  }
  if (controlPort !== null) hostsFor.control = allowedHosts(host, controlPort);

  function enqueue(step: () => Promise<void>): Promise<void> {
    const next = transitions.then(step);
    transitions = next.catch(() => undefined);
    return next;
  }

  /** Makes the listener match `faults.outage` (re-listening on the same port). */
  function syncListener(): Promise<void> {
    return enqueue(async () => {
      if (closed) return;
      if (faults.outage && api.listening) await api.stop();
      else if (!faults.outage && !api.listening) await api.listen(port);
    });
  }

  const sandbox: Sandbox = {
    url: urlFor(host, port),
    port,
    controlUrl: controlPort === null ? null : urlFor(host, controlPort),
    controlPort,
    seedComplaintIds: seeded ? SEED_COMPLAINT_IDS : Object.freeze([]),
    async setFaults(patch) {
      faults = applyFaultsPatch(faults, patch);
      await syncListener();
    },
    get faults() {
      return Object.freeze(copyFaults(faults));
    },
    revokeKey(key) {
      revoked.add(key);
    },
    setRateLimit(config) {
      limiter.configure(config ?? options.rateLimit ?? DEFAULT_RATE_LIMIT);
    },
    setStatusAsStaff(complaintId, status) {
      if (!isComplaintStatus(status)) throw new Error('Not a complaint status');
      if (!store.setStatus(complaintId, status, 'staff')) throw new Error(`No complaint ${complaintId}`);
    },
    getComplaint: (complaintId) => store.get(complaintId),
    complaintIds: () => store.ids(),
    createComplaint(request) {
      const parsed = CreateComplaintRequestSchema.parse(request);
      if (!isVariantCode(parsed.variantCode)) throw new Error(`Unknown variant code ${parsed.variantCode}`);
      return store.create(parsed);
    },
    addComplaint: (complaint) => store.add(complaint),
    get requests() {
      return log.map((record) => ({ ...record }));
    },
    appliedChanges: (complaintId) => store.appliedChanges(complaintId),
    reset() {
      store.reset();
      limiter.configure(options.rateLimit ?? DEFAULT_RATE_LIMIT);
      revoked.clear();
      log.length = 0;
      dice = makeDice(randomSeed);
      faults = copyFaults(NO_FAULTS);
      return syncListener();
    },
    close() {
      closed = true;
      sleeper.cancelAll();
      return enqueue(async () => {
        await Promise.all([api.stop(), control?.stop()]);
      });
    },
  };
  if (options.control) late.control = options.control(sandbox);
  return sandbox;
}
