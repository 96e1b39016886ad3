import { writeFileSync } from "node:fs";
import { UsageError } from "./usage-error.ts";

/** Writes to --out FILE, or to standard output when no file is given. */
export function writeOutput(file: string | undefined, text: string): void {
  if (file === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
