/**
 * The fragment that carries an edited model in every link (#model=…, made by model-link.ts). Kept
 * apart from the codec so that the page loads the codec only when a model travels.
 */
export const MODEL_LINK_KEY = "model";

let carried: string | undefined;

/** Makes every share and class link carry this model (a fragment from modelLinkPart), or none. */
export function carryModelInLinks(fragment: string | undefined): void {
  carried = fragment;
}

/** The fragment links end with: the carried model's, if any (a stale #model=… of the address is never copied). */
export function modelLinkHash(hash: string = location.hash): string {
  if (carried !== undefined) return `#${carried}`;
  const rest = new URLSearchParams(hash.replace(/^#/, ""));
  if (!rest.has(MODEL_LINK_KEY)) return hash;
  rest.delete(MODEL_LINK_KEY);
  const left = rest.toString();
  return left ? `#${left}` : "";
}
