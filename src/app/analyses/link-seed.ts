import type { RunState } from "../session/run-state.ts";
import type { SeedKey } from "../session/session.ts";

export { DEFAULT_SEED } from "../session/session.ts";

/** The seed the session holds under `key` (from the link, a saved session or the default). */
export function seedFromLink(key: SeedKey, state: RunState): number {
  return state.seed(key);
}

/** Puts a seed into the session: the link, the autosave and undo follow it. */
export function seedToLink(key: SeedKey, seed: number, state: RunState): void {
  state.setSeed(key, seed);
}

/** Keeps a seed field equal to the session's seed (after undo, or a restored session), then calls `changed`. */
export function followSeed(key: SeedKey, state: RunState, input: HTMLInputElement, changed: () => void): void {
  state.watch(
    (s) => s.session.seeds[key],
    (seed) => {
      if (input.value === String(seed)) return;
      input.value = String(seed);
      changed();
    },
  );
}
