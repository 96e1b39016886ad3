import "./classroom.css";
import type { Model, RunSpec } from "../../engine/index.ts";
import type { ControlPanel } from "../explorer/control-panel.ts";
import { modelFile, modelText } from "../session/model-source.ts";
import { autosaveChanged, registerAutosaveSlot } from "../session/mount-persistence.ts";
import type { RunState } from "../session/run-state.ts";
import { linkExtra, setLinkExtra, shareLinkFor, writeShareLink } from "../session/share-link.ts";
import { el } from "../ui/dom.ts";
import type { Notices } from "../ui/notices.ts";
import { ClaimsPanel } from "./claims-panel.ts";
import { CLASS_KEYS, type ClassLinkReading, classKeys, readClassLink } from "./class-link.ts";
import { ClassLinkDialog } from "./class-link-dialog.ts";
import { ClassLock } from "./class-lock.ts";
import { Handout } from "./handout.ts";
import { type LessonEntry, shippedLessons } from "./lesson-catalogue.ts";
import { LessonPlayer, type LessonProgress } from "./lesson-player.ts";
import { isProjectorTheme, setProjectorTheme } from "./projector-theme.ts";
import { savedProgress } from "./saved-progress.ts";

let lessonsCache: LessonEntry[] | undefined;
function lessons(model: Model): LessonEntry[] {
  lessonsCache ??= shippedLessons(model);
  return lessonsCache;
}

/** Reads the class keys the share link opened with; call before the run state is made from `spec`. */
export function readClassroomLink(model: Model, spec: RunSpec): ClassLinkReading {
  const other: Record<string, string> = {};
  for (const key of [...CLASS_KEYS, "seed"]) {
    const v = linkExtra(key);
    if (v !== undefined) other[key] = v;
  }
  return readClassLink(
    model,
    spec,
    other,
    lessons(model).map((l) => l.name),
  );
}

export interface ClassroomContext {
  model: Model;
  state: RunState;
  controls: ControlPanel;
  notices: Notices;
  link: ClassLinkReading;
}

export interface Classroom {
  player: LessonPlayer;
  progress(): LessonProgress | undefined;
}

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

/**
 * The classroom features: projector theme, a class link's locks, the claims panel, the lesson player,
 * "Share for class" and the handout. Mounted into the page's #classroom-actions, #lesson-player and
 * #claims-panel.
 */
export function mountClassroom({ model, state, controls, notices, link }: ClassroomContext): Classroom {
  const { settings } = link;
  const entries = lessons(model);
  setProjectorTheme(settings.theme === "projector", model);

  const lock = new ClassLock(model, settings.locked, state.resolved, settings.lesson);
  lock.attach(state);
  controls.restrict(settings.locked, settings.hidden);
  if (link.problems.length) {
    notices.show("Some entries of the class link were not applied:", link.problems, "warning", "class-link");
  }

  const claims = new ClaimsPanel(model, state, modelText(), modelFile());
  claims.setPresetLocked(settings.locked.has("preset"));
  byId("claims-panel").append(claims.root);

  const player = new LessonPlayer(model, state, entries);
  byId("lesson-player").append(player.root);
  // Progress in a shipped lesson is saved with the session; a lesson opened from a file is not reopened.
  registerAutosaveSlot("lesson", {
    get: () => (player.linkName ? (player.progress ?? null) : null),
    set: (value) => {
      if (value === null || value === undefined) return;
      const progress = savedProgress(value);
      if (!player.open(progress.lesson, progress))
        throw new Error(`the saved lesson "${progress.lesson}" cannot be opened`);
    },
  });
  player.onProgress(() => autosaveChanged());

  // The address bar keeps the class keys, so a reload (or a copied link) keeps the locks and the lesson.
  const syncLink = () => {
    const keys = classKeys(model, state.resolved, {
      lesson: player.linkName,
      locked: settings.locked,
      hidden: settings.hidden,
      theme: isProjectorTheme() ? "projector" : "standard",
      seed: undefined,
    });
    for (const k of CLASS_KEYS) setLinkExtra(k, keys[k]);
  };
  state.onChange(() => {
    syncLink();
    if (lock.lastKept.length) {
      notices.show("Locked by the class link:", lock.lastKept, "warning", "lock");
      lock.lastKept = [];
    }
  });
  player.onProgress(() => {
    syncLink();
    writeShareLink(state.resolved);
  });

  const projector = el("button", {
    type: "button",
    id: "projector-toggle",
    "aria-pressed": String(isProjectorTheme()),
    text: "Projector theme",
  });
  projector.addEventListener("click", () => {
    const on = !isProjectorTheme();
    setProjectorTheme(on, model);
    projector.setAttribute("aria-pressed", String(on));
    syncLink();
    state.restore(state.current, "theme");
  });

  const dialog = new ClassLinkDialog(model, state, entries);
  const share = el("button", { type: "button", id: "class-link-button", text: "Share for class…" });
  share.addEventListener("click", () =>
    dialog.open({
      lesson: player.linkName,
      theme: isProjectorTheme() ? "projector" : "standard",
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
      link: shareLinkFor(state.resolved),
      lesson: player.current,
      progress: player.progress,
    });
  });

  byId("classroom-actions").append(projector, share, handoutButton);
  document.body.append(dialog.root, handout.root);

  if (settings.lesson) player.open(settings.lesson);
  syncLink();
  return { player, progress: () => player.progress };
}
