/**
 * Personal data at rest: what sealing costs, and which search index to use. Under Node
 * with fake-indexeddb (relative figures: Chromium's IndexedDB is faster in absolute
 * terms), 20,000 cached complaints:
 * - one seal and one open of a complaint row's personal part;
 * - filling the worklist sealed vs. the same rows in clear (the same schema, no middleware);
 * - search: the keyed-token index (what data/ does) vs. the clear index it replaces, vs.
 *   an in-memory index built from the decrypted rows at start (build time and query time);
 * - changeStatus (enqueue) with the rows sealed.
 * Run: npx tsx bench/at-rest.ts [complaints]
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { performance } from 'node:perf_hooks';
import { SCHEMA_VERSIONS, openDeskDatabase, type CachedComplaint } from '../renderer/src/data/db';
import { changeStatus } from '../renderer/src/data/outbox';
import { createSealer } from '../renderer/src/data/sealing';
import { matchesQuery, queryWords, searchWordsOf } from '../renderer/src/data/search-words';
import { keysMatchingSearch } from '../renderer/src/data/worklist-query';
import { TEST_DATA_KEY } from '../test/support/data-key';
import { syntheticComplaint, syntheticId } from './synthetic';

const COUNT = Number(process.argv[2] ?? 20_000);
const NOW = Date.now();

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
}
async function timed<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

async function fill(put: (rows: CachedComplaint[]) => Promise<unknown>): Promise<number> {
  const [took] = await timed(async () => {
    for (let i = 0; i < COUNT; i += 2000) {
      await put(Array.from({ length: Math.min(2000, COUNT - i) }, (_, k) => syntheticComplaint(i + k, NOW)));
    }
  });
  return took;
}

async function main(): Promise<void> {
  const row = syntheticComplaint(1, NOW);
  const sealer = createSealer('bench', TEST_DATA_KEY);
  const personal = { detail: row.detail };
  const sealTimes: number[] = [];
  const openTimes: number[] = [];
  for (let i = 0; i < 2000; i++) {
    let t = performance.now();
    const sealed = sealer.seal('complaints', row.id, personal);
    sealTimes.push(performance.now() - t);
    t = performance.now();
    sealer.open('complaints', row.id, sealed);
    openTimes.push(performance.now() - t);
  }
  console.log(`seal one complaint row (${JSON.stringify(personal).length} bytes): median ${(median(sealTimes) * 1000).toFixed(0)} µs, p95 ${(p95(sealTimes) * 1000).toFixed(0)} µs`);
  console.log(`open one complaint row: median ${(median(openTimes) * 1000).toFixed(0)} µs, p95 ${(p95(openTimes) * 1000).toFixed(0)} µs`);

  const sealedDb = openDeskDatabase(`bench-at-rest-sealed-${process.pid}`, undefined, TEST_DATA_KEY);
  const clear = new Dexie(`bench-at-rest-clear-${process.pid}`);
  for (const { version, stores } of SCHEMA_VERSIONS) clear.version(version).stores(stores);
  const sealedFill = await fill((rows) => sealedDb.complaints.bulkPut(rows));
  const clearFill = await fill((rows) => clear.table('complaints').bulkPut(rows));
  console.log(`fill ${COUNT.toLocaleString('en-US')} complaints: sealed ${ms(sealedFill)}, clear ${ms(clearFill)}`);

  const queries = ['customer1234', 'zakaznik', 'cislo 777', '2026-0012', syntheticId(4321)];
  const tokenTimes: number[] = [];
  const clearTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      tokenTimes.push((await timed(() => keysMatchingSearch(sealedDb, q)))[0]);
      clearTimes.push(
        (await timed(async () => {
          for (const word of queryWords(q)) await clear.table('complaints').where('searchWords').startsWith(word).primaryKeys();
        }))[0],
      );
    }
  }
  console.log(`search, keyed-token index: median ${ms(median(tokenTimes))}, p95 ${ms(p95(tokenTimes))} (clear index before: median ${ms(median(clearTimes))})`);

  const [buildMs, memoryIndex] = await timed(async () => {
    const rows = await sealedDb.complaints.toArray();
    return rows.map((r) => ({ id: r.id, words: searchWordsOf(r.id, r.detail ?? r.draft ?? null) }));
  });
  const memoryTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const words = queryWords(q);
      memoryTimes.push((await timed(() => memoryIndex.filter((entry) => matchesQuery(entry.words, words)).length))[0]);
    }
  }
  console.log(`search, in-memory index: built at start in ${ms(buildMs)} (every row read and opened), then median ${ms(median(memoryTimes))} per query`);

  const enqueue: number[] = [];
  for (let i = 0; i < 100; i++) {
    const id = syntheticId(i * 7);
    enqueue.push((await timed(() => changeStatus(sealedDb, id, i % 2 === 0 ? 'open' : 'wait', NOW + i)))[0]);
  }
  console.log(`changeStatus (enqueue) with sealed rows: median ${ms(median(enqueue))}, p95 ${ms(p95(enqueue))}`);

  sealedDb.close();
  clear.close();
  await Promise.all([sealedDb.delete(), clear.delete()]);
}

await main();
