import { parseArgs } from "node:util";
import { readShards } from "../shard.ts";
import { UsageError } from "../usage-error.ts";
import { mapCommand } from "./map.ts";
import { populationCommand } from "./population.ts";
import { sweepCommand } from "./sweep.ts";

export const MERGE_HELP = `merge SHARD_FILE... [--out FILE]
    Joins the shard files of one population, map or sweep run (made with --shard I/K, any order) into
    exactly the output that run makes without --shard.`;

const MERGEABLE: Record<string, (args: string[], merged: readonly unknown[]) => void> = {
  population: populationCommand,
  map: mapCommand,
  sweep: sweepCommand,
};

export function mergeCommand(args: string[]): void {
  const { values: o, positionals } = parseArgs({
    args,
    options: { out: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  const { command, args: runArgs, items } = readShards(positionals);
  const render = MERGEABLE[command];
  if (!render) throw new UsageError(`shard files of "${command}" cannot be merged`);
  render(o.out === undefined ? runArgs : [...runArgs, "--out", o.out], items);
}
