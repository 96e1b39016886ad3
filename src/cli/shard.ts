import { readFileSync } from "node:fs";
import type { Model } from "../engine/index.ts";
import { number } from "./run-options.ts";
import { UsageError } from "./usage-error.ts";
import { writeOutput } from "./write-output.ts";

export const SHARD_OPTIONS = { shard: { type: "string" } } as const;

export const SHARD_HELP = `    --shard I/K            solve only part I of K (I from 0 to K − 1) and write a shard file (JSON) instead of
                           the result; \`merge\` joins the K shard files into exactly the output of one run`;

/** Part `index` of `count` equal parts of a run's subjects, cells or values. */
export interface Shard {
  index: number;
  count: number;
}

const FORMAT = "plasticity-lab-shard";

/** What a shard file holds: the command and options that made it, and its part of the solves. */
export interface ShardFile {
  format: typeof FORMAT;
  version: 1;
  command: string;
  /** The command's options without --shard and --out: the same for every shard of one run. */
  args: string[];
  model: string;
  shard: Shard;
  total: number;
  from: number;
  to: number;
  items: unknown[];
}

export function shardFrom(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--shard: expected I/K (e.g. 0/4, part I of K counted from 0), not "${text}"`);
  const index = number(m[1] as string, "--shard");
  const count = number(m[2] as string, "--shard");
  if (count < 1 || count > 100_000) throw new UsageError(`--shard ${text}: K must be from 1 to 100000`);
  if (index >= count) throw new UsageError(`--shard ${text}: I must be from 0 to ${count - 1}`);
  return { index, count };
}

/** The index range [from, to) of part `shard` of `total` items; the parts tile 0 … total − 1 in order. */
export function shardRange(total: number, shard: Shard): [number, number] {
  const at = (k: number) => Math.floor((total * k) / shard.count);
  return [at(shard.index), at(shard.index + 1)];
}

/** The arguments without --shard and --out (either as "--opt value" or "--opt=value"). */
export function argsWithoutShard(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    if (a === "--shard" || a === "--out") k++;
    else if (!a.startsWith("--shard=") && !a.startsWith("--out=")) out.push(a);
  }
  return out;
}

export function writeShard(
  out: string | undefined,
  part: Omit<ShardFile, "format" | "version" | "args" | "model"> & { args: readonly string[]; model: Model },
): void {
  const file: ShardFile = {
    format: FORMAT,
    version: 1,
    command: part.command,
    args: argsWithoutShard(part.args),
    model: `${part.model.id} ${part.model.version}`,
    shard: part.shard,
    total: part.total,
    from: part.from,
    to: part.to,
    items: part.items,
  };
  writeOutput(out, `${JSON.stringify(file)}\n`);
}

/**
 * Reads shard files and checks that they belong to one run and cover it exactly once: same command,
 * options, model and K, every part present. Returns the command, its options and all items in order.
 */
export function readShards(files: readonly string[]): {
  command: string;
  args: string[];
  model: string;
  items: unknown[];
} {
  if (files.length === 0) throw new UsageError("merge needs the shard files to join");
  const shards = files.map((f) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(f, "utf8"));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UsageError(`cannot read shard file ${f}: ${why}`);
    }
    const s = parsed as Partial<ShardFile>;
    if (s?.format !== FORMAT || s.version !== 1 || !Array.isArray(s.items) || !Array.isArray(s.args))
      throw new UsageError(`${f} is not a shard file (made by population, map or sweep with --shard)`);
    return { file: f, ...(s as ShardFile) };
  });
  const first = shards[0] as (typeof shards)[number];
  const same = (s: typeof first) =>
    s.command === first.command &&
    s.model === first.model &&
    s.shard.count === first.shard.count &&
    s.total === first.total &&
    JSON.stringify(s.args) === JSON.stringify(first.args);
  for (const s of shards) {
    if (!same(s))
      throw new UsageError(
        `${s.file} is from another run than ${first.file} (${s.command} ${s.args.join(" ")} vs ${first.command} ${first.args.join(" ")})`,
      );
  }
  const byIndex = new Map<number, (typeof shards)[number]>();
  for (const s of shards) {
    const twin = byIndex.get(s.shard.index);
    if (twin) throw new UsageError(`${s.file} and ${twin.file} are both part ${s.shard.index}/${s.shard.count}`);
    byIndex.set(s.shard.index, s);
  }
  const items: unknown[] = [];
  for (let k = 0; k < first.shard.count; k++) {
    const s = byIndex.get(k);
    if (!s) throw new UsageError(`part ${k}/${first.shard.count} is missing (${files.length} shard files given)`);
    const [from, to] = shardRange(first.total, s.shard);
    if (s.from !== from || s.to !== to || s.items.length !== to - from)
      throw new UsageError(`${s.file} does not hold all of part ${k}/${first.shard.count}`);
    items.push(...s.items);
  }
  return { command: first.command, args: first.args, model: first.model, items };
}
