import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { type Model, modelJsonSchema } from "../../engine/index.ts";
import { modelNames } from "./model-names.ts";
import { enclosingKeys } from "./yaml-position.ts";

/** Fields whose value is an expression of the model's names. */
const EXPRESSION_KEYS = new Set(["rate", "expr"]);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  required?: string[];
  description?: string;
};

let schema: JsonSchema | undefined;

/** The schema of the mapping at `path` (keys of mappings and "[]" for list items), merged over unions. */
export function schemaAt(path: readonly string[]): JsonSchema[] {
  schema ??= modelJsonSchema() as JsonSchema;
  let nodes: JsonSchema[] = [schema];
  const expand = (n: JsonSchema): JsonSchema[] =>
    [n, ...(n.anyOf ?? []), ...(n.oneOf ?? [])].flatMap((x) => (x === n ? [x] : expand(x)));
  for (const key of path) {
    const next: JsonSchema[] = [];
    for (const n of nodes.flatMap(expand)) {
      if (key === "[]") {
        if (n.items) next.push(n.items);
      } else if (n.properties?.[key]) next.push(n.properties[key] as JsonSchema);
      else if (n.additionalProperties && typeof n.additionalProperties === "object") next.push(n.additionalProperties);
    }
    nodes = next;
  }
  return nodes.flatMap(expand).filter((n) => n.properties);
}

/** Completions: the schema's keys where a key goes; inside an expression, the model's names. */
export function modelCompletions(model: () => Model | undefined) {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const value = /^\s*(?:- )?([A-Za-z0-9_-]+)\s*:\s+(.*)$/.exec(before);
    if (value) {
      if (!EXPRESSION_KEYS.has(value[1] as string)) return null;
      const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
      if (!word && !context.explicit) return null;
      const options: Completion[] = modelNames(model()).map((n) => ({
        label: n.name,
        type:
          n.kind === "function"
            ? "function"
            : n.kind === "parameter"
              ? "variable"
              : n.kind === "constant"
                ? "constant"
                : "property",
        detail: n.unit ? `${n.kind}, ${n.unit}` : n.kind,
        info: n.label,
        ...(n.kind === "function" ? { apply: `${n.name}(` } : {}),
      }));
      return { from: word?.from ?? context.pos, options, validFor: /^[A-Za-z0-9_]*$/ };
    }
    const key = /^(\s*)(- )?([A-Za-z0-9_]*)$/.exec(before);
    if (!key) return null;
    if (!key[3] && !context.explicit) return null;
    const indent = (key[1] as string).length + (key[2] ? 2 : 0);
    const lines = context.state.doc.toString().split("\n");
    const path = enclosingKeys(lines, line.number - 1, indent);
    if (key[2]) path.push("[]");
    const seen = new Set<string>();
    const options: Completion[] = [];
    for (const node of schemaAt(path)) {
      for (const [name, def] of Object.entries(node.properties ?? {})) {
        if (seen.has(name)) continue;
        seen.add(name);
        options.push({
          label: name,
          type: "keyword",
          detail: node.required?.includes(name) ? "required" : "optional",
          ...(def.description ? { info: def.description } : {}),
          apply: `${name}: `,
        });
      }
    }
    if (!options.length) return null;
    return { from: context.pos - (key[3] as string).length, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}
