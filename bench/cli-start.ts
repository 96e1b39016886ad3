/**
 * Whole-process start-up of the bundled command line (the package's bin): `simulate` on the default
 * model, from process start to exit, against a bare `node -e 0` measured in the same run. Target
 * (issue 15): ≤ 0.3 s. Builds the bundle first, as `npm ci` does.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CLI: string = JSON.parse(readFileSync("package.json", "utf8")).bin["plasticity-lab"];

function wall(args: string[], reps: number): { median: number; min: number } {
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
    ts.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited with ${r.status}`);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(reps / 2)] as number, min: ts[0] as number };
}

export function cliStartBench(reps = 15): void {
  const build = spawnSync(process.execPath, ["scripts/build-cli.mjs"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("building the command line failed");
  const bare = wall(["-e", "0"], reps);
  const simulate = wall([CLI, "simulate"], reps);
  const help = wall([CLI, "--help"], reps);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`\nCommand line start-up (whole process, median of ${reps}; fastest in brackets)`);
  console.log(`${"node -e 0 (bare Node start)".padEnd(72)} ${ms(bare.median)} (${ms(bare.min)})`);
  console.log(
    `${`${CLI} simulate (default run, CSV to /dev/null)`.padEnd(72)} ${ms(simulate.median)} (${ms(simulate.min)})   target ≤ 300 ms: ${simulate.median <= 300 ? "met" : "MISSED"}`,
  );
  console.log(`${`${CLI} --help (reads the model for its table)`.padEnd(72)} ${ms(help.median)} (${ms(help.min)})`);
}

if (import.meta.url === `file://${process.argv[1]}`) cliStartBench();
