/**
 * The editor's drafts kept in the browser, per model id: what the editor holds, saved as it is typed,
 * until it is applied (the applied text is the session's: model-source.ts). Untrusted text: the
 * editor loads it through the engine's loader like any model file.
 */

const DRAFT = "plasticity-lab:model-draft:";
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

/** Whether this tab had the editor open, so that a rebuild after Apply comes back to it. */
export function editorWasOpen(): boolean {
  return storage("sessionStorage")?.getItem(EDITOR_OPEN) === "1";
}

export function rememberEditorOpen(open: boolean): void {
  const s = storage("sessionStorage");
  if (open) s?.setItem(EDITOR_OPEN, "1");
  else s?.removeItem(EDITOR_OPEN);
}
