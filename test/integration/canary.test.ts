/**
 * Canary: with a known key stored, call every channel of `createDeskServices(...)` through
 * the dispatcher both hosts use (`createDispatcher`) with valid and invalid inputs, through success and error paths (outage, 5xx, 429, dropped
 * connection, timeout, revoked key), and assert that the key appears in no reply, no
 * emitted event, no log call and no file under userDataDir.
 *
 * The logger here does NOT redact: it records exactly what the services hand it, so a
 * leak cannot hide behind the logger's own redaction.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent, DeskHandlers, IpcMethod } from '../../common/ipc-contract';
import { IPC_METHODS, ipcContract } from '../../common/ipc-contract';
import { liveDestination } from '../../common/destination';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { SANDBOX_DEMO_KEY } from '../../electron/sandbox/demo-key';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { SEED_COMPLAINT_IDS } from '../../electron/sandbox/seed';
import { createDeskServices, type DeskServices } from '../../electron/services/desk-services';
import type { KeyringBackend } from '../../electron/services/keychain';
import { createKeychainDataKeyStore } from '../../electron/services/data-key-store';
import type { DataKeyStore } from '../../electron/services/desk/data-key-channels';
import { failingKeyring, memoryKeyring } from '../support/memory-keyring';
import type { Logger } from '../../electron/services/logger';
import { stringifyLogValue } from '../../electron/services/logger';

const KEY = 'PRODcanaryKeyMustNeverLeak000001';
const OTHER_KEY = 'DEV_canaryReplacementKey00000002';
const SEED_ID = SEED_COMPLAINT_IDS[0] as string;

/** Records raw log calls, unredacted. */
function recordingLogger(): Logger & { raw: string[] } {
  const raw: string[] = [];
  const rec = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    raw.push(`${level} ${msg} ${data ? stringifyLogValue(data) : ''}`);
  };
  return { raw, info: rec('info'), warn: rec('warn'), error: rec('error'), setSecrets: () => undefined };
}

const failingBackend = failingKeyring('Platform failure: DBus error: no bus');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

type Call = { method: IpcMethod; input: unknown; label: string };

let sandbox: Sandbox;
let demo: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  demo = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
  await demo.close();
});

async function setup(backend: KeyringBackend, dataKeys?: DataKeyStore) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'desk-canary-'));
  const log = recordingLogger();
  const events: DeskEvent[] = [];
  const notifications: string[] = [];
  const services: DeskServices = await createDeskServices({
    host: 'browser',
    version: '0.0.0-test',
    platform: 'linux',
    locale: 'cs-CZ',
    userDataDir,
    keychain: { service: 'canary', account: 'api-key', backend },
    ...(dataKeys ? { dataKeys } : {}),
    apiUrlOverride: sandbox.url,
    startDemoSandbox: async () => ({ url: demo.url, demoKey: SANDBOX_DEMO_KEY }),
    log,
    emit: (e) => events.push(e),
    showNotification: (title, body) => {
      notifications.push(`${title}${body}`);
      return true;
    },
    timeoutMs: 300,
  });
  const dispatch = createDispatcher(services, log);
  const replies: { label: string; reply: unknown }[] = [];
  const call = async (c: Call) => {
    const reply = await dispatch(ipcContract[c.method].name, c.input);
    replies.push({ label: c.label, reply });
    return reply as { ok: boolean; error?: { kind: string }; value?: unknown };
  };
  return { services, log, events, replies, call, userDataDir, notifications };
}

/** A local reference per scenario (creates carry one). */
function refOf(name: string): string {
  return `local-${`scenario${name}`.replace(/[^a-z2-9]/g, 'z').slice(0, 10)}`;
}

/** The destination of the live sandbox these calls go to (creates name it). */
function here(): string {
  return liveDestination(new URL(sandbox.url).origin);
}

/** Every method, valid and invalid inputs (invalid ones deliberately carry the key). */
/** A journaled create as the renderer sends it (its body is personal data: sealed or kept clear by main). */
function journalCreate(destination: unknown, description: string) {
  return {
    destination,
    seq: 1,
    kind: 'create',
    complaintId: 'local-abcdefghij',
    localRef: 'local-abcdefghij',
    targetStatus: 'new',
    baseStatus: null,
    state: 'queued',
    attempts: 0,
    createdAt: 1,
    nextAttemptAt: 0,
    create: { variantCode: 'reklamace', description, customerName: 'C' },
  };
}

function allCalls(): Call[] {
  const c = (method: IpcMethod, input: unknown, label: string): Call => ({ method, input, label });
  return [
    c('getAppInfo', {}, 'app info'),
    c('getAppInfo', { [KEY]: 1 }, 'app info, key as a property name'),
    c('getKeyStatus', {}, 'key status'),
    c('getKeyStatus', { key: KEY }, 'key status, extra field'),
    c('testConnection', {}, 'test connection'),
    c('testConnection', { apiKey: KEY }, 'test connection, extra field'),
    c('getSettings', {}, 'settings'),
    c('updateSettings', { theme: 'dark' }, 'settings update'),
    c('updateSettings', { apiUrl: `https://api.bizkithub.com/?apiKey=${KEY}` }, 'settings, key in URL'),
    c('updateSettings', { apiUrl: `http://${KEY}.example.com` }, 'settings, key in host'),
    c('updateSettings', { [KEY]: true }, 'settings, key as a property name'),
    c('updateSettings', { syncConcurrency: KEY }, 'settings, key as a value'),
    c('getComplaint', { id: SEED_ID }, 'detail'),
    c('getComplaint', { id: KEY }, 'detail of an ID equal to the key'),
    c('getComplaint', { id: `${KEY} ${KEY}` }, 'detail, invalid ID'),
    c('setComplaintStatus', { complaintId: SEED_ID, status: 'open' }, 'set-status'),
    c('setComplaintStatus', { complaintId: KEY, status: 'open' }, 'set-status, unknown ID = key'),
    c('setComplaintStatus', { complaintId: SEED_ID, status: KEY }, 'set-status, key as status'),
    c('createComplaint', { request: { variantCode: 'reklamace', description: `desc ${KEY}`, customerName: 'C' }, destination: here(), ref: 'local-abcdefghij' }, 'create'),
    c('createComplaint', { request: { variantCode: KEY, description: 'd', customerName: 'c' }, destination: here(), ref: 'local-bcdefghijk' }, 'create, key as variant'),
    c('createComplaint', { request: { description: KEY }, destination: here(), ref: 'local-cdefghijkm' }, 'create, invalid'),
    c('createComplaint', { request: { variantCode: 'reklamace', description: 'd', customerName: 'c' }, destination: KEY, ref: 'local-defghijkmn' }, 'create, key as destination'),
    c('createComplaint', { request: { variantCode: 'reklamace', description: 'd', customerName: 'c' }, destination: here(), ref: KEY }, 'create, key as ref'),
    c('getDataKey', {}, 'data key'),
    c('getDataKey', { key: KEY }, 'data key, extra field'),
    c('replaceDataKey', {}, 'data key replaced'),
    c('getConnectivity', {}, 'connectivity'),
    c('getRateLimit', {}, 'rate limit'),
    c('reportPending', { pending: 3 }, 'pending'),
    c('reportPending', { pending: KEY }, 'pending, invalid'),
    c('notify', { title: 'Hi', body: 'there' }, 'notify'),
    c('notify', { title: '', body: KEY }, 'notify, invalid'),
    c('getUpdateStatus', {}, 'update status'),
    c('getUpdateStatus', { key: KEY }, 'update status, extra field'),
    c('installUpdate', {}, 'install update'),
    c('installUpdate', { [KEY]: true }, 'install update, key as a property name'),
    c('getNetworkInfo', {}, 'network info'),
    c('saveExport', { fileName: 'canary-export.json', contents: `{"k":"${KEY}"}` }, 'export with the key in it (no save dialog here)'),
    c('saveExport', { fileName: `${KEY}.json`, contents: '{}' }, 'export named after the key'),
    c('appendJournal', { records: [{ op: 'gone', destination: here(), seq: 1, outcome: 'cancelled' }] }, 'journal append'),
    c('appendJournal', { records: [{ op: 'forget', destination: KEY }] }, 'journal append, key as destination'),
    c('getJournalUnsent', { destination: here() }, 'journal unsent'),
    c('getJournalUnsent', { destination: here(), key: KEY }, 'journal unsent, extra field'),
    c('reportJournalRestored', { destination: here(), restored: [], missing: 0, adopted: 0, closed: 0 }, 'journal restored'),
    c('reportJournalRestored', { destination: KEY, restored: [], missing: 0, adopted: 0, closed: 0 }, 'journal restored, key as destination'),
    c('exportJournal', { destination: here() }, 'unsent changes exported'),
    c('exportJournal', { destination: KEY }, 'unsent changes exported, key as destination'),
    c('reportError', { kind: 'error', message: `renderer failed with ${KEY}`, stack: `at ${KEY}` }, 'renderer error carrying the key'),
    c('reportError', { kind: 'unhandled-rejection', message: KEY, source: `http://127.0.0.1/?apiKey=${KEY}` }, 'rejection that is the key'),
    c('openLogFolder', {}, 'open log folder'),
    c('appendJournal', { records: [{ op: 'put', entry: journalCreate(here(), `desc ${KEY}`) }] }, 'journal: a create whose description carries the key'),
    c('appendJournal', { records: [{ op: 'gone', destination: here(), seq: 1, outcome: KEY }] }, 'journal, key as an outcome'),
    c('getJournalUnsent', { destination: KEY }, 'journal, key as destination'),
    c('reportJournalRestored', { destination: here(), restored: [{ seq: 1, complaintId: KEY, kind: 'status', state: 'queued' }], missing: 0, adopted: 0, closed: 0 }, 'journal restored, key as an ID'),
    c('saveKey', { key: `${KEY}x`, sessionOnly: false }, 'save, too long'),
    c('saveKey', { key: KEY.toLowerCase(), sessionOnly: false }, 'save, wrong prefix'),
    c('saveKey', { key: KEY, sessionOnly: 'yes' }, 'save, invalid flag'),
  ];
}

function assertNoLeak(ctx: Awaited<ReturnType<typeof setup>>, secrets: string[]) {
  const haystacks: [string, string][] = [
    ['replies', JSON.stringify(ctx.replies)],
    ['events', JSON.stringify(ctx.events)],
    ['log', ctx.log.raw.join('\n')],
    ...filesUnder(ctx.userDataDir).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
  ];
  for (const secret of secrets) {
    for (const [where, text] of haystacks) {
      expect(text.includes(secret), `the key leaked into ${where}`).toBe(false);
    }
  }
}

describe('canary: the key never leaks', () => {
  it('covers every IPC method', () => {
    const covered = new Set(allCalls().map((c) => c.method));
    expect([...IPC_METHODS].filter((m) => !covered.has(m))).toEqual(['removeKey']); // called in each scenario below
  });

  it('key stored in the (in-memory) keychain: every handler, valid and invalid, success and fault paths', async () => {
    await sandbox.reset();
    const ctx = await setup(memoryKeyring(KEY));
    const { call } = ctx;

    const info = await call({ method: 'getAppInfo', input: {}, label: 'mode' });
    expect(info).toMatchObject({ ok: true, value: { mode: 'live' } });
    for (const c of allCalls()) await call(c);
    expect(await call({ method: 'testConnection', input: {}, label: 'works' })).toMatchObject({ ok: true, value: { mode: 'live' } });

    // Fault paths, each from a real exchange with the sandbox.
    const scenarios: [string, Parameters<Sandbox['setFaults']>[0]][] = [
      ['outage', { outage: true }],
      ['5xx', { errorRate: 1 }],
      ['429', { rateLimited: { retryAfterSec: 5 } }],
      ['drop', { applyThenDrop: 1 }],
      ['timeout', { latencyMs: 800 }],
    ];
    for (const [name, faults] of scenarios) {
      await sandbox.setFaults(faults);
      const errors = [
        await call({ method: 'getComplaint', input: { id: SEED_ID }, label: `${name}: detail` }),
        await call({ method: 'setComplaintStatus', input: { complaintId: SEED_ID, status: 'wait' }, label: `${name}: set` }),
        await call({
          method: 'createComplaint',
          input: { request: { variantCode: 'reklamace', description: 'd', customerName: 'c' }, destination: here(), ref: refOf(name) },
          label: `${name}: create`,
        }),
        await call({ method: 'testConnection', input: {}, label: `${name}: test` }),
      ];
      expect(errors.some((r) => !r.ok), name).toBe(true);
      await call({ method: 'getConnectivity', input: {}, label: `${name}: connectivity` });
      await call({ method: 'getRateLimit', input: {}, label: `${name}: rate` });
      await sandbox.reset();
    }
    // The outage must have produced a connectivity event (offline) and recovery (online).
    expect(ctx.events.filter((e) => e.type === 'connectivity').length).toBeGreaterThan(0);

    // Revoked key: auth.
    sandbox.revokeKey(KEY);
    expect(await call({ method: 'testConnection', input: {}, label: 'revoked' })).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(await call({ method: 'getComplaint', input: { id: SEED_ID }, label: 'revoked detail' })).toMatchObject({ ok: false, error: { kind: 'auth' } });

    // Replace, then remove; demo mode afterwards.
    expect(await call({ method: 'saveKey', input: { key: OTHER_KEY, sessionOnly: false }, label: 'replace' })).toMatchObject({ ok: true });
    for (const c of allCalls()) await call(c);
    expect(await call({ method: 'removeKey', input: {}, label: 'remove' })).toMatchObject({ ok: true });
    expect(await call({ method: 'getAppInfo', input: {}, label: 'demo mode' })).toMatchObject({ ok: true, value: { mode: 'demo' } });
    for (const c of allCalls()) await call(c);
    await ctx.services.dispose();

    expect(ctx.replies.length).toBeGreaterThan(100);
    assertNoLeak(ctx, [KEY, OTHER_KEY]);
  });

  it('no keychain (failing backend), key saved session-only: same guarantees', async () => {
    await sandbox.reset();
    const ctx = await setup(failingBackend);
    const { call } = ctx;
    expect(await call({ method: 'saveKey', input: { key: KEY, sessionOnly: false }, label: 'persist refused' })).toMatchObject({
      ok: false,
      error: { kind: 'no-keychain' },
    });
    expect(await call({ method: 'saveKey', input: { key: KEY, sessionOnly: true }, label: 'session' })).toMatchObject({
      ok: true,
      value: { storage: 'session', keychain: { available: false } },
    });
    for (const c of allCalls()) await call(c);
    await sandbox.setFaults({ outage: true });
    for (const c of allCalls()) await call(c);
    await sandbox.reset();
    await call({ method: 'removeKey', input: {}, label: 'remove' });
    await ctx.services.dispose();
    assertNoLeak(ctx, [KEY]);
  });
});

describe('canary: the data key leaves main only in its own replies', () => {
  it('kept in the (in-memory) keychain: every handler, valid and invalid, success and fault paths', async () => {
    await sandbox.reset();
    const dataKeySlot = memoryKeyring();
    const ctx = await setup(memoryKeyring(KEY), createKeychainDataKeyStore({ service: 'canary', account: 'api-key.data-key', backend: dataKeySlot }));
    const { call } = ctx;
    await call({ method: 'getDataKey', input: {}, label: 'data key first' });
    for (const c of allCalls()) await call(c);
    await sandbox.setFaults({ outage: true });
    for (const c of allCalls()) await call(c);
    await sandbox.reset();
    await ctx.services.dispose();

    const own = new Set<IpcMethod>(['getDataKey', 'replaceDataKey']);
    const dataKeys = ctx.replies
      .filter((r) => r.label.startsWith('data key'))
      .map((r) => (r.reply as { ok: boolean; value?: { key: string } }).value?.key)
      .filter((k): k is string => typeof k === 'string');
    expect(new Set(dataKeys).size).toBeGreaterThan(1); // replaced along the way
    const others = ctx.replies.filter((r) => !r.label.startsWith('data key'));
    expect(others.length).toBeGreaterThan(50);
    expect(allCalls().filter((c) => own.has(c.method)).every((c) => c.label.startsWith('data key'))).toBe(true);
    const haystacks: [string, string][] = [
      ['other replies', JSON.stringify(others)],
      ['events', JSON.stringify(ctx.events)],
      ['log', ctx.log.raw.join('\n')],
      ...filesUnder(ctx.userDataDir).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
    ];
    for (const key of dataKeys) {
      for (const [where, text] of haystacks) expect(text.includes(key), `the data key leaked into ${where}`).toBe(false);
    }
  });
});

// Type-level check that the canary calls real handler names.
const _typed: keyof DeskHandlers = 'getAppInfo';
