import { type Document, isMap, isScalar, type Pair, type Scalar, type Node as YamlNode } from "yaml";

export type Path = (string | number)[];

/** Where inside a field's value to point: a name used there, or a character offset into its text. */
export interface WithinValue {
  symbol?: string | undefined;
  offset?: number | undefined;
  /** For a field of a mapping that should not be there: its key (the path names the mapping). */
  key?: string | number | undefined;
}

/** Character offsets [from, to) into the model file's text. */
export type TextRange = [number, number];

/**
 * Maps a field's path (as zod and the loader name it) to the characters of the file that hold it, so
 * that an editor can mark exactly what is wrong: a scalar's value, the key of a collection or of a
 * missing field's parent, a name inside an expression.
 */
export function yamlLocator(
  doc: Document,
  text: string,
): (path: Path, within?: WithinValue, key?: boolean) => TextRange {
  const pairOf = (parentPath: Path, key: string | number): Pair | undefined => {
    const parent = doc.getIn(parentPath, true);
    if (!isMap(parent)) return undefined;
    return parent.items.find((it) => String((it.key as Scalar | undefined)?.value) === String(key));
  };
  const firstLine = (node: YamlNode): TextRange => {
    const from = node.range?.[0] ?? 0;
    const eol = text.indexOf("\n", from);
    return [from, eol < 0 ? text.length : eol];
  };
  return (path, within, key = false) => {
    for (let n = path.length; n >= 0; n--) {
      const here = path.slice(0, n);
      const node = (n === 0 ? doc.contents : doc.getIn(here, true)) as YamlNode | null | undefined;
      const pair = n > 0 ? pairOf(path.slice(0, n - 1), path[n - 1] as string | number) : undefined;
      const keyNode = pair?.key as YamlNode | undefined;
      if (key && n === path.length && keyNode?.range) return [keyNode.range[0], keyNode.range[1]];
      if (isScalar(node) && node.range && node.range[1] > node.range[0]) {
        return insideScalar(node, text, n === path.length ? within : undefined);
      }
      // A collection, an empty value or a missing field: the key that names it (or its parent).
      if (keyNode?.range) return [keyNode.range[0], keyNode.range[1]];
      // An item of a list that is itself a mapping or a list.
      if (node?.range) return firstLine(node);
    }
    return [0, Math.max(0, Math.min(text.length, text.indexOf("\n")))];
  };
}

/** The whole scalar, or the name or character inside it that `within` names, when it can be found. */
function insideScalar(node: Scalar, text: string, within: WithinValue | undefined): TextRange {
  const [start, end] = node.range as [number, number, number];
  const whole: TextRange = [start, end];
  if (!within) return whole;
  const source = text.slice(start, end);
  if (within.symbol !== undefined) {
    const escaped = within.symbol.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = new RegExp(`(?<![A-Za-z0-9_$])${escaped}(?![A-Za-z0-9_$])`).exec(source);
    return m ? [start + m.index, start + m.index + within.symbol.length] : whole;
  }
  if (within.offset !== undefined && typeof node.value === "string") {
    // Plain and simply quoted scalars hold the expression verbatim; otherwise mark the whole value.
    const base = source.indexOf(node.value);
    if (base < 0) return whole;
    const at = Math.min(Math.max(0, within.offset), node.value.length);
    const from = start + base + at;
    return [Math.min(from, end), Math.min(from + 1, end)];
  }
  return whole;
}
