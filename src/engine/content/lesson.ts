import "../host-policy.ts";
import { parseDocument } from "yaml";
import * as z from "zod";
import type { Model } from "../model/model.ts";
import { isActivityMode, isProtocolKind } from "../run/protocol-kinds.ts";
import { listReadouts, OUTCOME_READOUT, readoutValue } from "../run/readouts.ts";
import { checkValue, findPreset, type RunSpec } from "../run/run-spec.ts";
import { checkExpectation, type Expectation, expectSchema, meets, parseCondition } from "./lesson-expect.ts";

/**
 * A lesson: Markdown with YAML front matter, split into steps at `## ` headings. Fenced blocks give
 * each step its run (`params`), a question checked against that run (`predict`), the panels to show
 * (`plot`) and what the prose says the run shows (`expect`). Lessons are untrusted text: nothing in them runs; the prose is rendered sanitised.
 */
export interface Lesson {
  file: string;
  title: string;
  audience: string;
  minutes: number;
  model: string;
  /** Controls a class link may leave free; all others can be locked. */
  free: string[] | undefined;
  intro: string;
  steps: LessonStep[];
}

export interface LessonStep {
  title: string;
  line: number;
  /** Prose of the step with the fenced blocks removed (Markdown, to be sanitised when rendered). */
  markdown: string;
  /** The run this step sets up; a step without one keeps the previous step's run. */
  run: RunSpec | undefined;
  /**
   * The id of the model this step runs: the one its params block names, else the previous step's, else
   * the lesson's (front matter). A lesson may so compare several models.
   */
  model: string;
  predict: Prediction | undefined;
  panels: string[] | undefined;
  /** What the step's prose says its run shows, for `lesson check` to verify (see lesson-expect.ts). */
  expect: Expectation[] | undefined;
}

export interface Choice {
  label: string;
  /** `LTP`, `LTD`, `none` for the outcome readout; `> x`, `< x`, `x to y` for a number. */
  when: string;
}

export interface Prediction {
  question: string;
  /** A readout id (see listReadouts) or "outcome". */
  readout: string;
  choices: Choice[];
  explain: string | undefined;
  line: number;
}

/** Panels every model has besides its time-course panels (whose ids its display block gives). */
export const VIEW_PANELS = ["rule", "dose", "equations", "population", "trial"] as const;

/** The panels a lesson's `plot` may name for a model: its time-course panels, then the other views. */
export function lessonPanels(model: Model): string[] {
  return [...model.display.panels.map((p) => p.id), ...VIEW_PANELS];
}

/** A problem in a lesson file, with its line: `notebooks/x.md:12 predict.readout: …`. */
export class LessonError extends Error {
  readonly problems: { line: number; message: string }[];
  readonly file: string;
  constructor(file: string, problems: { line: number; message: string }[]) {
    super(problems.map((p) => `${file}:${p.line} ${p.message}`).join("\n"));
    this.name = "LessonError";
    this.file = file;
    this.problems = problems;
  }
}

const frontSchema = z.strictObject({
  title: z.string().min(1),
  audience: z.string().min(1),
  minutes: z.number().positive(),
  model: z.string().min(1),
  free: z.array(z.string()).optional(),
});

const paramsSchema = z.strictObject({
  model: z.string().min(1).optional(),
  preset: z.string().optional(),
  set: z.record(z.string(), z.number()).optional(),
  protocol: z.string().optional(),
  activity: z.string().optional(),
});

const predictSchema = z.strictObject({
  question: z.string().min(1),
  readout: z.string().min(1),
  choices: z.array(z.strictObject({ label: z.string().min(1), when: z.union([z.string(), z.number()]) })).min(2),
  explain: z.string().optional(),
});

const plotSchema = z.strictObject({ panels: z.array(z.string()).min(1) });

const FENCE = /^```\s*([A-Za-z]*)\s*$/;

/**
 * Parses and validates a lesson against the model it names. Steps whose params block names another
 * model (`model: <id>`) are checked against `others(id)`. Throws LessonError listing every problem.
 */
export function parseLesson(
  text: string,
  file: string,
  model: Model,
  others: (id: string) => Model | undefined = () => undefined,
): Lesson {
  const problems: { line: number; message: string }[] = [];
  const fail = (line: number, message: string) => problems.push({ line, message });
  const lines = text.replace(/\r\n?/g, "\n").split("\n");

  let body = 0;
  let front: z.infer<typeof frontSchema> | undefined;
  if (lines[0]?.trim() === "---") {
    const end = lines.indexOf("---", 1);
    if (end < 0) fail(1, "front matter: no closing ---");
    else {
      front = yamlBlock(lines.slice(1, end).join("\n"), 2, "front matter", frontSchema, fail);
      body = end + 1;
    }
  } else fail(1, "front matter: a lesson starts with --- and a YAML block (title, audience, minutes, model)");
  if (front && front.model !== model.id)
    fail(2, `front matter.model: "${front.model}" is not the loaded model "${model.id}"`);
  for (const name of front?.free ?? []) {
    if (!model.parameters.some((p) => p.name === name)) fail(2, `front matter.free: unknown parameter "${name}"`);
  }

  const steps: LessonStep[] = [];
  let intro: string[] = [];
  let stepModel = model;
  const modelById = (id: string) => (id === model.id ? model : others(id));
  let current: { step: LessonStep; prose: string[] } | undefined;
  const finish = () => {
    if (current) {
      current.step.markdown = current.prose.join("\n").trim();
      steps.push(current.step);
    }
  };
  for (let i = body; i < lines.length; i++) {
    const line = lines[i] as string;
    const lineNo = i + 1;
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) {
      finish();
      current = {
        step: {
          title: (heading[1] as string).trim(),
          line: lineNo,
          markdown: "",
          run: undefined,
          model: stepModel.id,
          predict: undefined,
          panels: undefined,
          expect: undefined,
        },
        prose: [],
      };
      continue;
    }
    const fence = FENCE.exec(line);
    const kind = fence?.[1] ?? "";
    if (fence && ["params", "predict", "plot", "expect"].includes(kind)) {
      const close = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      if (close < 0) {
        fail(lineNo, `${kind}: block is not closed with \`\`\``);
        break;
      }
      const yamlText = lines.slice(i + 1, close).join("\n");
      if (!current) fail(lineNo, `${kind}: blocks belong inside a step (after a "## " heading)`);
      else if (kind === "params") {
        const p = yamlBlock(yamlText, lineNo + 1, "params", paramsSchema, fail);
        const line = (key: string) => keyLine(yamlText, lineNo + 1, key);
        const named = p?.model === undefined ? model : modelById(p.model);
        if (p && !named) fail(line("model"), `params.model: unknown model "${p.model}"`);
        else if (p && named) {
          stepModel = named;
          current.step.model = named.id;
          current.step.run = checkRun(p, named, line, fail);
        }
      } else if (kind === "predict") {
        const p = yamlBlock(yamlText, lineNo + 1, "predict", predictSchema, fail);
        if (p) {
          const choices = p.choices.map((c) => ({ label: c.label, when: String(c.when) }));
          const ids = [OUTCOME_READOUT, ...listReadouts(stepModel).map((r) => r.id)];
          if (!ids.includes(p.readout)) {
            fail(
              keyLine(yamlText, lineNo + 1, "readout"),
              `predict.readout: unknown readout "${p.readout}" of ${stepModel.id} (readouts: ${ids.join(", ")})`,
            );
          }
          for (const c of choices) {
            const problem = checkWhen(p.readout, c.when);
            if (problem) fail(lineNo, `predict.choices "${c.label}": ${problem}`);
          }
          current.step.predict = {
            question: p.question,
            readout: p.readout,
            choices,
            explain: p.explain,
            line: lineNo,
          };
        }
      } else if (kind === "expect") {
        const p = yamlBlock(yamlText, lineNo + 1, "expect", expectSchema, fail);
        if (p) {
          // Each entry's line: the k-th top-level "- " of the block.
          const starts = yamlText.split("\n").flatMap((l, j) => (/^-/.test(l) ? [j] : []));
          current.step.expect = p.map((e, k) => ({ ...e, line: lineNo + 1 + (starts[k] ?? 0) }));
          for (const e of current.step.expect) {
            const problem = checkExpectation(e);
            if (problem) fail(e.line, `expect: ${problem}`);
          }
        }
      } else {
        const p = yamlBlock(yamlText, lineNo + 1, "plot", plotSchema, fail);
        const known = lessonPanels(model);
        p?.panels.forEach((name, k) => {
          if (!known.includes(name))
            fail(
              keyLine(yamlText, lineNo + 1, "panels"),
              `plot.panels.${k}: unknown panel "${name}" (panels: ${known.join(", ")})`,
            );
        });
        if (p) current.step.panels = p.panels;
      }
      i = close;
      continue;
    }
    if (current) current.prose.push(line);
    else intro.push(line);
  }
  finish();
  if (front && steps.length === 0) fail(body + 1, 'a lesson needs at least one step (a "## " heading)');
  if (problems.length) throw new LessonError(file, problems);
  // The title is shown from the front matter; a leading "# " heading would repeat it.
  const h1 = intro.findIndex((l) => /^#\s/.test(l));
  if (h1 >= 0 && intro.slice(0, h1).every((l) => l.trim() === "")) intro = intro.slice(h1 + 1);
  const f = front as z.infer<typeof frontSchema>;
  return {
    file,
    title: f.title,
    audience: f.audience,
    minutes: f.minutes,
    model: f.model,
    free: f.free,
    intro: intro.join("\n").trim(),
    steps,
  };
}

function yamlBlock<T>(
  text: string,
  firstLine: number,
  where: string,
  schema: z.ZodType<T>,
  fail: (line: number, message: string) => void,
): T | undefined {
  // logLevel "error": a malformed block is reported as a problem below, not also as a console warning
  // (a lesson with hundreds of bad blocks would log hundreds of lines).
  const doc = parseDocument(text, { prettyErrors: false, logLevel: "error" });
  if (doc.errors.length) {
    const e = doc.errors[0] as (typeof doc.errors)[number];
    const line = firstLine + text.slice(0, e.pos[0]).split("\n").length - 1;
    fail(line, `${where}: YAML syntax: ${e.message.split("\n")[0]}`);
    return undefined;
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]][0] : issue.path[0];
      const field = [where, ...issue.path.map(String)].join(".");
      const message =
        issue.code === "unrecognized_keys"
          ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
          : issue.code === "invalid_type" && issue.input === undefined
            ? "is required"
            : issue.message;
      fail(typeof key === "string" ? keyLine(text, firstLine, key) : firstLine, `${field}: ${message}`);
    }
    return undefined;
  }
  return parsed.data;
}

/** Line of the first `key:` in a block (the block's first line if absent). */
function keyLine(text: string, firstLine: number, key: string): number {
  const k = text.split("\n").findIndex((l) => new RegExp(`(^|[{,\\s])${key}\\s*:`).test(l));
  return firstLine + Math.max(0, k);
}

function checkRun(
  p: z.infer<typeof paramsSchema>,
  model: Model,
  line: (key: string) => number,
  fail: (line: number, message: string) => void,
): RunSpec {
  if (p.preset !== undefined && !findPreset(model, p.preset))
    fail(line("preset"), `params.preset: unknown preset "${p.preset}"`);
  if (p.protocol !== undefined && !isProtocolKind(p.protocol))
    fail(line("protocol"), `params.protocol: unknown protocol "${p.protocol}"`);
  if (p.activity !== undefined && !isActivityMode(p.activity)) {
    fail(line("activity"), `params.activity: unknown activity mode "${p.activity}"`);
  }
  for (const [name, v] of Object.entries(p.set ?? {})) {
    const problem = checkValue(model, name, v);
    if (problem) fail(line(name), `params.set.${name}: ${problem}`);
  }
  return {
    ...(p.preset !== undefined ? { preset: p.preset } : {}),
    params: p.set ?? {},
    ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
    ...(p.activity !== undefined ? { activity: p.activity } : {}),
  };
}

const OUTCOMES = ["LTP", "LTD", "none"];

/** Why `when` is not a condition this readout can be checked with, or null. */
export function checkWhen(readout: string, when: string): string | null {
  if (readout === OUTCOME_READOUT)
    return OUTCOMES.includes(when) ? null : `"${when}" is not one of ${OUTCOMES.join(", ")}`;
  return parseCondition(when) ? null : `"${when}" is not a condition such as "> 1", "< 0.95" or "0.95 to 1.05"`;
}

/** The indices of the choices that are true of a run (a well-made question has exactly one). */
export function trueChoices(p: Prediction, summary: Parameters<typeof readoutValue>[1]): number[] {
  const v = readoutValue(p.readout, summary);
  return p.choices.flatMap((c, k) => {
    return meets(v, c.when) ? [k] : [];
  });
}
