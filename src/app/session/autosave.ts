/**
 * The session saved in localStorage as it changes, so a reload or a crashed tab loses nothing.
 *
 * The saved session is a set of named slots ("run", "pins", and whatever other views register, such
 * as lesson progress). Each slot has a getter, read at save time, and a setter, given the saved value
 * at restore time; a setter throws to refuse a value it cannot take. Slots saved by a view that has
 * not registered (yet) are kept as they are, so no view's data is lost by another's save.
 */

export const AUTOSAVE_FORMAT = "plasticity-lab-session";
export const AUTOSAVE_VERSION = 1;

/** Saves while values keep changing (a drag) are at most this far apart, so a crash loses at most this much. */
const SAVE_EVERY_MS = 250;

export interface AutosaveSlot {
  get(): unknown;
  /** Applies a saved value; throws (with a message for the user) if it cannot. */
  set(value: unknown): void;
}

interface SavedSession {
  format: typeof AUTOSAVE_FORMAT;
  version: number;
  model: string;
  /** The tab that wrote it: a reload of that tab restores it even though its address carries a query. */
  tab: string;
  savedAt: string;
  slots: Record<string, unknown>;
}

export interface AutosaveOptions {
  /** The latest session of any tab: what a new tab, or one reopened after a crash, comes back to. */
  storage: Storage | undefined;
  /** This tab's own session (sessionStorage): a reload of this tab comes back to it even if another tab saved since. */
  tabStorage: Storage | undefined;
  modelId: string;
  /** The page's query; a non-empty one is a link, which wins over the saved session unless this tab wrote both. */
  search: string;
  /** The id of this tab's session, kept in history.state so a reload of the same tab keeps it. */
  tab: string;
  /** Called with the user-facing message when something saved cannot be read or applied. */
  onProblem(title: string, lines: string[]): void;
}

/** What start() found: whether a session was restored, or why not. */
export type RestoreOutcome =
  | { kind: "none" }
  | { kind: "restored"; savedAt: string; problems: string[] }
  | { kind: "link-wins"; savedAt: string }
  | { kind: "unreadable"; problems: string[] };

export class Autosave {
  private readonly slots = new Map<string, AutosaveSlot>();
  /** Saved slots no registered view has claimed yet; written back unchanged. */
  private pending: Record<string, unknown> = {};
  private timer = 0;
  private dirty = false;
  /** False while a link is shown that the user has not changed: the saved session must survive it. */
  private writing = true;
  private restoring = false;
  private started = false;
  private restoreLate = false;
  readonly key: string;

  constructor(private readonly options: AutosaveOptions) {
    this.key = `plasticity-lab:session:${options.modelId}`;
  }

  /**
   * Adds a slot. Registered after start(), a slot still gets its saved value when the session was
   * restored (a view mounted later, such as a lesson player, picks up where it was).
   */
  register(key: string, slot: AutosaveSlot): void {
    this.slots.set(key, slot);
    if (this.started && this.restoreLate && key in this.pending) {
      const value = this.pending[key];
      delete this.pending[key];
      const problem = this.apply(key, slot, value);
      if (problem) this.options.onProblem("Part of your saved session was not restored:", [problem]);
    }
  }

  /** Reads the saved session and restores it unless a link wins; call once every first slot is registered. */
  start(): RestoreOutcome {
    this.started = true;
    const own = this.read(this.options.tabStorage);
    if (own.kind === "ok" && own.session.tab === this.options.tab) {
      return { kind: "restored", savedAt: own.session.savedAt, problems: this.restoreSession(own.session) };
    }
    const read = this.read(this.options.storage);
    if (read.kind !== "ok") {
      if (read.kind === "bad") {
        this.options.onProblem("Your saved session could not be restored; starting from the defaults:", read.problems);
        return { kind: "unreadable", problems: read.problems };
      }
      return { kind: "none" };
    }
    const saved = read.session;
    const ownTab = saved.tab === this.options.tab;
    if (this.options.search.replace(/^\?/, "") !== "" && !ownTab) {
      // The saved session stays as it is until the user changes something here.
      this.writing = false;
      return { kind: "link-wins", savedAt: saved.savedAt };
    }
    return { kind: "restored", savedAt: saved.savedAt, problems: this.restoreSession(saved) };
  }

  /** Replaces what is shown (a link) by the saved session; used by the link-wins notice's button. */
  restoreSaved(): RestoreOutcome {
    const read = this.read(this.options.storage);
    if (read.kind !== "ok") return read.kind === "bad" ? { kind: "unreadable", problems: read.problems } : read;
    this.writing = true;
    const problems = this.restoreSession(read.session);
    this.saveNow();
    return { kind: "restored", savedAt: read.session.savedAt, problems };
  }

  /** Something changed: saves soon (at most every SAVE_EVERY_MS while changes keep coming). */
  changed(): void {
    if (this.restoring || !this.started) return;
    this.writing = true;
    this.dirty = true;
    if (this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.flush();
    }, SAVE_EVERY_MS);
  }

  /** Writes a pending change at once (the page is being hidden or closed). */
  flush(): void {
    if (this.dirty) this.saveNow();
  }

  /** Saves pending changes when the page is hidden or left; a tab killed outright loses at most one interval. */
  attachPageEvents(): void {
    window.addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  private saveNow(): void {
    this.dirty = false;
    clearTimeout(this.timer);
    this.timer = 0;
    if (!this.writing || !this.options.storage) return;
    const slots: Record<string, unknown> = { ...this.pending };
    for (const [key, slot] of this.slots) {
      try {
        slots[key] = slot.get();
      } catch {
        // A view that cannot describe itself right now keeps its last saved value.
      }
    }
    const session: SavedSession = {
      format: AUTOSAVE_FORMAT,
      version: AUTOSAVE_VERSION,
      model: this.options.modelId,
      tab: this.options.tab,
      savedAt: new Date().toISOString(),
      slots,
    };
    const text = JSON.stringify(session);
    try {
      this.options.tabStorage?.setItem(this.key, text);
    } catch {
      // The tab's copy only spares a reload from another tab's save; the shared copy below is the one that matters.
    }
    try {
      this.options.storage.setItem(this.key, text);
    } catch (err) {
      // Full or blocked storage must not break the app; say so once.
      this.options.storage = undefined;
      this.options.onProblem("Your session can no longer be saved in this browser:", [(err as Error).message]);
    }
  }

  private read(
    storage: Storage | undefined,
  ): { kind: "ok"; session: SavedSession } | { kind: "none" } | { kind: "bad"; problems: string[] } {
    let text: string | null;
    try {
      text = storage?.getItem(this.key) ?? null;
    } catch {
      return { kind: "none" };
    }
    if (text === null) return { kind: "none" };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: "bad", problems: ["the saved data is not valid JSON (it may have been cut short or edited)"] };
    }
    const problem = sessionProblem(data, this.options.modelId);
    return problem ? { kind: "bad", problems: [problem] } : { kind: "ok", session: data as SavedSession };
  }

  private restoreSession(saved: SavedSession): string[] {
    const problems: string[] = [];
    this.pending = { ...saved.slots };
    this.restoreLate = true;
    for (const [key, slot] of this.slots) {
      if (!(key in this.pending)) continue;
      const value = this.pending[key];
      delete this.pending[key];
      const problem = this.apply(key, slot, value);
      if (problem) problems.push(problem);
    }
    if (problems.length) this.options.onProblem("Parts of your saved session were not restored:", problems);
    return problems;
  }

  /** Gives a slot its saved value; returns what went wrong, or null. */
  private apply(key: string, slot: AutosaveSlot, value: unknown): string | null {
    this.restoring = true;
    try {
      slot.set(value);
      return null;
    } catch (err) {
      return `${key}: ${(err as Error).message}`;
    } finally {
      this.restoring = false;
    }
  }
}

/** Why `data` is not a saved session of this model, or null if it is. */
function sessionProblem(data: unknown, modelId: string): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "the saved data is not a session";
  const d = data as Partial<SavedSession>;
  if (d.format !== AUTOSAVE_FORMAT) return "the saved data is not a Plasticity Lab session";
  if (d.version !== AUTOSAVE_VERSION) {
    return `the saved session has format version ${String(d.version)}; this version of the app reads ${AUTOSAVE_VERSION}`;
  }
  if (d.model !== modelId) return `the saved session is for model "${String(d.model)}", not "${modelId}"`;
  if (typeof d.slots !== "object" || d.slots === null || Array.isArray(d.slots))
    return "the saved session has no slots";
  if (typeof d.tab !== "string" || typeof d.savedAt !== "string") return "the saved session is incomplete";
  return null;
}
