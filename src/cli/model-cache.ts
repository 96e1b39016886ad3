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
 * the loaded model and its generated rate code are kept in the cache directory, one entry per name
 * and build, with the text they were made from: an entry is used only when that text is the file's
 * text now (compared whole, which costs less than hashing it), so any edit of the file, another file,
 * or another build reads anew. An entry that is cut short or otherwise damaged fails to parse, to
 * decode or to fit the model, and is read past. A file that fails to load is never kept: its errors
 * are found again each time. Run from source, no cache is used.
 */
export function loadModelCached(text: string, file: string): Model {
  // __dirname is the bundle's directory (dist-cli) in the CommonJS bundle, the only place BUILD_ID is set.
  const dir = BUILD_ID === undefined ? undefined : cacheDir(dirname(__dirname));
  if (dir === undefined) return modelLoader()(text, file);
  const name = `model-${BUILD_ID}-${textHash(file)}.json`;
  const hit = readCached(dir, name);
  if (hit !== undefined) {
    const cached = readEntry(hit.toString("utf8"), text);
    if (cached !== undefined) return cached;
    // Another text of the file, or a damaged entry: load the file and write the entry again.
  }
  const model = modelLoader()(text, file);
  let encoded: string;
  try {
    encoded = encodeModel(model);
  } catch (err) {
    if (err instanceof NotEncodable) return model;
    throw err;
  }
  writeCached(
    dir,
    name,
    `{"text":${JSON.stringify(text)},"rates":${JSON.stringify(ratesOf(model))},"model":${encoded}}`,
    64,
  );
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

/**
 * The model an entry holds, its rate code already compiled (the same functions a compile would make),
 * or undefined for an entry of another text, or one that is damaged or of another layout.
 */
function readEntry(entry: string, text: string): Model | undefined {
  try {
    const stored = JSON.parse(entry) as { text: unknown; rates: PrecompiledRates | null; model: unknown };
    if (stored.text !== text) return undefined;
    const model = decodeModelValue(stored.model);
    // Seeds the compile cache: the runs of this model use this code. Rates that do not fit the model
    // are compiled from its expressions instead.
    if (stored.rates) compileModel(model, "auto", stored.rates);
    return model;
  } catch {
    return undefined;
  }
}
