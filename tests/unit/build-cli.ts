import { spawnSync } from "node:child_process";

/** Builds the bundled command line once, so that the CLI tests run what `npx plasticity-lab` runs. */
export default function setup(): void {
  const r = spawnSync(process.execPath, ["scripts/build-cli.mjs"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the command line failed:\n${r.stderr}`);
}
