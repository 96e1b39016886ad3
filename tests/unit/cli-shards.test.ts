import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mapCommand } from "../../src/cli/commands/map.ts";
import { mergeCommand } from "../../src/cli/commands/merge.ts";
import { populationCommand } from "../../src/cli/commands/population.ts";
import { sweepCommand } from "../../src/cli/commands/sweep.ts";
import { argsWithoutShard, shardFrom, shardRange } from "../../src/cli/shard.ts";
import { UsageError } from "../../src/cli/usage-error.ts";

// The commands run in this process and write to files (--out), as a job array's tasks would.
const dir = mkdtempSync(join(tmpdir(), "plasticity-shards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (name: string) => join(dir, `${files++}-${name}`);

type Command = (args: string[]) => void;

/** The output of one unsharded run. */
function oneRun(command: Command, args: string[]): Buffer {
  const out = file("one");
  command([...args, "--out", out]);
  return readFileSync(out);
}

/** The output of `count` shards merged (given to merge in reverse order). */
function merged(command: Command, args: string[], count: number): Buffer {
  const shards = Array.from({ length: count }, (_, i) => {
    const out = file(`shard-${i}-of-${count}.json`);
    command([...args, "--shard", `${i}/${count}`, "--out", out]);
    return out;
  });
  const out = file("merged");
  mergeCommand([...shards.reverse(), "--out", out]);
  return readFileSync(out);
}

const CASES: [string, Command, string[]][] = [
  ["population with the β-blocker", populationCommand, ["--n", "8", "--seed", "7"]],
  ["map as JSON", mapCommand, ["--y", "gb", "--nx", "4", "--ny", "3", "--format", "json"]],
  ["sweep", sweepCommand, ["--param", "u", "--from", "0.05", "--to", "20", "--n", "8", "--log"]],
];

describe("--shard i/k and merge", () => {
  for (const [name, command, args] of CASES) {
    it(`${name}: merging 1, 3 and 7 shards gives byte-identical output to one run`, () => {
      const one = oneRun(command, args);
      expect(one.length).toBeGreaterThan(100);
      for (const count of [1, 3, 7]) expect(merged(command, args, count).equals(one), `${count} shards`).toBe(true);
    });
  }

  it("splits K parts that tile the range in order, also when K exceeds the number of items", () => {
    for (const [total, count] of [
      [10, 3],
      [5, 7],
      [1000, 7],
    ] as const) {
      const parts = Array.from({ length: count }, (_, i) => shardRange(total, { index: i, count }));
      expect(parts[0]?.[0]).toBe(0);
      expect(parts[count - 1]?.[1]).toBe(total);
      for (let i = 1; i < count; i++) expect(parts[i]?.[0]).toBe(parts[i - 1]?.[1]);
    }
    expect(argsWithoutShard(["--n", "5", "--shard", "1/3", "--out=x", "--out", "y", "--shard=2/3"])).toEqual([
      "--n",
      "5",
    ]);
  });

  it("refuses a bad --shard, a missing or repeated part, and shards of different runs", () => {
    expect(() => shardFrom("3/3")).toThrow(/I must be from 0 to 2/);
    expect(() => shardFrom("1-3")).toThrow(/expected I\/K/);
    const args = ["--param", "u", "--from", "0.1", "--to", "1", "--n", "3"];
    const a = file("a.json");
    const b = file("b.json");
    const c = file("c.json");
    sweepCommand([...args, "--shard", "0/2", "--out", a]);
    sweepCommand([...args, "--shard", "1/2", "--out", b]);
    sweepCommand(["--param", "u", "--from", "0.1", "--to", "2", "--n", "3", "--shard", "1/2", "--out", c]);
    expect(() => mergeCommand([a])).toThrow(/part 1\/2 is missing/);
    expect(() => mergeCommand([a, a])).toThrow(/both part 0\/2/);
    expect(() => mergeCommand([a, c])).toThrow(/from another run/);
    expect(() => mergeCommand([a, "no-such-file.json"])).toThrow(UsageError);
  });
});
