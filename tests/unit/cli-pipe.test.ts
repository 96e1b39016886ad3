import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI } from "./cli-path.ts";

describe("the command line's output piped to a reader that stops early", () => {
  it("ends quietly, with no error and status 0, when the reader has closed the pipe (as `| head` does)", async () => {
    const child = spawn(process.execPath, [CLI, "simulate"], { stdio: ["ignore", "pipe", "pipe"] });
    // The reader closes its end before the run is written: the command's write finds the pipe closed.
    child.stdout.destroy();
    let err = "";
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(err).toBe("");
    expect(code).toBe(0);
  });
});
