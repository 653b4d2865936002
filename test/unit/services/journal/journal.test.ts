import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataKey } from '../../../../common/data-key';
import type { JournalEntry } from '../../../../common/journal';
import { encodeRecord } from '../../../../electron/services/journal/journal-file';
import { openJournal, type Journal } from '../../../../electron/services/journal/journal';
import type { Logger } from '../../../../electron/services/logger';
import { MEMORY_ONLY_KEY, MEMORY_ONLY_POLICY_KEY, OTHER_DATA_KEY, TEST_DATA_KEY } from '../../../support/data-key';

const LIVE = 'live:https://api.bizkithub.com';
let dir: string | undefined;
let open: Journal[] = [];
afterEach(async () => {
  for (const j of open) await j.close().catch(() => undefined);
  open = [];
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function quietLog(lines: string[] = []): Logger {
  const put = (level: string) => (message: string, meta?: unknown) => void lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') } as unknown as Logger;
}

function pathOf(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'desk-journal-'));
  return join(dir, 'journal', 'unsent-work.journal');
}

async function start(key: DataKey = TEST_DATA_KEY, lines: string[] = []): Promise<Journal> {
  const j = await openJournal({ path: pathOf(), dataKey: async () => key, log: quietLog(lines) });
  open.push(j);
  return j;
}

async function restart(j: Journal, key: DataKey = TEST_DATA_KEY, lines: string[] = []): Promise<Journal> {
  await j.close();
  open = open.filter((x) => x !== j);
  return start(key, lines);
}

function status(seq: number, complaintId: string, target: JournalEntry['targetStatus'], base: JournalEntry['baseStatus'] = 'new'): JournalEntry {
  return { destination: LIVE, seq, kind: 'status', complaintId, targetStatus: target, baseStatus: base, state: 'queued', attempts: 0, createdAt: 1000 + seq, nextAttemptAt: 0 };
}

const BODY = { variantCode: 'reklamace', description: 'Prasklý displej', customerName: 'Jana Nováková', orderNumber: 'OBJ-17' };
function create(seq: number, ref: string): JournalEntry {
  return { destination: LIVE, seq, kind: 'create', complaintId: ref, targetStatus: 'new', baseStatus: null, state: 'queued', attempts: 0, createdAt: 1000 + seq, nextAttemptAt: 0, create: BODY };
}

describe('journal of unsent work (main)', () => {
  it('keeps unsent entries across a restart, with their order, base status and attempts; gone ones leave', async () => {
    let j = await start();
    await j.append([{ op: 'put', entry: status(2, 'C-2', 'wait', 'open') }, { op: 'put', entry: { ...status(1, 'C-1', 'open'), attempts: 3 } }]);
    await j.append([{ op: 'put', entry: status(3, 'C-3', 'closed') }, { op: 'gone', destination: LIVE, seq: 3, outcome: 'cancelled' }]);
    j = await restart(j);
    const { entries, lastSeq } = await j.unsent(LIVE);
    expect(entries.map((e) => [e.seq, e.complaintId, e.targetStatus, e.baseStatus, e.attempts])).toEqual([
      [1, 'C-1', 'open', 'new', 3],
      [2, 'C-2', 'wait', 'open', 0],
    ]);
    expect(lastSeq).toBe(3);
    expect((await j.unsent('demo')).entries).toEqual([]);
  });

  it("a create's body is sealed with the data key: not in the file in clear, readable again with the key, unreadable with another", async () => {
    let j = await start();
    await j.append([{ op: 'put', entry: create(1, 'local-abcdefghjk') }]);
    const file = readFileSync(pathOf(), 'utf8');
    expect(file).not.toContain('Nováková');
    expect(file).not.toContain('Prasklý');
    expect(file).toContain('local-abcdefghjk');
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries[0]).toMatchObject({ create: BODY, unreadable: false });
    j = await restart(j, OTHER_DATA_KEY);
    const [entry] = (await j.unsent(LIVE)).entries;
    expect(entry?.unreadable).toBe(true);
    expect(entry?.create).toBeUndefined();
  });

  it('with a key kept in memory only, a create is kept in clear until it is sent (as the browser database keeps it), and restored after a restart with a new key', async () => {
    let j = await start(MEMORY_ONLY_KEY);
    await j.append([{ op: 'put', entry: create(1, 'local-abcdefghjk') }]);
    j = await restart(j, { ...MEMORY_ONLY_KEY, keyId: 'run-key-2' });
    expect((await j.unsent(LIVE)).entries[0]).toMatchObject({ create: BODY, unreadable: false });
    const seq = await j.createSending(LIVE, 'local-abcdefghjk');
    j.answered(LIVE, seq, { ok: true, id: 'RK-9' });
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries).toEqual([]);
  });

  it('policy requireEncryptedStorage with a key in memory only: no body in the file in clear; it is lost at a restart, status changes are not', async () => {
    let j = await start(MEMORY_ONLY_POLICY_KEY);
    await j.append([{ op: 'put', entry: create(1, 'local-abcdefghjk') }, { op: 'put', entry: status(2, 'C-2', 'open') }]);
    const bytes = readFileSync(pathOf());
    for (const text of [bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('utf16le')]) {
      for (const planted of ['Nováková', 'Novakova', 'Prasklý', 'OBJ-17']) expect(text).not.toContain(planted);
    }
    expect(bytes.toString('utf8')).not.toContain('"plain"');
    // In this run, the body is there for the sender.
    expect((await j.unsent(LIVE)).entries[0]).toMatchObject({ create: BODY, unreadable: false });
    j = await restart(j, { ...MEMORY_ONLY_POLICY_KEY, keyId: 'run-key-2' });
    const { entries } = await j.unsent(LIVE);
    expect(entries.map((e) => [e.seq, e.kind, e.unreadable])).toEqual([
      [1, 'create', true],
      [2, 'status', false],
    ]);
    expect(entries[0]?.create).toBeUndefined();
  });

  it('main records sends: set-status going out marks the chain head maybe-sent; its success removes it; a definite refusal clears the mark', async () => {
    let j = await start();
    await j.append([{ op: 'put', entry: status(1, 'C-1', 'open') }, { op: 'put', entry: status(2, 'C-1', 'wait', 'open') }, { op: 'put', entry: status(3, 'C-2', 'open') }]);
    expect(j.statusSending(LIVE, 'C-1', 'wait')).toBeNull(); // not the head of its chain
    const first = j.statusSending(LIVE, 'C-1', 'open');
    expect(first).toBe(1);
    const other = j.statusSending(LIVE, 'C-2', 'open');
    j.answered(LIVE, other, { ok: false, error: { kind: 'rate-limited', message: 'slow down' } });
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries.map((e) => [e.seq, e.maybeSent])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    j.answered(LIVE, j.statusSending(LIVE, 'C-1', 'open'), { ok: true });
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries.map((e) => e.seq)).toEqual([2, 3]);
  });

  it('a create is recorded as going out before it is sent; once created, the changes behind it move to its ID', async () => {
    let j = await start();
    await j.append([{ op: 'put', entry: create(1, 'local-abcdefghjk') }, { op: 'put', entry: status(2, 'local-abcdefghjk', 'open') }]);
    const seq = await j.createSending(LIVE, 'local-abcdefghjk');
    // Durable now: a crash here leaves a create whose answer may be lost.
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries.map((e) => [e.seq, e.maybeSent])).toEqual([
      [1, true],
      [2, false],
    ]);
    j.answered(LIVE, seq, { ok: true, id: 'RK-77' });
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries).toMatchObject([{ seq: 2, complaintId: 'RK-77', localRef: 'local-abcdefghjk' }]);
    expect(j.statusSending(LIVE, 'RK-77', 'open')).toBe(2);
  });

  it('a torn last record is skipped at start, never fatal, and said in the log', async () => {
    let j = await start();
    await j.append([{ op: 'put', entry: status(1, 'C-1', 'open') }]);
    await j.close();
    open = [];
    const torn = encodeRecord(JSON.stringify({ op: 'put', entry: status(2, 'C-2', 'open') }));
    appendFileSync(pathOf(), torn.subarray(0, torn.length - 7));
    const lines: string[] = [];
    j = await start(TEST_DATA_KEY, lines);
    expect((await j.unsent(LIVE)).entries.map((e) => e.seq)).toEqual([1]);
    expect(lines.some((l) => l.startsWith('warn journal: a torn last record was skipped'))).toBe(true);
  });

  it('a record of a kind a newer version wrote is skipped, never read as a change', async () => {
    const j0 = await start();
    await j0.close();
    open = [];
    appendFileSync(pathOf(), encodeRecord(JSON.stringify({ op: 'move-to-store', destination: LIVE, seq: 5, complaintId: 'C-5' })));
    const lines: string[] = [];
    const j = await start(TEST_DATA_KEY, lines);
    expect((await j.unsent(LIVE)).entries).toEqual([]);
    expect(lines.some((l) => l.includes('records this version does not know'))).toBe(true);
  });

  it('forget drops a destination (its local data was wiped)', async () => {
    let j = await start();
    await j.append([{ op: 'put', entry: status(1, 'C-1', 'open') }, { op: 'put', entry: { ...status(1, 'D-1', 'open'), destination: 'demo' } }]);
    await j.append([{ op: 'forget', destination: LIVE }]);
    j = await restart(j);
    expect((await j.unsent(LIVE)).entries).toEqual([]);
    expect((await j.unsent('demo')).entries).toHaveLength(1);
  });

  it('compacts when the file grows: what is unsent stays, the file shrinks', async () => {
    let j = await start();
    const lines: string[] = [];
    for (let round = 0; round < 40; round++) {
      const records = [];
      for (let i = 0; i < 50; i++) {
        const seq = round * 50 + i + 1;
        records.push({ op: 'put' as const, entry: { ...status(seq, `C-${seq}`, 'open'), replaced: ['wait', 'resolve', 'closed', 'reject'] as JournalEntry['replaced'] } });
        if (seq % 100 !== 0) records.push({ op: 'gone' as const, destination: LIVE, seq, outcome: 'sent' as const });
      }
      await j.append(records);
    }
    await j.close();
    open = [];
    expect(statSync(pathOf()).size).toBeLessThan(512 * 1024);
    j = await start(TEST_DATA_KEY, lines);
    const { entries, lastSeq } = await j.unsent(LIVE);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 100));
    expect(lastSeq).toBe(2000);
  });
});
