import shippedModelText from "../../../models/ne-calcium-plasticity.yaml?raw";
import { loadModel, type Model, ModelError } from "../../engine/index.ts";
import { appliedText } from "../editor/edited-model-store.ts";
import { carryModelInLinks, MODEL_LINK_KEY } from "../editor/model-link-hash.ts";

/** The model file the app is built around, as its path in the repository (shown in errors and exports). */
export const SHIPPED_FILE = "models/ne-calcium-plasticity.yaml";
export const SHIPPED_TEXT: string = shippedModelText;

/** Where the running model's text came from. */
export type ModelOrigin = "shipped" | "edited" | "link";

export interface AppModelSource {
  model: Model;
  text: string;
  file: string;
  origin: ModelOrigin;
  /** Why an edited or linked model was not used, for a notice. */
  problems: string[];
}

let active: AppModelSource | undefined;

/** The running model's text and file name, for the workers that load their own copy. */
export function modelText(): string {
  return active?.text ?? SHIPPED_TEXT;
}

export function modelFile(): string {
  return active?.file ?? SHIPPED_FILE;
}

let shippedId: string | undefined;

/** The shipped text of a model id, for Revert. */
export function shippedText(id: string): string | undefined {
  shippedId ??= loadModel(SHIPPED_TEXT, SHIPPED_FILE).id;
  return id === shippedId ? SHIPPED_TEXT : undefined;
}

/**
 * The model this page runs: one carried in the link's fragment, else an edit applied in this browser,
 * else the shipped file. Linked and stored texts are untrusted and go through the same loader.
 */
export async function resolveAppModel(hash: string): Promise<AppModelSource> {
  const shipped = loadModel(SHIPPED_TEXT, SHIPPED_FILE);
  const problems: string[] = [];
  const attempt = (text: string, file: string, origin: ModelOrigin, what: string): AppModelSource | undefined => {
    try {
      return { model: loadModel(text, file), text, file, origin, problems };
    } catch (err) {
      const lines = err instanceof ModelError ? err.issues.map((i) => i.message) : [(err as Error).message];
      problems.push(`${what} could not be loaded, so the shipped model is used: ${lines.join("; ")}`);
      return undefined;
    }
  };
  let found: AppModelSource | undefined;
  try {
    // The codec is loaded only for a link that carries a model.
    const linked = new URLSearchParams(hash.replace(/^#/, "")).has(MODEL_LINK_KEY)
      ? await (await import("../editor/model-link.ts")).modelFromFragment(hash)
      : undefined;
    if (linked !== undefined) found = attempt(linked, "model from the link", "link", "The model in this link");
    // The address keeps carrying the model from the first time it is rewritten.
    if (found)
      carryModelInLinks(`${MODEL_LINK_KEY}=${new URLSearchParams(hash.replace(/^#/, "")).get(MODEL_LINK_KEY)}`);
  } catch (err) {
    problems.push(`The model in this link could not be read, so the shipped model is used: ${(err as Error).message}`);
  }
  if (!found) {
    const applied = appliedText(shipped.id);
    if (applied !== undefined) found = attempt(applied, `${SHIPPED_FILE} (edited)`, "edited", "Your edited model");
  }
  active = found ?? { model: shipped, text: SHIPPED_TEXT, file: SHIPPED_FILE, origin: "shipped", problems };
  return active;
}
