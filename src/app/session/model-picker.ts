import { el } from "../ui/dom.ts";
import type { Notices } from "../ui/notices.ts";
import { type AppSession, openModelText } from "./app-session.ts";
import { shippedModels } from "./model-source.ts";

/**
 * The model picker: every model shipped in models/ by title, with the open one's summary, and "Open
 * model file…" for a YAML file from the user's computer. A file that does not load is listed error by
 * error (file:line field: message) and the open model stays open.
 */
export function modelPicker(session: AppSession, notices: Notices): HTMLElement {
  const select = el("select", { id: "model-picker", "aria-describedby": "model-summary" });
  const summary = el("p", { id: "model-summary", class: "preset-purpose" });
  const provenance = el("p", { id: "model-provenance", class: "model-provenance", hidden: true });
  const input = el("input", {
    type: "file",
    id: "open-model-file",
    accept: ".yaml,.yml,application/yaml,text/yaml",
    class: "visually-hidden",
  });
  const render = () => {
    const model = session.currentModel;
    const shipped = shippedModels();
    const others = session.fileModels;
    const edited = new Set(others.filter((e) => e.origin === "edited").map((e) => e.id));
    const options = shipped.map((e) =>
      el("option", { value: e.id, text: edited.has(e.id) ? `${e.title} (edited)` : e.title, title: e.summary }),
    );
    for (const e of others) {
      // A file or an edit with a shipped model's id replaces it while open; the picker lists the id once.
      if (shipped.some((x) => x.id === e.id)) continue;
      const where = e.origin === "edited" ? "edited" : `from ${e.file}`;
      options.push(el("option", { value: e.id, text: `${e.title} (${where})`, title: e.summary }));
    }
    select.replaceChildren(...options);
    select.value = model.id;
    summary.textContent = model.summary;
    // Where the open model's text came from, when it is not a file the app ships.
    const origin = session.openModelFile.origin;
    provenance.hidden = origin === "shipped";
    provenance.textContent =
      origin === "edited"
        ? "Edited model, not a shipped file."
        : `Opened from ${session.openModelFile.file}, not a shipped file.`;
  };
  select.addEventListener("change", () => {
    const result = session.openById(select.value);
    if (result.ok) {
      notices.dismiss("model-file");
      return;
    }
    notices.show(
      `That model could not be opened; ${session.currentModel.title} stays open:`,
      result.errors,
      "error",
      "model-file",
    );
    render();
  });
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    const result = openModelText(await file.text(), { file: file.name, origin: "file" });
    if (result.ok) {
      notices.show(`Opened ${session.currentModel.title} from ${file.name}.`, [], "info", "model-file");
      return;
    }
    notices.show(
      `${file.name} could not be opened; ${session.currentModel.title} stays open:`,
      result.errors,
      "error",
      "model-file",
    );
  });
  session.onModel(render);
  render();
  return el(
    "section",
    { class: "panel-block model-block", "aria-label": "Model" },
    el("label", { for: "model-picker", class: "block-label", text: "Model" }),
    select,
    provenance,
    summary,
    el("label", { class: "file-button", for: "open-model-file", text: "Open model file…" }),
    input,
  );
}
