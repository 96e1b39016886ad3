import { linkModelText } from "./url-table.ts";

/** An edited model a link carries: its text and the encoded form it came in, or why it cannot be read. */
export type LinkedModel = { text: string; encoded: string } | { problem: string };

/**
 * Reads the edited model in a link's fragment (#model=…), before the session opens a model; undefined
 * when the link carries none. Unpacking is asynchronous (DecompressionStream), and the codec is loaded
 * only for a link that needs it. The text is untrusted: the session loads it like any model file.
 */
export async function readLinkedModel(hash: string): Promise<LinkedModel | undefined> {
  const asked = linkModelText(hash);
  if (asked === undefined) return undefined;
  if ("problem" in asked) return asked;
  try {
    const { decodeModelText } = await import("./model-text-link.ts");
    return { text: await decodeModelText(asked.value), encoded: asked.value };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
