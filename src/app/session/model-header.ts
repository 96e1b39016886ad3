import { parse } from "yaml";

/** What the model picker lists of a shipped model file, read from its top-level fields. */
export interface ModelHeader {
  id: string;
  version: string;
  title: string;
  summary: string;
}

/** The header of a model file, or undefined for text that is not YAML with a string `id`. */
export function modelHeader(text: string): ModelHeader | undefined {
  try {
    const d = parse(text) as Record<string, unknown> | null;
    if (typeof d?.id !== "string") return undefined;
    return {
      id: d.id,
      version: String(d.version ?? ""),
      title: String(d.title ?? d.id),
      summary: String(d.summary ?? ""),
    };
  } catch {
    return undefined;
  }
}
