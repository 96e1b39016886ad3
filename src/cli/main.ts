// Only what every command needs is imported here; each command's module is loaded when it is run
// (imported straight from the engine's modules, not its index, where it can): the bundle then
// initialises only that command's libraries (a warm `simulate` never starts the model validator, the
// YAML parser or the statistics library).
import type { Model } from "../engine/model/model.ts";
import { ModelError } from "../engine/model/model-error.ts";
import { describeRange, formatValue, RunSpecError } from "../engine/run/run-spec.ts";
import { SolveError } from "../engine/solve/solve-problem.ts";
import { DEFAULT_MODEL, readModel } from "./read-model.ts";
import { UsageError } from "./usage-error.ts";
import { writeOutput } from "./write-output.ts";

interface Command {
  help: string;
  run: (args: string[]) => void;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  simulate: async () => {
    const m = await import("./commands/simulate.ts");
    return { help: m.SIMULATE_HELP, run: m.simulateCommand };
  },
  sweep: async () => {
    const m = await import("./commands/sweep.ts");
    return { help: m.SWEEP_HELP, run: m.sweepCommand };
  },
  population: async () => {
    const m = await import("./commands/population.ts");
    return { help: m.POPULATION_HELP, run: m.populationCommand };
  },
  trial: async () => {
    const m = await import("./commands/trial.ts");
    return { help: m.TRIAL_HELP, run: m.trialCommand };
  },
  sensitivity: async () => {
    const m = await import("./commands/sensitivity.ts");
    return { help: m.SENSITIVITY_HELP, run: m.sensitivityCommand };
  },
  map: async () => {
    const m = await import("./commands/map.ts");
    return { help: m.MAP_HELP, run: m.mapCommand };
  },
  export: async () => {
    const m = await import("./commands/export.ts");
    return { help: m.EXPORT_HELP, run: m.exportCommand };
  },
  merge: async () => {
    const m = await import("./commands/merge.ts");
    return { help: m.MERGE_HELP, run: m.mergeCommand };
  },
  claims: async () => {
    const m = await import("./commands/claims.ts");
    return { help: m.CLAIMS_HELP, run: m.claimsCommand };
  },
  lesson: async () => {
    const m = await import("./commands/lesson.ts");
    return { help: m.LESSON_HELP, run: m.lessonCommand };
  },
  schema: async () => {
    const m = await import("./commands/schema.ts");
    return { help: m.SCHEMA_HELP, run: m.schemaCommand };
  },
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

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  let params: string;
  try {
    params = parameterTable(readModel());
  } catch (err) {
    params = `(the default model could not be read: ${(err as Error).message})`;
  }
  return `Plasticity Lab command line — an illustrative model, not physiological.

Usage: npm run cli -- <command> [options]

Commands:
${commands.map((c) => `  ${c.help}`).join("\n")}

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
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const args = joinNegativeValues(rest);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    writeOutput(undefined, await help());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (!load)
      throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")}; see --help)`);
    if (args.includes("--help") || args.includes("-h")) {
      writeOutput(undefined, await help());
      return 0;
    }
    (await load()).run(args);
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Thrown outside the promise, so that an unexpected error ends the process as it would have
    // without the asynchronous command loading: its stack trace and exit code 1.
    process.nextTick(() => {
      throw err;
    });
  },
);
