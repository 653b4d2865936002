/**
 * The journal of unsent work as it crosses IPC: what the renderer tells main about its
 * outbox (an entry as it stands now, or how an entry left the queue) and what main
 * answers at a workspace's start (the entries it holds as unsent for a destination).
 *
 * The journal lives in main, outside the browser's database, so that unsent work
 * outlives a lost, evicted or damaged IndexedDB. An entry is named by its destination
 * and its `seq` (the outbox's order): a restored entry keeps its `seq`, so order holds.
 */
import { z } from 'zod';
import { ComplaintIdSchema, CreateComplaintRequestSchema } from './api-schemas';
import { DestinationSchema } from './destination';
import { ComplaintStatusSchema, ServerStatusSchema } from './status';

const SeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The unsent states an entry can be journaled in (history states leave by a `gone` record). */
export const JournalEntryStateSchema = z.enum(['queued', 'sending', 'needs-check', 'uncertain', 'conflict', 'failed']);

/** An unsent entry as it stands: what is needed to restore it in an empty database. */
export const JournalEntrySchema = z
  .object({
    destination: DestinationSchema,
    seq: SeqSchema,
    kind: z.enum(['status', 'create']),
    /** The complaint's ID, or its local reference while it is not yet on BizKitHub. */
    complaintId: ComplaintIdSchema,
    localRef: ComplaintIdSchema.optional(),
    targetStatus: ComplaintStatusSchema,
    baseStatus: ServerStatusSchema.nullable(),
    state: JournalEntryStateSchema,
    attempts: z.number().int().min(0).max(1_000_000),
    createdAt: z.number().int().min(0),
    nextAttemptAt: z.number().int().min(0),
    replaced: z.array(ComplaintStatusSchema).max(100).optional(),
    /** A create's body: personal data, sealed with the data key in the journal's file. */
    create: CreateComplaintRequestSchema.optional(),
  })
  .strict();
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/**
 * How an entry left the queue: `sent` (set-status or create answered), `applied` (the
 * check found it already applied), `discarded`, `kept` (the server's status kept on a
 * conflict), `linked` (an uncertain create matched to an existing complaint: `remapTo`),
 * `cancelled` (undone before it was sent).
 */
export const JournalOutcomeSchema = z.enum(['sent', 'applied', 'discarded', 'kept', 'linked', 'cancelled']);
export type JournalOutcome = z.infer<typeof JournalOutcomeSchema>;

export const JournalRecordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), entry: JournalEntrySchema }).strict(),
  z
    .object({
      op: z.literal('gone'),
      destination: DestinationSchema,
      seq: SeqSchema,
      outcome: JournalOutcomeSchema,
      /** The ID the complaint has now (a create sent or linked): entries behind it move to it. */
      remapTo: ComplaintIdSchema.optional(),
    })
    .strict(),
  /** Everything of one destination is forgotten (its local data was wiped by the agent). */
  z.object({ op: z.literal('forget'), destination: DestinationSchema }).strict(),
]);
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

export const JournalAppendSchema = z.object({ records: z.array(JournalRecordSchema).min(1).max(10_000) }).strict();

/**
 * An entry main holds as unsent. `maybeSent`: main saw a request for it go out and no
 * answer (a create whose answer may be lost; a status change to check with `detail`).
 * `unreadable`: a create whose body cannot be opened (sealed with a key this run does not
 * have): restoring it is impossible, and the agent is told it is missing.
 */
export const JournalUnsentSchema = JournalEntrySchema.extend({
  maybeSent: z.boolean(),
  unreadable: z.boolean(),
});
export type JournalUnsent = z.infer<typeof JournalUnsentSchema>;

export const JournalUnsentReplySchema = z.object({
  entries: z.array(JournalUnsentSchema),
  /** The highest `seq` main was ever told of for the destination (gone entries included). */
  lastSeq: z.number().int().min(0),
});
export type JournalUnsentReply = z.infer<typeof JournalUnsentReplySchema>;

/**
 * The journal's unsent entries of a destination, for the agent to save as a file when the
 * browser's database cannot be opened (written by a newer version, kept open elsewhere).
 * A create's body is in it (what the agent filed, to file again by hand): personal data,
 * so it leaves main only when the agent asks to save the file, and only to that file.
 * An unreadable create is listed without a body.
 */
export const JournalExportSchema = z.object({
  format: z.literal('bizkithub-desk-unsent'),
  destination: DestinationSchema,
  exportedAt: z.string().max(40),
  entries: z.array(JournalUnsentSchema),
});
export type JournalExport = z.infer<typeof JournalExportSchema>;

/** What a workspace restored from the journal at its start, for main's log. */
export const JournalRestoredSchema = z
  .object({
    destination: DestinationSchema,
    restored: z
      .array(z.object({ seq: SeqSchema, complaintId: ComplaintIdSchema, kind: z.enum(['status', 'create']), state: z.string().max(20) }).strict())
      .max(100_000),
    missing: z.number().int().min(0),
    adopted: z.number().int().min(0),
    closed: z.number().int().min(0),
  })
  .strict();
export type JournalRestored = z.infer<typeof JournalRestoredSchema>;
