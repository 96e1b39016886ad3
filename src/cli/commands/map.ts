import { parseArgs } from "node:util";
import {
  assembleMap,
  defaultMapX,
  type Evaluation,
  type Failure,
  MAP_SIZE,
  type MapAxisSpec,
  type MapResult,
  mapCellCount,
  resolveRun,
  runMap,
  runMapCells,
} from "../../engine/index.ts";
import { analysisHeader, baseJson, cell, wholeNumber } from "../analysis-options.ts";
import { readModel } from "../read-model.ts";
import { formatFrom, number, RUN_OPTIONS, runSpecFrom, simulateOptionsFrom } from "../run-options.ts";
import { SHARD_HELP, SHARD_OPTIONS, shardFrom, shardRange, writeShard } from "../shard.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const MAP_HELP = `map --y NAME [--y-from A] [--y-to B] [--ny K] [--y-log|--y-linear] [--x NAME …same for x] [run options]
    Plasticity map: w_end over NE level (x, default u, log) × a second parameter (y), K values each (default
    ${MAP_SIZE.default}); ranges default to the parameters' ranges, scales to their sliders'. CSV: one row per cell.
${SHARD_HELP}`;

const AXIS_OPTIONS = {
  x: { type: "string" },
  "x-from": { type: "string" },
  "x-to": { type: "string" },
  nx: { type: "string" },
  "x-log": { type: "boolean" },
  "x-linear": { type: "boolean" },
  y: { type: "string" },
  "y-from": { type: "string" },
  "y-to": { type: "string" },
  ny: { type: "string" },
  "y-log": { type: "boolean" },
  "y-linear": { type: "boolean" },
} as const;

type AxisValues = Partial<Record<keyof typeof AXIS_OPTIONS, string | boolean>>;

function axisFrom(o: AxisValues, a: "x" | "y", param: string): MapAxisSpec {
  const text = (k: keyof typeof AXIS_OPTIONS) => o[k] as string | undefined;
  if (o[`${a}-log`] && o[`${a}-linear`]) throw new UsageError(`--${a}-log and --${a}-linear cannot both be given`);
  const spec: MapAxisSpec = { param };
  const from = text(`${a}-from`);
  const to = text(`${a}-to`);
  if (from !== undefined) spec.from = number(from, `--${a}-from`);
  if (to !== undefined) spec.to = number(to, `--${a}-to`);
  spec.n = wholeNumber(text(`n${a}`), `--n${a}`, MAP_SIZE.default, MAP_SIZE.min, MAP_SIZE.max);
  if (o[`${a}-log`]) spec.log = true;
  if (o[`${a}-linear`]) spec.log = false;
  return spec;
}

/** With `merged` (the cells' solves joined from shard files), renders those instead of solving. */
export function mapCommand(args: string[], merged?: readonly unknown[]): void {
  const { values: o } = parseArgs({
    args,
    options: { ...RUN_OPTIONS, ...AXIS_OPTIONS, ...SHARD_OPTIONS },
    strict: true,
    allowPositionals: false,
  });
  const model = readModel(o.model);
  const format = formatFrom(o.format);
  if (o.y === undefined) throw new UsageError("map needs --y (the second parameter, e.g. gb, cact, Kb, thp)");
  for (const name of [o.x, o.y]) {
    if (name !== undefined && !model.parameters.some((p) => p.name === name))
      throw new UsageError(`unknown parameter "${name}"`);
  }
  const base = resolveRun(model, runSpecFrom(model, o));
  const shard = shardFrom(o.shard);
  let result: MapResult;
  try {
    const options = {
      x: axisFrom(o, "x", o.x ?? defaultMapX(model)),
      y: axisFrom(o, "y", o.y),
      simulate: simulateOptionsFrom(o),
    };
    if (shard) {
      const total = mapCellCount(model, base, options);
      const [from, to] = shardRange(total, shard);
      const { cells } = runMapCells(model, base, options, from, to);
      writeShard(o.out, { command: "map", args, model, shard, total, from, to, items: cells });
      return;
    }
    result = merged
      ? assembleMap(model, base, options, merged as (Evaluation | Failure)[])
      : runMap(model, base, options);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  if (format === "json") {
    const { base: _base, ...rest } = result;
    writeOutput(
      o.out,
      `${JSON.stringify({ model: model.id, version: model.version, label: model.label, analysis: "map", base: baseJson(base), ...rest }, null, 1)}\n`,
    );
    return;
  }
  const { x, y } = result;
  const axis = (a: typeof x) =>
    `${a.param} (${a.unit}) ${cell(a.values[0])} to ${cell(a.values[a.values.length - 1])}, ${a.values.length} values${a.log ? ", log-spaced" : ""}`;
  const lines = [
    ...analysisHeader(model, base, `plasticity map, w_end over x × y`),
    `# x: ${axis(x)}`,
    `# y: ${axis(y)}`,
    `# current point: ${x.param} = ${cell(result.current.x)}, ${y.param} = ${cell(result.current.y)}`,
    `# outcome: LTD below w ${result.thresholds.ltdBelow}, LTP above ${result.thresholds.ltpAbove}`,
    ...(result.failed.count > 0
      ? [`# cells left empty, solve did not finish: ${result.failed.count} (first: ${result.failed.first})`]
      : []),
    `# methods: ${result.methods.join(", ")}`,
    [x.param, y.param, "w_end", "outcome"].join(","),
  ];
  y.values.forEach((yv, j) => {
    x.values.forEach((xv, i) => {
      lines.push([xv, yv, result.wEnd[j]?.[i], result.outcome[j]?.[i]].map(cell).join(","));
    });
  });
  writeOutput(o.out, `${lines.join("\n")}\n`);
}
