import {
  checkSeed,
  fromQuery,
  type Model,
  parseNumber,
  type ResolvedRun,
  type RunSpec,
  toQuery,
} from "../../engine/index.ts";
import { CLASS_KEYS } from "../classroom/class-link.ts";
import type { ModelSource } from "./model-source.ts";
import { type AppState, DEFAULT_SEED, type SeedKey, type Theme, VIEW_TABS, type ViewTab } from "./session.ts";

/**
 * Every key a share link may carry, in one table: what it means, how its text is read (and refused),
 * and how the session writes it. A key's value is either a typed value or a problem in plain words;
 * nothing is clamped or guessed. The run itself (preset, protocol, activity and one key per model
 * parameter) is the engine's run query (run-query.ts), so the CLI, the exports and the app read the
 * same text the same way; the class keys are read together by the class link, which checks them
 * against each other.
 */

type Parsed<T> = { value: T } | { problem: string };

export interface UrlKey<T> {
  /** What the key carries, for docs/architecture.md and error messages. */
  about: string;
  parse(text: string): Parsed<T>;
  /** The key's text for `state`, or undefined to leave the key out (its default). */
  write(state: AppState): string | undefined;
  /** The state with the key's value applied. */
  apply(state: AppState, value: T): AppState;
}

const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function seedKey(key: SeedKey, about: string): UrlKey<number> {
  return {
    about,
    parse(text) {
      const v = parseNumber(text);
      const problem = Number.isNaN(v) ? `"${text.slice(0, 40)}" is not a number` : checkSeed(v);
      return problem ? { problem } : { value: v };
    },
    write: (s) => (s.session.seeds[key] === DEFAULT_SEED ? undefined : String(s.session.seeds[key])),
    apply: (s, v) => ({ ...s, session: { ...s.session, seeds: { ...s.session.seeds, [key]: v } } }),
  };
}

/** The keys beside the run and the class keys. `model` is read first: it says which model reads the rest. */
export const URL_KEYS = {
  model: {
    about: "the id of the model the link opens (a shipped model, or one opened from a file in this browser)",
    parse: (text: string): Parsed<string> =>
      MODEL_ID.test(text) ? { value: text } : { problem: `"${text.slice(0, 40)}" is not a model id` },
    write: (s: AppState) => s.model.id,
    // The model is chosen before the session exists; nothing to apply to it.
    apply: (s: AppState) => s,
  } satisfies UrlKey<string>,
  seed: seedKey("seed", "the seed of the population analysis"),
  trialSeed: seedKey("trialSeed", "the seed of the trial analysis"),
  theme: {
    about: "projector theme on (projector) or off (standard)",
    parse: (text: string): Parsed<Theme> =>
      text === "projector" || text === "standard"
        ? { value: text }
        : { problem: `"${text.slice(0, 40)}" is not "projector" or "standard"` },
    write: (s: AppState) => (s.theme === "projector" ? "projector" : undefined),
    apply: (s: AppState, v: Theme) => ({ ...s, theme: v }),
  } satisfies UrlKey<Theme>,
  view: {
    about: `the view the tabs show: ${VIEW_TABS.join(", ")} (explore when absent)`,
    parse: (text: string): Parsed<ViewTab> =>
      (VIEW_TABS as readonly string[]).includes(text)
        ? { value: text as ViewTab }
        : { problem: `"${text.slice(0, 40)}" is not one of ${VIEW_TABS.map((v) => `"${v}"`).join(", ")}` },
    write: (s: AppState) => (s.view.tab === VIEW_TABS[0] ? undefined : s.view.tab),
    apply: (s: AppState, v: ViewTab) => ({ ...s, view: { ...s.view, tab: v } }),
  } satisfies UrlKey<ViewTab>,
} as const;

/**
 * Longest encoded model the fragment carries: a link must still paste whole into chat tools and mail
 * clients (the default model takes about 8 300 characters).
 */
export const MAX_MODEL_LINK_CHARS = 16_000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A key of the link's fragment (after #): what it means, how its text is checked, and what writes it. */
export interface FragmentKey<T> {
  about: string;
  parse(text: string): Parsed<T>;
  /** The key's text for the open model, or undefined to leave it out. */
  write(source: ModelSource): string | undefined;
}

/**
 * The fragment's keys. The fragment never reaches a server, so it can carry what a query cannot: an
 * edited model's whole text. It is read before the query, whose keys are then read for that model.
 */
export const FRAGMENT_KEYS = {
  model: {
    about: `an edited model's YAML, deflated and base64url-encoded (at most ${MAX_MODEL_LINK_CHARS} characters); the link opens it instead of a shipped file`,
    parse: (text: string): Parsed<string> =>
      text.length > MAX_MODEL_LINK_CHARS
        ? { problem: `${text.length} characters, more than the ${MAX_MODEL_LINK_CHARS} a link may carry` }
        : BASE64URL.test(text)
          ? { value: text }
          : { problem: "not a model as a link carries it (it may have been cut short)" },
    write: (source: ModelSource) => (source.origin === "edited" ? source.encoded : undefined),
  } satisfies FragmentKey<string>,
} as const;

/** The encoded model a link's fragment carries, read before anything else; a bad value is a problem. */
export function linkModelText(hash: string): Parsed<string> | undefined {
  const text = new URLSearchParams(hash.replace(/^#/, "")).get("model");
  return text === null ? undefined : FRAGMENT_KEYS.model.parse(text);
}

/** The fragment that reopens the open model: "#model=…" for an edited one, else nothing. */
export function writeFragment(source: ModelSource): string {
  const model = FRAGMENT_KEYS.model.write(source);
  return model === undefined ? "" : `#model=${model}`;
}

type SimpleKey = keyof typeof URL_KEYS;
const SIMPLE_KEYS = Object.keys(URL_KEYS) as SimpleKey[];

/** The class link's keys this table hands to the class link (the theme and seeds are read above). */
export function classLinkKeys(): string[] {
  return CLASS_KEYS.filter((k) => !(k in URL_KEYS));
}

/** Every key the link may carry besides the model's parameters and run options. */
export function knownKeys(): string[] {
  return [...SIMPLE_KEYS, ...classLinkKeys()];
}

/** The model id a link asks for, read before any model is loaded; a bad id is a problem, not an id. */
export function linkModelId(search: string): Parsed<string> | undefined {
  const text = new URLSearchParams(search.replace(/^\?/, "")).get("model");
  return text === null ? undefined : URL_KEYS.model.parse(text);
}

export interface LinkReading {
  run: RunSpec;
  /** The state with every simple key's value applied (seeds, theme). */
  apply(state: AppState): AppState;
  /** The class keys as given, in link order with repeats, for the class link to read and check together. */
  classEntries: [string, string][];
  /** Entries that were not loaded, each with the reason, for a visible notice. */
  dropped: string[];
}

/** Reads a link for `model`: each bad entry is dropped with its reason while the rest loads. */
export function readLink(model: Model, search: string): LinkReading {
  const known = knownKeys();
  const { spec, dropped, other } = fromQuery(model, search, known);
  const problems = dropped.map((d) => d.message);
  const applied: ((s: AppState) => AppState)[] = [];
  // Every class key, the theme included: the class settings check covers it.
  const classNames = new Set<string>(CLASS_KEYS);
  // Read from the raw query, not from `other`: a repeated class key must reach the check as written.
  const classEntries = [...new URLSearchParams(search.replace(/^\?/, "")).entries()].filter(([k]) => classNames.has(k));
  for (const [key, text] of Object.entries(other)) {
    if (!(key in URL_KEYS)) continue;
    const entry = URL_KEYS[key as SimpleKey] as UrlKey<unknown>;
    const parsed = entry.parse(text);
    if ("problem" in parsed) problems.push(`${key}: ${parsed.problem}`);
    else applied.push((s) => entry.apply(s, parsed.value));
  }
  return {
    run: spec,
    apply: (s) => applied.reduce((acc, f) => f(acc), s),
    classEntries,
    dropped: problems,
  };
}

/** The query that reopens `state`: the model, the run (`run` is its resolved form), the other keys, then `classKeys`. */
export function writeLink(state: AppState, run: ResolvedRun, classKeys: Record<string, string> = {}): string {
  const model = URL_KEYS.model.write(state);
  const extra: Record<string, string> = {};
  for (const key of SIMPLE_KEYS) {
    if (key === "model") continue;
    const v = URL_KEYS[key].write(state);
    if (v !== undefined) extra[key] = v;
  }
  for (const key of classLinkKeys()) {
    const v = classKeys[key];
    if (v !== undefined) extra[key] = v;
  }
  const rest = toQuery(run, extra);
  return `model=${encodeURIComponent(model)}${rest ? `&${rest}` : ""}`;
}
