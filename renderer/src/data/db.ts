/**
 * The app's Dexie databases, one per destination (common/destination.ts): demo mode and
 * each live API origin have their own cached worklist, outbox and sync state, so demo
 * and live never mix and an entry's database says where it may be sent. The database
 * of the destination current at start is the one the app works in; the others only wait
 * (their unsent changes are listed as waiting, see ./destinations.ts). Every schema
 * version ever shipped stays listed below (Dexie upgrades a user's database through them
 * in order); never edit a shipped version, add a new one.
 *
 * Only data/ opens these tables (ESLint's data door): sync/ and ui/ use its named queries
 * and writes, and may import from here only the types (and isLocalOnly).
 *
 * Indexes (what data/'s queries may use):
 *   complaints: id (primary), lastChangeAt, serverStatus, pendingCount,
 *               *searchWords (multiEntry, since v3; see ./search-words.ts; stored as keyed
 *               tokens of word prefixes, startsWith/equals translated: ./at-rest.ts),
 *               localRef (since v5: a complaint filed here, by the reference it had before its ID)
 *     e.g. db.complaints.orderBy('lastChangeAt').reverse()
 *          db.complaints.where('pendingCount').above(0)
 *          db.complaints.where('searchWords').startsWith(foldText('novák')).primaryKeys()
 *            (may list a key twice when several words match: dedupe)
 *   outbox: seq (primary, auto-increment: the only ordering), state,
 *           [complaintId+seq], nextAttemptAt, [state+updatedAt] (since v2)
 *     e.g. db.outbox.where('state').equals('queued')            (one range per state: ./outbox-queries.ts)
 *          db.outbox.where('[complaintId+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey])
 *          db.outbox.where('[state+updatedAt]').between(['sent', Dexie.minKey], ['sent', Dexie.maxKey])
 *   meta: key (primary); the row 'sync' holds SyncMeta.
 *   searchTokens (since v6): id (primary: the complaint's), *tokens; written and read
 *     only by ./at-rest.ts (the *searchWords queries above are answered from it).
 * Rows written before this release may still carry `searchText` (read by nothing since
 * v3's index; no longer written): left as it is, as no index uses it.
 * Personal fields are sealed at rest by ./at-rest.ts (installed by DeskDatabase): data/
 * reads and writes rows as typed here, and the stored form differs (see that file).
 * Booleans and null are not indexable in IndexedDB: `existsOnServer` is not indexed,
 * and rows whose `serverStatus` is null are absent from that index.
 */
import Dexie, { type DBCore, type DBCoreTransaction, type Middleware, type Table, type Transaction } from 'dexie';
import { DEMO_DESTINATION, DestinationSchema, type Destination } from '../../../common/destination';
import type { ComplaintDetail, CreateComplaintRequest } from '../../../common/api-schemas';
import type { DeskError } from '../../../common/errors';
import type { OutboxEntry } from '../../../common/outbox-rules';
import type { ComplaintStatus, ServerStatus } from '../../../common/status';
import type { DataKey } from '../../../common/data-key';
import { classifyStorageError, leavesNothingReadable, StorageFailureError, type StorageFailure } from '../../../common/storage-errors';
import { createStore, type Store } from '../runtime/store';
import { atRestMiddleware, type SealerSlot } from './at-rest';
import { patchClearFields, type ClearPatch } from './at-rest-stored';
import { createSealer, type Sealer } from './sealing';
import { searchWordsOf } from './search-words';


/** The one database of releases before destinations; adopted by the destination current at the upgrade. */
export const DEFAULT_DB_NAME = 'bizkithub-complaints-desk';
const DESTINATION_DB_PREFIX = `${DEFAULT_DB_NAME}:`;

/** The database of one destination: `bizkithub-complaints-desk:demo`, `…:live:https://api.bizkithub.com`. */
export function databaseNameFor(destination: Destination): string {
  return `${DESTINATION_DB_PREFIX}${destination}`;
}

/** The destination a database belongs to, from its name; null for any other database. */
export function destinationOfDatabase(name: string): Destination | null {
  if (!name.startsWith(DESTINATION_DB_PREFIX)) return null;
  const parsed = DestinationSchema.safeParse(name.slice(DESTINATION_DB_PREFIX.length));
  return parsed.success ? parsed.data : null;
}

export interface CachedComplaint {
  /** Primary key: the complaint ID. */
  id: string;
  /** ms epoch (display only). */
  addedAt: number;
  /** Last `detail` from the server. */
  detail: ComplaintDetail | null;
  /** null = not fetched yet; false = the server said exist:false. */
  existsOnServer: boolean | null;
  /** Last status confirmed by the server (kept as sent when the app does not know it). */
  serverStatus: ServerStatus | null;
  /** Target of the newest unsent change (null = nothing pending). */
  pendingStatus: ComplaintStatus | null;
  /** Unsent outbox entries for this complaint. */
  pendingCount: number;
  fetchedAt: number | null;
  fetchError: DeskError | null;
  /** ms epoch; sort "by last change" (the agent's changes and status changes seen on the server). */
  lastChangeAt: number;
  /** Folded words of id, customer, order number, email: the `*searchWords` index (searchWordsOf). */
  searchWords: string[];
  /** A change was sent since `detail` was fetched: its timeline lacks that event (refreshed when shown). */
  timelineStale?: boolean;
  /**
   * Filed in this app (see ./new-complaints.ts): the reference it was filed under. While
   * `id === localRef` it is not yet on BizKitHub; once created, `id` is BizKitHub's ID and
   * this stays so links and views that knew the reference still find it.
   */
  localRef?: string;
  /** What the agent filed (shown until BizKitHub's detail is downloaded). Personal data, as `detail`. */
  draft?: CreateComplaintRequest;
}

/** Filed in this app and not yet created on BizKitHub: its `id` is a local reference. */
export function isLocalOnly(row: Pick<CachedComplaint, 'id' | 'localRef'>): boolean {
  return row.localRef !== undefined && row.id === row.localRef;
}

export const SYNC_META_KEY = 'sync';

/** The sync engine's state, mirrored here so it survives reloads. */
export interface SyncMeta {
  key: typeof SYNC_META_KEY;
  /** Last time a change was confirmed on the server (sent or found applied). */
  lastSuccessAt: number | null;
  /** Last time the engine called the API for the outbox. */
  lastAttemptAt: number | null;
  /** Last queue-level error (network, server, auth, rate limit...); cleared by a success. */
  lastError: DeskError | null;
  pausedReason: null | 'auth' | 'rate-limited';
  /** For 'rate-limited': when sending may resume (ms epoch). */
  pausedUntil: number | null;
  online: boolean;
}

/**
 * Fills `searchWords` of rows written before v3 (v3's upgrade). A one-off cost when a
 * database with many cached complaints is first opened by a release with v3: every row is
 * rewritten and the index built (figures in docs/data-notes.md).
 */
function addSearchWords(tx: Transaction): Promise<number> {
  return tx
    .table('complaints')
    .toCollection()
    .modify((row: CachedComplaint) => {
      row.searchWords = searchWordsOf(row.id, row.detail ?? null);
    });
}

/**
 * v4's upgrade rule: every entry written before destinations existed belongs to the
 * destination current at the upgrade (the database is opened for it).
 */
function stampDestination(tx: Transaction, destination: Destination): Promise<number> {
  return tx
    .table('outbox')
    .toCollection()
    .modify((entry: OutboxEntry) => {
      entry.destination ??= destination;
    });
}

export interface SchemaVersion {
  version: number;
  /** Only the stores that change in this version (Dexie keeps the others). */
  stores: Readonly<Record<string, string | null>>;
  /** Runs once when a database is upgraded to this version (not for new databases). */
  upgrade?: (tx: Transaction, destination: Destination) => Promise<unknown>;
}

/** Every schema version ever shipped, oldest first. Exported for the upgrade test. */
export const SCHEMA_VERSIONS = [
  {
    version: 1,
    stores: {
      complaints: 'id, lastChangeAt, serverStatus, pendingCount',
      outbox: '++seq, state, [complaintId+seq], nextAttemptAt',
      meta: 'key',
    },
  },
  {
    // v2: history by state and age (pruneHistory, the history list).
    version: 2,
    stores: {
      outbox: '++seq, state, [complaintId+seq], nextAttemptAt, [state+updatedAt]',
    },
  },
  {
    // v3: indexed worklist search (folded word prefixes instead of scanning searchText).
    version: 3,
    stores: {
      complaints: 'id, lastChangeAt, serverStatus, pendingCount, *searchWords',
    },
    upgrade: addSearchWords,
  },
  {
    // v4: entries record their destination (no new index).
    version: 4,
    stores: {},
    upgrade: stampDestination,
  },
  {
    // v5: complaints filed in the app, found by the local reference they had (links, open views).
    version: 5,
    stores: {
      complaints: 'id, lastChangeAt, serverStatus, pendingCount, *searchWords, localRef',
    },
  },
  {
    // v6: the search index as keyed tokens in their own table (./at-rest.ts), so a status
    // change does not rewrite it; complaints' *searchWords stays declared (the queries name
    // it) and holds nothing once rows are sealed.
    version: 6,
    stores: {
      searchTokens: 'id, *tokens',
    },
  },
] as const satisfies readonly SchemaVersion[];

export const DB_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

/**
 * Every transaction that writes the outbox commits with strict durability (flushed to disk
 * before it resolves), so a change the agent was told is saved survives a power cut; the
 * cached worklist and the search index keep the browser's relaxed default, as they are
 * downloaded again. Chromium only; other engines ignore the option.
 *
 * A write the storage refuses (a full disk: usually at commit, as the transaction's abort,
 * not as a request's error) is reported to `onFailure`, whoever wrote it: the agent's
 * change, the engine's settle or the refresher's download, so a background failure shows.
 */
function storageMiddleware(onFailure: (cause: unknown) => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'storage-health',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const strict = mode === 'readwrite' && stores.includes('outbox');
        const tx = down.transaction(stores, mode, strict ? { ...options, durability: 'strict' } : options);
        // The IndexedDB transaction itself (Dexie's DBCore type shows only abort()).
        const native = tx as unknown as Partial<Pick<IDBTransaction, 'addEventListener' | 'error'>>;
        if (mode === 'readwrite' && typeof native.addEventListener === 'function') {
          native.addEventListener('abort', () => {
            if (native.error) onFailure(native.error);
          });
        }
        return tx;
      },
    }),
  };
}

/** The storage's state as this window last saw it (StorageFailure: common/storage-errors.ts). */
export interface StorageHealth {
  failure: StorageFailure | null;
  /** ms epoch of the failure. */
  at: number | null;
  /** The browser's own words (details, the log); never shown as the explanation. */
  detail: string;
}

export const HEALTHY: StorageHealth = { failure: null, at: null, detail: '' };

export class DeskDatabase extends Dexie {
  complaints!: Table<CachedComplaint, string>;
  outbox!: Table<OutboxEntry, number>;
  meta!: Table<SyncMeta, string>;

  /** Where this database's changes go; every entry written here records it. */
  readonly destination: Destination;
  /** The data key's sealer (./at-rest.ts), in memory only. */
  private readonly sealerSlot: SealerSlot = { sealer: null };
  private currentKey: DataKey | null = null;
  /** What the last storage failure was; cleared by a write that succeeds (./storage-health.ts). */
  readonly storageHealth: Store<StorageHealth> = createStore(HEALTHY);
  /** Set while the app closes this database itself: Dexie fires 'close' for that too. */
  private closingOnPurpose = false;
  /** Another connection asked for this database at another version (or to delete it). */
  private wantedElsewhere: IDBVersionChangeEvent | null = null;

  constructor(name: string, destination: Destination = DEMO_DESTINATION, dataKey?: DataKey) {
    super(name);
    this.destination = destination;
    // Before any version: every read and write, upgrades included, goes through it.
    this.use(atRestMiddleware(this.sealerSlot));
    this.use(storageMiddleware((cause) => this.reportStorageFailure(cause)));
    // Runs before Dexie's own handler, which then closes the connection.
    this.on('versionchange', (event: IDBVersionChangeEvent) => {
      this.wantedElsewhere = event;
    });
    this.on('close', () => this.reportUnaskedClose());
    if (dataKey) this.useDataKey(dataKey);
    for (const entry of SCHEMA_VERSIONS as readonly SchemaVersion[]) {
      const version = this.version(entry.version).stores(entry.stores);
      const upgrade = entry.upgrade;
      if (upgrade) version.upgrade((tx) => upgrade(tx, destination));
    }
  }

  /**
   * Dexie closes the connection itself with `disableAutoOpen: false` (the browser closed
   * it, another version wants it, a transaction needs a reopen); every other close is the
   * app's own, and is no failure.
   */
  override close(closeOptions?: { disableAutoOpen: boolean }): void {
    if (closeOptions?.disableAutoOpen === false) {
      super.close(closeOptions);
      return;
    }
    this.closingOnPurpose = true;
    try {
      super.close(closeOptions);
    } finally {
      this.closingOnPurpose = false;
    }
  }

  /**
   * A close the app did not ask for: another version of the app (another window) wants the
   * database, or else the browser closed the connection (after a storage error, or the
   * files were removed).
   */
  private reportUnaskedClose(): void {
    if (this.closingOnPurpose) return;
    const wanted = this.wantedElsewhere;
    this.wantedElsewhere = null;
    if (wanted === null) {
      this.reportStorageFailure(new Dexie.DatabaseClosedError('The browser closed the database.'));
      return;
    }
    // IndexedDB's version is Dexie's times ten.
    const version = wanted.newVersion ? Math.floor(wanted.newVersion / 10) : null;
    this.reportStorageFailure(
      version === null
        ? new StorageFailureError('blocked', 'Another window of the app is removing the local database.')
        : new StorageFailureError('newer-version', `Another version of the app opens the local database at data version ${version}.`, version),
    );
  }

  /**
   * A failure seen by any reader or writer of this database. Only storage failures count
   * (classifyStorageError); the first one is kept until it is cleared, as it is the cause
   * (only a database that can no longer be read replaces it).
   */
  reportStorageFailure(cause: unknown): void {
    const failure = classifyStorageError(cause);
    if (failure === null) return;
    const current = this.storageHealth.get().failure;
    // Kept, unless the database has since become unreadable (a full disk, then the browser closed it).
    if (current !== null && (leavesNothingReadable(current) || !leavesNothingReadable(failure))) return;
    const detail = cause instanceof Error || (typeof cause === 'object' && cause !== null && 'message' in cause) ? String((cause as { message: unknown }).message) : String(cause);
    this.storageHealth.set({ failure, at: Date.now(), detail });
  }

  /** Seals and opens with this key from now on (a wipe gives the replacement key). */
  useDataKey(dataKey: DataKey): void {
    this.currentKey = dataKey;
    this.sealerSlot.sealer = createSealer(this.name, dataKey);
  }

  /**
   * Sets clear fields of a stored row in the current read-write transaction without opening
   * or sealing its personal part (./at-rest-stored.ts patchClearFields); 'refused' outside such a
   * transaction or when an ordinary put must do it.
   */
  patchClearFields(table: 'complaints', key: string, patch: Partial<CachedComplaint>): Promise<ClearPatch> {
    const tx = Dexie.currentTransaction;
    if (!tx || tx.db !== this || tx.mode !== 'readwrite' || !tx.storeNames.includes(table)) return Promise.resolve('refused');
    // Awaited as Dexie's own promise, so the caller stays in the transaction's zone.
    return Dexie.Promise.resolve(patchClearFields(this.sealerSlot, tx.idbtrans as unknown as DBCoreTransaction, table, key, patch));
  }

  /** The current key's sealer (./session-text.ts seals with it); null before the key is given. */
  get sealer(): Sealer | null {
    return this.sealerSlot.sealer;
  }

  /** The key in use (other destinations' databases are opened with it); null before it is given. */
  get dataKey(): DataKey | null {
    return this.currentKey;
  }
}

/** A database by name (tests; the app opens one per destination, see ./destinations.ts). */
export function openDeskDatabase(name: string = DEFAULT_DB_NAME, destination?: Destination, dataKey?: DataKey): DeskDatabase {
  return new DeskDatabase(name, destination, dataKey);
}

/** All outbox entries of one complaint, oldest first (uses [complaintId+seq]). */
export function entriesOfComplaint(db: DeskDatabase, complaintId: string) {
  return db.outbox.where('[complaintId+seq]').between([complaintId, Dexie.minKey], [complaintId, Dexie.maxKey]);
}

/** A fresh worklist row for a complaint not fetched yet. */
export function newCachedComplaint(id: string, now: number): CachedComplaint {
  return {
    id,
    addedAt: now,
    detail: null,
    existsOnServer: null,
    serverStatus: null,
    pendingStatus: null,
    pendingCount: 0,
    fetchedAt: null,
    fetchError: null,
    lastChangeAt: now,
    searchWords: searchWordsOf(id, null),
  };
}

