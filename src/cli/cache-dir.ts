import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The directories a start reads its cache from. */
export interface CacheDirs {
  /** The user's, read first and written; undefined when there is none safe to use. */
  own: string | undefined;
  /** The one shipped with the bundle, read only. */
  shipped: string;
}

/**
 * Where the command line finds what it can always rebuild (V8's compiled code of the bundle, loaded
 * models), so that a start skips that work; undefined when PLASTICITY_LAB_CACHE is "off", which turns
 * every cache off, the shipped one included, so that everything is made from the sources as they are.
 *
 * The user's own cache is where PLASTICITY_LAB_CACHE names, by default the package's
 * node_modules/.cache/plasticity-lab, the usual place for tools' caches, or, without node_modules, a
 * directory of the user's own in the system's temporary one.
 *
 * The shipped cache is the read-only one that the build makes beside the bundle (dist-cli/cache, by
 * scripts/build-cli.mjs): V8's compiled code of a `simulate` and a `--help` start, and the loaded
 * models of models/, so that even the first start on a fresh clone skips compiling the bundle and
 * loading the model. A start looks there for what the user's cache lacks, and writes the user's only
 * for what neither holds. Its entries are checked as the user's are (V8 refuses compiled code of
 * another V8, other flags or another source; a model entry must hold the file's text), and they are
 * trusted as the bundle beside them is.
 */
export function cacheDirs(bundleDir: string): CacheDirs | undefined {
  const chosen = process.env.PLASTICITY_LAB_CACHE;
  if (chosen === "off") return undefined;
  return { own: chosen || ownCacheDir(dirname(bundleDir)), shipped: join(bundleDir, "cache") };
}

function ownCacheDir(packageRoot: string): string | undefined {
  const modules = join(packageRoot, "node_modules");
  if (existsSync(modules)) return join(modules, ".cache", "plasticity-lab");
  return privateTemporaryDir(`plasticity-lab-cache-${process.getuid?.() ?? "user"}`);
}

/**
 * The directory in the shared temporary one, only if it is the user's own and no one else can write
 * in it: compiled code read from a directory someone else controls would run as this user.
 */
function privateTemporaryDir(name: string): string | undefined {
  const dir = join(tmpdir(), name);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = lstatSync(dir);
    const own = process.getuid === undefined || s.uid === process.getuid();
    return s.isDirectory() && own && (s.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

// A cache is only ever a shortcut: a file that cannot be read or written costs time, never a failure.

/** The file's bytes, or undefined when it is not there or cannot be read. */
export function readCached(dir: string | undefined, name: string): Buffer | undefined {
  if (dir === undefined) return undefined;
  try {
    return readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
}

/**
 * Writes the file whole or not at all (a temporary file renamed into place, so a concurrent reader
 * never sees half of it), then keeps only the `keep` newest files whose names start as this one's kind
 * (the text up to its first "-"): older builds' entries go, while a few builds (checkouts sharing one
 * node_modules, or switching branches) still find theirs.
 */
export function writeCached(dir: string, name: string, data: string | Uint8Array, keep: number): void {
  const temporary = join(dir, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, join(dir, name));
    const kind = name.slice(0, name.indexOf("-") + 1);
    const old = readdirSync(dir)
      .filter((file) => file.startsWith(kind) && !file.endsWith(".tmp"))
      .map((file) => ({ file, time: statSync(join(dir, file)).mtimeMs }))
      .sort((a, b) => b.time - a.time)
      .slice(keep);
    for (const { file } of old) rmSync(join(dir, file), { force: true });
  } catch {
    // Read-only or full disk: the next start does the work again.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
}
