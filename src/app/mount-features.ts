import { mountAccessibility } from "./accessibility/mount-accessibility.ts";
import { mountAnalyses } from "./analyses/analyses-section.ts";
import { mountClassroom } from "./classroom/classroom.ts";
import { mountExplorer } from "./explorer/mount-explorer.ts";
import type { FeatureContext, MountedFeatures } from "./session/app-session.ts";
import type { AppProbe } from "./test-hook.ts";

/** The page's containers each model's features fill; emptied (replaced by a bare copy) when the model closes. */
const MOUNT_POINTS = [
  "fig-time",
  "fig-rule",
  "fig-dose",
  "time-legend",
  "pins",
  "analyses",
  "claims-panel",
  "lesson-player",
  "classroom-actions",
  "equations",
  "about",
  "print-report",
];

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

/** Mounts the open model's features: explorer, analyses, classroom, and the figures' accessible views. */
export function mountFeatures(ctx: FeatureContext, probe: AppProbe | undefined): MountedFeatures {
  const { state, notices } = ctx;
  const explorer = mountExplorer({ ...ctx, probe });
  mountAnalyses(byId("analyses"), state.model, state, new Set(state.store.state.session.classroom.hidden));
  const classroom = mountClassroom({
    ...ctx,
    model: state.model,
    controls: explorer.controls,
    notices,
    figuresCurrent: () => explorer.whenCurrent(),
  });
  const removeAccessibility = mountAccessibility({ ...explorer, model: state.model });
  return {
    start: () => explorer.start(),
    dispose: () => {
      removeAccessibility();
      classroom.dispose();
      explorer.dispose();
      state.dispose();
      explorer.controls.root.remove();
      for (const id of MOUNT_POINTS) {
        const old = byId(id);
        old.replaceWith(old.cloneNode(false));
      }
      for (const key of ["solve", "dose", "equations", "lock", "class-link", "import", "export"]) notices.dismiss(key);
    },
  };
}
