/**
 * Edited model texts kept in the browser, per model id: the draft (what the editor holds, saved as it
 * is typed) and the applied text (what the app runs instead of the shipped file). Both are untrusted
 * text: whoever reads them loads them through the engine's loader like any model file.
 */

const DRAFT = "plasticity-lab:model-draft:";
const APPLIED = "plasticity-lab:model-applied:";
const EDITOR_OPEN = "plasticity-lab:model-editor-open";

function storage(kind: "localStorage" | "sessionStorage"): Storage | undefined {
  try {
    return window[kind];
  } catch {
    // Storage blocked by the browser's settings: editing works, it is just not kept.
    return undefined;
  }
}

function read(key: string): string | undefined {
  return storage("localStorage")?.getItem(key) ?? undefined;
}

function write(key: string, text: string | undefined): void {
  const s = storage("localStorage");
  if (!s) return;
  if (text === undefined) s.removeItem(key);
  else s.setItem(key, text);
}

export const draftText = (id: string): string | undefined => read(DRAFT + id);
export const saveDraft = (id: string, text: string | undefined): void => write(DRAFT + id, text);
export const appliedText = (id: string): string | undefined => read(APPLIED + id);
export const saveApplied = (id: string, text: string | undefined): void => write(APPLIED + id, text);

/** Whether this tab had the editor open, so that a rebuild after Apply comes back to it. */
export function editorWasOpen(): boolean {
  return storage("sessionStorage")?.getItem(EDITOR_OPEN) === "1";
}

export function rememberEditorOpen(open: boolean): void {
  const s = storage("sessionStorage");
  if (open) s?.setItem(EDITOR_OPEN, "1");
  else s?.removeItem(EDITOR_OPEN);
}
