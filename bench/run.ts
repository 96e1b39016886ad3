// `npm run bench`: every benchmark, one after the other; never part of the test run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { runBundled } from "./bundled.ts";
import { cliStartBench } from "./cli-start.ts";

console.log(`Plasticity Lab benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
if (runBundled("bench/engine.ts") !== 0) process.exitCode = 1;
cliStartBench();

if (runBundled("bench/analyses.ts") !== 0) process.exitCode = 1;

// The first browser benchmark builds the app afresh; the second measures the same build.
const scripts: [string, string[]][] = [
  ["bench/browser/slider.ts", ["--build"]],
  ["bench/browser/analyses.ts", []],
  ["bench/browser/analysis-workers.ts", []],
  ["bench/browser/editor.ts", []],
];
for (const [script, args] of scripts) {
  if (!existsSync(script)) continue;
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
