// Bundles the command line, so that starting it loads one file instead of compiling hundreds of
// TypeScript files on every run:
// - dist-cli/plasticity-lab-main.cjs, the whole program (CommonJS, so that the launcher can compile it
//   as a vm.Script with V8's code cache; Node 20 has no code cache for ES modules);
// - dist-cli/plasticity-lab.cjs, the package's `bin`: a small launcher that runs the program through
//   that cache (src/cli/launch.ts); CommonJS too, as Node 20 starts a CommonJS main module quicker.
// - dist-cli/cache/, the cache shipped with them (src/cli/cache-dir.ts): V8's compiled code of a
//   `simulate` and a `--help` start, and the loaded models of models/, so that a first start on a fresh
//   clone is as quick as a later one. Made by running the bundle; if that fails, the build warns and
//   goes on without it (starts are then slower, never wrong).
// The program carries its build id, a hash of its own text, which keys the cache of loaded models; the
// launcher carries the same id, which keys the code cache.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const PLACEHOLDER = "__plasticity_lab_build_id__";
const common = { bundle: true, platform: "node", target: "node20", minify: true, logLevel: "warning" };

// Modules with a bundle-only variant beside them (NAME.bundle.ts for NAME.ts), for what only a bundle
// can do: src/cli/model-loader.bundle.ts loads the model reader on first use.
const bundleVariants = {
  name: "bundle-variants",
  setup(b) {
    b.onResolve({ filter: /\/model-loader\.ts$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\.ts$/, ".bundle.ts")),
    }));
  },
};

// The bundle takes the few mathjs values the command line uses from their own files instead of the
// package's index: esbuild initialises a module that is loaded on first use (above) together with all
// it imports, and initialising mathjs's index creates every one of its functions (most of a second).
const MATHJS = "node_modules/mathjs/lib/esm";
const MATHJS_USED = {
  create: "core/create.js",
  erfDependencies: "entry/dependenciesAny/dependenciesErf.generated.js",
  parseDependencies: "entry/dependenciesAny/dependenciesParse.generated.js",
  createUnitDependencies: "entry/dependenciesAny/dependenciesCreateUnit.generated.js",
  unitDependencies: "entry/dependenciesAny/dependenciesUnitFunction.generated.js",
};
const leanMathjs = {
  name: "lean-mathjs",
  setup(b) {
    b.onResolve({ filter: /^mathjs$/ }, () => ({ path: "mathjs", namespace: "lean-mathjs" }));
    b.onLoad({ filter: /.*/, namespace: "lean-mathjs" }, () => ({
      contents: Object.entries(MATHJS_USED)
        .map(([name, file]) => `export { ${name} } from ${JSON.stringify(resolve(MATHJS, file))};`)
        .join("\n"),
      loader: "js",
      resolveDir: process.cwd(),
    }));
  },
};

const main = await build({
  ...common,
  plugins: [bundleVariants, leanMathjs],
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist-cli/plasticity-lab-main.cjs",
  format: "cjs",
  define: { __CLI_BUILD_ID__: JSON.stringify(PLACEHOLDER) },
  legalComments: "linked",
  write: false,
});
mkdirSync("dist-cli", { recursive: true });
// What earlier builds wrote under other names.
for (const old of ["plasticity-lab.mjs", "plasticity-lab.mjs.LEGAL.txt"]) rmSync(`dist-cli/${old}`, { force: true });
let id;
for (const file of main.outputFiles) {
  let text = file.text;
  if (file.path.endsWith(".cjs")) {
    id = createHash("sha256").update(text).digest("hex").slice(0, 16);
    text = text.replaceAll(PLACEHOLDER, id);
    // V8 holds an all-ASCII source as one byte a character, and Node decodes it twice as fast: both
    // are felt at every start. esbuild escapes other characters everywhere but in regular expression
    // literals, so those are written with \u escapes in the sources. Another one only slows the start
    // down, so it is named, not refused.
    const other = /[\u0080-\uffff]/.exec(text);
    if (other) {
      const context = text.slice(Math.max(0, other.index - 60), other.index + 20);
      console.warn(
        `warning: the command line bundle is not all ASCII, which slows its start: "${other[0]}" in …${context}… (write it as \\u${other[0].charCodeAt(0).toString(16).padStart(4, "0")})`,
      );
    }
  }
  writeFileSync(file.path, text);
}

await build({
  ...common,
  entryPoints: ["src/cli/launch.ts"],
  outfile: "dist-cli/plasticity-lab.cjs",
  format: "cjs",
  // The launcher keys its code cache by the program's build id.
  define: { __CLI_BUILD_ID__: JSON.stringify(id) },
  banner: { js: "#!/usr/bin/env node" },
});

/**
 * Fills dist-cli/cache/ by running the bin as a user would, each run with a cache directory of its
 * own: first `simulate` on every model of models/, whose model entries are kept; then, with those
 * entries in place, `simulate` and `--help` on the default model, whose compiled code is kept. That
 * code is what a start with the model cached compiles (not the model reader's, which a start with the
 * shipped cache never runs), the same as the user's cache would hold after its first start. The code
 * cache serves only the Node running this build (the launcher keys it by the Node version).
 */
function shipCache() {
  const shipped = "dist-cli/cache";
  rmSync(shipped, { recursive: true, force: true });
  const scratch = mkdtempSync(join(tmpdir(), "plasticity-lab-build-"));
  const run = (args, cache) => {
    const r = spawnSync(process.execPath, ["dist-cli/plasticity-lab.cjs", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      env: { ...process.env, PLASTICITY_LAB_CACHE: cache },
    });
    if (r.status !== 0) throw new Error(`plasticity-lab ${args.join(" ")}: ${r.error?.message ?? r.stderr.trim()}`);
  };
  const keep = (cache, kind) => {
    for (const file of readdirSync(cache).filter((f) => f.startsWith(`${kind}-`) && !f.endsWith(".tmp")))
      writeFileSync(join(shipped, file), readFileSync(join(cache, file)));
  };
  try {
    mkdirSync(shipped);
    const models = join(scratch, "models");
    for (const model of readdirSync("models").filter((f) => f.endsWith(".yaml"))) {
      run(["simulate", "--model", `models/${model}`], models);
    }
    keep(models, "model");
    const code = join(scratch, "code");
    run(["simulate"], code);
    run(["--help"], code);
    keep(code, "code");
  } catch (err) {
    rmSync(shipped, { recursive: true, force: true });
    console.warn(`warning: no cache shipped with the command line (its first start will be slower): ${err.message}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

shipCache();
