import { el } from "../ui/dom.ts";

export interface Field<T extends HTMLInputElement | HTMLSelectElement> {
  root: HTMLElement;
  input: T;
}

export function numberField(
  id: string,
  label: string,
  value: number,
  limits: { min?: number; max?: number; step?: number | "any" } = {},
  unit = "",
): Field<HTMLInputElement> {
  const input = el("input", {
    id,
    type: "number",
    value: String(value),
    min: limits.min === undefined ? undefined : String(limits.min),
    max: limits.max === undefined ? undefined : String(limits.max),
    step: limits.step === undefined ? "any" : String(limits.step),
  });
  const root = el(
    "div",
    { class: "analysis-field" },
    el("label", { for: id, text: label }),
    el("span", { class: "analysis-input" }, input, unit ? el("span", { class: "analysis-unit", text: unit }) : null),
  );
  return { root, input };
}

export function selectField(
  id: string,
  label: string,
  options: readonly (readonly [string, string])[],
  value: string,
): Field<HTMLSelectElement> {
  const input = el("select", { id });
  for (const [v, text] of options) input.append(el("option", { value: v, text, selected: v === value }));
  input.value = value;
  const root = el("div", { class: "analysis-field" }, el("label", { for: id, text: label }), input);
  return { root, input };
}

/** A number typed in a field, or NaN with the field marked invalid when it is not within its limits. */
export function readNumber(input: HTMLInputElement): number {
  const v = input.value.trim() === "" ? Number.NaN : Number(input.value);
  const min = input.min === "" ? Number.NEGATIVE_INFINITY : Number(input.min);
  const max = input.max === "" ? Number.POSITIVE_INFINITY : Number(input.max);
  const ok = Number.isFinite(v) && v >= min && v <= max;
  input.setAttribute("aria-invalid", ok ? "false" : "true");
  return ok ? v : Number.NaN;
}
