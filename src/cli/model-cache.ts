import { compileModel, type PrecompiledRates } from "../engine/compile/compile-model.ts";
import type { Model } from "../engine/model/model.ts";
import { BUILD_ID } from "./build-id.ts";
import { cacheDirs, readCached, writeCached } from "./cache-dir.ts";
import { decodeModelValue, encodeModel, NotEncodable } from "./model-codec.ts";
import { modelLoader } from "./model-loader.ts";
import { textHash } from "./text-hash.ts";

/** Model entries kept in the user's cache (the newest). */
const MODELS_KEPT = 64;

/**
 * loadModel and compileModel, remembered: reading the YAML, validating it, parsing its expressions,
 * checking its units, differentiating its rates and generating their code is most of a short command's
 * work, and its result depends only on the file's text, the name it is shown by and the program. So
 * the loaded model and its generated rate code are kept in the cache directory, one entry per name
 * and build, with the text they were made from: an entry is used only when that text is the file's
 * text now (compared whole, which costs less than hashing it), so any edit of the file, another file,
 * or another build reads anew. The build ships entries of the models in models/ (cache-dir.ts), used
 * when the user's cache has none for the file's text, so the user's gets entries only for other files
 * and edited texts. An entry that is cut short or otherwise damaged fails to parse, to decode or to fit
 * the model, and is read past. A file that fails to load is never kept: its errors are found again
 * each time. Run from source, no cache is used.
 */
export function loadModelCached(text: string, file: string): Model {
  // __dirname is the bundle's directory (dist-cli) in the CommonJS bundle, the only place BUILD_ID is set.
  const dirs = BUILD_ID === undefined ? undefined : cacheDirs(__dirname);
  if (dirs === undefined) return modelLoader()(text, file);
  const name = `model-${BUILD_ID}-${textHash(file)}.json`;
  const own = readCached(dirs.own, name);
  const cached = readEntry(own, text);
  if (cached !== undefined) return cached;
  // The shipped entry, of a model of models/ as the build found it. It replaces a user's entry of
  // another text of the file (or a damaged one), which would otherwise be read past at every start.
  const shipped = readCached(dirs.shipped, name);
  const fromShipped = readEntry(shipped, text);
  const dir = dirs.own;
  if (fromShipped !== undefined) {
    if (own !== undefined && shipped !== undefined && dir !== undefined) writeCached(dir, name, shipped, MODELS_KEPT);
    return fromShipped;
  }
  const model = modelLoader()(text, file);
  if (dir === undefined) return model;
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
    MODELS_KEPT,
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
function readEntry(entry: Buffer | undefined, text: string): Model | undefined {
  if (entry === undefined) return undefined;
  try {
    const stored = JSON.parse(entry.toString("utf8")) as {
      text: unknown;
      rates: PrecompiledRates | null;
      model: unknown;
    };
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
