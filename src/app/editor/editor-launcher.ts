import "./editor-launcher.css";
import type { AppSession } from "../session/app-session.ts";
import { el } from "../ui/dom.ts";
import { editorWasOpen, rememberEditorOpen } from "./edited-model-store.ts";
import type { MountedModelEditor } from "./mount-model-editor.ts";
import { sessionHost } from "./session-host.ts";

/**
 * The "Edit model" button, returned for the model block, and the editor's panel in `panelSlot`. The
 * editor itself (CodeMirror and its languages) is loaded only when the button is first used, so the
 * page does not pay for it otherwise. A model opened some other way (the picker, a file) reopens the
 * editor on that model's text.
 */
export function mountEditorLauncher(session: AppSession, panelSlot: HTMLElement): HTMLElement {
  const button = el("button", {
    type: "button",
    id: "edit-model",
    "aria-expanded": "false",
    "aria-controls": "model-editor",
    text: "Edit model",
  });
  const panel = el("section", {
    class: "card model-editor-card",
    id: "model-editor",
    hidden: true,
    "aria-label": "Model editor",
  });
  panelSlot.append(panel);
  let applying = false;
  const base = sessionHost(session, () => close());
  const host = {
    ...base,
    apply: (text: string) => {
      applying = true;
      try {
        return base.apply(text);
      } finally {
        applying = false;
      }
    },
  };
  let mounted: Promise<MountedModelEditor> | undefined;
  const load = () => {
    mounted ??= import("./editor-chunk.ts").then((m) => m.mountModelEditor(panel, host));
    return mounted;
  };
  const open = async (focus: boolean) => {
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    rememberEditorOpen(true);
    try {
      const editor = await load();
      if (focus) {
        panel.scrollIntoView({ block: "start" });
        editor.focus();
      }
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
  session.onModel(() => {
    if (applying || !mounted) return;
    const old = mounted;
    mounted = undefined;
    void old.then((editor) => {
      editor.destroy();
      if (!panel.hidden) void open(false);
    });
  });
  button.addEventListener("click", () => (panel.hidden ? void open(true) : close()));
  if (editorWasOpen()) void open(false);
  return button;
}
