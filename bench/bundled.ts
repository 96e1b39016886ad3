/**
 * Runs a benchmark as the app and the command line run the engine: bundled by esbuild, not through
 * tsx. tsx compiles with esbuild's keepNames, which wraps every function created in a loop in a
 * naming call (the exponential solver makes one per step), so engine times under tsx are not the
 * times users get, and not alike across solvers. Returns the child's exit status.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { buildSync } from "esbuild";

const OUT_DIR = "node_modules/.cache/plasticity-lab-bench";

export function runBundled(entry: string, args: string[] = []): number {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, `${basename(entry, ".ts")}.mjs`);
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // As scripts/build-cli.mjs: bundled CommonJS dependencies may call require() for Node's modules.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  const r = spawnSync(process.execPath, [outfile, ...args], { stdio: "inherit" });
  return r.status ?? 1;
}
