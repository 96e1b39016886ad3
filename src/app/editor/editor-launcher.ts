import type { Model } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import { editorWasOpen, rememberEditorOpen } from "./edited-model-store.ts";

export interface EditorLaunch {
  model: Model;
  text: string;
  file: string;
  state: RunState;
  shipped(id: string): string | undefined;
  /** Where the button goes and where the panel opens. */
  buttonSlot: HTMLElement;
  panelSlot: HTMLElement;
}

/**
 * The "Edit model" button. The editor itself (CodeMirror and its languages) is loaded only when the
 * button is first used, so the page does not pay for it otherwise.
 */
export function mountEditorLauncher(launch: EditorLaunch): void {
  const button = el("button", { type: "button", id: "edit-model", "aria-expanded": "false", text: "Edit model" });
  launch.buttonSlot.append(button);
  const panel = el("section", {
    class: "card model-editor-card",
    id: "model-editor",
    hidden: true,
    "aria-label": "Model editor",
  });
  launch.panelSlot.append(panel);
  let mounted: Promise<{ focus(): void }> | undefined;
  const open = async (focus: boolean) => {
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    rememberEditorOpen(true);
    mounted ??= import("./editor-chunk.ts").then((m) => m.mountModelEditor(panel, m.pageReloadHost(launch, close)));
    try {
      const editor = await mounted;
      if (focus) editor.focus();
    } catch (err) {
      mounted = undefined;
      panel.replaceChildren(
        el("p", { role: "alert", text: `The editor could not be loaded: ${(err as Error).message}` }),
      );
    }
  };
  const close = () => {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    rememberEditorOpen(false);
    button.focus();
  };
  button.addEventListener("click", () => (panel.hidden ? void open(true) : close()));
  if (editorWasOpen()) void open(false);
}
