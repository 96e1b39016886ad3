import {
  EXPORT_TARGETS,
  type ExportTarget,
  exportModel,
  isExportTarget,
  type Model,
  type ModelExport,
  type RunSpec,
} from "../../engine/index.ts";
import { el } from "../ui/dom.ts";
import { downloadText } from "./downloads.ts";
import "./model-export.css";

export interface ModelExportSource {
  model: Model;
  /** The run shown now: preset and every parameter value as the controls hold them. */
  spec(): RunSpec;
  /** The share link of what is shown now, written into the file. */
  shareUrl(): string;
}

/**
 * "Export model…": the open model at the current settings, for SBML tools, XPPAUT or Python. The file
 * is generated when the dialog opens and whenever the format changes, so it always follows the page;
 * what the chosen format cannot express is listed before the download.
 */
export class ModelExportDialog {
  readonly root: HTMLDialogElement;
  private readonly radios: HTMLInputElement[];
  private readonly filename: HTMLElement;
  private readonly notes: HTMLUListElement;
  private readonly problem: HTMLElement;
  private readonly download: HTMLButtonElement;
  private file: ModelExport | undefined;

  constructor(private readonly source: ModelExportSource) {
    const targets = Object.keys(EXPORT_TARGETS) as ExportTarget[];
    this.radios = targets.map((t, k) =>
      el("input", {
        type: "radio",
        name: "model-export-format",
        id: `model-export-${t}`,
        value: t,
        ...(k === 0 ? { checked: true } : {}),
      }),
    );
    const options = targets.map((t, k) =>
      el(
        "label",
        { class: "model-export-option", for: `model-export-${t}` },
        this.radios[k] as HTMLInputElement,
        el(
          "span",
          {},
          el("strong", { text: FORMAT_NAMES[t] }),
          " ",
          el("span", { class: "hint", text: EXPORT_TARGETS[t] }),
        ),
      ),
    );
    this.filename = el("code", { id: "model-export-filename" });
    this.notes = el("ul", { id: "model-export-notes", class: "model-export-notes" });
    this.problem = el("p", { id: "model-export-problem", class: "model-export-problem", role: "alert", hidden: true });
    this.download = el("button", { type: "button", id: "model-export-download", class: "primary", text: "Download" });
    const close = el("button", { type: "button", id: "model-export-close", text: "Close" });
    for (const r of this.radios) r.addEventListener("change", () => this.refresh());
    this.download.addEventListener("click", () => {
      if (this.file) downloadText(this.file.text, this.file.filename, this.file.mime);
    });
    close.addEventListener("click", () => this.root.close());

    this.root = el(
      "dialog",
      { class: "model-export-dialog", id: "model-export-dialog", "aria-labelledby": "model-export-title" },
      el("h2", { id: "model-export-title", text: "Export model" }),
      el("p", {
        class: "hint",
        text: `${source.model.title} at the current settings (preset, every parameter value, the inputs), written for another tool. Each file carries the label "${source.model.label}", the model version and the share link.`,
      }),
      el("fieldset", { class: "model-export-formats" }, el("legend", { text: "Format" }), ...options),
      el("p", { class: "model-export-file" }, "File: ", this.filename),
      el("p", { class: "block-label", text: "What this format cannot express, and how the file handles it" }),
      this.notes,
      this.problem,
      el("div", { class: "dialog-actions" }, this.download, close),
    );
  }

  open(): void {
    this.refresh();
    this.root.showModal();
    this.radios.find((r) => r.checked)?.focus();
  }

  private target(): ExportTarget {
    const value = this.radios.find((r) => r.checked)?.value ?? "";
    return isExportTarget(value) ? value : "sbml";
  }

  /** Writes the file for the chosen format from the page's current settings. */
  private refresh(): void {
    try {
      this.file = exportModel(this.source.model, this.source.spec(), this.target(), { link: this.source.shareUrl() });
      this.filename.textContent = this.file.filename;
      this.notes.replaceChildren(...this.file.notes.map((n) => el("li", { text: n })));
      this.problem.hidden = true;
      this.download.disabled = false;
    } catch (err) {
      this.file = undefined;
      this.filename.textContent = "–";
      this.notes.replaceChildren();
      this.problem.textContent = `This model cannot be written in this format: ${(err as Error).message}`;
      this.problem.hidden = false;
      this.download.disabled = true;
    }
  }
}

const FORMAT_NAMES: Record<ExportTarget, string> = {
  sbml: "SBML",
  xpp: "XPPAUT",
  scipy: "Python",
};
