import "./classroom.css";
import type { Model, RunSpec } from "../../engine/index.ts";
import type { ControlPanel } from "../explorer/control-panel.ts";
import type { ModelSource } from "../session/model-source.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import type { Notices } from "../ui/notices.ts";
import { ClaimsPanel } from "./claims-panel.ts";
import { type ClassLinkReading, readClassLink } from "./class-link.ts";
import { ClassLinkDialog } from "./class-link-dialog.ts";
import { ClassLock } from "./class-lock.ts";
import { Handout } from "./handout.ts";
import { type LessonEntry, shippedLessons } from "./lesson-catalogue.ts";
import { LessonPlayer, type LessonProgress } from "./lesson-player.ts";

const lessonsCache = new Map<Model, LessonEntry[]>();
function lessons(model: Model): LessonEntry[] {
  let entries = lessonsCache.get(model);
  if (!entries) {
    entries = shippedLessons(model);
    lessonsCache.set(model, entries);
  }
  return entries;
}

/**
 * Reads the class keys a link opened with (`entries`, in link order with repeats, as the URL table
 * handed them over, and the link's seed); call before the session's run is made from `spec`.
 */
export function readClassroomLink(
  model: Model,
  spec: RunSpec,
  entries: readonly [string, string][],
  seed: number | undefined,
): ClassLinkReading {
  const all: [string, string][] = seed === undefined ? [...entries] : [...entries, ["seed", String(seed)]];
  return readClassLink(
    model,
    spec,
    all,
    lessons(model).map((l) => l.name),
  );
}

export interface ClassroomContext {
  model: Model;
  state: RunState;
  controls: ControlPanel;
  notices: Notices;
  link: ClassLinkReading;
  source: ModelSource;
  /** The share link of what is shown now. */
  shareUrl(): string;
  /** Resolves once the page's figures show the run as it is now (see Explorer.whenCurrent). */
  figuresCurrent(): Promise<void>;
}

export interface Classroom {
  player: LessonPlayer;
  progress(): LessonProgress | undefined;
  /** Removes what was added outside the classroom's own containers (dialogs). */
  dispose(): void;
}

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

/**
 * The classroom features: projector theme, a class link's locks, the claims panel, the lesson player,
 * "Share for class" and the handout. Mounted into the page's #classroom-actions, #lesson-player and
 * #claims-panel. The theme, the lesson progress and the class settings live in the session store.
 */
export function mountClassroom({
  model,
  state,
  controls,
  notices,
  link,
  source,
  shareUrl,
  figuresCurrent,
}: ClassroomContext): Classroom {
  const { settings } = link;
  const { store } = state;
  const entries = lessons(model);

  const lock = new ClassLock(model, settings.locked, state.resolved, settings.lesson);
  lock.attach(state);
  controls.restrict(settings.locked, settings.hidden);
  if (link.changed) notices.show(link.changed, [], "warning", "class-link-changed");
  if (link.problems.length) {
    notices.show("Some entries of the class link were not applied:", link.problems, "warning", "class-link");
  }

  const claims = new ClaimsPanel(model, state, source.text, source.file);
  claims.setPresetLocked(settings.locked.has("preset"));
  byId("claims-panel").append(claims.root);

  const player = new LessonPlayer(model, state, entries);
  byId("lesson-player").append(player.root);
  // Progress in a shipped lesson is kept in the session (saved, and in the link); a lesson opened from a
  // file is not reopened.
  const progressOf = (p: LessonProgress | undefined) => (player.linkName && p ? p : null);
  // While a lesson runs, its panel stays beside the figures whatever view is shown (see styles.css).
  const markOpen = () => document.body.toggleAttribute("data-lesson-open", player.current !== undefined);
  player.onProgress(markOpen);
  player.onProgress((p) => {
    const next = progressOf(p);
    if (JSON.stringify(next) === JSON.stringify(store.state.session.lesson)) return;
    store.update((s) => ({ ...s, session: { ...s.session, lesson: next } }), "lesson-progress");
  });
  const follow = (saved: LessonProgress | null) => {
    if (JSON.stringify(saved) === JSON.stringify(progressOf(player.progress))) return;
    if (saved === null) {
      if (player.linkName) player.close();
      return;
    }
    if (!player.open(saved.lesson, saved)) {
      notices.show(
        "Part of your saved session was not restored:",
        [`the saved lesson "${saved.lesson}" cannot be opened`],
        "warning",
        "autosave-problem",
      );
    }
  };
  state.watch((s) => s.session.lesson, follow);

  state.onChange(() => {
    if (lock.lastKept.length) {
      notices.show("Locked by the class link:", lock.lastKept, "warning", "lock");
      lock.lastKept = [];
    }
  });

  const projector = el("button", {
    type: "button",
    id: "projector-toggle",
    "aria-pressed": String(store.state.theme === "projector"),
    text: "Projector theme",
  });
  projector.addEventListener("click", () => {
    const theme = store.state.theme === "projector" ? "standard" : "projector";
    store.update((s) => ({ ...s, theme }), "theme");
  });
  state.watch(
    (s) => s.theme,
    (theme) => projector.setAttribute("aria-pressed", String(theme === "projector")),
  );

  const dialog = new ClassLinkDialog(model, state, entries);
  const share = el("button", { type: "button", id: "class-link-button", text: "Share for class…" });
  share.addEventListener("click", () =>
    dialog.open({
      lesson: player.linkName,
      theme: store.state.theme,
      seed: settings.seed,
      locked: settings.locked,
      hidden: settings.hidden,
    }),
  );

  const handout = new Handout();
  const handoutButton = el("button", { type: "button", id: "handout-open", text: "Handout…" });
  handoutButton.addEventListener("click", () => {
    void handout.open({
      model,
      run: state.resolved,
      link: shareUrl(),
      lesson: player.current,
      progress: player.progress,
      hidden: settings.hidden,
      figuresCurrent,
    });
  });

  byId("classroom-actions").append(projector, share, handoutButton);
  document.body.append(dialog.root, handout.root);

  const saved = store.state.session.lesson;
  if (saved) follow(saved);
  else if (settings.lesson) player.open(settings.lesson);
  return {
    player,
    progress: () => player.progress,
    dispose: () => {
      document.body.removeAttribute("data-lesson-open");
      dialog.root.remove();
      handout.root.remove();
    },
  };
}
