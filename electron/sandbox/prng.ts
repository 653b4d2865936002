/**
 * mulberry32: a 32-bit seeded PRNG. Not for anything secret; it exists so that chaos
 * runs can be replayed exactly from a `randomSeed`.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A die for one kind of fault. It is rolled once per eligible request whatever the
 * probability is, so the n-th request meets the same number in every run even when a
 * test changes the rate half-way through.
 */
export interface Die {
  roll(probability: number): boolean;
}

export function createDie(seed: number): Die {
  const next = mulberry32(seed);
  return {
    roll(probability) {
      return next() < probability;
    },
  };
}
