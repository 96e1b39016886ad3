/**
 * A model's text as a link carries it: deflate (the browser's own CompressionStream), then base64url.
 * The URL table puts it in the fragment (#model=…), which never reaches a server, so no request-line
 * limit applies. Loaded only when a model travels.
 */

import { MAX_MODEL_LINK_CHARS } from "./url-table.ts";

export { MAX_MODEL_LINK_CHARS };

/** Largest text a link may unpack to: a small link must not expand into something that fills memory. */
const MAX_MODEL_TEXT_CHARS = 1_000_000;

export type EncodedModel = { ok: true; encoded: string } | { ok: false; chars: number };

/** `text` as a link carries it, or how long that would be when it is too long for a link. */
export async function encodeModelText(text: string): Promise<EncodedModel> {
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw"));
  const encoded = toBase64Url(packed);
  return encoded.length <= MAX_MODEL_LINK_CHARS ? { ok: true, encoded } : { ok: false, chars: encoded.length };
}

/** The model text a link carries (the fragment's value, already checked by the URL table); throws when unreadable. */
export async function decodeModelText(encoded: string): Promise<string> {
  if (encoded.length > MAX_MODEL_LINK_CHARS) throw new Error("the model in the link is longer than a link may carry");
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(encoded);
  } catch {
    throw new Error("the model in the link is not readable (it may have been cut short)");
  }
  const unpacked = await pipe(bytes, new DecompressionStream("deflate-raw"), MAX_MODEL_TEXT_CHARS * 4).catch(
    (err: Error) => {
      throw new Error(`the model in the link is not readable (${err.message})`);
    },
  );
  return new TextDecoder("utf-8", { fatal: true }).decode(unpacked);
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity) {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of out as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new Error("it unpacks to more than a model file can be");
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
