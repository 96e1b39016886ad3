import { parseArgs } from "node:util";
import { modelJsonSchema } from "../../engine/index.ts";
import { writeOutput } from "../write-output.ts";

export const SCHEMA_HELP = `schema [--out FILE]
    The JSON Schema of model files, generated from the loader's own schema (for editors).`;

export function schemaCommand(args: string[]): void {
  const { values: o } = parseArgs({ args, options: { out: { type: "string" } }, strict: true });
  writeOutput(o.out, `${JSON.stringify(modelJsonSchema(), null, 2)}\n`);
}
