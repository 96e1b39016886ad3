/**
 * Where the cursor is in a YAML mapping, read from indentation alone (the text being typed is often
 * not valid YAML yet): the keys of the mappings that enclose the line, outermost first, with "[]" for
 * an item of a list.
 */
export function enclosingKeys(lines: readonly string[], lineIndex: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let k = lineIndex - 1; k >= 0 && limit > 0; k--) {
    const line = lines[k] as string;
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const m = /^(\s*)(- )?(?:([A-Za-z0-9_-]+)\s*:)?/.exec(line) as RegExpExecArray;
    const lead = (m[1] as string).length;
    if (lead >= limit) continue;
    if (m[2]) path.unshift("[]");
    else if (m[3]) path.unshift(m[3]);
    else continue;
    // The key on a "- key:" line belongs to the item's own mapping: the item is what encloses the cursor.
    limit = lead;
  }
  return path;
}
