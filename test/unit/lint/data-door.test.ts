/**
 * The probe for eslint.config.js's data door: outside renderer/src/data/ no Dexie import,
 * no liveQuery and no table; inside it, the same code is allowed. Linted with the
 * project's own configuration through ESLint's Node API, as `npx eslint` would.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

const DOOR = /only door to IndexedDB/;

/** The messages of the data door for `code` as if it were the file `filePath`. */
async function doorProblems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => DOOR.test(m.message)).map((m) => `${m.ruleId}@${m.line}`);
}

const DEXIE_IMPORT = `import { liveQuery } from 'dexie';
export const x = liveQuery;
`;
const LIVE_QUERY = `import type { DeskDatabase } from '../data/db';
declare const liveQuery: (f: () => unknown) => unknown;
export function follow(db: DeskDatabase): unknown {
  return liveQuery(() => db.destination);
}
`;
const TABLE_READ = `import type { DeskDatabase } from '../data/db';
export function unsent(db: DeskDatabase) {
  return db.outbox.toArray();
}
`;
const META_WRITE = `import type { DeskDatabase, SyncMeta } from '../data/db';
export async function store(ctx: { db: DeskDatabase }, meta: SyncMeta): Promise<void> {
  await ctx.db.meta.put(meta);
}
`;
const SVELTE_TABLE_READ = `<script lang="ts">
  import { liveQuery } from 'dexie';
  import type { DeskDatabase } from '../data/db';
  const { db, id }: { db: DeskDatabase; id: string } = $props();
  const row = $derived(liveQuery(() => db.complaints.get(id)));
</script>

<p>{$row?.id}</p>
`;

describe('lint: data/ is the only door to IndexedDB', () => {
  it('fires on a Dexie import in ui/', async () => {
    expect(await doorProblems(DEXIE_IMPORT, 'renderer/src/ui/Probe.ts')).toEqual(['@typescript-eslint/no-restricted-imports@1']);
  });

  it('fires on a liveQuery call in ui/', async () => {
    expect(await doorProblems(LIVE_QUERY, 'renderer/src/ui/probe.ts')).toEqual(['no-restricted-syntax@4']);
  });

  it('fires on a table read in sync/, and on the meta table through ctx.db', async () => {
    expect(await doorProblems(TABLE_READ, 'renderer/src/sync/probe.ts')).toEqual(['no-restricted-syntax@3']);
    expect(await doorProblems(META_WRITE, 'renderer/src/sync/probe.ts')).toEqual(['no-restricted-syntax@3']);
  });

  it('fires in a Svelte component, and at the top of renderer/src/', async () => {
    const inComponent = await doorProblems(SVELTE_TABLE_READ, 'renderer/src/ui/Probe.svelte');
    expect(inComponent).toEqual(
      expect.arrayContaining(['@typescript-eslint/no-restricted-imports@2', 'no-restricted-syntax@5']),
    );
    expect(await doorProblems(TABLE_READ.replace('../data/db', './data/db'), 'renderer/src/probe.ts')).toEqual([
      'no-restricted-syntax@3',
    ]);
  });

  it('fires on a value import of data/db other than isLocalOnly; types and isLocalOnly pass', async () => {
    const value = `import { entriesOfComplaint } from '../data/db';\nexport const e = entriesOfComplaint;\n`;
    expect(await doorProblems(value, 'renderer/src/sync/probe.ts')).toEqual(['@typescript-eslint/no-restricted-imports@1']);
    const allowed = `import { isLocalOnly, type CachedComplaint } from '../data/db';\nexport const local = (row: CachedComplaint) => isLocalOnly(row);\n`;
    expect(await doorProblems(allowed, 'renderer/src/sync/probe.ts')).toEqual([]);
  });

  it('fires on pacedQuery (it names tables) outside data/; its types pass', async () => {
    const paced = `import { pacedQuery } from '../data/paced-query';\nexport const q = pacedQuery;\n`;
    expect(await doorProblems(paced, 'renderer/src/sync/probe.ts')).toEqual(['@typescript-eslint/no-restricted-imports@1']);
    const typeOnly = `import type { PacedQuery } from '../data/paced-query';\nexport type Q = PacedQuery<number>;\n`;
    expect(await doorProblems(typeOnly, 'renderer/src/ui/probe.ts')).toEqual([]);
  });

  it('fires however a table is reached: computed, destructured, through an alias or a call, by name, dynamically', async () => {
    const holes: Array<[string, string]> = [
      ['computed member', `declare const db: { outbox: unknown };\nexport const t = db['outbox'];\n`],
      ['destructuring', `declare const db: { outbox: unknown; meta: unknown };\nexport const { outbox, meta } = db;\n`],
      ['an alias of the database', `declare const ctx: { db: { meta: unknown } };\nconst d = ctx.db;\nexport const m = d.meta;\n`],
      ['a transaction on an alias', `declare const d: { transaction(mode: string): void };\nd.transaction('r');\n`],
      ['a table by name', `declare const store: { table(name: string): unknown };\nexport const t = store.table('outbox');\n`],
      ['a call that returns the database', `declare function open(): { meta: { clear(): void } };\nopen().meta.clear();\n`],
      ['a dynamic import of Dexie', `export const load = () => import('dexie');\n`],
      ['IndexedDB itself', `export const req = indexedDB.open('bizkithub-complaints-desk');\n`],
    ];
    for (const [what, code] of holes) {
      expect(await doorProblems(code, 'renderer/src/ui/probe.ts'), what).not.toEqual([]);
      expect(await doorProblems(code, 'renderer/src/data/probe.ts'), `${what}, in data/`).toEqual([]);
    }
  });

  it("leaves sync/'s in-memory SyncMeta (state.meta) alone", async () => {
    const code = `export function paused(state: { meta: { pausedReason: string | null } }): boolean {\n  return state.meta.pausedReason !== null;\n}\n`;
    expect(await doorProblems(code, 'renderer/src/sync/probe.ts')).toEqual([]);
  });

  it('does not fire on the same code under renderer/src/data/', async () => {
    expect(await doorProblems(DEXIE_IMPORT, 'renderer/src/data/probe.ts')).toEqual([]);
    expect(await doorProblems(LIVE_QUERY.replace('../data/db', './db'), 'renderer/src/data/probe.ts')).toEqual([]);
    expect(await doorProblems(TABLE_READ.replace('../data/db', './db'), 'renderer/src/data/probe.ts')).toEqual([]);
    expect(await doorProblems(META_WRITE.replace('../data/db', './db'), 'renderer/src/data/probe.ts')).toEqual([]);
  });
});
