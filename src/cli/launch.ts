import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { cacheDir, readCached, writeCached } from "./cache-dir.ts";

/**
 * The package's bin (dist-cli/plasticity-lab.cjs): runs the bundled command line (plasticity-lab-main.cjs
 * beside this file) from V8's code cache. Parsing and compiling the 0.8 MB bundle is a large part of a
 * start; the cache holds the bytecode of every function the first start of the same command compiled,
 * so later ones skip both. The cache is keyed by a hash of the bundle's text and the Node version; V8
 * itself also refuses data made by another V8 or with other flags, and then the bundle is compiled as
 * usual and the cache written anew. Bundled as CommonJS (Node 20 starts a CommonJS main module quicker than an ES module),
 * so __dirname is this file's directory.
 */
/** Code caches kept (the newest): every command of a build and of one or two builds before it. */
const CODE_CACHES_KEPT = 24;

const here = __dirname;
const bundle = join(here, "plasticity-lab-main.cjs");
// Hashed as bytes: hashing the decoded text would first encode it back to UTF-8.
const bytes = readFileSync(bundle);
const source = bytes.toString("utf8");
const key = createHash("sha256").update(`${process.version}\0${process.arch}\0`).update(bytes).digest("hex");
// One cache per command: each holds the functions its own command compiled (a cache that `--help`
// made would leave `simulate` compiling most of its code at every start).
const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
const name = `code-${key.slice(0, 32)}-${command}.bin`;
const dir = cacheDir(dirname(here));
const cachedData = dir === undefined ? undefined : readCached(dir, name);

// The CommonJS wrapper on the bundle's first line, so that line numbers in its stack traces stay true.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
});
if (dir !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // Made at exit, so it also holds the functions this run compiled lazily (nearly all a command needs).
  process.once("exit", () => writeCached(dir, name, script.createCachedData(), CODE_CACHES_KEPT));
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, here);
