import { diagnoseModel } from "../../engine/diagnose-model.ts";
import { type Model, resolveRun, toQuery } from "../../engine/index.ts";
import { carryRun } from "./carry-run.ts";
import { rememberEditorOpen, saveApplied } from "./edited-model-store.ts";
import type { EditorLaunch } from "./editor-launcher.ts";
import type { ModelEditorHost } from "./model-editor-host.ts";
import { MAX_MODEL_LINK_CHARS, modelLinkPart } from "./model-link.ts";

/**
 * The editor's host in today's app, which is built once per page load: Apply keeps the text as this
 * browser's edit of the model and loads the page again. (An app that can switch models in place
 * passes a host whose apply does that instead.)
 */
export function pageReloadHost(launch: EditorLaunch, close: () => void): ModelEditorHost & { close(): void } {
  const { model, text, file, state } = launch;
  return {
    current: () => ({ id: model.id, version: model.version, file, text }),
    shipped: (id) => launch.shipped(id),
    theme: () => (document.documentElement.dataset.theme === "projector" ? "projector" : "light"),
    close,
    apply: (next) => {
      const d = diagnoseModel(next, file);
      if (!d.model) return { ok: false, errors: d.errors.map((e) => e.message) };
      applyByReload(model, d.model, next, launch);
      return { ok: true };
    },
    linkFor: async (next) => {
      const part = await modelLinkPart(next);
      if (!part.ok) {
        return {
          ok: false,
          message: `This model is too large for a link: ${part.chars} characters compressed, more than the ${MAX_MODEL_LINK_CHARS} a link may carry. Share the YAML file instead (Download).`,
        };
      }
      const d = diagnoseModel(next, file);
      const query = d.model ? toQuery(resolveRun(d.model, carryRun(state.current, model, d.model))) : "";
      return { ok: true, url: `${location.origin}${location.pathname}${query ? `?${query}` : ""}#${part.fragment}` };
    },
  };
}

/**
 * Keeps the text as this browser's edit of the model and loads the page again, with the current run
 * restated for the new model in the address.
 * The saved session belonged to the previous text (its parameters may have been renamed), so it is
 * cleared: the address carries the run across.
 */
function applyByReload(from: Model, to: Model, text: string, launch: EditorLaunch): void {
  saveApplied(from.id, text === launch.shipped(from.id) ? undefined : text);
  for (const kind of ["localStorage", "sessionStorage"] as const) {
    try {
      window[kind].removeItem(`plasticity-lab:session:${from.id}`);
      window[kind].removeItem(`plasticity-lab:session:${to.id}`);
    } catch {
      // Storage blocked: nothing was saved either.
    }
  }
  const query = toQuery(resolveRun(to, carryRun(launch.state.current, from, to)));
  rememberEditorOpen(true);
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}`);
  location.reload();
}
