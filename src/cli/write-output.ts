import { writeFileSync, writeSync } from "node:fs";
import { UsageError } from "./usage-error.ts";

/** Writes to --out FILE, or to standard output when no file is given. */
export function writeOutput(file: string | undefined, text: string): void {
  if (file === undefined) {
    writeStdout(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A pause while a full pipe drains. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes the whole text to standard output, synchronously as process.stdout does for files and pipes
 * on Linux, but straight to the descriptor: creating process.stdout (a stream, and for a pipe a
 * socket) is a noticeable part of a short command's start. A pipe left non-blocking by its other end
 * may take part of the text (EAGAIN): the rest follows once it drains. A reader that stops early
 * (`| head`) closes the pipe: the output is no longer wanted, which is not an error to report, so the
 * process ends quietly.
 */
function writeStdout(text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") process.exit(process.exitCode ?? 0);
      if (code !== "EAGAIN") throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
