import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataKey } from '../../../../common/data-key';
import { ipcContract } from '../../../../common/ipc-contract';
import type { JournalEntry } from '../../../../common/journal';
import { journalChannels } from '../../../../electron/services/desk/journal-channels';
import { openJournal, type Journal } from '../../../../electron/services/journal/journal';
import type { Logger } from '../../../../electron/services/logger';
import { OTHER_DATA_KEY, TEST_DATA_KEY } from '../../../support/data-key';

const LIVE = 'live:https://api.bizkithub.com';
const BODY = { variantCode: 'reklamace', description: 'Prasklý displej', customerName: 'Jana Nováková', orderNumber: 'OBJ-17' };
const NOW = Date.parse('2026-12-08T02:00:00.000Z');

let dir: string | undefined;
let journals: Journal[] = [];
afterEach(async () => {
  for (const j of journals) await j.close().catch(() => undefined);
  journals = [];
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function recordingLog(lines: string[]): Logger {
  const put = (level: string) => (message: string, meta?: unknown) => void lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') } as unknown as Logger;
}

async function open(key: DataKey = TEST_DATA_KEY): Promise<Journal> {
  dir ??= mkdtempSync(join(tmpdir(), 'desk-journal-channels-'));
  const j = await openJournal({ path: join(dir, 'unsent-work.journal'), dataKey: async () => key, log: recordingLog([]) });
  journals.push(j);
  return j;
}

function entry(seq: number, over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    destination: LIVE,
    seq,
    kind: 'status',
    complaintId: `RK-${seq}`,
    targetStatus: 'open',
    baseStatus: 'new',
    state: 'queued',
    attempts: 0,
    createdAt: 1000 + seq,
    nextAttemptAt: 0,
    ...over,
  };
}

describe('journal:export (Export unsent changes, when the database cannot be opened)', () => {
  it('answers the destination’s unsent entries in order, a create with what was filed, sent ones left out', async () => {
    const journal = await open();
    await journal.append([
      { op: 'put', entry: entry(1) },
      { op: 'put', entry: entry(2, { complaintId: 'RK-2', targetStatus: 'wait' }) },
      { op: 'put', entry: entry(3, { kind: 'create', complaintId: 'local-abcdefghjk', targetStatus: 'new', baseStatus: null, create: BODY }) },
      { op: 'gone', destination: LIVE, seq: 2, outcome: 'sent' },
      { op: 'put', entry: entry(4, { destination: 'demo' }) },
    ]);
    const lines: string[] = [];
    const handlers = journalChannels(journal, recordingLog(lines), { now: () => NOW });

    const reply = await handlers.exportJournal({ destination: LIVE });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    // What crosses IPC must be what the contract promises.
    expect(ipcContract.exportJournal.output.safeParse(reply.value).success).toBe(true);
    expect(reply.value.format).toBe('bizkithub-desk-unsent');
    expect(reply.value.destination).toBe(LIVE);
    expect(reply.value.exportedAt).toBe('2026-12-08T02:00:00.000Z');
    expect(reply.value.entries.map((e) => [e.seq, e.kind, e.complaintId, e.targetStatus])).toEqual([
      [1, 'status', 'RK-1', 'open'],
      [3, 'create', 'local-abcdefghjk', 'new'],
    ]);
    expect(reply.value.entries[1]?.create).toEqual(BODY);
    expect(reply.value.entries[1]?.unreadable).toBe(false);
    // The log says how many, never what was filed.
    const logged = lines.find((l) => l.includes('exported'));
    expect(logged).toMatch(/"entries":2,"creates":1,"unreadable":0/);
    expect(lines.join('\n')).not.toContain('Nováková');
  });

  it('lists a create sealed with a key this run does not have, without its body', async () => {
    const first = await open(TEST_DATA_KEY);
    await first.append([{ op: 'put', entry: entry(7, { kind: 'create', complaintId: 'local-bcdefghjkm', targetStatus: 'new', baseStatus: null, create: BODY }) }]);
    await first.close();
    journals = [];
    const journal = await open(OTHER_DATA_KEY);

    const reply = await journalChannels(journal, recordingLog([])).exportJournal({ destination: LIVE });
    expect(reply.ok && reply.value.entries.map((e) => ({ seq: e.seq, unreadable: e.unreadable, create: e.create }))).toEqual([
      { seq: 7, unreadable: true, create: undefined },
    ]);
  });

  it('without a journal (its file could not be opened) the export is empty, not an error', async () => {
    const reply = await journalChannels(null, recordingLog([])).exportJournal({ destination: LIVE });
    expect(reply.ok && reply.value.entries).toEqual([]);
  });
});
