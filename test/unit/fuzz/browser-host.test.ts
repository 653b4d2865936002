/**
 * Bad input on the browser host's HTTP IPC endpoint (`POST /__host/ipc/<channel>`), with
 * the real services behind it: fuzzed channels, methods, headers (token, Origin, Host,
 * Content-Type) and bodies (any JSON, prototype-pollution keys, invalid UTF-8, random
 * bytes, nesting, 1 MiB+), plus raw-socket abuse (lying Content-Length, chunked floods,
 * garbage request lines). Always a 4xx or a 200 carrying a `Result`, never a 5xx; the
 * host keeps serving; nothing stored is damaged; prototypes stay clean.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_METHODS, ipcContract } from '../../../common/ipc-contract';
import { startBrowserHost, type BrowserHost, MAX_BODY_BYTES } from '../../../electron/browser-host/host-server';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server';
import { createDeskServices, type DeskServices } from '../../../electron/services/desk-services';
import { createMemoryLogger } from '../../../electron/services/logger';
import { SETTINGS_FILE } from '../../../electron/services/settings-store';
import {
  anyClonable,
  expectPrototypesClean,
  FUZZ_KEY,
  hostileString,
  isTypedResult,
  leaksKey,
  POLLUTION_JSON,
  prototypeSnapshot,
  runs,
} from './helpers';
import { memoryKeyring } from '../../support/memory-keyring';

let tmp: string;
let sandbox: Sandbox;
let services: DeskServices;
let host: BrowserHost;
let settingsFile: string;
const keyring = memoryKeyring(FUZZ_KEY);
const log = createMemoryLogger();

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-fuzz-host-'));
  const rendererDir = path.join(tmp, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  sandbox = await startSandbox({ port: 0 });
  services = await createDeskServices({
    host: 'browser',
    version: '0.0.0-fuzz',
    platform: process.platform,
    locale: 'en-US',
    userDataDir: path.join(tmp, 'user-data'),
    keychain: { service: 'fuzz', account: 'fuzz', backend: keyring },
    apiUrlOverride: sandbox.url,
    startDemoSandbox: async () => ({ url: sandbox.url, demoKey: FUZZ_KEY }),
    log,
    emit: () => undefined,
    timeoutMs: 2000,
  });
  host = await startBrowserHost({ port: 0, rendererDir, services, log, bridgeScript: '/* fuzz */' });
  settingsFile = path.join(tmp, 'user-data', SETTINGS_FILE);
  const saved = await services.handlers.updateSettings({ theme: 'dark' });
  if (!saved.ok) throw new Error(`setup: ${JSON.stringify(saved)}`);
});

afterAll(async () => {
  await host?.close();
  await services?.dispose();
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** node:http, not fetch: any method, Host, Origin and Content-Type, bodies of raw bytes. */
function request(o: { method: string; path: string; headers: Record<string, string | string[]>; body?: Uint8Array }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, method: o.method, path: o.path, headers: o.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body === undefined ? undefined : Buffer.from(o.body));
  });
}

/** Raw bytes on a socket; resolves with whatever came back when the server closes or after `waitMs`. */
function rawSocket(bytes: Buffer | string, waitMs = 500, closeAfterWrite = false): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(host.port, '127.0.0.1', () => {
      socket.write(bytes, () => {
        if (closeAfterWrite) socket.destroy();
      });
    });
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
  });
}

async function healthy(): Promise<void> {
  const r = await request({ method: 'GET', path: '/__host/health', headers: { Host: `127.0.0.1:${host.port}` } });
  expect(r.status).toBe(200);
  const info = await request({
    method: 'POST',
    path: `/__host/ipc/${encodeURIComponent(ipcContract.getSettings.name)}`,
    headers: { Host: `127.0.0.1:${host.port}`, 'X-Desk-Token': host.token, 'Content-Type': 'application/json' },
    body: Buffer.from('{}'),
  });
  expect(info.status).toBe(200);
  expect(JSON.parse(info.body.toString('utf8'))).toMatchObject({ ok: true, value: { theme: 'dark' } });
}

// ---------------------------------------------------------------------------------------
// Generators

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const CHANNELS = IPC_METHODS.map((m) => ipcContract[m].name);

/** Every UTF-8 byte as %XX (encodeURIComponent throws on lone surrogates). */
const percentEncodeBytes = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const channelPath = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CHANNELS).map(encodeURIComponent) },
  { weight: 2, arbitrary: fc.constantFrom(...CHANNELS) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '%00', '%FF', '..%2F..%2Fetc', 'app%3Aget-info%00', '', '%2F%2F', `${'a'.repeat(8000)}`) },
  { weight: 1, arbitrary: hostileString.map(percentEncodeBytes) },
  { weight: 1, arbitrary: fc.constantFrom(...CHANNELS).map((c) => `${encodeURIComponent(c)}?token=x&x=%ZZ`) },
);

const jsonBytes = (v: unknown): Uint8Array => {
  try {
    return utf8(JSON.stringify(v) ?? 'null');
  } catch {
    return utf8('{');
  }
};

const INVALID_UTF8 = [[0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]];

const body: fc.Arbitrary<Uint8Array | undefined> = fc.oneof(
  { weight: 4, arbitrary: anyClonable.map(jsonBytes) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_JSON).map(utf8) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...INVALID_UTF8))
      .map(([s, bad]) => new Uint8Array([...utf8(`{"title":"${s.replace(/["\\]/g, '')}`), ...bad, ...utf8('","body":"b"}')])),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, utf8(''), utf8(' '), utf8('null'), utf8('\ufeff{}'), utf8(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)) },
);

const req = fc.record({
  method: fc.oneof({ weight: 6, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD') }),
  channel: channelPath,
  token: fc.oneof({ weight: 5, arbitrary: fc.constant('good') }, { weight: 1, arbitrary: fc.constantFrom('missing', 'wrong', 'twice', 'empty', 'prefix') }),
  origin: fc.oneof({ weight: 4, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom('same', 'localhost', 'evil', 'null', 'other-port') }),
  hostHeader: fc.oneof({ weight: 6, arbitrary: fc.constant('good') }, { weight: 1, arbitrary: fc.constantFrom('evil', 'localhost', 'no-port', 'upper') }),
  contentType: fc.oneof(
    { weight: 5, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', '', 'application/jsonx', 'multipart/form-data; boundary=x', 'application/json;;;') },
  ),
  body,
});

type Req = typeof req extends fc.Arbitrary<infer T> ? T : never;

function toRequest(r: Req) {
  const port = host.port;
  const headers: Record<string, string | string[]> = {};
  headers.Host = { good: `127.0.0.1:${port}`, evil: `evil.com:${port}`, localhost: `localhost:${port}`, 'no-port': '127.0.0.1', upper: `LOCALHOST:${port}` }[r.hostHeader] ?? '';
  const token = { good: host.token, missing: undefined, wrong: 'A'.repeat(host.token.length), twice: [host.token, host.token], empty: '', prefix: host.token.slice(0, -1) }[r.token];
  if (token !== undefined) headers['X-Desk-Token'] = token;
  const origin = { none: undefined, same: `http://127.0.0.1:${port}`, localhost: `http://localhost:${port}`, evil: 'https://evil.com', null: 'null', 'other-port': `http://127.0.0.1:${port + 1}` }[r.origin];
  if (origin !== undefined) headers.Origin = origin;
  if (r.contentType !== '') headers['Content-Type'] = r.contentType;
  return { method: r.method, path: `/__host/ipc/${r.channel}`, headers, ...(r.body !== undefined ? { body: r.body } : {}) };
}

const ALLOWED_STATUSES = new Set([200, 400, 403, 404, 405, 413, 415]);

function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------

describe('browser host IPC endpoint: hostile requests', () => {
  it('always a 4xx or a 200 with a typed Result, never a 5xx; keeps serving; nothing stored damaged', async () => {
    const protos = prototypeSnapshot();
    const settingsBefore = readFileSync(settingsFile);
    await fc.assert(
      fc.asyncProperty(req, async (r) => {
        const sent = toRequest(r);
        // Valid calls of the mutating channels would legitimately change what is stored.
        let channel = r.channel;
        try {
          channel = decodeURIComponent(r.channel.split('?')[0] ?? '');
        } catch {
          /* a malformed one: fine */
        }
        fc.pre(!['key:save', 'key:remove', 'settings:update'].includes(channel) || r.token !== 'good');
        const res = await request(sent);
        expect(ALLOWED_STATUSES.has(res.status)).toBe(true);
        if (res.contentType.startsWith('application/json') && r.method !== 'HEAD') {
          const parsed: unknown = JSON.parse(res.body.toString('utf8'));
          expect(isTypedResult(parsed)).toBe(true);
          if (res.status !== 200) expect(parsed).toMatchObject({ ok: false });
        }
        // A body that is not UTF-8 is refused as such, never decoded with replacement characters.
        if (res.status === 200 && r.body !== undefined) expect(isStrictUtf8(r.body)).toBe(true);
        expect(leaksKey(res.body.toString('latin1'))).toBe(false);
        expect(Buffer.compare(readFileSync(settingsFile), settingsBefore)).toBe(0);
        // Still the key, bound to its origin (rewritten so at the first start).
        expect(JSON.parse(keyring.value() ?? '{}')).toMatchObject({ key: FUZZ_KEY });
      }),
      runs(150),
    );
    expectPrototypesClean(protos);
    await healthy();
  });

  it('regression: a body that is not valid UTF-8 is a 400 bad-request, not decoded with U+FFFD and dispatched', async () => {
    for (const bad of INVALID_UTF8) {
      const res = await request({
        method: 'POST',
        path: `/__host/ipc/${encodeURIComponent(ipcContract.notify.name)}`,
        headers: { Host: `127.0.0.1:${host.port}`, 'X-Desk-Token': host.token, 'Content-Type': 'application/json' },
        body: new Uint8Array([...utf8('{"title":"t'), ...bad, ...utf8('","body":"b"}')]),
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    }
    await healthy();
  });

  it('1 MiB + 1 bodies (declared or chunked) are 413; a 1 MiB JSON string still gets a Result', async () => {
    const headers = { Host: `127.0.0.1:${host.port}`, 'X-Desk-Token': host.token, 'Content-Type': 'application/json' };
    const ipcPath = `/__host/ipc/${encodeURIComponent(ipcContract.notify.name)}`;
    const tooBig = await request({ method: 'POST', path: ipcPath, headers, body: new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20) });
    expect(tooBig.status).toBe(413);
    const justFits = utf8(JSON.stringify({ title: 'x'.repeat(MAX_BODY_BYTES - 100), body: '' }));
    const fits = await request({ method: 'POST', path: ipcPath, headers, body: justFits });
    expect(fits.status).toBe(200);
    expect(JSON.parse(fits.body.toString('utf8'))).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(fits.body.length).toBeLessThan(10_000);

    const chunk = 'x'.repeat(64 * 1024);
    let chunked = `POST ${ipcPath} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Desk-Token: ${host.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    for (let i = 0; i < 20; i++) chunked += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    chunked += '0\r\n\r\n';
    const answer = await rawSocket(chunked, 2000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    await healthy();
  });

  it('raw-socket abuse (lying Content-Length, garbage, header floods, early close) never brings it down', async () => {
    const p = host.port;
    const ipcPath = `/__host/ipc/${encodeURIComponent(ipcContract.getSettings.name)}`;
    const head = `POST ${ipcPath} HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nConnection: close\r\nX-Desk-Token: ${host.token}\r\nContent-Type: application/json\r\n`;
    const cases: Array<{ bytes: string; expect?: RegExp; close?: boolean }> = [
      { bytes: `${head}Content-Length: 100\r\n\r\n{}`, close: true }, // promises 100 bytes, sends 2, hangs up
      { bytes: `${head}Content-Length: -5\r\n\r\n{}`, expect: /^HTTP\/1\.1 400 / },
      { bytes: `${head}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, expect: /^HTTP\/1\.1 400 / },
      { bytes: `${head}Content-Length: 99999999999999999999\r\n\r\n`, expect: /^HTTP\/1\.1 (400|413) / },
      { bytes: `${head}Transfer-Encoding: chunked\r\n\r\nZZZ\r\n`, expect: /^HTTP\/1\.1 400 / },
      { bytes: 'GARBAGE\r\n\r\n', expect: /^HTTP\/1\.1 400 / },
      { bytes: `POST /__host/ipc/\u0000 HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n`, expect: /^HTTP\/1\.1 400 / },
      { bytes: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n${'X-A: b\r\n'.repeat(5000)}\r\n`, expect: /^HTTP\/1\.1 431 / },
      { bytes: `${head}Content-Length: 12\r\n\r\n\u00ff\u00fe{"a":1}\u0000\u0001\u0002`, expect: /^HTTP\/1\.1 400 / },
      { bytes: `${head}Content-Length: 2\r\n\r\n{}`, expect: /^HTTP\/1\.1 200 / },
    ];
    for (const [i, c] of cases.entries()) {
      const answer = await rawSocket(Buffer.from(c.bytes, 'latin1'), 700, c.close === true);
      if (c.expect) expect(`case ${i}: ${answer.split('\r\n')[0]}`).toMatch(new RegExp(`^case ${i}: ${c.expect.source.slice(1)}`));
      expect(answer).not.toMatch(/^HTTP\/1\.1 5\d\d /);
    }
    await healthy();
  });
});
