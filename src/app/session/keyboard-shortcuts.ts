/** The page's keyboard shortcuts: Ctrl+Z (⌘Z) undo; Ctrl+Shift+Z, Ctrl+Y (⇧⌘Z) redo. */
export interface ShortcutActions {
  undo(): void;
  redo(): void;
}

/** Text fields with typing not yet committed (no Enter, Escape or change since the last keystroke). */
const typing = new WeakSet<EventTarget>();

function isTextField(target: EventTarget | null): target is HTMLElement {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return ["text", "search", "number", "email", "url", "tel", "password"].includes(target.type);
}

/**
 * While typing, Ctrl+Z belongs to the field (undo of the typing); once the value is committed (or in
 * a field not typed in), it undoes the app's last change, so a number box does not swallow it.
 */
function editsText(target: EventTarget | null): boolean {
  if (!isTextField(target)) return false;
  return typing.has(target) || target.isContentEditable || target instanceof HTMLTextAreaElement;
}

/** Listens on the document; returns a function that removes the listener. */
export function installShortcuts(actions: ShortcutActions): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.defaultPrevented || editsText(e.target)) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) actions.undo();
    else if ((key === "z" && e.shiftKey) || (key === "y" && !e.shiftKey)) actions.redo();
    else return;
    e.preventDefault();
  };
  const onInput = (e: Event) => {
    if (isTextField(e.target)) typing.add(e.target);
  };
  const onCommit = (e: Event) => {
    if (e instanceof KeyboardEvent && e.key !== "Enter" && e.key !== "Escape") return;
    if (e.target) typing.delete(e.target);
  };
  document.addEventListener("input", onInput, true);
  document.addEventListener("change", onCommit, true);
  document.addEventListener("keydown", onCommit, true);
  document.addEventListener("keydown", onKey);
  return () => {
    document.removeEventListener("input", onInput, true);
    document.removeEventListener("change", onCommit, true);
    document.removeEventListener("keydown", onCommit, true);
    document.removeEventListener("keydown", onKey);
  };
}
