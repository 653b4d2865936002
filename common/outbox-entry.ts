/**
 * An outbox entry and its states: the record the outbox rules (./outbox-rules.ts) read
 * and the sync engine writes.
 *
 * Ordering is by `seq` (Dexie's auto-increment), never by the device clock.
 */
import type { Destination } from './destination';
import type { DeskError } from './errors';
import type { CreateComplaintRequest } from './api-schemas';
import type { ComplaintStatus, ServerStatus } from './status';

export const OUTBOX_STATES = [
  'queued', // waiting to be sent (maybe until nextAttemptAt)
  'sending', // claimed by a flush; the request may be in flight
  'needs-check', // sent, outcome unknown: `detail` decides before anything is resent
  'uncertain', // a create whose answer was lost: it may exist on BizKitHub, the agent decides (never resent by itself)
  'conflict', // the server's status is not what the agent saw: the agent decides
  'failed', // the server refused it (unknown complaint, invalid): the agent decides
  'sent', // applied (or found already applied): history
  'discarded', // dropped by the agent, never applied: history
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Not yet on the server (as far as we know). These block removal and count as pending. */
export const UNSENT_STATES = ['queued', 'sending', 'needs-check', 'uncertain', 'conflict', 'failed'] as const satisfies readonly OutboxState[];
export type UnsentState = (typeof UNSENT_STATES)[number];
/** Unsent entries the engine works on by itself (the others wait for the agent). */
export const ACTIVE_STATES = ['queued', 'sending', 'needs-check'] as const satisfies readonly UnsentState[];
/** Kept as history only; `pruneHistory` may delete them. */
export const HISTORY_STATES = ['sent', 'discarded'] as const satisfies readonly OutboxState[];

export function isUnsent(state: OutboxState): state is UnsentState {
  return (UNSENT_STATES as readonly OutboxState[]).includes(state);
}

/** 'linked': an uncertain create the agent matched to an existing complaint ("It exists, its ID is …"). */
export type OutboxResolution = null | 'sent' | 'reconciled' | 'applied-anyway' | 'kept-server' | 'discarded' | 'linked';

/**
 * 'status': a status change (set-status). 'create': a complaint filed in the app
 * (create); its complaintId is a local reference until BizKitHub answers with an ID.
 */
export type OutboxEntryKind = 'status' | 'create';

export interface OutboxEntry {
  /** ++auto-increment: the only ordering (never the device clock). */
  seq?: number;
  /** Absent on entries written before creates existed: a status change. */
  kind?: OutboxEntryKind;
  /** The complaint's ID, or its local reference while it is not yet on BizKitHub. */
  complaintId: string;
  /** For a create: 'new' (what create makes). */
  targetStatus: ComplaintStatus;
  /**
   * The status the agent saw when changing (pending or confirmed; one the app does not
   * know when BizKitHub reported such); null if none was known.
   */
  baseStatus: ServerStatus | null;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /**
   * The step of the backoff the entry is at (the exponent of its next delay). It grows with
   * every failed try that reached the server, not with tries that found it unreachable.
   * Absent on entries that never failed since it existed: `attempts` stands in. Never above
   * `attempts` (an entry put back to 0 attempts starts its backoff over).
   */
  backoffLevel?: number;
  /** ms epoch; 0 = as soon as possible. */
  nextAttemptAt: number;
  lastError: DeskError | null;
  /** ms epoch; strictly increases on every write of the entry (the engine uses it as a claim token). */
  updatedAt: number;
  sentAt: number | null;
  /**
   * How it ended (sent/reconciled/kept-server/discarded), or the agent's decision on an
   * entry still unsent ('applied-anyway' = "Apply mine anyway" chosen on a conflict; it
   * stays 'applied-anyway' once sent).
   */
  resolution: OutboxResolution;
  /** For conflicts (and after them): what the server had. */
  serverStatusSeen: ServerStatus | null;
  /**
   * The destination the change was made for (../destination.ts): it is sent there or
   * nowhere. Absent only before schema v4, whose upgrade sets it.
   */
  destination?: Destination;
  /** Targets this entry replaced within its undo hold, oldest first (see decideChange). */
  replaced?: ComplaintStatus[];
  /** A create's request body. Personal data: never exported, never logged. */
  create?: CreateComplaintRequest;
  /** The local reference the complaint had before BizKitHub gave it an ID (set by the remap). */
  localRef?: string;
  /**
   * A change the agent sent here from another destination's queue ("Send to this account"):
   * `<destination>#<seq>` of the original, so a move cut short is never copied twice.
   */
  movedFrom?: string;
}

const ENTRY_KINDS: readonly (OutboxEntryKind | undefined)[] = ['status', 'create', undefined];

/**
 * A kind this release knows how to send. An entry of another kind (written by a newer
 * release) is still counted as unsent, but never sent, and never read as a status change.
 */
export function isKnownEntryKind(entry: Pick<OutboxEntry, 'kind'>): boolean {
  return ENTRY_KINDS.includes(entry.kind);
}

export function isCreate(entry: Pick<OutboxEntry, 'kind'>): boolean {
  return entry.kind === 'create';
}

