/**
 * Bad input on every IPC channel, through the real dispatcher over the real services
 * (`createDispatcher(createDeskServices(...), log)`), live mode against the
 * sandbox with a key in an in-memory keychain.
 *
 * Whatever the renderer sends (any structured-clonable value, wrong types, 1 MiB strings,
 * prototype-pollution keys, control characters, lone surrogates, unknown channels):
 * - the dispatcher resolves to a `Result` (never throws), with a typed `DeskError`;
 * - input the channel's schema refuses → `bad-request`, with a bounded reply that does
 *   not echo the input;
 * - `Object.prototype` & co. are untouched;
 * - nothing stored is damaged: settings.json byte for byte, the keychain entry;
 * - the key appears in no reply, event or log line (the logger here does not redact).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskApiKey } from '../../../common/api-schemas';
import { IPC_METHODS, ipcContract, type DeskEvent, type IpcMethod } from '../../../common/ipc-contract';
import { createDispatcher, type DeskDispatcher } from '../../../electron/ipc/dispatch';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import { createDeskServices, type DeskServices } from '../../../electron/services/desk-services';
import { stringifyLogValue, type Logger } from '../../../electron/services/logger';
import { SETTINGS_FILE } from '../../../electron/services/settings-store';
import {
  anyClonable,
  codeUnitString,
  controlString,
  expectPrototypesClean,
  FUZZ_KEY,
  hostileString,
  isTypedResult,
  keyEcho,
  leaksKey,
  OVERSIZED,
  oversizedString,
  POLLUTION_JSON,
  prototypeSnapshot,
  runs,
  withPollution,
} from './helpers';
import { memoryKeyring } from '../../support/memory-keyring';

/** Records raw log calls, unredacted: a leak cannot hide behind the logger's own redaction. */
function recordingLogger(): Logger & { raw: string[] } {
  const raw: string[] = [];
  const rec = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    raw.push(`${level} ${msg} ${data ? stringifyLogValue(data) : ''}`);
  };
  return { raw, info: rec('info'), warn: rec('warn'), error: rec('error'), setSecrets: () => undefined };
}

let sandbox: Sandbox;
let services: DeskServices;
let dispatch: DeskDispatcher;
let userDataDir: string;
let settingsFile: string;
const keyring = memoryKeyring(FUZZ_KEY);
const log = recordingLogger();
const events: DeskEvent[] = [];
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;

/**
 * A valid input per channel: the starting point of the near-miss mutations. Typed as a
 * full Record, so a channel added to the contract fails `tsc` here until someone decides
 * its valid input (and whether it belongs in MUTATING).
 */
const VALID: Record<IpcMethod, Record<string, unknown>> = {
  getAppInfo: {},
  getKeyStatus: {},
  saveKey: { key: 'DEV_abcdefghijklmnopqrstuvwxyz12', sessionOnly: true },
  removeKey: {},
  getDataKey: {},
  replaceDataKey: {},
  testConnection: {},
  getSettings: {},
  updateSettings: { theme: 'light', syncConcurrency: 3 },
  getComplaint: { id: SEED_ID },
  setComplaintStatus: { complaintId: SEED_ID, status: 'open' },
  createComplaint: {
    request: {
      variantCode: 'V1',
      description: 'broken',
      customerName: 'Jan',
      items: [{ label: 'x', quantity: 1, price: 2 }],
    },
    destination: 'demo',
    ref: 'local-abcdefghij',
  },
  getConnectivity: {},
  getRateLimit: {},
  reportPending: { pending: 3 },
  notify: { title: 't', body: 'b' },
  getUpdateStatus: {},
  // Without an updater (browser host) this only answers "not-supported".
  installUpdate: {},
  getNetworkInfo: {},
  // Without a save dialog (browser host) this only answers that the page downloads it.
  saveExport: { fileName: 'desk-export.json', contents: '{}' },
  reportError: { kind: 'error', message: 'boom' },
  openLogFolder: {},
  appendJournal: { records: [{ op: 'gone', destination: 'demo', seq: 1, outcome: 'cancelled' }] },
  getJournalUnsent: { destination: 'demo' },
  exportJournal: { destination: 'demo' },
  reportJournalRestored: { destination: 'demo', restored: [], missing: 0, adopted: 0, closed: 0 },
};

/** Channels whose valid calls change what is stored; the properties skip their valid inputs. */
const MUTATING = new Set<IpcMethod>(['saveKey', 'removeKey', 'replaceDataKey', 'updateSettings', 'appendJournal']);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  userDataDir = mkdtempSync(join(tmpdir(), 'desk-fuzz-ipc-'));
  settingsFile = join(userDataDir, SETTINGS_FILE);
  services = await createDeskServices({
    host: 'browser',
    version: '0.0.0-fuzz',
    platform: 'linux',
    locale: 'en-US',
    userDataDir,
    keychain: { service: 'fuzz', account: 'fuzz', backend: keyring },
    apiUrlOverride: sandbox.url,
    startDemoSandbox: async () => ({ url: sandbox.url, demoKey: FUZZ_KEY }),
    log,
    emit: (e) => events.push(e),
    timeoutMs: 2000,
  });
  dispatch = createDispatcher(services, log);
  // A settings file that differs from the defaults, to notice any damage.
  const saved = await dispatch(ipcContract.updateSettings.name, { theme: 'dark', syncConcurrency: 2 });
  if (!saved.ok) throw new Error(`setup: ${JSON.stringify(saved)}`);
});

afterAll(async () => {
  await services?.dispose();
  await sandbox?.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Generators

const CHANNEL_NAMES = IPC_METHODS.map((m) => ipcContract[m].name);

const channelName: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CHANNEL_NAMES) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...CHANNEL_NAMES), fc.constantFrom(' ', '\u0000', '\n', '/', '%20', '\ud800', 'x'), fc.boolean())
      .map(([n, extra, before]) => (before ? `${extra}${n}` : `${n}${extra}`)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...CHANNEL_NAMES).map((n) => n.toUpperCase()) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'getKey', 'key:get', 'desk:event', '') },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: keyEcho },
);

/** A value to put where a valid field was. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(anyClonable, hostileString, controlString(), codeUnitString(), keyEcho);

/** Near misses: a valid input with one thing wrong (which may, by chance, still be valid). */
function nearMiss(method: IpcMethod): fc.Arbitrary<unknown> {
  const valid = VALID[method];
  const fields = Object.keys(valid);
  const arbs: fc.Arbitrary<unknown>[] = [
    // an extra key: hostile name, or prototype-pollution keys as own properties
    fc.tuple(fc.oneof(hostileString, keyEcho), hostileValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constantFrom(...POLLUTION_JSON).map((p) => withPollution(valid, p)),
    // the whole input wrapped or replaced
    fc.constantFrom([valid], JSON.stringify(valid), null, undefined, Object.assign(Object.create(null) as object, valid)),
  ];
  if (fields.length > 0) {
    arbs.push(
      fc.tuple(fc.constantFrom(...fields), hostileValue).map(([f, v]) => ({ ...valid, [f]: v })),
      fc.constantFrom(...fields).map((f) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== f))),
    );
  }
  return fc.oneof(...arbs);
}

const call: fc.Arbitrary<{ channel: string; input: unknown }> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ channel: channelName, input: anyClonable }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(...IPC_METHODS).chain((m) => fc.record({ channel: fc.constant(ipcContract[m].name), input: nearMiss(m) })),
  },
);

// ---------------------------------------------------------------------------------------
// Checks

function isRefused(channel: string, input: unknown): boolean {
  const method = IPC_METHODS.find((m) => ipcContract[m].name === channel);
  return method === undefined || !ipcContract[method].input.safeParse(input).success;
}

function isValidMutatingCall(channel: string, input: unknown): boolean {
  const method = IPC_METHODS.find((m) => ipcContract[m].name === channel);
  return method !== undefined && MUTATING.has(method) && ipcContract[method].input.safeParse(input).success;
}

interface Stored {
  settings: Buffer;
  key: string | null;
}
const stored = (): Stored => ({ settings: readFileSync(settingsFile), key: keyring.value() });

function expectStoredIntact(before: Stored): void {
  expect(Buffer.compare(readFileSync(settingsFile), before.settings)).toBe(0);
  expect(keyring.value()).toBe(before.key);
}

async function checkCall(channel: string, input: unknown): Promise<void> {
  const logFrom = log.raw.length;
  const eventsFrom = events.length;
  let result: unknown;
  try {
    result = await dispatch(channel, input);
  } catch (e) {
    throw new Error(`dispatch threw: ${String(e)}`);
  }
  expect(isTypedResult(result)).toBe(true);
  const r = result as { ok: boolean; error?: { kind: string }; value?: unknown };
  if (isRefused(channel, input)) {
    expect(r.ok).toBe(false);
    expect(r.error?.kind).toBe('bad-request');
  } else if (r.ok) {
    const method = IPC_METHODS.find((m) => ipcContract[m].name === channel) as IpcMethod;
    expect(ipcContract[method].output.safeParse(r.value).success).toBe(true);
  }
  const text = JSON.stringify(result);
  // A bounded reply: the input is never echoed back, whatever its size.
  if (!r.ok) expect(text.length).toBeLessThan(10_000);
  expect(leaksKey(text)).toBe(false);
  expect(leaksKey(log.raw.slice(logFrom).join('\n'))).toBe(false);
  expect(leaksKey(JSON.stringify(events.slice(eventsFrom)))).toBe(false);
}

// ---------------------------------------------------------------------------------------

describe('IPC dispatcher + real services: hostile renderer input', () => {
  it('every call: a Result with a typed error (bad-request for refused input); prototypes clean; nothing stored damaged; no key', async () => {
    const protos = prototypeSnapshot();
    const before = stored();
    await fc.assert(
      fc.asyncProperty(call, async ({ channel, input }) => {
        fc.pre(!isValidMutatingCall(channel, input));
        await checkCall(channel, input);
        expectPrototypesClean(protos);
        expectStoredIntact(before);
      }),
      runs(400),
    );
    // The key is still the one in use, and the settings still what they were.
    expect(await dispatch('key:get-status', {})).toMatchObject({ ok: true, value: { configured: true, masked: maskApiKey(FUZZ_KEY) } });
    expect(await dispatch('settings:get', {})).toMatchObject({ ok: true, value: { theme: 'dark', syncConcurrency: 2 } });
  });

  it('every channel, by method: input its schema refuses is bad-request, never a throw (handlers only see parsed input)', async () => {
    const protos = prototypeSnapshot();
    const before = stored();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IPC_METHODS).chain((m) => fc.tuple(fc.constant(m), fc.oneof(nearMiss(m), anyClonable))),
        async ([method, input]) => {
          const refused = !ipcContract[method].input.safeParse(input).success;
          fc.pre(refused);
          const r = await dispatch(ipcContract[method].name, input);
          expect(isTypedResult(r)).toBe(true);
          expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
        },
      ),
      runs(200),
    );
    expectPrototypesClean(protos);
    expectStoredIntact(before);
  });

  it('1 MiB strings in every field of every channel: bad-request, a small reply, nothing stored changes', async () => {
    const before = stored();
    for (const method of IPC_METHODS) {
      const valid = VALID[method];
      const variants: unknown[] = [...OVERSIZED, { ...valid, [OVERSIZED[0] as string]: 1 }];
      for (const field of Object.keys(valid)) {
        for (const big of OVERSIZED) variants.push({ ...valid, [field]: big });
      }
      for (const input of variants) {
        if (isValidMutatingCall(ipcContract[method].name, input)) continue;
        await checkCall(ipcContract[method].name, input);
      }
    }
    expectStoredIntact(before);
  });

  it('unknown channels (any string, 1 MiB, the key padded anywhere): bad-request that never echoes the name in full', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, keyEcho, oversizedString, codeUnitString(100)), anyClonable, async (channel, input) => {
        fc.pre(!CHANNEL_NAMES.includes(channel));
        await checkCall(channel, input);
      }),
      runs(200),
    );
  });

  it('regression: an unknown channel named "<40 chars><the key>" does not leak the key cut in half', async () => {
    const r = await dispatch(`${'x'.repeat(40)}${FUZZ_KEY}`, {});
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(leaksKey(JSON.stringify(r))).toBe(false);
    expect(leaksKey(log.raw.join('\n'))).toBe(false);
  });

  it('non-string channel values (a bug in a host) are bad-request too', async () => {
    for (const channel of [undefined, null, 42, {}, ['key:save'], Symbol('x')]) {
      const r = await dispatch(channel as unknown as string, {});
      expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    }
  });
});

/** A create request (as VALID has it) with other items. */
function createWithItems(items: unknown[]): Record<string, unknown> {
  const valid = VALID.createComplaint as { request: Record<string, unknown>; destination: string };
  return { ...valid, request: { ...valid.request, items } };
}

describe('IPC: input nested too deeply', () => {
  const deep = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

  it('regression: a create request with an item field nested 100,000 deep is refused as bad-request, nothing sent', async () => {
    const before = sandbox.requests.length;
    const input = createWithItems([{ label: 'x', quantity: 1, price: 2, extra: deep(100_000) }]);
    const r = await dispatch(ipcContract.createComplaint.name, input);
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(sandbox.requests.length).toBe(before);
  });

  it('any channel: input nested deeper than the limit is bad-request; ordinary nesting is not refused for depth', async () => {
    for (const method of IPC_METHODS) {
      const r = await dispatch(ipcContract[method].name, { ...VALID[method], extra: deep(10_000) });
      expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    }
    // Ordinary nesting passes the depth check (the sandbox then judges the request itself).
    const shallow = createWithItems([{ label: 'x', quantity: 1, price: 2, extra: deep(20) }]);
    const r = await dispatch(ipcContract.createComplaint.name, shallow);
    expect(r.ok || r.error.kind !== 'bad-request').toBe(true);
  });

  it('regression: cyclic input (structured clone allows cycles) is bad-request on every channel', async () => {
    const cyclic: Record<string, unknown> = { label: 'x', quantity: 1, price: 2 };
    cyclic.self = cyclic;
    const before = sandbox.requests.length;
    const r = await dispatch(ipcContract.createComplaint.name, createWithItems([cyclic]));
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    for (const method of IPC_METHODS) {
      const input: Record<string, unknown> = { ...VALID[method] };
      input.loop = input;
      expect(await dispatch(ipcContract[method].name, input)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    }
    expect(sandbox.requests.length).toBe(before);
  });
});
