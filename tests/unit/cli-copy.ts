import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { CLI } from "./cli-path.ts";

/**
 * A copy of the built command line (dist-cli) in a directory of its own, to run as the bin and to
 * change without disturbing other tests; `withShippedCache: false` leaves out the cache the build
 * ships (dist-cli/cache), so that a start finds only the user's. Returns the copy's bin. The copy's
 * bundle has a new modification time, so the shipped compiled code (keyed by it) is not found there.
 */
export function copyOfCli({ withShippedCache }: { withShippedCache: boolean }): string {
  const dist = dirname(CLI);
  const copy = join(mkdtempSync(join(tmpdir(), "plasticity-lab-cli-copy-")), basename(dist));
  cpSync(dist, copy, { recursive: true, filter: (src) => withShippedCache || src !== join(dist, "cache") });
  return join(copy, basename(CLI));
}
