import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, forceLinting, linter, lintGutter, lintKeymap } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import type { Model } from "../../engine/index.ts";
import type { Diagnosis } from "../../engine/model/diagnose-model.ts";
import { downloadText } from "../exports/downloads.ts";
import { el } from "../ui/dom.ts";
import { draftText, saveDraft } from "./edited-model-store.ts";
import { modelCompletions } from "./editor-completion.ts";
import { editorDiagnostics } from "./editor-diagnostics.ts";
import { declarationHover } from "./editor-hover.ts";
import { appEditorTheme, darkHighlight, projectorHighlight, standardHighlight } from "./editor-theme.ts";
import type { ModelEditorHost } from "./model-editor-host.ts";
import templateText from "./template-model.yaml?raw";
import "./model-editor.css";

/** Diagnostics wait for a pause in typing this long, so each keystroke does not reload the model. */
const LINT_DELAY_MS = 250;
const DRAFT_DELAY_MS = 400;
/** Problems listed under the status line; the rest are marked in the text and counted. */
const MAX_LISTED = 8;

export interface MountedModelEditor {
  focus(): void;
  /** The editor's text now. */
  text(): string;
  /** The latest diagnosis (errors and warnings) of the text. */
  diagnosis(): Diagnosis | undefined;
  destroy(): void;
}

/**
 * The model editor: CodeMirror on the model's YAML, with the engine's own loader as its linter,
 * completion and hover from the schema and the model, and Apply, Revert, Download, New from template
 * and a link that carries the model. Everything it does to the app goes through `host`.
 */
export function mountModelEditor(root: HTMLElement, host: ModelEditorHost & { close?(): void }): MountedModelEditor {
  // Re-read after a successful Apply: an app that switches models in place then runs the applied text.
  let current = host.current();
  const draft = draftText(current.id);
  let lastDiagnosis: Diagnosis | undefined;
  let lastGood: Model | undefined;

  const status = el("p", { class: "model-editor-status", role: "status", "aria-live": "polite" });
  const problems = el("ul", { class: "model-editor-problems", hidden: true });
  // The diagnostics as a list as well as marks in the text: readable without hovering, each a button
  // that puts the cursor on what it names.
  const found = el("ul", {
    class: "model-editor-found",
    id: "model-editor-found",
    "aria-label": "Problems in the file",
  });
  const applyButton = el("button", { type: "button", class: "primary", id: "model-editor-apply", text: "Apply" });
  const revertButton = el("button", { type: "button", id: "model-editor-revert", text: "Revert to shipped file" });
  const downloadButton = el("button", { type: "button", id: "model-editor-download", text: "Download YAML" });
  const templateButton = el("button", { type: "button", id: "model-editor-template", text: "New from template" });
  const linkButton = el("button", { type: "button", id: "model-editor-link", text: "Link with this model" });
  const closeButton = el("button", { type: "button", id: "model-editor-close", text: "Close" });
  const linkOut = el("p", { class: "model-editor-link", id: "model-editor-link-out", "aria-live": "polite" });
  const note = el("p", { class: "model-editor-note", id: "model-editor-note" });
  const editorHost = el("div", { class: "model-editor-view" });
  const title = el("h2", { id: "model-editor-title" });
  const showTitle = () => {
    title.textContent = `Edit model: ${current.file}`;
  };
  showTitle();

  const runDiagnostics = (text: string) => {
    // Measured by name (bench/browser/editor.ts reads it): the cost of one diagnosis in the page.
    performance.mark("model-diagnostics-start");
    const out = editorDiagnostics(text, current.file);
    performance.measure("model-diagnostics", "model-diagnostics-start");
    lastDiagnosis = out.diagnosis;
    if (out.diagnosis.model) lastGood = out.diagnosis.model;
    showStatus(out.diagnosis);
    showFound(out.diagnostics, text);
    return out.diagnostics;
  };

  const showStatus = (d: Diagnosis) => {
    const e = d.errors.length;
    const w = d.warnings.length;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    status.className = `model-editor-status ${e ? "has-errors" : w ? "has-warnings" : "ok"}`;
    status.textContent = e
      ? `${plural(e, "error")}${w ? `, ${plural(w, "warning")}` : ""}: the app keeps the model it runs until they are fixed.`
      : `No errors${w ? ` (${plural(w, "warning")})` : ""}. Apply runs this model.`;
    applyButton.disabled = e > 0;
    linkButton.disabled = e > 0;
  };

  const showFound = (diagnostics: Diagnostic[], text: string) => {
    const lineAt = (pos: number) => text.slice(0, pos).split("\n").length;
    found.replaceChildren(
      ...diagnostics.slice(0, MAX_LISTED).map((d) => {
        const go = el("button", {
          type: "button",
          class: `link-button ${d.severity}`,
          text: `Line ${lineAt(d.from)}: ${d.severity === "error" ? "" : "warning: "}${d.message}`,
        });
        go.addEventListener("click", () => {
          view.dispatch({ selection: { anchor: d.from, head: d.to }, scrollIntoView: true });
          view.focus();
        });
        return el("li", {}, go);
      }),
      ...(diagnostics.length > MAX_LISTED ? [el("li", { text: `and ${diagnostics.length - MAX_LISTED} more` })] : []),
    );
  };

  const themeSlot = new Compartment();
  const highlightFor = () => {
    const theme = host.theme();
    return syntaxHighlighting(
      theme === "projector" ? projectorHighlight : theme === "dark" ? darkHighlight : standardHighlight,
    );
  };
  const themeExtensions = () => [highlightFor(), EditorView.darkTheme.of(host.theme() === "dark")];

  let draftTimer = 0;
  const view = new EditorView({
    parent: editorHost,
    state: EditorState.create({
      doc: draft ?? current.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        yaml(),
        linter((v) => runDiagnostics(v.state.doc.toString()), { delay: LINT_DELAY_MS }),
        lintGutter(),
        autocompletion({ override: [modelCompletions(() => lastGood)] }),
        declarationHover(() => lastGood),
        appEditorTheme,
        themeSlot.of(themeExtensions()),
        EditorView.contentAttributes.of({ "aria-label": "Model file (YAML)" }),
        // Long lines wrap: the editor fits a phone's width, and a line is read without scrolling sideways.
        EditorView.lineWrapping,
        keymap.of([
          {
            key: "Mod-Enter",
            run: () => {
              apply();
              return true;
            },
          },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...completionKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          clearTimeout(draftTimer);
          draftTimer = window.setTimeout(() => {
            const text = view.state.doc.toString();
            saveDraft(current.id, text === current.text ? undefined : text);
          }, DRAFT_DELAY_MS);
        }),
      ],
    }),
  });

  const setText = (text: string) => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    forceLinting(view);
  };

  const showProblems = (lines: string[]) => {
    problems.replaceChildren(...lines.map((l) => el("li", { text: l })));
    problems.hidden = lines.length === 0;
  };

  function apply(): void {
    const text = view.state.doc.toString();
    clearTimeout(draftTimer);
    saveDraft(current.id, text === current.text ? undefined : text);
    const result = host.apply(text);
    if (result.ok) {
      // The applied text is what runs now: nothing is left unapplied.
      saveDraft(current.id, undefined);
      current = host.current();
      showTitle();
      showProblems([]);
      note.textContent = "Applied.";
    } else {
      showProblems(result.errors);
      note.textContent = "Not applied: the app keeps the model it runs.";
    }
  }

  applyButton.addEventListener("click", apply);
  revertButton.addEventListener("click", () => {
    const shipped = host.shipped(current.id);
    if (shipped === undefined) {
      note.textContent = `There is no shipped file for "${current.id}" to go back to.`;
      return;
    }
    setText(shipped);
    saveDraft(current.id, undefined);
    note.textContent = "Back to the shipped file (Ctrl+Z brings your edits back). Apply to run it.";
  });
  templateButton.addEventListener("click", () => {
    setText(templateText);
    note.textContent = "A small model to start from (Ctrl+Z brings the previous text back). Apply to run it.";
  });
  downloadButton.addEventListener("click", () => {
    const id = /^id:\s*([a-z0-9-]+)\s*$/m.exec(view.state.doc.toString())?.[1] ?? current.id;
    downloadText(view.state.doc.toString(), `${id}.yaml`, "application/yaml");
  });
  linkButton.addEventListener("click", async () => {
    if (!host.linkFor) return;
    const out = await host.linkFor(view.state.doc.toString());
    if (!out.ok) {
      linkOut.replaceChildren(out.message);
      return;
    }
    const field = el("input", { type: "text", readonly: true, value: out.url, "aria-label": "Link with this model" });
    linkOut.replaceChildren(`The link carries this model (${out.url.length} characters): `, field);
    try {
      await navigator.clipboard.writeText(out.url);
      linkOut.append(" Copied.");
    } catch {
      field.select();
    }
  });
  closeButton.addEventListener("click", () => host.close?.());
  if (!host.linkFor) linkButton.hidden = true;

  // The page's theme can change while the editor is open (the projector switch).
  const themeWatch = new MutationObserver(() => view.dispatch({ effects: themeSlot.reconfigure(themeExtensions()) }));
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class"] });

  if (draft !== undefined && draft !== current.text) {
    note.textContent = "Your edits that were not applied are back. Revert goes to the shipped file.";
  }
  root.replaceChildren(
    el("div", { class: "model-editor-head" }, title, closeButton),
    el(
      "p",
      { class: "hint" },
      "Ctrl+Space completes fields and names; hover a name for its declaration; Ctrl+F searches; Ctrl+Enter applies. Tab indents: press Esc, then Tab, to leave the editor.",
    ),
    el("div", { class: "model-editor-actions" }, applyButton, revertButton, downloadButton, templateButton, linkButton),
    status,
    found,
    problems,
    note,
    linkOut,
    editorHost,
  );
  root.setAttribute("aria-labelledby", "model-editor-title");
  // The first diagnosis at once, so the status and Apply are right before the first pause in typing.
  runDiagnostics(view.state.doc.toString());
  forceLinting(view);

  return {
    focus: () => view.focus(),
    text: () => view.state.doc.toString(),
    diagnosis: () => lastDiagnosis,
    destroy: () => {
      themeWatch.disconnect();
      view.destroy();
    },
  };
}
