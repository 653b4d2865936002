/**
 * The journal of unsent work's cost on enqueue, under Node: `changeStatus` until it
 * resolves, with 20,000 cached complaints, the data layer alone beside the same with the
 * journal on (one IPC round trip to the real main services, whose journal appends and
 * fsyncs a file in a temporary data folder). Dexie runs on fake-indexeddb and the IPC has
 * no transport here: the figure is the journal's own cost (main's append and fsync).
 *
 *   npx tsx bench/journal-enqueue.ts
 */
import { measureEnqueueNode, type Percentiles } from './enqueue';
import { startBenchSandbox, startMainSide } from './node-stack';
import { journalOn } from '../test/support/real-stack';

const CACHED = 20_000;
const SAMPLES = 200;

async function main(): Promise<void> {
  // One round per run: a second would find the first round's changes in the journal (same destination) and restore them.
  const rounds = 1;
  const sandbox = await startBenchSandbox(0);
  const side = await startMainSide(sandbox);
  const without: Percentiles[] = [];
  const withJournal: Percentiles[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      without.push(await measureEnqueueNode(CACHED, SAMPLES));
      withJournal.push(await measureEnqueueNode(CACHED, SAMPLES, (db) => journalOn(db, side.desk)));
    }
  } finally {
    await side.dispose();
    await sandbox.close();
  }
  const show = (p: Percentiles) => `p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms, max ${p.max.toFixed(1)} ms`;
  for (let i = 0; i < rounds; i++) {
    console.log(`round ${i + 1}: without the journal ${show(without[i]!)}; with it ${show(withJournal[i]!)}`);
  }
}

void main();
