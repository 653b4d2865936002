/**
 * The journal of unsent work, in main: a file in the app's data folder, outside the
 * browser's database, that holds every unsent change and complaint filed until it leaves
 * the queue. Main is its one writer: the renderer tells it of the agent's actions (an
 * entry as it stands now, or how it left) before the agent is told "saved", and main
 * records what it sees itself, since every request to BizKitHub passes through it: a
 * request going out (`sending`), its success (`gone`, sent) or a definite refusal
 * (`answered`).
 *
 * At a workspace's start the renderer asks for the destination's unsent entries and
 * restores those its database lacks (renderer/src/data/journal-reconcile.ts).
 *
 * A create's body is sealed with the data key (./journal-seal.ts); everything else is
 * kept readable (statuses, IDs, order: nothing personal), so status changes survive even
 * a key that lived in memory only. With such a key (no keychain) a create's body is kept
 * in clear until it is sent, as the browser database keeps it then: sealing it with a key
 * that dies with the process would lose the complaint with the database. Unless IT policy
 * requires encrypted storage (`DataKey.encryptionRequired`): the body is then sealed with
 * that key all the same, so it lives only as long as this process.
 */
import type { DataKey } from '../../../common/data-key';
import type { Destination } from '../../../common/destination';
import type { DeskError } from '../../../common/errors';
import type { JournalEntry, JournalRecord, JournalUnsent, JournalUnsentReply } from '../../../common/journal';
import type { Logger } from '../logger';
import { openJournalFile, type JournalFile } from './journal-file';
import { openCreate, sealCreate } from './journal-seal';
import { createJournalState, FileRecordSchema, type FileRecord, type JournalState } from './journal-state';

/** Compact once the file is larger than this and than COMPACT_FACTOR × what a compaction writes. */
const COMPACT_MIN_BYTES = 512 * 1024;
const COMPACT_FACTOR = 4;

/** Refusals that prove the request was not applied: nothing to check before sending again. */
const NOT_APPLIED: ReadonlySet<DeskError['kind']> = new Set([
  'auth',
  'not-found',
  'invalid',
  'rate-limited',
  'network',
  'bad-request',
  'forbidden',
  'no-keychain',
  'not-configured',
  'wrong-destination',
]);

export interface Journal {
  /** The renderer's records; resolves once they are durable. */
  append(records: readonly JournalRecord[]): Promise<void>;
  unsent(destination: Destination): Promise<JournalUnsentReply>;
  /** A set-status request is going out: the seq of the entry it carries, or null when the journal has none. */
  statusSending(destination: Destination, complaintId: string, status: JournalEntry['targetStatus']): number | null;
  /** A create is going out: recorded durably before it is sent (its answer may be lost). */
  createSending(destination: Destination, ref: string): Promise<number | null>;
  /** The answer to a request `*Sending` named: applied (with the create's new ID), refused, or unknown. */
  answered(destination: Destination, seq: number | null, reply: { ok: true; id?: string } | { ok: false; error: DeskError }): void;
  /** Unsent entries of every destination. */
  count(destination?: Destination): number;
  close(): Promise<void>;
}

export interface JournalOptions {
  path: string;
  dataKey: () => Promise<DataKey>;
  log: Logger;
}

export async function openJournal(o: JournalOptions): Promise<Journal> {
  const { log } = o;
  const opened = await openJournalFile(o.path);
  const state = createJournalState();
  let unknown = 0;
  for (const payload of opened.payloads) {
    const record = parseRecord(payload);
    if (record) state.apply(record);
    else unknown += 1;
  }
  if (opened.tornBytes > 0) log.warn('journal: a torn last record was skipped', { bytes: opened.tornBytes });
  if (unknown > 0) log.warn('journal: records this version does not know were skipped', { count: unknown });
  log.info('journal opened', { records: opened.payloads.length, unsent: state.count() });
  return createJournal(opened.file, state, o);
}

function parseRecord(payload: string): FileRecord | null {
  try {
    const parsed = FileRecordSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function createJournal(file: JournalFile, state: JournalState, o: JournalOptions): Journal {
  const { log } = o;
  let compactAt = Math.max(COMPACT_MIN_BYTES, file.size() * COMPACT_FACTOR);
  let compacting: Promise<void> | null = null;

  async function write(records: readonly FileRecord[]): Promise<void> {
    for (const record of records) state.apply(record);
    await file.append(records.map((r) => JSON.stringify(r)));
    if (file.size() > compactAt && compacting === null) compacting = compact().finally(() => (compacting = null));
  }

  async function compact(): Promise<void> {
    const before = file.size();
    await file.rewrite(state.snapshot().map((r) => JSON.stringify(r)));
    compactAt = Math.max(COMPACT_MIN_BYTES, file.size() * COMPACT_FACTOR);
    log.info('journal compacted', { before, after: file.size(), unsent: state.count() });
  }

  /** Background records (main's own): a failure is logged, the request goes on. */
  function writeSoon(records: readonly FileRecord[]): void {
    void write(records).catch((e: unknown) => log.warn('journal write failed', { error: e }));
  }

  async function toFileRecord(record: JournalRecord): Promise<FileRecord> {
    if (record.op !== 'put') return record;
    const { create, ...entry } = record.entry;
    if (create === undefined) return { op: 'put', entry };
    const key = await o.dataKey();
    // A key in memory only would make the body unreadable after a restart: it is then kept
    // in clear until sent, as the browser database keeps it (renderer/src/data/at-rest.ts),
    // unless policy forbids anything personal in clear.
    if (key.kept === 'memory-only' && key.encryptionRequired !== true) return { op: 'put', entry, plain: create };
    return { op: 'put', entry, sealed: sealCreate(key, entry.destination, entry.seq, create) };
  }

  return {
    async append(records) {
      await write(await Promise.all(records.map(toFileRecord)));
    },

    async unsent(destination) {
      const key = await o.dataKey();
      const entries: JournalUnsent[] = state.unsent(destination).map((stored) => {
        const { entry, sealed } = stored;
        const create = sealed ? openCreate(key, destination, entry.seq, sealed) : (stored.plain ?? null);
        return {
          ...entry,
          ...(create ? { create } : {}),
          maybeSent: stored.maybeSent,
          unreadable: entry.kind === 'create' && create === null,
        };
      });
      return { entries, lastSeq: state.lastSeq(destination) };
    },

    statusSending(destination, complaintId, status) {
      const head = state.headOf(destination, complaintId, 'status');
      if (!head || head.entry.targetStatus !== status) return null;
      const seq = head.entry.seq;
      writeSoon([{ op: 'sending', destination, seq }]);
      return seq;
    },

    async createSending(destination, ref) {
      const head = state.headOf(destination, ref, 'create');
      if (!head) return null;
      const seq = head.entry.seq;
      await write([{ op: 'sending', destination, seq }]);
      return seq;
    },

    answered(destination, seq, reply) {
      if (seq === null) return;
      if (reply.ok) {
        writeSoon([{ op: 'gone', destination, seq, outcome: 'sent', ...(reply.id !== undefined ? { remapTo: reply.id } : {}) }]);
      } else if (NOT_APPLIED.has(reply.error.kind)) {
        writeSoon([{ op: 'answered', destination, seq }]);
      }
    },

    count: (destination) => (destination === undefined ? state.count() : state.unsent(destination).length),

    async close() {
      await compacting;
      await file.close();
    },
  };
}
