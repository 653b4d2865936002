/**
 * Runs chains of work (one chain per complaint: its changes, oldest first) on at most
 * `concurrency` lanes:
 * - a chain's items run one after another, never two at once, and the chain ends at the
 *   first item whose worker returns false (the rest of it must wait);
 * - a lane walks its chain to the end, then takes the chain with the most items left
 *   (ties: the earlier chain). Walking a chain keeps a complaint's changes back to back,
 *   which lets the engine skip the conflict check of a change whose predecessor was just
 *   confirmed; taking the longest chain first keeps the tail short;
 * - no barrier: a lane that is done takes the next chain at once (the former batches of
 *   concurrency × 4 made a complaint's next change wait for the slowest of its batch).
 */
export async function runChains<T>(
  chains: ReadonlyArray<readonly T[]>,
  concurrency: number,
  worker: (item: T) => Promise<boolean>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const waiting = chains
    .map((items, index) => ({ items, index }))
    .filter((chain) => chain.items.length > 0)
    .sort((a, b) => b.items.length - a.items.length || a.index - b.index);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < waiting.length && !shouldStop()) {
      const chain = waiting[next++]!;
      for (const item of chain.items) {
        if (shouldStop()) return;
        if (!(await worker(item))) break;
      }
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, waiting.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}
