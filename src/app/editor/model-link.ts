/**
 * A model's text carried in a link: deflate (the browser's own CompressionStream) and base64url, in
 * the fragment (#model=…), which never reaches a server, so no request-line limit applies.
 */

import { MODEL_LINK_KEY } from "./model-link-hash.ts";

/** Longest encoded model a link carries: beyond it, links in chat tools and mail clients break. */
export const MAX_MODEL_LINK_CHARS = 16_000;
/** Largest text a link may unpack to: a small link must not expand into something that fills memory. */
const MAX_MODEL_TEXT_CHARS = 1_000_000;

export type ModelLinkPart = { ok: true; fragment: string } | { ok: false; chars: number };

/** The fragment that carries `text`, or how long it would be when it is too long. */
export async function modelLinkPart(text: string): Promise<ModelLinkPart> {
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw"));
  const encoded = toBase64Url(packed);
  const fragment = `${MODEL_LINK_KEY}=${encoded}`;
  return fragment.length <= MAX_MODEL_LINK_CHARS ? { ok: true, fragment } : { ok: false, chars: fragment.length };
}

/** The model text a page fragment carries, undefined when it carries none; throws when unreadable. */
export async function modelFromFragment(hash: string): Promise<string | undefined> {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const encoded = params.get(MODEL_LINK_KEY);
  if (encoded === null) return undefined;
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
