import { mersenne, type RandomGenerator } from "pure-rand";

/**
 * Seeded random numbers from pure-rand's Mersenne Twister (MT19937): plain 32-bit integer arithmetic,
 * so a seed gives the same stream in Node, a Web Worker and any browser (Math.random cannot be seeded).
 * MT19937 rather than pure-rand's faster xoroshiro128+ because the latter, seeded with a small number,
 * starts with near-constant outputs that are correlated between neighbouring seeds, and "run again"
 * uses exactly those (seed, seed + 1, …); MT's seeding spreads any seed over its whole state.
 */
export interface Random {
  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal, N(0, 1). */
  normal(): number;
}

export const MAX_SEED = 2 ** 32 - 1;

/** Why `seed` cannot seed a generator, or null: seeds are whole numbers from 0 to 2³² − 1. */
export function checkSeed(seed: number): string | null {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    return `seed must be a whole number from 0 to ${MAX_SEED}, not ${seed}`;
  return null;
}

/** The seed after `seed`, wrapping round, for "run again". */
export function nextSeed(seed: number): number {
  return seed >= MAX_SEED ? 0 : seed + 1;
}

export function createRandom(seed: number): Random {
  const problem = checkSeed(seed);
  if (problem) throw new RangeError(problem);
  // pure-rand takes a signed 32-bit seed; seeds above 2³¹ map onto the negative half, one-to-one.
  const gen: RandomGenerator = mersenne(seed | 0);
  const uniform = () => {
    const hi = gen.unsafeNext() >>> 5; // 27 bits
    const lo = gen.unsafeNext() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  return {
    uniform,
    normal() {
      // Box–Muller, one value per pair: keeping no spare makes every draw depend on the seed and the
      // draw count alone, which is easy to reason about when subjects are redrawn.
      const u1 = 1 - uniform(); // (0, 1], so the log is finite
      const u2 = uniform();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
  };
}
