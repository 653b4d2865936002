/**
 * What the journal's records add up to: per destination, the entries still unsent (as
 * last told, the create's body still sealed) and the highest `seq` ever told. Pure: the
 * file's records are replayed through `apply` at start, and every new record goes through
 * it as it is appended, so the state in memory is always what a restart would read.
 *
 * Records a newer release may write and this one does not know are skipped (counted), never
 * taken for something else.
 */
import { z } from 'zod';
import {
  JournalEntrySchema,
  JournalOutcomeSchema,
  type JournalEntry,
} from '../../../common/journal';
import { ComplaintIdSchema, CreateComplaintRequestSchema, type CreateComplaintRequest } from '../../../common/api-schemas';
import { DestinationSchema, type Destination } from '../../../common/destination';

/** A create's body sealed with the data key (./journal-seal.ts). */
export const SealedSchema = z.object({ k: z.string().max(64), iv: z.string().max(64), ct: z.string().max(4_000_000) }).strict();
export type Sealed = z.infer<typeof SealedSchema>;

const SeqSchema = z.number().int().min(1);
export const StoredEntrySchema = JournalEntrySchema.omit({ create: true });
export type StoredEntryFields = z.infer<typeof StoredEntrySchema>;

/** One record of the file, as written (JSON). */
export const FileRecordSchema = z.discriminatedUnion('op', [
  /**
   * `sealed`: a create's body sealed with the data key. `plain`: the body in clear, only
   * while the key lives in memory only (as the browser database keeps an unsent create then).
   */
  z.object({ op: z.literal('put'), entry: StoredEntrySchema, sealed: SealedSchema.optional(), plain: CreateComplaintRequestSchema.optional() }),
  z.object({
    op: z.literal('gone'),
    destination: DestinationSchema,
    seq: SeqSchema,
    outcome: JournalOutcomeSchema,
    remapTo: ComplaintIdSchema.optional(),
  }),
  z.object({ op: z.literal('forget'), destination: DestinationSchema }),
  /** Main saw a request for the entry go out; its answer is not known yet. */
  z.object({ op: z.literal('sending'), destination: DestinationSchema, seq: SeqSchema }),
  /** Main got a definite answer that the request was not applied (refused, not sent). */
  z.object({ op: z.literal('answered'), destination: DestinationSchema, seq: SeqSchema }),
  /** Written by compaction: the highest seq told for the destination. */
  z.object({ op: z.literal('mark'), destination: DestinationSchema, lastSeq: z.number().int().min(0) }),
]);
export type FileRecord = z.infer<typeof FileRecordSchema>;

export interface StoredEntry {
  entry: StoredEntryFields;
  sealed?: Sealed;
  plain?: CreateComplaintRequest;
  maybeSent: boolean;
}

interface DestinationState {
  entries: Map<number, StoredEntry>;
  lastSeq: number;
}

export interface JournalState {
  apply(record: FileRecord): void;
  /** Unsent entries of a destination, in seq order. */
  unsent(destination: Destination): StoredEntry[];
  lastSeq(destination: Destination): number;
  /** The complaint's oldest unsent entry of this kind (a chain sends in order), or undefined. */
  headOf(destination: Destination, complaintId: string, kind: JournalEntry['kind']): StoredEntry | undefined;
  /** Every unsent entry, all destinations. */
  count(): number;
  /** The records that rebuild this state (compaction). */
  snapshot(): FileRecord[];
}

export function createJournalState(): JournalState {
  const byDestination = new Map<Destination, DestinationState>();
  const of = (destination: Destination): DestinationState => {
    let d = byDestination.get(destination);
    if (!d) byDestination.set(destination, (d = { entries: new Map(), lastSeq: 0 }));
    return d;
  };

  function gone(d: DestinationState, seq: number, remapTo: string | undefined): void {
    const left = d.entries.get(seq);
    d.entries.delete(seq);
    if (!left || remapTo === undefined) return;
    const from = left.entry.complaintId;
    for (const stored of d.entries.values()) {
      if (stored.entry.complaintId !== from) continue;
      stored.entry = { ...stored.entry, complaintId: remapTo, localRef: stored.entry.localRef ?? from };
    }
  }

  function put(record: Extract<FileRecord, { op: 'put' }>): void {
    const d = of(record.entry.destination);
    const before = d.entries.get(record.entry.seq);
    // Same entry (same seq, made at the same moment): what main saw go out still holds,
    // unless the agent decided to send an uncertain create again.
    const same = before !== undefined && before.entry.createdAt === record.entry.createdAt;
    const decidedAgain = before?.entry.state === 'uncertain' && record.entry.state === 'queued';
    const body =
      record.sealed !== undefined || record.plain !== undefined
        ? { ...(record.sealed ? { sealed: record.sealed } : {}), ...(record.plain ? { plain: record.plain } : {}) }
        : same
          ? { ...(before.sealed ? { sealed: before.sealed } : {}), ...(before.plain ? { plain: before.plain } : {}) }
          : {};
    d.entries.set(record.entry.seq, {
      entry: record.entry,
      ...body,
      maybeSent: same && before.maybeSent && !decidedAgain,
    });
    d.lastSeq = Math.max(d.lastSeq, record.entry.seq);
  }

  return {
    apply(record) {
      switch (record.op) {
        case 'put':
          return put(record);
        case 'gone': {
          const d = of(record.destination);
          d.lastSeq = Math.max(d.lastSeq, record.seq);
          return gone(d, record.seq, record.remapTo);
        }
        case 'forget':
          byDestination.delete(record.destination);
          return;
        case 'sending':
        case 'answered': {
          const stored = of(record.destination).entries.get(record.seq);
          if (stored) stored.maybeSent = record.op === 'sending';
          return;
        }
        case 'mark': {
          const d = of(record.destination);
          d.lastSeq = Math.max(d.lastSeq, record.lastSeq);
          return;
        }
      }
    },
    unsent: (destination) => [...(byDestination.get(destination)?.entries.values() ?? [])].sort((a, b) => a.entry.seq - b.entry.seq),
    lastSeq: (destination) => byDestination.get(destination)?.lastSeq ?? 0,
    headOf(destination, complaintId, kind) {
      let head: StoredEntry | undefined;
      for (const stored of byDestination.get(destination)?.entries.values() ?? []) {
        if (stored.entry.complaintId !== complaintId) continue;
        if (head === undefined || stored.entry.seq < head.entry.seq) head = stored;
      }
      return head?.entry.kind === kind ? head : undefined;
    },
    count: () => [...byDestination.values()].reduce((n, d) => n + d.entries.size, 0),
    snapshot() {
      const records: FileRecord[] = [];
      for (const [destination, d] of byDestination) {
        records.push({ op: 'mark', destination, lastSeq: d.lastSeq });
        for (const stored of [...d.entries.values()].sort((a, b) => a.entry.seq - b.entry.seq)) {
          records.push({
            op: 'put',
            entry: stored.entry,
            ...(stored.sealed ? { sealed: stored.sealed } : {}),
            ...(stored.plain ? { plain: stored.plain } : {}),
          });
          if (stored.maybeSent) records.push({ op: 'sending', destination, seq: stored.entry.seq });
        }
      }
      return records;
    },
  };
}
