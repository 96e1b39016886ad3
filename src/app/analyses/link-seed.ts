import { checkSeed } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { linkExtra, setLinkExtra, writeShareLink } from "../session/share-link.ts";

/** Seed used when the link carries none: the one the model file's claims use. */
export const DEFAULT_SEED = 1;

/** The seed a link opened with under `key`, or the default when it is missing or not a valid seed. */
export function seedFromLink(key: string): number {
  const text = linkExtra(key);
  const v = text === undefined ? Number.NaN : Number(text);
  return text !== undefined && checkSeed(v) === null ? v : DEFAULT_SEED;
}

/**
 * Puts a seed into the share link (left out at its default, so ordinary links stay short). The address
 * bar is rewritten only when the seed changed: replaceState costs milliseconds, and views ask on every
 * slider move.
 */
export function seedToLink(key: string, seed: number, state: RunState): void {
  const value = seed === DEFAULT_SEED ? undefined : String(seed);
  if (value === linkExtra(key)) return;
  setLinkExtra(key, value);
  writeShareLink(state.resolved);
}
