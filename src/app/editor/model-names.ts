import { ALLOWED_FUNCTIONS, type Model } from "../../engine/index.ts";

/** A name an expression may use, with what a reader needs to know about it. */
export interface ModelName {
  name: string;
  kind: "state" | "helper" | "parameter" | "input" | "function" | "constant";
  label: string;
  unit: string;
  /** The declaration in one or two lines: what hovering the name shows. */
  declaration: string;
}

/** Every name an expression of `model` may use: its states, helpers, parameters, inputs, and the allowed functions. */
export function modelNames(model: Model | undefined): ModelName[] {
  const names: ModelName[] = [];
  if (model) {
    for (const s of model.states) {
      names.push({
        name: s.name,
        kind: "state",
        label: s.label,
        unit: s.unit,
        declaration: `state ${s.name}: ${s.label} (${s.unit})\nd${s.name}/dt = ${s.rate}; initial ${s.initial}`,
      });
    }
    for (const h of model.helpers) {
      const call = h.args.length ? `${h.name}(${h.args.join(", ")})` : h.name;
      names.push({
        name: h.name,
        kind: "helper",
        label: h.label,
        unit: h.unit,
        declaration: `helper ${call}: ${h.label} (${h.unit})\n${call} = ${h.expr}`,
      });
    }
    for (const p of model.parameters) {
      const range = p.fixed ? "fixed" : p.range ? `range ${p.range[0]} to ${p.range[1]}` : "";
      names.push({
        name: p.name,
        kind: "parameter",
        label: p.label,
        unit: p.unit,
        declaration: `parameter ${p.name}: ${p.label} (${p.unit})\ndefault ${p.default}, ${range}. ${p.description}`,
      });
    }
    for (const i of model.inputs) {
      names.push({
        name: i.name,
        kind: "input",
        label: i.label,
        unit: i.unit,
        declaration: `input ${i.name}(t): ${i.label} (${i.unit}), ${i.kind === "protocol" ? `a protocol of amplitude ${i.amplitude}` : `activity paired with ${i.pairedWith}`}`,
      });
    }
  }
  for (const [name, f] of Object.entries(ALLOWED_FUNCTIONS)) {
    const [lo, hi] = f.arity;
    names.push({
      name,
      kind: "function",
      label: `function of ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? "" : "s"}`,
      unit: "",
      declaration: `function ${name}: ${f.js}, ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? "" : "s"}`,
    });
  }
  names.push(
    { name: "pi", kind: "constant", label: "π", unit: "", declaration: "constant pi = 3.14159…" },
    { name: "e", kind: "constant", label: "Euler's number", unit: "", declaration: "constant e = 2.71828…" },
  );
  return names;
}
