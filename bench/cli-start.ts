/**
 * Whole-process start-up of the bundled command line (the package's bin): `simulate` on the default
 * model, from process start to exit, against a bare `node -e 0` measured in the same run. Target
 * (issue 15): ≤ 0.3 s. Builds the bundle first, as `npm ci` does.
 *
 * The command line caches V8's compiled code and the loaded model (PLASTICITY_LAB_CACHE), and the
 * build ships such a cache for `simulate` on the models of models/ (src/cli/cache-dir.ts), so a first
 * start may differ from the next: "cold" runs each start with an empty cache directory (as the first
 * start on a fresh clone: the shipped cache serves it; without one it compiles, loads the model and
 * writes both), "warm" ones with the directory a first start filled, as every start after the first
 * on a machine is; "no cache" reads and writes none, the shipped one included. Runs alternate between
 * the kinds, so a change in the machine's load falls on all of them alike.
 *
 * `npx tsx bench/cli-start.ts --baseline DIR` also times the bin of another build (DIR: a copy of an
 * earlier dist-cli) in the same runs, every kind: a before/after on one machine under one load.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const CLI: string = JSON.parse(readFileSync("package.json", "utf8")).bin["plasticity-lab"];

interface Case {
  label: string;
  args: string[];
  /** The cache directory for one run. */
  cache: () => string;
}

function time(args: string[], cache: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PLASTICITY_LAB_CACHE: cache },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited with ${r.status}`);
  return ms;
}

/** The cases of one build's bin: its warm cache directory is filled first. */
function casesOf(cli: string, root: string, tag: string): Case[] {
  const warm = join(root, `warm-${tag}`);
  let fresh = 0;
  const cold = () => join(root, `cold-${tag}-${fresh++}`);
  time([cli, "simulate"], warm);
  time([cli, "--help"], warm);
  const of = tag === "new" ? "" : ` (${tag})`;
  return [
    {
      label: `${cli} simulate, cold (empty cache: the shipped one serves, if the build made it)${of}`,
      args: [cli, "simulate"],
      cache: cold,
    },
    { label: `${cli} simulate, warm (cache of an earlier start)${of}`, args: [cli, "simulate"], cache: () => warm },
    { label: `${cli} simulate, no cache (PLASTICITY_LAB_CACHE=off)${of}`, args: [cli, "simulate"], cache: () => "off" },
    { label: `${cli} --help, warm (reads the model for its table)${of}`, args: [cli, "--help"], cache: () => warm },
  ];
}

export function cliStartBench(reps = 15, baseline?: string): void {
  const build = spawnSync(process.execPath, ["scripts/build-cli.mjs"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("building the command line failed");
  const root = mkdtempSync(join(tmpdir(), "plasticity-lab-cli-start-"));
  const cases: Case[] = [
    { label: "node -e 0 (bare Node start)", args: ["-e", "0"], cache: () => "off" },
    ...casesOf(CLI, root, "new"),
    ...(baseline === undefined ? [] : casesOf(join(baseline, basename(CLI)), root, "baseline")),
  ];
  const times = cases.map((): number[] => []);
  for (let i = 0; i < reps; i++) {
    for (const [k, c] of cases.entries()) times[k]?.push(time(c.args, c.cache()));
  }
  rmSync(root, { recursive: true, force: true });

  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`\nCommand line start-up (whole process, median of ${reps}; fastest in brackets; CSV to /dev/null)`);
  cases.forEach((c, k) => {
    const ts = (times[k] as number[]).sort((a, b) => a - b);
    const median = ts[Math.floor(reps / 2)] as number;
    const target =
      c.args[0] === CLI && c.args[1] === "simulate" ? `   target ≤ 300 ms: ${median <= 300 ? "met" : "MISSED"}` : "";
    console.log(`${c.label.padEnd(Math.max(84, c.label.length))} ${ms(median)} (${ms(ts[0] as number)})${target}`);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--baseline");
  cliStartBench(15, at > 0 ? process.argv[at + 1] : undefined);
}
