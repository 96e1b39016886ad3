import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

// The receiving tools themselves check the exports. A missing tool is a failure with the command that
// installs it, never a skipped test (.ci/run installs them on Debian).
const run = promisify(execFile);

/** The first python3 that can import every module given (Debian's has libsbml; another may have scipy). */
export function pythonWith(...modules: string[]): string {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter((x): x is string => !!x);
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", modules.map((m) => `import ${m}`).join("; ")], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  throw new Error(
    `no python3 here can import ${modules.join(", ")} (tried ${candidates.join(", ")}); on Debian: apt-get install python3-sbml5 python3-numpy python3-scipy`,
  );
}

export function requireXppaut(): void {
  const r = spawnSync("sh", ["-c", "command -v xppaut"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("xppaut is not installed; on Debian: apt-get install xppaut");
}

/** A trajectory: times and one row of state values per time, in the file's column order. */
export interface Trajectory {
  t: number[];
  rows: number[][];
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "plasticity-export-"));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs an .ode file headless; XPPAUT exits 0 even when it cannot parse, so output.dat is the proof. */
export function runXpp(text: string): Promise<Trajectory> {
  return inTempDir(async (dir) => {
    writeFileSync(join(dir, "model.ode"), text);
    const r = await run("xppaut", ["model.ode", "-silent"], { cwd: dir, timeout: 300_000 }).catch((err) => err);
    let data: string;
    try {
      data = readFileSync(join(dir, "output.dat"), "utf8");
    } catch {
      throw new Error(`xppaut wrote no output.dat:\n${String(r.stdout ?? "")}\n${String(r.stderr ?? "")}`);
    }
    const rows = data
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number));
    if (rows.length < 2) throw new Error(`xppaut wrote ${rows.length} rows:\n${String(r.stdout ?? "")}`);
    return { t: rows.map((r0) => r0[0] as number), rows: rows.map((r0) => r0.slice(1)) };
  });
}

/** Runs the exported script with --csv; returns the trajectory and the CSV header. */
export function runScipy(text: string, python: string): Promise<Trajectory & { header: string[] }> {
  return inTempDir(async (dir) => {
    writeFileSync(join(dir, "model.py"), text);
    await run(python, ["model.py", "--csv", "out.csv"], { cwd: dir, timeout: 600_000 });
    const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n");
    const header = (lines[0] as string).split(",");
    const rows = lines.slice(1).map((l) => l.split(",").map(Number));
    return { header, t: rows.map((r) => r[0] as number), rows: rows.map((r) => r.slice(1)) };
  });
}

/** One SBML event as libSBML reads it; `times` and `valuesAtStart` are evaluated by libSBML. */
export interface SbmlEvent {
  id: string;
  initialValue: boolean;
  persistent: boolean;
  trigger: string;
  delay: string | null;
  priority: string | null;
  useValuesFromTriggerTime: boolean;
  assign: Record<string, string>;
  /** For a counted time event: the time of each firing. */
  times: number[] | null;
  /** Each assignment's value at the model's initial values. */
  valuesAtStart: Record<string, number>;
}

export interface SbmlReport {
  level: number;
  version: number;
  errors: string[];
  warnings: string[];
  rules: number;
  parameters: number;
  functions: number;
  events: SbmlEvent[];
  initialAssignments: Record<string, { formula: string; value: number }>;
}

/** libSBML reads the file and runs its consistency checks, units included. */
export function checkSbml(text: string, python: string): Promise<SbmlReport> {
  return inTempDir(async (dir) => {
    writeFileSync(join(dir, "model.xml"), text);
    const r = await run(python, [join(process.cwd(), "tests/tools/sbml-check.py"), "model.xml"], { cwd: dir });
    return JSON.parse(r.stdout) as SbmlReport;
  });
}

/**
 * The largest deviation of `got` from the engine at the checkpoints, per state, relative to the larger
 * of |engine value| and a millionth of the state's peak over the run: below that a value is solver
 * noise around 0 (a state that has decayed to 1e-20 is 0 to every tool).
 */
export function deviations(
  engine: { t: ArrayLike<number>; states: ArrayLike<number>[] },
  got: Trajectory,
  checkpoints: number[],
): number[] {
  return engine.states.map((series, j) => {
    const values = Array.from(series);
    const peak = Math.max(...values.map(Math.abs));
    let worst = 0;
    for (const tc of checkpoints) {
      const k = nearest(Array.from(engine.t), tc);
      const g = nearest(got.t, tc);
      // XPPAUT stores its output in single precision, so its times are good to about 1e-7.
      if (Math.abs((got.t[g] as number) - tc) > 1e-5 * Math.max(1, tc)) throw new Error(`no output row at t = ${tc}`);
      const want = values[k] as number;
      const have = (got.rows[g] as number[])[j] as number;
      const scale = Math.max(Math.abs(want), 1e-6 * peak, 1e-300);
      worst = Math.max(worst, Number.isFinite(have) ? Math.abs(have - want) / scale : Number.POSITIVE_INFINITY);
    }
    return worst;
  });
}

function nearest(ts: ArrayLike<number>, t: number): number {
  let best = 0;
  for (let k = 1; k < ts.length; k++)
    if (Math.abs((ts[k] as number) - t) < Math.abs((ts[best] as number) - t)) best = k;
  return best;
}

/** Runs async jobs at most `limit` at a time (the machine's cores), in order of the list. */
export async function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const k = next++;
      out[k] = await (jobs[k] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
