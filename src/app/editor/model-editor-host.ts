/** What the editor needs from the app; the app passes it in, so the editor knows nothing of its state. */
export interface ModelEditorHost {
  /** The model the app runs now, and its text. */
  current(): { id: string; version: string; file: string; text: string };
  /** The shipped file of a model, for Revert; undefined for a model that was not shipped. */
  shipped(id: string): string | undefined;
  /** Switches the app to this model text; refuses with the loader's messages, keeping the current model. */
  apply(text: string): { ok: true } | { ok: false; errors: string[] };
  /** The page's theme, for the editor's colours. */
  theme(): "light" | "dark" | "projector";
  /** How the app shares this text in a link, in plain words (whether it fits), when the app offers it. */
  linkFor?(text: string): Promise<{ ok: true; url: string } | { ok: false; message: string }>;
}
