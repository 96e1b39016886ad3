import { fromQuery, type Model, type ResolvedRun, type RunSpec, toQuery } from "../../engine/index.ts";
import { CLASS_KEYS } from "../classroom/class-link.ts";
import { modelLinkHash } from "../editor/model-link-hash.ts";

/** Keys the link carries beside the run, each owned by the view that sets it (the analyses' seeds, a class link). */
export const LINK_EXTRA_KEYS = ["seed", "trialSeed", ...CLASS_KEYS];
const linkExtras: Record<string, string> = {};

/** Sets (or, with undefined, removes) one extra key of the share link. */
export function setLinkExtra(key: string, value: string | undefined): void {
  if (value === undefined) delete linkExtras[key];
  else linkExtras[key] = value;
}

export function linkExtra(key: string): string | undefined {
  return linkExtras[key];
}

/** Reads the state a share link carries; bad entries come back as messages naming them. */
export function readShareLink(model: Model, search: string): { spec: RunSpec; dropped: string[] } {
  const { spec, dropped, other } = fromQuery(model, search, LINK_EXTRA_KEYS);
  Object.assign(linkExtras, other);
  return { spec, dropped: dropped.map((d) => d.message) };
}

/** The address that opens `run`: this page with the run's query. */
export function shareLinkFor(run: ResolvedRun): string {
  const query = toQuery(run, linkExtras);
  return `${location.origin}${location.pathname}${query ? `?${query}` : ""}${modelLinkHash()}`;
}

/** Keeps the address bar equal to the state shown, without adding history entries. */
export function writeShareLink(run: ResolvedRun): void {
  const url = shareLinkFor(run);
  if (url !== location.href) history.replaceState(history.state, "", url);
}
