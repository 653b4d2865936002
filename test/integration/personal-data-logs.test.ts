/**
 * Complaints hold personal data (names, emails, phones, bank accounts, descriptions).
 * Main's log never contains any of it: not for a valid create, not for one refused by the
 * schema, main or the sandbox, not on fault paths (5xx, lost answer, 429); and not when
 * the server itself echoes every personal field of the API in its error texts, codes and
 * bodies, for detail, set-status and create, failed or successful. The renderer still
 * gets the server's text (the UI shows it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DESTINATION } from '../../common/destination';
import { SEED_COMPLAINT_IDS } from '../../electron/sandbox/seed';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { startMainSide, type MainSide } from '../support/real-stack';

const PERSONAL = {
  customerName: 'Bohumila Přílišžluťoučká',
  email: 'bohumila.secret@example.cz',
  phone: '+420 777 123 456',
  refundBankAccount: '19-2000145399/0800',
  refundVariableSymbol: '7788990011',
  description: 'Soukromý popis: rodné číslo 785412/3698 😀',
  orderNumber: 'OBJ-PRIVATE-42',
};
const SECRETS = [
  'Přílišžluťoučká',
  'bohumila.secret',
  '777 123 456',
  '2000145399',
  '7788990011',
  'rodné číslo',
  '785412',
  'OBJ-PRIVATE-42',
];

let sandbox: Sandbox;
let main: MainSide;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  main = await startMainSide(sandbox, { name: 'desk-personal-data', timeoutMs: 1500 });
});
afterAll(async () => {
  await main?.dispose();
  await sandbox?.close();
});

describe('personal data of new complaints never reaches the log', () => {
  it('valid, refused and faulted creates', async () => {
    let n = 0;
    const ref = () => `local-${'abcdefghjk'.slice(0, 9)}${'abcdefghjk'[n++ % 10]}`;
    const create = (request: Record<string, unknown>) =>
      main.desk.createComplaint({ request, destination: DEMO_DESTINATION, ref: ref() } as Parameters<
        typeof main.desk.createComplaint
      >[0]);

    expect(await create({ variantCode: 'reklamace', ...PERSONAL })).toMatchObject({ ok: true });
    // Refused by the IPC schema (bad email, oversized text), by the sandbox (unknown type).
    expect(await create({ variantCode: 'reklamace', ...PERSONAL, email: `${PERSONAL.email}@@` })).toMatchObject({ ok: false });
    expect(await create({ variantCode: 'reklamace', ...PERSONAL, description: `${PERSONAL.description}${'x'.repeat(30_000)}` })).toMatchObject({ ok: false });
    expect(await create({ variantCode: 'no-such-type', ...PERSONAL })).toMatchObject({ ok: false });
    for (const faults of [{ errorRate: 1 }, { applyThenDrop: 1 }, { rateLimited: { retryAfterSec: 5 } }, { latencyMs: 3000 }]) {
      await sandbox.setFaults(faults);
      expect(await create({ variantCode: 'reklamace', ...PERSONAL })).toMatchObject({ ok: false });
      await sandbox.setFaults({ errorRate: 0, applyThenDrop: 0, rateLimited: null, latencyMs: 0 });
    }
    const log = main.log.lines.join('\n');
    expect(log).toContain('create');
    for (const secret of SECRETS) expect(log, `the log contains ${secret}`).not.toContain(secret);
  });
});

/** Every personal field the API has (common/api-schemas.ts), as a detail answer carries them. */
const DETAIL_PERSONAL = {
  customerName: 'Květoslava Echová',
  email: 'kvetoslava.echo@example.cz',
  phone: '+420 603 987 654',
  address: 'Vinohradská 1234/56, Praha',
  bankAccount: '670100-2209876543/6210',
  variableSymbol: '5566778899',
  orderNumber: 'OBJ-ECHO-77',
  description: 'Popis reklamace: vadný šicí stroj Echo',
  itemLabel: 'Šicí stroj Echo 3000',
  eventSubject: 'Předmět zprávy Echo',
  eventMessage: 'Zpráva zákaznici Echo',
  satisfaction: 'Spokojenost Echo: skvělé',
};
const ECHOED = Object.values(DETAIL_PERSONAL);
const ECHO_TEXT = ECHOED.join(' | ');
const ID = SEED_COMPLAINT_IDS[0] as string;

function personalDetail(): Record<string, unknown> {
  const p = DETAIL_PERSONAL;
  return {
    exist: true,
    id: ID,
    status: 'new',
    orderNumber: p.orderNumber,
    description: p.description,
    customerName: p.customerName,
    email: p.email,
    phone: p.phone,
    address: p.address,
    refund: { country: 'CZ', bankAccount: p.bankAccount, variableSymbol: p.variableSymbol },
    satisfaction: { score: 5, message: p.satisfaction },
    items: [{ id: 1, label: p.itemLabel, quantity: 1, price: 100 }],
    events: [{ id: 1, status: 'new', subject: p.eventSubject, message: p.eventMessage, date: '2024-01-01' }],
  };
}

/** What the echo server answers: a status and a body (JSON unless `raw`). */
interface Answer {
  status: number;
  body: unknown;
  raw?: boolean;
}

const errorBody = (code: string, extra = '') => ({ error: { code, message: `${ECHO_TEXT}${extra}` } });

/** Answers that each path of main's client turns into a failure (or success), all echoing personal data. */
const ECHO_ANSWERS: Array<[string, Answer]> = [
  ['400 with the text', { status: 400, body: errorBody('INVALID_REQUEST') }],
  ['401', { status: 401, body: errorBody('PUBLIC_API_KEY_DOES_NOT_EXIST') }],
  ['403', { status: 403, body: errorBody('FORBIDDEN') }],
  ['404', { status: 404, body: errorBody('COMPLAINT_NOT_FOUND') }],
  ['409', { status: 409, body: { message: ECHO_TEXT } }],
  ['429', { status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: ECHO_TEXT, retry_after: 1 } } }],
  ['500', { status: 500, body: errorBody('INTERNAL') }],
  ['503 flat', { status: 503, body: { code: 'SERVICE_UNAVAILABLE', error: ECHO_TEXT } }],
  ['a code made of personal text', { status: 400, body: { error: { code: DETAIL_PERSONAL.customerName.toUpperCase(), message: ECHO_TEXT } } }],
  ['a code that is a name', { status: 400, body: { error: { code: DETAIL_PERSONAL.email, message: 'x' } } }],
  ['a 2xx naming an auth code', { status: 200, body: errorBody('PUBLIC_API_KEY_DOES_NOT_EXIST') }],
  ['a 2xx naming a rate-limit code', { status: 200, body: errorBody('RATE_LIMIT_EXCEEDED') }],
  ['a 2xx of the wrong shape', { status: 200, body: { ...personalDetail(), exist: 'yes', success: 'no', id: 7 } }],
  ['a 2xx that is not JSON', { status: 200, body: `<html>${ECHO_TEXT}</html>`, raw: true }],
  ['a 500 that is not JSON', { status: 500, body: `Fatal error for ${ECHO_TEXT}`, raw: true }],
  ['a redirect', { status: 302, body: errorBody('MOVED') }],
];

async function startEchoServer(): Promise<{ url: string; answer: Answer | null; close(): Promise<void> }> {
  const state: { answer: Answer | null } = { answer: null };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const answer: Answer = state.answer ?? {
        status: 200,
        body: path.endsWith('/detail') ? personalDetail() : path.endsWith('/create') ? { id: 'R-ECHO-1', success: true } : { success: true },
      };
      const text = answer.raw ? String(answer.body) : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'Content-Type': answer.raw ? 'text/html' : 'application/json',
        ...(answer.status === 302 ? { Location: `http://example.com/${encodeURIComponent(DETAIL_PERSONAL.email)}` } : {}),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

describe('a server that echoes personal data in its errors: main logs code, status and a summary, never its text', () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let side: MainSide;
  beforeAll(async () => {
    echo = await startEchoServer();
    side = await startMainSide({ url: echo.url } as Sandbox, { name: 'desk-personal-echo', timeoutMs: 1500 });
  });
  afterAll(async () => {
    await side?.dispose();
    await echo?.close();
  });

  const createRequest = () => ({
    variantCode: 'reklamace',
    customerName: DETAIL_PERSONAL.customerName,
    email: DETAIL_PERSONAL.email,
    phone: DETAIL_PERSONAL.phone,
    orderNumber: DETAIL_PERSONAL.orderNumber,
    refundBankAccount: DETAIL_PERSONAL.bankAccount,
    refundVariableSymbol: DETAIL_PERSONAL.variableSymbol,
    description: DETAIL_PERSONAL.description,
    items: [{ label: DETAIL_PERSONAL.itemLabel, quantity: 1, price: 100 }],
  });
  let n = 0;
  const calls = () => ({
    detail: () => side.desk.getComplaint({ id: ID, destination: DEMO_DESTINATION }),
    setStatus: () => side.desk.setComplaintStatus({ complaintId: ID, status: 'wait', destination: DEMO_DESTINATION }),
    create: () =>
      side.desk.createComplaint({
        request: createRequest(),
        destination: DEMO_DESTINATION,
        ref: `local-echoa${[...String(n++).padStart(5, '0')].map((d) => 'abcdefghjk'[Number(d)]).join('')}`,
      } as Parameters<typeof side.desk.createComplaint>[0]),
  });

  it('successes: the detail reply carries every field, the log none', async () => {
    echo.answer = null;
    const detail = await calls().detail();
    expect(detail).toMatchObject({ ok: true, value: { customerName: DETAIL_PERSONAL.customerName } });
    expect(await calls().setStatus()).toMatchObject({ ok: true });
    const created = await calls().create();
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true });
    const log = side.log.lines.join('\n');
    expect(log).toMatch(/detail/);
    expect(log).toMatch(/set-status/);
    expect(log).toMatch(/create/);
    for (const value of ECHOED) expect(log, `the log contains ${value}`).not.toContain(value);
  });

  it.each(ECHO_ANSWERS)('%s: detail, set-status and create fail; the log has status and code, not the text', async (_name, answer) => {
    echo.answer = answer;
    const before = side.log.lines.length;
    for (const [name, call] of Object.entries(calls())) {
      const r = await call();
      expect(r.ok, name).toBe(false);
    }
    const lines = side.log.lines.slice(before);
    const log = lines.join('\n');
    for (const value of ECHOED) expect(log, `the log contains ${value}`).not.toContain(value);
    for (const value of ECHOED) expect(log.toLowerCase(), `the log contains ${value}`).not.toContain(value.toLowerCase());
    for (const path of ['detail', 'set-status', 'create']) {
      expect(lines.some((l) => l.includes(path) && l.includes(`httpStatus=${answer.status}`)), `${path} HTTP ${answer.status}`).toBe(true);
    }
    echo.answer = null;
  });

  it('the renderer still gets the server text (the UI shows it); the log names the named code', async () => {
    echo.answer = { status: 400, body: errorBody('INVALID_REQUEST') };
    const before = side.log.lines.length;
    const r = await calls().setStatus();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain(DETAIL_PERSONAL.customerName);
    const log = side.log.lines.slice(before).join('\n');
    expect(log).toContain('INVALID_REQUEST');
    expect(log).toMatch(/not logged/);
    echo.answer = null;
  });
});
