/**
 * Personal data at rest, done once at the door: a Dexie DBCore middleware that every
 * DeskDatabase installs (./db.ts), so every write and read through Dexie seals and opens
 * what is personal, whichever data/ function made it. Sealing is ./sealing.ts's.
 *
 * Stored form of a row this middleware wrote (`atRest: 1`):
 * - the personal fields (AT_REST_POLICIES) that hold a value are removed and sealed
 *   together into `sealed` (AES-GCM, the table and primary key as associated data);
 *   null and absent stay as they are, and a row with nothing personal is not sealed at
 *   all (a status change costs no seal);
 * - IDs, statuses, times, sequence numbers and states stay clear for the indexes;
 * - `searchWords` is not stored: the keyed tokens of every word prefix go to their own
 *   table (`searchTokens`: id, *tokens), written only when they change, so re-putting a
 *   complaint on a status change does not rewrite dozens of index entries. Every
 *   transaction over `complaints` also covers `searchTokens` (this middleware's
 *   `transaction`). `where('searchWords').startsWith(w)` / `.equals(w)` are answered by the
 *   token of `w` in that table, and a row read back carries its words again (re-derived
 *   from the opened detail), so data/'s search code reads as before. Where the table does
 *   not exist yet (an upgrade from before it), the row is marked `tokensPending` and
 *   ./seal-old-rows.ts rewrites it.
 * - Memory-only key (`kept: 'memory-only'`): what it seals cannot be read after a
 *   restart, and unsent work must survive one. The fields a policy names in
 *   `plainWhileUnsent` (an unsent create's body and its local complaint's draft) are then
 *   kept clear and listed in `plain`; they are sealed at the first write after sending.
 *   Where IT policy requires encrypted storage (`Sealer.encryptionRequired`), nothing is
 *   kept clear: those fields are sealed too, and an unsent create does not outlive the run.
 *
 * A row whose seal cannot be opened (another key id, altered, moved) reads as its policy's
 * `unreadable` says: for a complaint, "not downloaded yet", which the refresher downloads
 * again. Rows without `atRest` were written by an earlier release: they read as they are
 * until ./seal-old-rows.ts rewrites them.
 *
 * Beside it: ./at-rest-recent.ts, the cache of what was last opened or sealed per record,
 * and ./at-rest-stored.ts, the few operations that work on the stored form directly.
 */
import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreQuery, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { isUnsent, type OutboxState } from '../../../common/outbox-entry';
import { recentKey, recentlyOpened, rememberOpened, unchangedSeal, type Opened } from './at-rest-recent';
import { isSealedValue, UNREADABLE, type Sealer, type SealedValue } from './sealing';
import { searchWordsOf } from './search-words';

type Row = Record<string, unknown>;

interface AtRestPolicy {
  /** Sealed together, when they hold a value. */
  personal: readonly string[];
  /** Memory-only key: the personal fields kept clear for now (see the file comment). */
  plainWhileUnsent?: (row: Row) => readonly string[];
  /** How a row reads when its sealed part cannot be opened. */
  unreadable: (row: Row) => void;
  /** After the personal fields are back. */
  afterRead?: (row: Row) => void;
  /** The multiEntry index of words that is stored as tokens. */
  tokenIndex?: string;
  /**
   * Clear 0/1 flags the stored row carries, each saying whether a personal field holds a
   * value (not what it holds): a scan can tell which rows need attention without opening
   * every seal (./complaint-scan.ts). Not part of the row data/ reads.
   */
  flags?: Readonly<Record<string, (row: Row) => 0 | 1>>;
}

/** The table of search tokens (schema v6): one row per complaint, `{ id, tokens, digest }`. */
export const TOKENS_TABLE = 'searchTokens';

/** The stored row's field with the keyed digest of the words its tokens were written for. */
export const WORDS_DIGEST = 'wordsDigest';

/** Longest word prefix with its own token; longer typed words are looked up by this prefix. */
export const TOKEN_PREFIX_MAX = 24;
const MAX_STRING = String.fromCharCode(65535);
const RANGE_EQUAL = 1;
const RANGE_RANGE = 2;

export const AT_REST_POLICIES: Readonly<Record<string, AtRestPolicy>> = {
  complaints: {
    personal: ['detail', 'draft', 'fetchError', 'searchText'],
    plainWhileUnsent: (row) => (row.draft !== undefined && row.localRef !== undefined && row.id === row.localRef ? ['draft'] : []),
    unreadable: (row) => {
      row.detail = null;
      row.existsOnServer = null;
      row.fetchedAt = null;
      row.fetchError = null;
      delete row.draft;
      delete row.timelineStale;
      delete row.searchText;
    },
    afterRead: (row) => {
      const detail = (row.detail ?? row.draft ?? null) as Parameters<typeof searchWordsOf>[1];
      row.searchWords = searchWordsOf(String(row.id), detail);
    },
    tokenIndex: 'searchWords',
    flags: { fetchFailed: (row) => (row.fetchError !== undefined && row.fetchError !== null ? 1 : 0) },
  },
  outbox: {
    personal: ['create', 'lastError'],
    plainWhileUnsent: (row) => (row.kind === 'create' && isUnsent(row.state as OutboxState) ? ['create'] : []),
    unreadable: (row) => {
      delete row.create;
      row.lastError = null;
    },
  },
  meta: {
    personal: ['lastError'],
    unreadable: (row) => {
      row.lastError = null;
    },
  },
};

/** Holds the sealer of the database's current data key (null until the key is given). */
export interface SealerSlot {
  sealer: Sealer | null;
  /** What was last opened or sealed per record (see `rememberOpened`). */
  recent?: Map<string, Opened>;
  /** The database's stack below this middleware (Dexie's own, then IndexedDB): rows in their stored form. */
  stored?: DBCore;
}

/** Every token a row's words are found by: one per prefix (up to TOKEN_PREFIX_MAX). */
function tokensOf(words: unknown, sealer: Sealer): string[] {
  if (!Array.isArray(words)) return [];
  const tokens = new Set<string>();
  for (const word of words) {
    if (typeof word !== 'string') continue;
    const longest = Math.min(word.length, TOKEN_PREFIX_MAX);
    for (let length = 1; length <= longest; length++) tokens.add(sealer.searchToken(word.slice(0, length)));
  }
  return [...tokens];
}

export function needsSealing(policy: AtRestPolicy, row: Row): boolean {
  return policy.personal.some((field) => row[field] !== undefined && row[field] !== null);
}

function requireSealer(slot: SealerSlot): Sealer {
  if (slot.sealer === null) throw new Error('No data key: personal data cannot be written.');
  return slot.sealer;
}

/** The stored form of `value` (see the file comment). */
function toStored(table: string, policy: AtRestPolicy, value: Row, primaryKey: unknown, slot: SealerSlot): Row {
  const stored: Row = { ...value };
  delete stored.sealed;
  delete stored.plain;
  const clearWhileUnsent = slot.sealer?.kept === 'memory-only' && !slot.sealer.encryptionRequired;
  const plain = clearWhileUnsent ? (policy.plainWhileUnsent?.(value) ?? []) : [];
  const toSeal: Row = {};
  let sealing = false;
  for (const field of policy.personal) {
    const fieldValue = stored[field];
    if (fieldValue === undefined || fieldValue === null || plain.includes(field)) continue;
    toSeal[field] = fieldValue;
    delete stored[field];
    sealing = true;
  }
  if (sealing) {
    const key = recentKey(table, primaryKey);
    const sealer = requireSealer(slot);
    const sealed = unchangedSeal(slot, key, toSeal) ?? sealer.seal(table, primaryKey, toSeal);
    rememberOpened(slot, key, { sealer, sealed, fields: toSeal });
    stored.sealed = sealed;
  }
  if (plain.length > 0) stored.plain = [...plain];
  for (const [flag, of] of Object.entries(policy.flags ?? {})) stored[flag] = of(value);
  if (policy.tokenIndex !== undefined) delete stored[policy.tokenIndex];
  delete stored.tokensPending;
  stored.atRest = 1;
  return stored;
}

/** A value without its personal fields (an auto-increment key is not known before the add). */
function withoutPersonal(policy: AtRestPolicy, value: Row): Row {
  const stripped: Row = { ...value, atRest: 1 };
  for (const field of policy.personal) delete stripped[field];
  if (policy.tokenIndex !== undefined) delete stripped[policy.tokenIndex];
  return stripped;
}

/** The row as data/ knows it, from its stored form. */
export function fromStored(table: string, policy: AtRestPolicy, stored: unknown, primaryKey: unknown, slot: SealerSlot): unknown {
  if (typeof stored !== 'object' || stored === null || (stored as Row).atRest !== 1) return stored;
  const { sealed, plain, atRest: _atRest, tokensPending: _pending, ...row } = stored as Row & { sealed?: SealedValue };
  if (sealed !== undefined) {
    const key = recentKey(table, primaryKey);
    const again = slot.sealer !== null && isSealedValue(sealed) ? recentlyOpened(slot, key, sealed) : null;
    const opened = again ?? (slot.sealer !== null && isSealedValue(sealed) ? slot.sealer.open(table, primaryKey, sealed) : UNREADABLE);
    if (again === null && slot.sealer !== null && isSealedValue(sealed) && opened !== UNREADABLE && typeof opened === 'object' && opened !== null) {
      rememberOpened(slot, key, { sealer: slot.sealer, sealed, fields: opened as Row });
    }
    if (opened === UNREADABLE || typeof opened !== 'object' || opened === null) {
      policy.unreadable(row);
      // What was kept clear (memory-only key) was never in the seal: it stays.
      if (Array.isArray(plain)) for (const field of plain) if (typeof field === 'string') row[field] = (stored as Row)[field];
    } else Object.assign(row, opened);
  }
  for (const flag of Object.keys(policy.flags ?? {})) delete row[flag];
  policy.afterRead?.(row);
  return row;
}

/**
 * Of `ids`, those whose words have a prefix `words[i]` for every i: their token rows are
 * read and checked (one read, no index range per word). For a search of several words
 * where one is rare: the rare word's few keys are checked rather than the common words'
 * many keys read. Null when there are no tokens to check (no key, or no tokens table).
 */
export async function keysHavingWords(
  db: { table(name: string): { bulkGet(keys: string[]): Promise<unknown[]> }; tables: ReadonlyArray<{ name: string }> },
  sealer: Sealer | null,
  ids: readonly string[],
  words: readonly string[],
): Promise<string[] | null> {
  if (sealer === null || !db.tables.some((t) => t.name === TOKENS_TABLE)) return null;
  const wanted = words.map((word) => sealer.searchToken(word.slice(0, TOKEN_PREFIX_MAX)));
  const rows = await db.table(TOKENS_TABLE).bulkGet([...ids]);
  const found: string[] = [];
  rows.forEach((row, i) => {
    const tokens = (row as { tokens?: unknown } | undefined)?.tokens;
    if (!Array.isArray(tokens)) return;
    const has = new Set(tokens);
    if (wanted.every((token) => has.has(token))) found.push(ids[i] as string);
  });
  return found;
}


function hasStore(trans: DBCoreTransaction, name: string): boolean {
  // Dexie's IndexedDB core hands out the IDBTransaction itself.
  return (trans as unknown as Partial<IDBTransaction>).objectStoreNames?.contains(name) === true;
}

function atRestTable(down: DBCoreTable, policy: AtRestPolicy, slot: SealerSlot, tokenTable: DBCoreTable | null): DBCoreTable {
  const name = down.name;
  const primaryKey = down.schema.primaryKey;
  const keyPath = typeof primaryKey.keyPath === 'string' ? primaryKey.keyPath : null;
  const keyOf = (value: Row, keys: readonly unknown[] | undefined, i: number): unknown =>
    keys?.[i] ?? (primaryKey.extractKey ? primaryKey.extractKey(value) : undefined);
  const open = (value: unknown, key: unknown): unknown => fromStored(name, policy, value, key, slot);

  const isTokenQuery = (query: DBCoreQuery): boolean => tokenTable !== null && query.index.name === policy.tokenIndex;

  /** `startsWith(w)` / `equals(w)` on the words index become `equals(token(w))` on the tokens table's index. */
  function tokenQuery(query: DBCoreQuery): DBCoreQuery {
    const { range } = query;
    const isPrefix = range.type === RANGE_RANGE && typeof range.lower === 'string' && range.upper === range.lower + MAX_STRING;
    if (range.type !== RANGE_EQUAL && !isPrefix) throw new Error(`The ${policy.tokenIndex ?? ''} index answers only equals and startsWith.`);
    const token = requireSealer(slot).searchToken(String(range.lower).slice(0, TOKEN_PREFIX_MAX));
    const index = tokenTable?.schema.getIndexByKeyPath('tokens');
    if (!index) throw new Error(`The ${TOKENS_TABLE} table has no tokens index.`);
    return { index, range: { type: RANGE_EQUAL, lower: token, upper: token } };
  }

  /** A keyed digest of a row's words: equal digests, equal tokens. */
  const wordsDigest = (value: Row): string => {
    const words = value[policy.tokenIndex as string];
    return requireSealer(slot).searchToken(`\u0000words\u0000${Array.isArray(words) ? words.join('\u0000') : ''}`);
  };

  /**
   * Writes the token rows of `rows` whose words changed. A row carries the digest of the
   * words its tokens were written for (`wordsDigest`, clear: a keyed digest says nothing),
   * and a row read back keeps it, so a status change, which rewrites the row with the same
   * words, costs one HMAC and no read of the tokens table.
   */
  async function writeTokens(trans: DBCoreTransaction, rows: readonly { key: unknown; value: Row; digest: string }[]): Promise<void> {
    if (tokenTable === null || rows.length === 0) return;
    const sealer = requireSealer(slot);
    const changed = rows
      .filter(({ value, digest }) => value[WORDS_DIGEST] !== digest)
      .map(({ key, value, digest }) => ({ id: key, tokens: tokensOf(value[policy.tokenIndex as string], sealer), digest }));
    if (changed.length > 0) await tokenTable.mutate({ type: 'put', trans, values: changed });
  }

  async function deleteTokens(req: DBCoreMutateRequest): Promise<void> {
    if (tokenTable === null || !hasStore(req.trans, TOKENS_TABLE)) return;
    if (req.type === 'delete') await tokenTable.mutate({ type: 'delete', trans: req.trans, keys: req.keys });
    else if (req.type === 'deleteRange') await tokenTable.mutate({ type: 'deleteRange', trans: req.trans, range: req.range });
  }

  function openedCursor(cursor: DBCoreCursor): DBCoreCursor {
    let lastKey: unknown = Symbol('none');
    let lastValue: unknown;
    // key and primaryKey forwarded too: on a real IDBCursor they are getters of its
    // prototype, which refuse any other `this` (Chromium: "Illegal invocation").
    return Object.create(cursor, {
      key: { get: () => cursor.key },
      primaryKey: { get: () => cursor.primaryKey },
      value: {
        get: () => {
          if (cursor.primaryKey !== lastKey) {
            lastKey = cursor.primaryKey;
            lastValue = open(cursor.value, cursor.primaryKey);
          }
          return lastValue;
        },
      },
    }) as DBCoreCursor;
  }

  async function mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    if (req.type === 'delete' || req.type === 'deleteRange') {
      const response = await down.mutate(req);
      await deleteTokens(req);
      return response;
    }
    const later: number[] = [];
    const values = req.values.map((value: Row, i: number) => {
      const key = keyOf(value, req.keys, i);
      if (key === undefined && needsSealing(policy, value)) {
        later.push(i);
        return withoutPersonal(policy, value);
      }
      return toStored(name, policy, value, key, slot);
    });
    // The cache's change specs describe the plain values: the stored ones are what counts.
    const { trans, type, keys } = req;
    const tokenized = policy.tokenIndex !== undefined;
    const withTokens = tokenized && tokenTable !== null && hasStore(trans, TOKENS_TABLE);
    const written = withTokens
      ? req.values.map((value: Row, i: number) => ({ key: keyOf(value, keys, i), value, digest: wordsDigest(value) }))
      : [];
    values.forEach((value, i) => {
      if (withTokens) value[WORDS_DIGEST] = written[i]?.digest;
      else if (tokenized) {
        // No tokens table here (an upgrade's transaction, from before it): ./seal-old-rows.ts writes them.
        value.tokensPending = 1;
        delete value[WORDS_DIGEST];
      }
    });
    const response = await down.mutate({ type, trans, values, ...(keys ? { keys } : {}) });
    await writeTokens(trans, written.filter((w, i) => w.key !== undefined && response.failures[i] === undefined));
    if (later.length === 0 || keyPath === null) return response;
    const sealedLater: Row[] = [];
    for (const i of later) {
      const key: unknown = response.results?.[i];
      if (key === undefined || response.failures[i] !== undefined) continue;
      sealedLater.push(toStored(name, policy, { ...(req.values[i] as Row), [keyPath]: key }, key, slot));
    }
    if (sealedLater.length > 0) await down.mutate({ type: 'put', trans, values: sealedLater });
    return response;
  }

  async function keysOfTokenQuery(req: { trans: DBCoreTransaction; query: DBCoreQuery; limit?: number }): Promise<unknown[]> {
    if (tokenTable === null) return [];
    const { result } = await tokenTable.query({ trans: req.trans, values: false, query: tokenQuery(req.query), ...(req.limit !== undefined ? { limit: req.limit } : {}) });
    return result;
  }

  return {
    ...down,
    mutate,
    get: async (req) => open(await down.get(req), req.key),
    getMany: async (req) => (await down.getMany(req)).map((value, i) => open(value, req.keys[i])),
    query: async (req) => {
      if (isTokenQuery(req.query)) {
        const keys = await keysOfTokenQuery(req);
        if (!req.values) return { result: keys };
        const values = await down.getMany({ trans: req.trans, keys });
        return { result: values.map((value, i) => open(value, keys[i])).filter((value) => value !== undefined) };
      }
      const response = await down.query(req);
      if (!req.values) return response;
      return {
        ...response,
        result: response.result.map((value: Row) => open(value, primaryKey.extractKey ? primaryKey.extractKey(value) : undefined)),
      };
    },
    openCursor: async (req) => {
      if (isTokenQuery(req.query)) throw new Error(`Read the ${policy.tokenIndex ?? ''} index with primaryKeys() or toArray().`);
      const cursor = await down.openCursor(req);
      return cursor === null ? null : openedCursor(cursor);
    },
    // One token row per complaint holds each token once: the index's own count is the complaints'.
    count: async (req) => (isTokenQuery(req.query) && tokenTable !== null ? tokenTable.count({ trans: req.trans, query: tokenQuery(req.query) }) : down.count(req)),
  };
}


/** The middleware DeskDatabase installs (level 10: above Dexie's own, so they see the stored form). */
export function atRestMiddleware(slot: SealerSlot): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'PersonalDataAtRest',
    create: (down) => {
      slot.stored = down;
      const tables = new Map<string, DBCoreTable>();
      const withTokens = down.schema.tables.some((t) => t.name === TOKENS_TABLE);
      return {
        ...down,
        // A transaction over complaints also covers their search tokens.
        transaction: (stores, mode, options) =>
          down.transaction(withTokens && stores.includes('complaints') && !stores.includes(TOKENS_TABLE) ? [...stores, TOKENS_TABLE] : stores, mode, options),
        table: (tableName: string) => {
          const known = tables.get(tableName);
          if (known) return known;
          const policy = AT_REST_POLICIES[tableName];
          const tokenTable = policy?.tokenIndex !== undefined && withTokens ? down.table(TOKENS_TABLE) : null;
          const table = policy === undefined ? down.table(tableName) : atRestTable(down.table(tableName), policy, slot, tokenTable);
          tables.set(tableName, table);
          return table;
        },
      };
    },
  };
}
