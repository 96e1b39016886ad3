/** Unicode units as written in the model file, or nothing for a dimensionless quantity. */
export function unitSuffix(unit: string): string {
  return unit && unit !== "–" && unit !== "-" ? ` ${unit}` : "";
}

/** A number for people: a few significant figures, no trailing zeros, exponent only when needed. */
export function showNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(digits)));
}

/** Escapes text for Plotly's pseudo-HTML labels, which read <br>, <b> and entities. */
export function plotText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
