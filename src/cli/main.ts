import { describeRange, formatValue, type Model, ModelError, RunSpecError, SolveError } from "../engine/index.ts";
import { CLAIMS_HELP, claimsCommand } from "./commands/claims.ts";
import { EXPORT_HELP, exportCommand } from "./commands/export.ts";
import { LESSON_HELP, lessonCommand } from "./commands/lesson.ts";
import { MAP_HELP, mapCommand } from "./commands/map.ts";
import { MERGE_HELP, mergeCommand } from "./commands/merge.ts";
import { POPULATION_HELP, populationCommand } from "./commands/population.ts";
import { SCHEMA_HELP, schemaCommand } from "./commands/schema.ts";
import { SENSITIVITY_HELP, sensitivityCommand } from "./commands/sensitivity.ts";
import { SIMULATE_HELP, simulateCommand } from "./commands/simulate.ts";
import { SWEEP_HELP, sweepCommand } from "./commands/sweep.ts";
import { TRIAL_HELP, trialCommand } from "./commands/trial.ts";
import { DEFAULT_MODEL, readModel } from "./read-model.ts";
import { UsageError } from "./usage-error.ts";

const COMMANDS: Record<string, { help: string; run: (args: string[]) => void }> = {
  simulate: { help: SIMULATE_HELP, run: simulateCommand },
  sweep: { help: SWEEP_HELP, run: sweepCommand },
  population: { help: POPULATION_HELP, run: populationCommand },
  trial: { help: TRIAL_HELP, run: trialCommand },
  sensitivity: { help: SENSITIVITY_HELP, run: sensitivityCommand },
  map: { help: MAP_HELP, run: mapCommand },
  export: { help: EXPORT_HELP, run: exportCommand },
  merge: { help: MERGE_HELP, run: mergeCommand },
  claims: { help: CLAIMS_HELP, run: claimsCommand },
  lesson: { help: LESSON_HELP, run: lessonCommand },
  schema: { help: SCHEMA_HELP, run: schemaCommand },
};

const RUN_OPTIONS_HELP = `Run options:
  --model FILE           model file (default ${DEFAULT_MODEL})
  --preset NAME          start from a preset (default: the model's default preset)
  --set NAME=VALUE       change one parameter; repeat for more. Out-of-range values are refused.
  --protocol P           step | pulse | ramp | train | none
  --activity A           paired | always | off
  --t-end S              simulated time (sets the model's end-time parameter)
  --every S              output interval (default 1)
  --method M             auto | rosenbrock | odex | exponential (default auto: rosenbrock for stiff runs,
                         odex otherwise)`;

function parameterTable(model: Model): string {
  const rows = model.parameters.map((p) => {
    const unit = p.unit === "–" ? "" : p.unit;
    return `  ${p.name.padEnd(11)}${formatValue(p.default).padEnd(10)}${describeRange(p).padEnd(24)}${p.scale === "log" ? "log " : "    "}${p.label}${unit ? ` (${unit})` : ""}`;
  });
  const presets = model.presets.map((p) => `  ${p.id.padEnd(17)}${p.label}`);
  return `Parameters of ${model.id} ${model.version} (name, default, range, scale, meaning):\n${rows.join("\n")}\n\nPresets:\n${presets.join("\n")}`;
}

function help(): string {
  let params: string;
  try {
    params = parameterTable(readModel());
  } catch (err) {
    params = `(the default model could not be read: ${(err as Error).message})`;
  }
  return `Plasticity Lab command line — an illustrative model, not physiological.

Usage: npm run cli -- <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.help}`)
  .join("\n")}

${RUN_OPTIONS_HELP}

${params}
`;
}

/**
 * `--from -0.1` as `--from=-0.1`: node's parseArgs refuses an option value that starts with "-", and a
 * sweep over Δt or any signed parameter needs one.
 */
export function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    if (/^--[A-Za-z][\w-]*$/.test(a) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Runs one command; returns the exit code (0 ok, 2 bad input, 1 a solve that did not finish). */
export function main(argv: string[]): number {
  const [name, ...rest] = argv;
  const args = joinNegativeValues(rest);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command)
      throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")}; see --help)`);
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(help());
      return 0;
    }
    command.run(args);
    return 0;
  } catch (err) {
    if (err instanceof ModelError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError && name === "lesson") {
      // One line per problem, each with its file and line, so editors can jump to them.
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof RunSpecError) {
      process.stderr.write(`error: ${err.message.split("\n").join("; ")}\n`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof SolveError) {
      process.stderr.write(`error: the solve did not finish: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

// A reader that stops early (`| head`) closes the pipe: the output is no longer wanted, which is not an
// error to report with a stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = main(process.argv.slice(2));
