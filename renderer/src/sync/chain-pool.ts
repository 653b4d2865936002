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
 *   concurrency × 4 made a complaint's next change wait for the slowest of its batch);
 * - `concurrency` may change while the chains run (the rate budget's lanes): lanes are
 *   added after any item, and a lane over the target stops between chains.
 */
export async function runChains<T>(
  chains: ReadonlyArray<readonly T[]>,
  /** Lanes at once; a function is asked again after every item (lanes grow and shrink with the rate budget). */
  concurrency: number | (() => number),
  /** `next`: the item the lane takes after this one if it returns true (the chain's next). */
  worker: (item: T, next: T | undefined) => Promise<boolean>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const waiting = chains
    .map((items, index) => ({ items, index }))
    .filter((chain) => chain.items.length > 0)
    .sort((a, b) => b.items.length - a.items.length || a.index - b.index);
  const target = (): number => {
    const n = Math.floor(typeof concurrency === 'function' ? concurrency() : concurrency);
    return Math.max(1, Number.isFinite(n) ? n : 1);
  };
  let next = 0;
  let active = 0;
  const running: Array<Promise<void>> = [];
  /** Starts lanes until the target is met or no chain waits. */
  const grow = (): void => {
    while (active < target() && next < waiting.length && !shouldStop()) {
      active += 1;
      running.push(lane());
    }
  };
  const lane = async (): Promise<void> => {
    try {
      // A lane ends between chains when there are more lanes than the target (shrinking).
      while (next < waiting.length && !shouldStop() && active <= target()) {
        const chain = waiting[next++]!;
        for (let i = 0; i < chain.items.length; i++) {
          if (shouldStop()) return;
          const go = await worker(chain.items[i]!, chain.items[i + 1]);
          grow();
          if (!go) break;
        }
      }
    } finally {
      active -= 1;
    }
  };
  grow();
  // Lanes started while others run are pushed to `running`: wait until none is left.
  for (let i = 0; i < running.length; i++) await running[i];
}
