import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { copyOfCli } from "./cli-copy.ts";
import { CLI } from "./cli-path.ts";

// The build ships a read-only cache beside the bundle (dist-cli/cache): V8's compiled code of a
// `simulate` and a `--help` start and the loaded models of models/, so that a first start, with the
// user's cache still empty, skips compiling the bundle and loading the model. A start uses it only
// where it fits, and then prints exactly what a start without any cache prints.
function cli(bin: string, cache: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, PLASTICITY_LAB_CACHE: cache },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const fresh = (): string => mkdtempSync(join(tmpdir(), "plasticity-lab-shipped-test-"));
const shippedOf = (bin: string): string => join(dirname(bin), "cache");
const MODELS = readdirSync("models").filter((f) => f.endsWith(".yaml"));

/** The model entries of a cache directory, by file name, parsed. */
function modelEntries(cache: string): { file: string; body: Record<string, unknown> }[] {
  return readdirSync(cache)
    .filter((f) => f.startsWith("model-"))
    .map((file) => ({ file, body: JSON.parse(readFileSync(join(cache, file), "utf8")) }));
}

/** The shipped entry of the default model, in the cache directory `dir`. */
function defaultEntry(dir: string): { file: string; body: Record<string, unknown> } {
  const text = readFileSync("models/ne-calcium-plasticity.yaml", "utf8");
  const entry = modelEntries(dir).find((e) => e.body.text === text);
  if (!entry) throw new Error(`no entry of the default model in ${dir}`);
  return entry;
}

describe("the cache shipped with the command line", () => {
  it("holds the compiled code of simulate and --help and an entry for every model of models/", () => {
    const files = readdirSync(shippedOf(CLI));
    expect(files).toContainEqual(expect.stringMatching(/^code-\w+-simulate\.bin$/));
    expect(files).toContainEqual(expect.stringMatching(/^code-\w+-other\.bin$/));
    const texts = modelEntries(shippedOf(CLI)).map((e) => e.body.text);
    expect(texts.sort()).toEqual(MODELS.map((f) => readFileSync(`models/${f}`, "utf8")).sort());
  });

  it.each([["simulate", "--format", "json"], ["simulate", "--model", "models/graupner-brunel-2012.yaml"], ["--help"]])(
    "serves a first start (%s …): nothing is compiled or loaded to fill the user's cache",
    (...args) => {
      const cache = fresh();
      const first = cli(CLI, cache, ...args);
      expect(first.code).toBe(0);
      expect(first).toEqual(cli(CLI, "off", ...args));
      // The user's cache is written only for what the shipped one lacks or V8 refuses.
      expect(readdirSync(cache)).toEqual([]);
    },
  );

  it("the same start without it fills the user's cache (so the test above can tell)", () => {
    const bin = copyOfCli({ withShippedCache: false });
    const cache = fresh();
    expect(cli(bin, cache, "simulate")).toEqual(cli(CLI, "off", "simulate"));
    const files = readdirSync(cache);
    expect(files).toContainEqual(expect.stringMatching(/^code-\w+-simulate\.bin$/));
    expect(files).toContainEqual(expect.stringMatching(/^model-\w+-\w+\.json$/));
  });

  it("compiled code that V8 refuses is compiled anew and written to the user's cache", () => {
    const bin = copyOfCli({ withShippedCache: true });
    // The copy's bundle has another modification time, so its code is not found under the shipped
    // name: the first start writes it to the user's cache, under the name it looks for.
    const first = fresh();
    const uncached = cli(CLI, "off", "simulate");
    expect(cli(bin, first, "simulate")).toEqual(uncached);
    const [name] = readdirSync(first).filter((f) => f.startsWith("code-"));
    expect(name).toMatch(/^code-\w+-simulate\.bin$/);
    const shipped = join(shippedOf(bin), name ?? "");

    // Code made for another source, under that name in the shipped cache: refused, compiled anew.
    writeFileSync(shipped, new Script("1 + 1").createCachedData());
    const refused = fresh();
    expect(cli(bin, refused, "simulate")).toEqual(uncached);
    expect(readdirSync(refused)).toEqual([name]);

    // The code a start made, in its place: used, and nothing is written.
    renameSync(join(first, name ?? ""), shipped);
    const used = fresh();
    expect(cli(bin, used, "simulate")).toEqual(uncached);
    expect(readdirSync(used)).toEqual([]);
  });

  it("a model entry made from another text of the file is not used", () => {
    const bin = copyOfCli({ withShippedCache: true });
    const dir = shippedOf(bin);
    const { file, body } = defaultEntry(dir);
    // The stored rate code changed along with the stored text, as an entry of an earlier edit would be.
    body.text = `${body.text}# edited\n`;
    const rates = body.rates as { source: string };
    rates.source = rates.source.replace(/(out\[0\] = )/, "$1 1000 + ");
    writeFileSync(join(dir, file), JSON.stringify(body));
    const cache = fresh();
    expect(cli(bin, cache, "simulate")).toEqual(cli(CLI, "off", "simulate"));
    // Loaded from the file, and kept in the user's cache.
    expect(modelEntries(cache).map((e) => e.body.text)).toEqual([
      readFileSync("models/ne-calcium-plasticity.yaml", "utf8"),
    ]);
  });

  it("is what a start uses, and PLASTICITY_LAB_CACHE=off reads it no more than the user's", () => {
    const bin = copyOfCli({ withShippedCache: true });
    const dir = shippedOf(bin);
    const { file, body } = defaultEntry(dir);
    // An entry of the file's text that holds another rate: trusted, as the build made it, so it shows
    // where the model came from.
    const rates = body.rates as { source: string };
    const edited = rates.source.replace(/(out\[0\] = )/, "$1 1000 + ");
    expect(edited).not.toBe(rates.source);
    rates.source = edited;
    writeFileSync(join(dir, file), JSON.stringify(body));
    const uncached = cli(CLI, "off", "simulate");
    expect(cli(bin, fresh(), "simulate").out).not.toBe(uncached.out);
    expect(cli(bin, "off", "simulate")).toEqual(uncached);
  });

  it("replaces a user's entry of another text of the file with the shipped one", () => {
    const cache = fresh();
    const { file, body } = defaultEntry(shippedOf(CLI));
    writeFileSync(join(cache, file), JSON.stringify({ ...body, text: `${body.text}# edited\n` }));
    expect(cli(CLI, cache, "simulate")).toEqual(cli(CLI, "off", "simulate"));
    expect(readFileSync(join(cache, file))).toEqual(readFileSync(join(shippedOf(CLI), file)));
  });
});
