import type { ModelHeader } from "./model-header.ts";

/**
 * The model files shipped in models/: every *.yaml there is in the picker, with no code naming one.
 * Vite inlines their text at build time, so a new file dropped in models/ appears after a rebuild.
 */
const FILES = import.meta.glob<string>("../../../models/*.yaml", { query: "?raw", import: "default", eager: true });

/**
 * Their headers, read at build time (scripts/model-headers-plugin.ts): parsing three model files
 * only to list their titles took a few hundred milliseconds of the page's first draw.
 */
const HEADERS = import.meta.glob<ModelHeader | null>("../../../models/*.yaml", {
  query: "?model-header",
  import: "default",
  eager: true,
});

/** The model opened when neither a link nor a saved session names one (if shipped; else the first). */
const PREFERRED_DEFAULT = "ne-calcium-plasticity";

/** Where a model's text came from: a shipped file, a file from the computer, or the model editor (here or in a link). */
export type ModelOrigin = "shipped" | "file" | "edited";

export interface ModelSource {
  /** "models/x.yaml" for a shipped file; the file's own name for one opened from the computer. */
  file: string;
  text: string;
  origin: ModelOrigin;
  /** An edited model's text as a link carries it (see url-table.ts), once encoded, when it fits. */
  encoded?: string;
}

export interface CatalogueEntry extends ModelSource, ModelHeader {}

let catalogue: CatalogueEntry[] | undefined;

/** Every shipped model, by title; a file that is not even YAML with an id is left out (the tests check each). */
export function shippedModels(): CatalogueEntry[] {
  catalogue ??= Object.entries(FILES)
    .flatMap(([path, text]) => {
      const h = HEADERS[path];
      const file = `models/${path.split("/").pop()}`;
      return h ? [{ ...h, file, text, origin: "shipped" as const }] : [];
    })
    .sort((a, b) => a.title.localeCompare(b.title));
  return catalogue;
}

export function defaultModelEntry(): CatalogueEntry {
  const all = shippedModels();
  const entry = all.find((e) => e.id === PREFERRED_DEFAULT) ?? all[0];
  if (!entry) throw new Error("no model file is shipped in models/");
  return entry;
}

let open: ModelSource | undefined;

/** The text of the model open now, for the workers, which load their own copy of it. */
export function openModelSource(): ModelSource {
  return open ?? defaultModelEntry();
}

export function setOpenModelSource(source: ModelSource): void {
  open = source;
}

const FILE_PREFIX = "plasticity-lab:model-file:";

/** Keeps the text of a model opened from a file, so a reload or a link in this browser reopens it. */
export function keepModelFile(id: string, source: ModelSource, storage: Storage | undefined): void {
  try {
    storage?.setItem(`${FILE_PREFIX}${id}`, JSON.stringify({ file: source.file, text: source.text }));
  } catch {
    // Storage full or blocked: the model stays open; only a reload would not find it again.
  }
}

export function keptModelFile(id: string, storage: Storage | undefined): ModelSource | undefined {
  try {
    const raw = storage?.getItem(`${FILE_PREFIX}${id}`);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as { file?: unknown; text?: unknown };
    if (typeof v.file !== "string" || typeof v.text !== "string") return undefined;
    return { file: v.file, text: v.text, origin: "file" };
  } catch {
    return undefined;
  }
}

/** The name an edited model goes by in errors and exports: it is not a shipped file, whatever its id. */
export function editedFileName(id: string): string {
  return `${id}.yaml (edited)`;
}

const EDIT_PREFIX = "plasticity-lab:model-applied:";

/**
 * Keeps (or with undefined, forgets) the edited text of a model applied in this browser: it then
 * opens instead of the shipped file of the same id until it is reverted. Untrusted text, loaded
 * through the same loader as any model file.
 */
export function keepEditedModel(id: string, text: string | undefined, storage: Storage | undefined): void {
  try {
    if (text === undefined) storage?.removeItem(`${EDIT_PREFIX}${id}`);
    else storage?.setItem(`${EDIT_PREFIX}${id}`, text);
  } catch {
    // Storage full or blocked: the edit runs now; only a later visit would open the shipped file.
  }
}

export function keptEditedModel(id: string, storage: Storage | undefined): ModelSource | undefined {
  try {
    const text = storage?.getItem(`${EDIT_PREFIX}${id}`);
    return text ? { file: editedFileName(id), text, origin: "edited" } : undefined;
  } catch {
    return undefined;
  }
}
