import { dirname } from "node:path";
import { compileModel, type PrecompiledRates } from "../engine/compile/compile-model.ts";
import type { Model } from "../engine/model/model.ts";
import { BUILD_ID } from "./build-id.ts";
import { cacheDir, readCached, writeCached } from "./cache-dir.ts";
import { decodeModelValue, encodeModel, NotEncodable } from "./model-codec.ts";
import { modelLoader } from "./model-loader.ts";
import { textHash } from "./text-hash.ts";

/**
 * loadModel and compileModel, remembered: reading the YAML, validating it, parsing its expressions,
 * checking its units, differentiating its rates and generating their code is most of a short command's
 * work, and its result depends only on the file's text, the name it is shown by and the program. So
 * the loaded model and its generated rate code are kept in the cache directory under a hash of those
 * three (the program by its build id); any edit of the file, another file, or another build reads
 * anew. Each entry starts with a hash of the rest, so a damaged one is read past, never used. A file
 * that fails to load is never kept: its errors are found again each time. Run from source, no cache
 * is used.
 */
export function loadModelCached(text: string, file: string): Model {
  // __dirname is the bundle's directory (dist-cli) in the CommonJS bundle, the only place BUILD_ID is set.
  const dir = BUILD_ID === undefined ? undefined : cacheDir(dirname(__dirname));
  if (dir === undefined) return modelLoader()(text, file);
  const key = textHash(`${file}\0${text}`);
  const name = `model-${BUILD_ID}-${key}.json`;
  const hit = readCached(dir, name);
  if (hit !== undefined) {
    const cached = readEntry(hit.toString("utf8"));
    if (cached !== undefined) return cached;
    // A damaged entry: load the file and write the entry again.
  }
  const model = modelLoader()(text, file);
  let encoded: string;
  try {
    encoded = encodeModel(model);
  } catch (err) {
    if (err instanceof NotEncodable) return model;
    throw err;
  }
  writeCached(dir, name, entry(encoded, ratesOf(model)), 64);
  return model;
}

/** The model's generated rate code, or null where it has none (a model whose rates fail to compile). */
function ratesOf(model: Model): PrecompiledRates | null {
  try {
    return compileModel(model).precompiled ?? null;
  } catch {
    // The run reports the error when it compiles the model itself.
    return null;
  }
}

/** An entry: the hash of its body on the first line, then the body (JSON: the rates, then the model). */
function entry(encodedModel: string, rates: PrecompiledRates | null): string {
  const body = `{"rates":${JSON.stringify(rates)},"model":${encodedModel}}`;
  return `${textHash(body)}\n${body}`;
}

/**
 * The model an entry holds, its rate code already compiled (the same functions a compile would make),
 * or undefined for an entry that is damaged or of another layout.
 */
function readEntry(text: string): Model | undefined {
  const newline = text.indexOf("\n");
  const body = text.slice(newline + 1);
  if (newline < 0 || text.slice(0, newline) !== textHash(body)) return undefined;
  try {
    const { rates, model: encoded } = JSON.parse(body) as { rates: PrecompiledRates | null; model: unknown };
    const model = decodeModelValue(encoded);
    // Seeds the compile cache: the runs of this model use this code. Rates that do not fit the model
    // are compiled from its expressions instead.
    if (rates) compileModel(model, "auto", rates);
    return model;
  } catch {
    return undefined;
  }
}
