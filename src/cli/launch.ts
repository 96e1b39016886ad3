import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";
import { BUILD_ID } from "./build-id.ts";
import { cacheDirs, readCached, writeCached } from "./cache-dir.ts";
import { textHash } from "./text-hash.ts";

/**
 * The package's bin (dist-cli/plasticity-lab.cjs): runs the bundled command line (plasticity-lab-main.cjs
 * beside this file) from V8's code cache. Parsing and compiling the 0.8 MB bundle is a large part of a
 * start; the cache holds the bytecode of every function the first start of the same command compiled,
 * so later ones skip both. The cache is keyed by the bundle's build id (a hash of its text, which the
 * build writes into this launcher), its size and modification time (so that a bundle edited by hand is
 * compiled anew too) and the Node version; V8 itself also refuses data made by another V8 or with other
 * flags, and then the bundle is compiled as usual and the cache written anew. The user's cache is read
 * first, then the one the build shipped beside the bundle (cache-dir.ts; under the same key, so it
 * serves the Node that built it, and a bundle whose time a copy changed is compiled as usual); code
 * found in neither, or refused, is compiled and written to the user's. Bundled as CommonJS (Node 20
 * starts a CommonJS main module quicker than an ES module), so __dirname is this file's directory.
 */
/** Code caches kept (the newest): every command of a build and of one or two builds before it. */
const CODE_CACHES_KEPT = 24;

const here = __dirname;
const bundle = join(here, "plasticity-lab-main.cjs");
const fd = openSync(bundle, "r");
const { size, mtimeMs } = fstatSync(fd);
const source = readFileSync(fd, "utf8");
closeSync(fd);
// Not a hash of the bundle's text: loading node:crypto for it would cost more than the cache saves.
const key = textHash(`${BUILD_ID}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`);
// One cache per command: each holds the functions its own command compiled (a cache that `--help`
// made would leave `simulate` compiling most of its code at every start).
const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
const name = `code-${key}-${command}.bin`;
const dirs = cacheDirs(here);
const cachedData = readCached(dirs?.own, name) ?? readCached(dirs?.shipped, name);

// The CommonJS wrapper on the bundle's first line, so that line numbers in its stack traces stay true.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
});
const dir = dirs?.own;
if (dir !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // Made at exit, so it also holds the functions this run compiled lazily (nearly all a command needs).
  process.once("exit", () => writeCached(dir, name, script.createCachedData(), CODE_CACHES_KEPT));
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, here);
