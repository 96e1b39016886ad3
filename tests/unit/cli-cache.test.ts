import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copyOfCli } from "./cli-copy.ts";

// The bundled command line keeps V8's compiled code and loaded models in a cache directory
// (PLASTICITY_LAB_CACHE); whatever the cache holds, the output must be the one an uncached run gives.
// These tests are of the user's cache alone, so they run a build without the cache the build ships
// (cli-shipped-cache.test.ts), which would otherwise serve the default model in its place.
let CLI = "";
beforeAll(() => {
  CLI = copyOfCli({ withShippedCache: false });
});

function cli(cache: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, PLASTICITY_LAB_CACHE: cache },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const fresh = (): string => mkdtempSync(join(tmpdir(), "plasticity-lab-cache-test-"));

/** The model entries of a cache directory, by file name, parsed. */
function modelEntries(cache: string): { file: string; body: Record<string, unknown> }[] {
  return readdirSync(cache)
    .filter((f) => f.startsWith("model-"))
    .map((file) => ({ file, body: JSON.parse(readFileSync(join(cache, file), "utf8")) }));
}

/** Writes a model entry with a changed body, as a cache in use might hold. */
function rewriteEntry(cache: string, file: string, edit: (body: Record<string, unknown>) => void): void {
  const entry = modelEntries(cache).find((e) => e.file === file);
  if (!entry) throw new Error(`no entry ${file}`);
  edit(entry.body);
  writeFileSync(join(cache, file), JSON.stringify(entry.body));
}

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
    // The entry holds the model file's text and the generated rate code along with the model.
    const [entry] = modelEntries(cache);
    expect(entry?.body.text).toBe(readFileSync("models/ne-calcium-plasticity.yaml", "utf8"));
    const rates = entry?.body.rates as { source: string; diagonal: string[] };
    expect(rates.source).toContain("const rhs = function rhs(");
    expect(rates.diagonal.length).toBeGreaterThan(0);
  });

  it("an edited equation gets newly generated rate code", () => {
    const cache = fresh();
    const file = join(fresh(), "model.yaml");
    const text = readFileSync("models/ne-calcium-plasticity.yaml", "utf8");
    writeFileSync(file, text);
    const before = cli(cache, "simulate", "--model", file);
    const edited = text.replace("rate: (u - N) / tauN", "rate: (u - N) / (2 * tauN)");
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const after = cli(cache, "simulate", "--model", file);
    expect(after).toEqual(cli("off", "simulate", "--model", file));
    expect(after.out).not.toBe(before.out);
    const sources = modelEntries(cache).map((e) => (e.body.rates as { source: string }).source);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toContain("(2 * p[");
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

  it.each([
    ["rate code that does not parse", (b: Record<string, unknown>) => ((b.rates as { source: string }).source = "}{")],
    ["rate code of another size", (b: Record<string, unknown>) => (b.rates as { diagonal: string[] }).diagonal.pop()],
    [
      "rate code that returns no functions",
      (b: Record<string, unknown>) => ((b.rates as { source: string }).source = "return 1;"),
    ],
    ["an unknown expression class", (b: Record<string, unknown>) => (b.model = { m: "EvilNode", o: {} })],
  ])("an entry with %s is compiled anew, with the output unchanged", (_, edit) => {
    const cache = fresh();
    const uncached = cli("off", "simulate", "--format", "json");
    cli(cache, "simulate", "--format", "json");
    const [entry] = modelEntries(cache);
    rewriteEntry(cache, entry?.file ?? "", edit);
    expect(cli(cache, "simulate", "--format", "json")).toEqual(uncached);
  });

  it("an entry made from another text of the file is not used, and is made anew", () => {
    const cache = fresh();
    cli(cache, "simulate");
    const [entry] = modelEntries(cache);
    const path = join(cache, entry?.file ?? "");
    const made = readFileSync(path, "utf8");
    // The stored rate code changed along with the stored text, as an entry of an earlier edit of the file would be.
    rewriteEntry(cache, entry?.file ?? "", (b) => {
      b.text = `${b.text}# edited\n`;
      const rates = b.rates as { source: string };
      rates.source = rates.source.replace(/(out\[0\] = )/, "$1 1000 + ");
    });
    expect(cli(cache, "simulate")).toEqual(cli("off", "simulate"));
    expect(readFileSync(path, "utf8")).toBe(made);
  });

  it("an unwritable cache directory leaves the output and stderr as they are", () => {
    const blocked = join(fresh(), "file");
    writeFileSync(blocked, "");
    expect(cli(join(blocked, "cache"), "simulate")).toEqual(cli("off", "simulate"));
  });
});
