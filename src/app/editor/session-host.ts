import { loadModel, type Model } from "../../engine/index.ts";
import { type AppSession, openModelText } from "../session/app-session.ts";
import { editedFileName, shippedModels } from "../session/model-source.ts";
import type { ModelEditorHost } from "./model-editor-host.ts";

/**
 * The editor's host over the app session: Apply opens the text as the app's model in place (the
 * session saves, carries and restores its run, pins and undo as for any model), a link carries the
 * text in its fragment through the URL table.
 */
export function sessionHost(session: AppSession, close: () => void): ModelEditorHost & { close(): void } {
  return {
    current: () => {
      const model = session.currentModel;
      const source = session.openModelFile;
      return { id: model.id, version: model.version, file: source.file, text: source.text };
    },
    shipped: (id) => shippedModels().find((e) => e.id === id)?.text,
    theme: () => (document.documentElement.dataset.theme === "projector" ? "projector" : "light"),
    close,
    apply: (text) => openModelText(text, { file: editedFileName(session.currentModel.id), origin: "edited" }),
    linkFor: async (text) => {
      let model: Model;
      try {
        model = loadModel(text, editedFileName(session.currentModel.id));
      } catch {
        return { ok: false, message: "Fix the errors first: a link carries only a model that loads." };
      }
      const { encodeModelText, MAX_MODEL_LINK_CHARS } = await import("../session/model-text-link.ts");
      const part = await encodeModelText(text);
      if (!part.ok) {
        return {
          ok: false,
          message: `This model is too large for a link: ${part.chars} characters compressed, more than the ${MAX_MODEL_LINK_CHARS} a link may carry. Share the YAML file instead (Download YAML).`,
        };
      }
      return { ok: true, url: session.linkForEdit(model, part.encoded) };
    },
  };
}
