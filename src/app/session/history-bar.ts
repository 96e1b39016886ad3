import { el } from "../ui/dom.ts";
import type { UndoHistory } from "./undo-history.ts";

/**
 * Undo and Redo buttons. Disabled when there is nothing to take back; the title and the accessible
 * description say what a press would undo.
 */
export function historyBar(history: UndoHistory): HTMLElement {
  const undo = el("button", {
    type: "button",
    id: "undo",
    "aria-keyshortcuts": "Control+Z",
    "aria-describedby": "undo-what",
    text: "Undo",
  });
  const redo = el("button", {
    type: "button",
    id: "redo",
    "aria-keyshortcuts": "Control+Shift+Z Control+Y",
    "aria-describedby": "redo-what",
    text: "Redo",
  });
  const undoWhat = el("span", { id: "undo-what", class: "visually-hidden" });
  const redoWhat = el("span", { id: "redo-what", class: "visually-hidden" });
  undo.addEventListener("click", () => history.undo());
  redo.addEventListener("click", () => history.redo());
  const render = () => {
    const u = history.undoLabel;
    const r = history.redoLabel;
    undo.disabled = !u;
    redo.disabled = !r;
    undo.title = u ? `Undo the ${u} (Ctrl+Z)` : "Nothing to undo";
    redo.title = r ? `Redo the ${r} (Ctrl+Shift+Z or Ctrl+Y)` : "Nothing to redo";
    undoWhat.textContent = u ? `Undoes the ${u}` : "";
    redoWhat.textContent = r ? `Redoes the ${r}` : "";
  };
  history.onChange(render);
  render();
  return el(
    "div",
    { class: "history-bar", role: "group", "aria-label": "Undo and redo" },
    undo,
    redo,
    undoWhat,
    redoWhat,
  );
}
