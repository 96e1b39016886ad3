/**
 * One name sanitiser for every export target. Each target states its rules (length limit, case
 * sensitivity, reserved words); every model name is then given a name that is legal and unique under
 * those rules, and every change is recorded so that the export can print a table of renames.
 */
export interface NameRules {
  /** Longest name the target accepts (XPPAUT: 10). */
  maxLength: number;
  /** Whether the target folds case, so that `Ca` and `CA` are the same name (XPPAUT). */
  caseInsensitive: boolean;
  /** Words the target or the generated file already uses (functions, keywords, time). */
  reserved: readonly string[];
}

export interface Rename {
  /** What the name belongs to, e.g. "parameter u" or "argument x of sig". */
  what: string;
  original: string;
  exported: string;
  reason: string;
}

/** The exported name of every model name, for one target and one scope. */
export interface NameTable {
  /** Claims a legal, unique name for `original` under key `key` (e.g. "param:u"); returns it. */
  claim(key: string, original: string, what: string): string;
  /** The name claimed under `key`; throws if none was claimed (a generator bug, not a user error). */
  get(key: string): string;
  /** A table that sees every name claimed so far and adds its own (a function's arguments). */
  fork(): NameTable;
  renames(): Rename[];
}

export function createNameTable(rules: NameRules): NameTable {
  const fold = (s: string) => (rules.caseInsensitive ? s.toLowerCase() : s);
  const reserved = new Set(rules.reserved.map(fold));
  return table(rules, fold, reserved, new Map(), new Map(), []);
}

function table(
  rules: NameRules,
  fold: (s: string) => string,
  reserved: ReadonlySet<string>,
  taken: Map<string, { name: string; what: string }>,
  byKey: Map<string, string>,
  renames: Rename[],
): NameTable {
  return {
    claim(key, original, what) {
      const legal = original.replace(/[^A-Za-z0-9_]/g, "_").replace(/^[^A-Za-z]/, "x$&");
      let name = legal.slice(0, rules.maxLength);
      const notes: string[] = [];
      if (legal !== original) notes.push("has characters the target does not accept");
      if (name !== legal) notes.push(`longer than ${rules.maxLength} characters`);
      const clash = () => reserved.has(fold(name)) || taken.has(fold(name));
      if (clash()) {
        const holder = taken.get(fold(name));
        if (reserved.has(fold(name))) notes.push(`"${name}" is reserved in the target`);
        else if (holder) {
          const folded = holder.name !== name ? " (names ignore case there)" : "";
          notes.push(`"${name}" is already the ${holder.what}${folded}`);
        }
        for (let k = 2; clash(); k++) {
          const suffix = `_${k}`;
          name = `${legal.slice(0, Math.max(1, rules.maxLength - suffix.length))}${suffix}`;
        }
      }
      taken.set(fold(name), { name, what });
      byKey.set(key, name);
      if (name !== original) renames.push({ what, original, exported: name, reason: notes.join(", and ") });
      return name;
    },
    get(key) {
      const name = byKey.get(key);
      if (name === undefined) throw new Error(`no exported name for ${key}`);
      return name;
    },
    fork() {
      return table(rules, fold, reserved, new Map(taken), new Map(byKey), renames);
    },
    renames: () => [...renames],
  };
}

/** The renames as aligned text lines, for a comment block in the exported file. */
export function renameLines(renames: readonly Rename[]): string[] {
  if (renames.length === 0) return [];
  const w = Math.max(...renames.map((r) => r.original.length));
  const x = Math.max(...renames.map((r) => r.exported.length));
  return [
    "Names changed for this format (model name -> name here: why):",
    ...renames.map((r) => `  ${r.original.padEnd(w)} -> ${r.exported.padEnd(x)}  ${r.what}: ${r.reason}`),
  ];
}
