import type { Model, RunSpec } from "../../engine/index.ts";
import type { LessonProgress } from "../classroom/lesson-player.ts";
import { savedProgress } from "../classroom/saved-progress.ts";
import { MAX_PINS } from "../ui/theme.ts";
import type { ModelOrigin } from "./model-source.ts";
import { savedRunSpec } from "./saved-run.ts";

/** A pinned run: the spec is what is kept; its result is derived (and cached) from it. */
export interface PinEntry {
  id: number;
  spec: RunSpec;
  /** Which ghost colour it has, kept so that removing one pin does not recolour the others. */
  slot: number;
}

/** Seeds of the random analyses, by the share-link key that carries each. */
export type SeedKey = "seed" | "trialSeed";
export const SEED_KEYS: readonly SeedKey[] = ["seed", "trialSeed"];
/** Seed used when none was chosen: the one the model file's claims use. */
export const DEFAULT_SEED = 1;

export type Theme = "standard" | "projector";

/** The page's views, switched by the tabs under the header; the first is where a link without `view=` opens. */
export const VIEW_TABS = ["explore", "lessons", "analyses", "claims"] as const;
export type ViewTab = (typeof VIEW_TABS)[number];

/** A class link's settings as the session keeps them (plain arrays, so they save as JSON). */
export interface ClassSession {
  lesson?: string;
  locked: string[];
  hidden: string[];
}

/**
 * Everything that belongs to one model: what undo steps through (run, pins, seeds) and what the
 * session saves beside it (lesson progress, class settings).
 */
export interface ModelSession {
  run: RunSpec;
  pins: PinEntry[];
  seeds: Record<SeedKey, number>;
  lesson: LessonProgress | null;
  classroom: ClassSession;
}

/** Which model is open: its id and version name its saved session, `origin` says where its text came from. */
export interface ModelRef {
  id: string;
  version: string;
  /** "models/x.yaml" for a shipped file, the file's name for one opened from the computer, "id.yaml (edited)" for an edit. */
  file: string;
  origin: ModelOrigin;
}

/** Choices about how things look, which are never undo steps. */
export interface ViewState {
  /** The figure the image export buttons export. */
  exportFigure: string;
  /** The view the tabs show (in the share link as `view=`). */
  tab: ViewTab;
}

export interface AppState {
  model: ModelRef;
  session: ModelSession;
  theme: Theme;
  view: ViewState;
}

/** The key a model's saved session is kept under: another version of the same model starts afresh. */
export function modelKey(ref: { id: string; version: string }): string {
  return `${ref.id}@${ref.version}`;
}

export function emptySession(): ModelSession {
  return {
    run: { params: {} },
    pins: [],
    seeds: { seed: DEFAULT_SEED, trialSeed: DEFAULT_SEED },
    lesson: null,
    classroom: { locked: [], hidden: [] },
  };
}

/** The part of a session undo restores: run, pins and seeds (lesson progress and class settings stay). */
export interface UndoSnapshot {
  run: RunSpec;
  pins: PinEntry[];
  seeds: Record<SeedKey, number>;
}

export function snapshotOf(s: ModelSession): UndoSnapshot {
  return { run: s.run, pins: s.pins, seeds: s.seeds };
}

/**
 * A saved session read back from storage, checked as strictly as a link: every run through the
 * engine's checks. What cannot be used is left out and named in `problems`.
 */
export function savedSession(model: Model, value: unknown): { session: ModelSession; problems: string[] } {
  const session = emptySession();
  const problems: string[] = [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { session, problems: ["the saved session is not an object"] };
  }
  const v = value as Record<string, unknown>;
  const attempt = (what: string, f: () => void) => {
    try {
      f();
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
    }
  };
  if (v.run !== undefined) attempt("run", () => (session.run = savedRunSpec(model, v.run)));
  if (v.pins !== undefined) {
    attempt("pins", () => {
      if (!Array.isArray(v.pins)) throw new Error("not a list of pinned runs");
      if (v.pins.length > MAX_PINS)
        problems.push(`pins: ${v.pins.length - MAX_PINS} beyond the ${MAX_PINS} kept were left out`);
      v.pins.slice(0, MAX_PINS).forEach((p: unknown, k) => {
        attempt(`pin ${k + 1}`, () => {
          const entry = p as Partial<PinEntry> | null;
          const id = entry?.id;
          if (typeof id !== "number" || !Number.isInteger(id) || id < 1) throw new Error("has no valid id");
          const slot = Number.isInteger(entry?.slot) ? (entry?.slot as number) % MAX_PINS : (id - 1) % MAX_PINS;
          session.pins.push({ id, spec: savedRunSpec(model, entry?.spec), slot });
        });
      });
    });
  }
  if (v.seeds !== undefined) {
    attempt("seeds", () => {
      const seeds = v.seeds as Record<string, unknown>;
      for (const key of SEED_KEYS) {
        const s = seeds?.[key];
        if (s === undefined) continue;
        if (typeof s !== "number" || !Number.isInteger(s) || s < 0) throw new Error(`${key} is not a seed`);
        session.seeds[key] = s;
      }
    });
  }
  if (v.lesson !== undefined && v.lesson !== null) attempt("lesson", () => (session.lesson = savedProgress(v.lesson)));
  if (v.classroom !== undefined) {
    attempt("class settings", () => {
      const c = v.classroom as Partial<ClassSession> | null;
      const names = (x: unknown) => {
        if (!Array.isArray(x) || x.some((n) => typeof n !== "string")) throw new Error("not a list of names");
        return x as string[];
      };
      session.classroom = {
        locked: names(c?.locked ?? []),
        hidden: names(c?.hidden ?? []),
        ...(typeof c?.lesson === "string" ? { lesson: c.lesson } : {}),
      };
    });
  }
  return { session, problems };
}
