import { checkValue, type Model, type Parameter } from "../../engine/index.ts";
import { type Field, numberField, readNumber, selectField } from "./form-fields.ts";

/** A parameter chosen for an axis, with its scale and range: the picker the dose-response and the map share. */
export interface ParamRangeFields {
  param: Field<HTMLSelectElement>;
  scale: Field<HTMLSelectElement>;
  from: Field<HTMLInputElement>;
  to: Field<HTMLInputElement>;
}

export interface ParamRange {
  param: string;
  from: number;
  to: number;
  log: boolean;
  /** Why the range cannot be run, empty when it can. */
  problems: string[];
}

/**
 * Builds the four fields with the given ids and labels. Choosing another parameter resets the range and
 * scale to that parameter's own (or the one `rangeOf` gives for it); any change calls `onChange`.
 */
export function paramRangeFields(
  model: Model,
  ids: { param: string; scale: string; from: string; to: string },
  labels: { param: string; scale: string },
  params: readonly Parameter[],
  chosen: Parameter | undefined,
  onChange: () => void,
  rangeOf: (p: Parameter) => readonly [number, number] | undefined = (p) => p.range,
): ParamRangeFields {
  const first = chosen ? rangeOf(chosen) : undefined;
  const f: ParamRangeFields = {
    param: selectField(
      ids.param,
      labels.param,
      params.map((p) => [p.name, `${p.name}: ${p.label}`] as const),
      chosen?.name ?? "",
    ),
    scale: selectField(
      ids.scale,
      labels.scale,
      [
        ["linear", "linear"],
        ["log", "log"],
      ],
      chosen?.scale ?? "linear",
    ),
    from: numberField(ids.from, "From", first?.[0] ?? 0),
    to: numberField(ids.to, "To", first?.[1] ?? 1),
  };
  f.param.input.addEventListener("change", () => {
    const p = model.parameters.find((q) => q.name === f.param.input.value);
    const range = p ? rangeOf(p) : undefined;
    if (p && range) {
      f.from.input.value = String(range[0]);
      f.to.input.value = String(range[1]);
      f.scale.input.value = p.scale;
    }
    onChange();
  });
  for (const field of [f.scale, f.from, f.to]) field.input.addEventListener("change", onChange);
  return f;
}

/** Reads the fields; a range outside the parameter's own, or unusable on its scale, is a problem. */
export function readParamRange(model: Model, f: ParamRangeFields): ParamRange {
  const param = f.param.input.value;
  const from = readNumber(f.from.input);
  const to = readNumber(f.to.input);
  const log = f.scale.input.value === "log";
  const problems: string[] = [];
  // A field the shown error is about is marked invalid, so assistive technology says so too.
  const mark = (input: HTMLInputElement, bad: boolean) => input.setAttribute("aria-invalid", String(bad));
  for (const [v, input] of [
    [from, f.from.input],
    [to, f.to.input],
  ] as const) {
    const problem = Number.isNaN(v) ? "give both ends of the range" : checkValue(model, param, v);
    if (problem) problems.push(problem);
    mark(input, problem !== null || (log && v <= 0) || from === to);
  }
  if (log && (from <= 0 || to <= 0)) problems.push("a log scale needs a positive range");
  if (from === to) problems.push("the range needs two different ends");
  return { param, from, to, log, problems };
}
