import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  claimedResult,
  LessonError,
  type Model,
  parseLesson,
  type RunSpec,
  RunSpecError,
  simulate,
  trueChoices,
  unmetExpectations,
} from "../../engine/index.ts";
import { readModel, readShippedModels } from "../read-model.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const LESSON_HELP = `lesson check FILE… [--model FILE]
    Validates lessons: front matter, blocks, parameters; runs every step and checks that each
    prediction has exactly one right answer. Every step must state its own run (a params block), and
    a step whose text states a result (LTP, LTD, strengthens, raises w, w ≈ …) must carry an expect
    block that the run meets. A step may run another model of models/ (params: model: ID). Exit code 2 names file and line of each problem.`;

/**
 * Problems with one lesson file, each as `file:line message`; empty when the lesson is sound. Steps
 * that name another model run it, found by `others`.
 */
export function checkLesson(
  model: Model,
  file: string,
  text: string,
  others: (id: string) => Model | undefined = () => undefined,
): { problems: string[]; summary: string } {
  let lesson: ReturnType<typeof parseLesson>;
  try {
    lesson = parseLesson(text, file, model, others);
  } catch (err) {
    if (err instanceof LessonError) return { problems: err.message.split("\n"), summary: "" };
    throw err;
  }
  const problems: string[] = [];
  let run: RunSpec = {};
  let predictions = 0;
  for (const step of lesson.steps) {
    if (step.run) run = step.run;
    else
      problems.push(
        `${file}:${step.line} params: step "${step.title}" has no params block; every step states its own run (it would keep the previous step's)`,
      );
    const claimed = claimedResult(step.markdown);
    if (claimed !== null && !step.expect)
      problems.push(
        `${file}:${step.line} expect: step "${step.title}" says what its run shows ("${claimed}") but has no expect block to check it`,
      );
    if (step.expect && step.run) {
      try {
        for (const u of unmetExpectations(model, step.run, step.expect))
          problems.push(`${file}:${u.line} ${u.message} (step "${step.title}")`);
      } catch (err) {
        if (!(err instanceof RunSpecError)) throw err;
        problems.push(`${file}:${step.line} params: ${err.message}`);
      }
    }
    if (!step.predict) continue;
    predictions++;
    try {
      const result = simulate(step.model === model.id ? model : (others(step.model) as Model), run);
      const right = trueChoices(step.predict, result.summary);
      if (right.length !== 1) {
        const which = right.length === 0 ? "none of the choices is" : `${right.length} choices are`;
        problems.push(
          `${file}:${step.predict.line} predict: ${which} true of this step's run ("${step.predict.question}")`,
        );
      }
    } catch (err) {
      if (!(err instanceof RunSpecError)) throw err;
      problems.push(`${file}:${step.line} params: ${err.message}`);
    }
  }
  return { problems, summary: `${lesson.steps.length} steps, ${predictions} predictions — "${lesson.title}"` };
}

export function lessonCommand(args: string[]): void {
  const { values: o, positionals } = parseArgs({
    args,
    options: { model: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [verb, ...files] = positionals;
  if (verb !== "check") throw new UsageError(`lesson: unknown action "${verb ?? ""}" (use: lesson check FILE…)`);
  if (files.length === 0) throw new UsageError("lesson check: name at least one lesson file");
  const model = readModel(o.model);
  const shipped = readShippedModels();
  const others = (id: string) => shipped.find((m) => m.id === id);
  const failures: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      failures.push(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      continue;
    }
    const { problems, summary } = checkLesson(model, file, text, others);
    if (problems.length) failures.push(...problems);
    else writeOutput(undefined, `ok  ${file}: ${summary}\n`);
  }
  if (failures.length) throw new UsageError(failures.join("\n"));
}
