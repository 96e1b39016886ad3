import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "./cli-path.ts";

// The bundled command line keeps V8's compiled code and loaded models in a cache directory
// (PLASTICITY_LAB_CACHE); whatever the cache holds, the output must be the one an uncached run gives.
function cli(cache: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, PLASTICITY_LAB_CACHE: cache },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const fresh = (): string => mkdtempSync(join(tmpdir(), "plasticity-lab-cache-test-"));

describe("command line caches", () => {
  it("a cold and a warm start print exactly what an uncached run prints", () => {
    const cache = fresh();
    const uncached = cli("off", "simulate", "--format", "json");
    expect(uncached.code).toBe(0);
    const cold = cli(cache, "simulate", "--format", "json");
    const files = readdirSync(cache);
    expect(files).toContainEqual(expect.stringMatching(/^code-\w+-simulate\.bin$/));
    expect(files).toContainEqual(expect.stringMatching(/^model-\w+-\w+\.json$/));
    const warm = cli(cache, "simulate", "--format", "json");
    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
  });

  it("an edited model file is read anew, not taken from the cache", () => {
    const cache = fresh();
    const file = join(fresh(), "model.yaml");
    const text = readFileSync("models/ne-calcium-plasticity.yaml", "utf8");
    writeFileSync(file, text);
    const before = JSON.parse(cli(cache, "simulate", "--model", file, "--format", "json").out);
    const edited = text.replace(/^( {2}u:\n(?: {4}.*\n)*? {4}default: )1\n/m, "$12\n");
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const after = cli(cache, "simulate", "--model", file, "--format", "json");
    expect(after).toEqual(cli("off", "simulate", "--model", file, "--format", "json"));
    expect(before.params.u).toBe(1);
    expect(JSON.parse(after.out).params.u).toBe(2);
  });

  it("a damaged cache entry costs time, not a wrong answer", () => {
    const cache = fresh();
    cli(cache, "simulate");
    // Cut short (as by a full disk) and overwritten with junk: both are read past and written anew.
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), f.endsWith(".json") ? '{"o":{"id"' : "junk");
    expect(cli(cache, "simulate")).toEqual(cli("off", "simulate"));
  });

  it("an unwritable cache directory leaves the output and stderr as they are", () => {
    const blocked = join(fresh(), "file");
    writeFileSync(blocked, "");
    expect(cli(join(blocked, "cache"), "simulate")).toEqual(cli("off", "simulate"));
  });
});
