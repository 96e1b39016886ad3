/**
 * The attributes Plotly.relayout can move without replotting the graph whole: an axis's range, a
 * shape's corners, an annotation's place and text. Anything else that changed (a margin, a title, a
 * trace's style, a shape added) needs Plotly.react.
 */
const MOVABLE = [/^[xy]axis\d*\.range$/, /^shapes\[\d+\]\.[xy][01]$/, /^annotations\[\d+\]\.(x|y|text)$/];

type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumbers = (v: Json) => Array.isArray(v) && v.every((x) => typeof x === "number");

/**
 * The changes from layout `before` to `after`, as Plotly.relayout's attribute strings ("yaxis2.range",
 * "shapes[3].y1"), when every change is one Plotly.relayout can make; undefined when any is not (or
 * nothing changed). A list of numbers (a range) is one value; other lists must keep their length.
 */
export function layoutChanges(before: Json, after: Json): Record<string, Json> | undefined {
  const changes: Record<string, Json> = {};
  let movable = true;
  const walk = (a: Json, b: Json, path: string) => {
    if (!movable || a === b) return;
    if (isRecord(a) && isRecord(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && !(isNumbers(a) && isNumbers(b))) {
      if (a.length !== b.length) movable = false;
      else for (let i = 0; i < a.length; i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (!MOVABLE.some((re) => re.test(path))) movable = false;
    else changes[path] = b;
  };
  walk(before, after, "");
  return movable && Object.keys(changes).length > 0 ? changes : undefined;
}
