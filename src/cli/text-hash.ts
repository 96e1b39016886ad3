/**
 * A 106-bit hash of a short text (cyrb53, twice with different seeds), as 28 hex digits: the names of
 * the command line's cache entries. Not cryptographic, and it need not be: the cache is the user's
 * own, and an entry is checked against what it was made from. Loading node:crypto for sha256 would
 * cost a warm start far more than this hash takes.
 */
export function textHash(text: string): string {
  return cyrb53(text, 0x9e3779b9) + cyrb53(text, 0x85ebca6b);
}

/** cyrb53 (bryc, public domain): two 32-bit lanes mixed with Math.imul, 53 bits of result. */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}
