import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { loadModel, type Model } from "../engine/index.ts";
import { BUILD_ID } from "./build-id.ts";
import { cacheDir, readCached, writeCached } from "./cache-dir.ts";
import { decodeModel, encodeModel, NotEncodable } from "./model-codec.ts";

/**
 * loadModel, remembered: reading the YAML, validating it, parsing its expressions and checking its units
 * is most of a short command's work, and its result depends only on the file's text, the name it is
 * shown by and the program. So the loaded model is kept in the cache directory under a hash of those
 * three (the program by its build id); any edit of the file, another file, or another build reads anew.
 * A file that fails to load is never kept: its errors are found again each time. Run from source, no
 * cache is used.
 */
export function loadModelCached(text: string, file: string): Model {
  // __dirname is the bundle's directory (dist-cli) in the CommonJS bundle, the only place BUILD_ID is set.
  const dir = BUILD_ID === undefined ? undefined : cacheDir(dirname(__dirname));
  if (dir === undefined) return loadModel(text, file);
  const key = createHash("sha256").update(`${file}\0${text}`).digest("hex").slice(0, 32);
  const name = `model-${BUILD_ID}-${key}.json`;
  const hit = readCached(dir, name);
  if (hit !== undefined) {
    try {
      return decodeModel(hit.toString("utf8"));
    } catch {
      // A damaged entry: load the file and write the entry again.
    }
  }
  const model = loadModel(text, file);
  let encoded: string;
  try {
    encoded = encodeModel(model);
  } catch (err) {
    if (err instanceof NotEncodable) return model;
    throw err;
  }
  writeCached(dir, name, encoded, 64);
  return model;
}
