import { isatty } from "node:tty";
import { parseArgs } from "node:util";
import {
  assembleSweep,
  csvCell,
  listReadouts,
  OUTCOME_TEXT,
  resolveRun,
  runSweep,
  runSweepItems,
  type SweepItem,
  sweepTable,
  sweepValues,
  toQuery,
} from "../../engine/index.ts";
import { readModel } from "../read-model.ts";
import { formatFrom, number, RUN_OPTIONS, runSpecFrom, simulateOptionsFrom } from "../run-options.ts";
import { SHARD_HELP, SHARD_OPTIONS, shardFrom, shardRange, writeShard } from "../shard.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const SWEEP_HELP = `sweep --param NAME --from A --to B --n K [--log] [--readout ID,…] [run options] [--format csv|json] [--out FILE]
    One run per value of NAME; one row each: value, w_end, outcome, peaks, time in the LTD and LTP bands
    (those the model has), then the readouts named by --readout (default: the model's derived readouts),
    e.g. --readout change or --readout peak:C,end:w.
${SHARD_HELP}`;

/** With `merged` (the values' runs joined from shard files), renders those instead of solving. */
export function sweepCommand(args: string[], merged?: readonly unknown[]): void {
  const { values: o } = parseArgs({
    args,
    options: {
      ...RUN_OPTIONS,
      param: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      n: { type: "string" },
      log: { type: "boolean" },
      readout: { type: "string" },
      ...SHARD_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  const model = readModel(o.model);
  const format = formatFrom(o.format);
  for (const key of ["param", "from", "to", "n"] as const)
    if (o[key] === undefined) throw new UsageError(`sweep needs --${key}`);
  const param = o.param as string;
  if (!model.parameters.some((p) => p.name === param)) throw new UsageError(`--param: unknown parameter "${param}"`);
  const n = number(o.n as string, "--n");
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--n: must be a whole number from 1 to 10000, not ${o.n}`);
  const from = number(o.from as string, "--from");
  const to = number(o.to as string, "--to");
  if (o.log && (from <= 0 || to <= 0)) throw new UsageError("--log needs positive --from and --to");
  const known = listReadouts(model).map((r) => r.id);
  const readouts = o.readout === undefined ? model.derivedReadouts.map((r) => r.name) : o.readout.split(",");
  for (const id of readouts) {
    if (!known.includes(id)) throw new UsageError(`--readout: unknown readout "${id}" (readouts: ${known.join(", ")})`);
  }
  const spec = runSpecFrom(model, o);
  resolveRun(model, spec);
  const shard = shardFrom(o.shard);
  let values: number[];
  try {
    values = sweepValues(from, to, n, o.log ?? false);
    if (shard) {
      const [lo, hi] = shardRange(values.length, shard);
      const items = runSweepItems(model, spec, param, values, simulateOptionsFrom(o), lo, hi);
      writeShard(o.out, { command: "sweep", args, model, shard, total: values.length, from: lo, to: hi, items });
      return;
    }
    const result = merged
      ? assembleSweep(model, spec, param, values, merged as SweepItem[])
      : runSweep(model, spec, param, values, simulateOptionsFrom(o));
    const unit = model.parameters.find((p) => p.name === param)?.unit ?? "";
    if (format === "json") {
      writeOutput(
        o.out,
        `${JSON.stringify({ model: model.id, version: model.version, label: model.label, param, unit, share: `?${toQuery(result.base)}`, methods: result.methods, rows: result.rows }, null, 1)}\n`,
      );
      return;
    }
    const table = sweepTable(model, param, result.rows, readouts);
    const lines = [
      `# ${model.label}`,
      `# model: ${model.id} ${model.version}`,
      `# sweep: ${param} (${unit}) from ${from} to ${to}, ${n} values${o.log ? ", log-spaced" : ""}`,
      `# base: ?${toQuery(result.base)}`,
      `# methods: ${result.methods.join(", ")}`,
      table.columns.join(","),
      ...table.rows.map((r) => r.map(csvCell).join(",")),
    ];
    writeOutput(o.out, `${lines.join("\n")}\n`);
    if (o.out === undefined && isatty(1)) {
      process.stderr.write(
        `${result.rows.map((r) => `${r.value.toPrecision(3)}: ${OUTCOME_TEXT[r.outcome]}`).join("\n")}\n`,
      );
    }
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
}
