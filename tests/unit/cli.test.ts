import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The CLI as a user runs it: a child process, its stdout, stderr and exit code.
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("command line", () => {
  it("simulate --preset moderate-ne --format json reports LTD with w_end near 0.63", () => {
    const r = cli("simulate", "--preset", "moderate-ne", "--format", "json");
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    expect(data.summary.outcome).toBe("LTD");
    expect(Math.abs(data.summary.w_end - 0.631)).toBeLessThan(2e-3);
    expect(data.label).toBe("Illustrative model — not physiological");
    expect(Object.keys(data.states)).toEqual(["N", "Rb", "D", "Ra", "C", "w"]);
    expect(data.params.u).toBe(0.3);
    expect(data.method).toMatch(/exponential|odex/);
  });

  it("simulate Graupner–Brunel DP at Δt = +10 ms prints summary.readouts.change ≈ 1.221", () => {
    const r = cli(
      "simulate",
      "--model",
      "models/graupner-brunel-2012.yaml",
      "--preset",
      "dp",
      "--set",
      "deltaT=0.01",
      "--format",
      "json",
    );
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    expect(Math.abs(data.summary.readouts.change - 1.221)).toBeLessThan(0.003);
    expect(data.summary.w_end).toBe(data.summary.readouts.change);
    expect(data.summary.events).toBe(120);
  });

  it("sweep over Δt reports the change readout: the STDP curve of Graupner–Brunel DP", () => {
    const r = cli(
      "sweep",
      "--model",
      "models/graupner-brunel-2012.yaml",
      "--param",
      "deltaT",
      "--from",
      "-0.02",
      "--to",
      "0.02",
      "--n",
      "3",
      "--readout",
      "change,alphaD",
    );
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("#"));
    expect(lines[0]).toBe("deltaT,w_end,outcome,peak_c,change,alphaD");
    const change = lines.slice(1).map((l) => Number(l.split(",")[4]));
    expect(change.map((c) => Math.round(c * 1000) / 1000)).toEqual([0.764, 1.008, 1.172]);
  });

  it("simulate CSV has # header lines (label, model, every parameter, method), then t,N,Rb,D,Ra,C,w", () => {
    const r = cli("simulate", "--set", "u=0.5", "--every", "60");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    const header = lines.filter((l) => l.startsWith("#"));
    expect(header[0]).toBe("# Illustrative model — not physiological");
    expect(header.some((l) => l.startsWith("# model: ne-calcium-plasticity 1.0.0"))).toBe(true);
    expect(header.some((l) => l.startsWith("# method: "))).toBe(true);
    expect(header.some((l) => l.startsWith("# param u = 0.5 µM"))).toBe(true);
    expect(header.filter((l) => l.startsWith("# param ")).length).toBe(35);
    const body = lines.filter((l) => !l.startsWith("#"));
    expect(body[0]).toBe("t,N,Rb,D,Ra,C,w");
    expect(body.length).toBe(1 + 61);
  });

  it("sweep over u (33 log values) shows the U shape: none, then LTD, then LTP", () => {
    const r = cli("sweep", "--param", "u", "--from", "0.01", "--to", "100", "--n", "33", "--log");
    expect(r.code).toBe(0);
    const rows = r.out
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .slice(1)
      .map((l) => l.split(","));
    expect(rows.length).toBe(33);
    const outcomes = rows.map((c) => c[2]);
    const firstLtd = outcomes.indexOf("LTD");
    const firstLtp = outcomes.indexOf("LTP");
    expect(firstLtd).toBeGreaterThan(0);
    expect(firstLtp).toBeGreaterThan(firstLtd);
    expect(outcomes.slice(0, firstLtd).every((o) => o === "none")).toBe(true);
    expect(outcomes.slice(firstLtp).every((o) => o === "LTP")).toBe(true);
  });

  it.each([
    [["simulate", "--set", "u=500"], "error: u = 500 is outside its range, 0.01 to 100 µM"],
    [["simulate", "--set", "Kb=abc"], 'error: --set Kb: "abc" is not a number'],
    [["simulate", "--set", "Kq=1"], 'error: --set Kq=1: unknown parameter "Kq"'],
    [["simulate", "--preset", "nope"], /^error: unknown preset "nope" \(presets: strong-ne, /],
    [["simulate", "--model", "no/such.yaml"], "error: cannot read model file no/such.yaml: ENOENT"],
    [
      ["simulate", "--model", "tests/fixtures/bad/models/import-call.yaml"],
      /^error: tests\/fixtures\/bad\/models\/import-call\.yaml:33 states\.x\.rate: function "import" is not allowed/,
    ],
    [["simulate", "--protocol", "zigzag"], 'error: unknown protocol "zigzag"'],
    [["simulate", "--set", "P1=2"], "error: P1 is fixed in this model and cannot be changed"],
    [["simulate", "--set", "nPulses=2.5"], "error: nPulses = 2.5 must be a multiple of 1"],
    [
      ["sweep", "--param", "u", "--from", "0", "--to", "1", "--n", "3", "--log"],
      "error: --log needs positive --from and --to",
    ],
    [
      ["sweep", "--param", "u", "--from", "0.001", "--to", "1", "--n", "3"],
      "error: u = 0.001 is outside its range, 0.01 to 100 µM",
    ],
    [["frobnicate"], /^error: unknown command "frobnicate"/],
  ] as [string[], string | RegExp][])("%j exits 2 with one line naming what was wrong", (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const lines = r.err.trim().split("\n");
    expect(lines.length).toBe(1);
    if (typeof message === "string") expect(lines[0]).toBe(message);
    else expect(lines[0]).toMatch(message);
  });

  it("--help lists commands, options and every parameter with unit and range", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "--help"], { encoding: "utf8" });
    for (const word of [
      "simulate",
      "sweep",
      "--preset",
      "--set NAME=VALUE",
      "--protocol",
      "--t-end",
      "--every",
      "--format",
    ]) {
      expect(out).toContain(word);
    }
    expect(out).toMatch(/u\s+1\s+0\.01 to 100 µM\s+log NE level applied/);
    expect(out).toMatch(/kdes\s+5\.556e-4\s+0 to 0\.0166667 1\/s/);
    expect(out).toContain("moderate-ne");
  });
});
