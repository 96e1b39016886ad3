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
import { join } from "node:path";

/**
 * Where the command line keeps what it can always rebuild (V8's compiled code of the bundle, loaded
 * models), so that starting it again skips that work. PLASTICITY_LAB_CACHE names another directory, or
 * "off" for none. By default it is the package's node_modules/.cache/plasticity-lab, the usual place for
 * tools' caches, or, without node_modules, a directory of the user's own in the system's temporary one.
 */
export function cacheDir(packageRoot: string): string | undefined {
  const chosen = process.env.PLASTICITY_LAB_CACHE;
  if (chosen === "off") return undefined;
  if (chosen) return chosen;
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
export function readCached(dir: string, name: string): Buffer | undefined {
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
