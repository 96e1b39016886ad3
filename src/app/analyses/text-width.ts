/**
 * Advances of sans-serif characters in ems, by kind, regular and bold: DejaVu Sans's (the system-ui
 * face of Linux, the widest of the common system faces; Roboto, Segoe UI and San Francisco are
 * narrower), each kind's mean rounded up. Symbols (×, −, <, %, µ, Ω…) take the widest of them, so an
 * estimate errs on the wide side, as it must: a figure's text that is wider than its room is cut off.
 */
const EMS = {
  regular: { space: 0.32, narrow: 0.4, digit: 0.64, lower: 0.57, upper: 0.68, other: 0.84 },
  bold: { space: 0.35, narrow: 0.46, digit: 0.7, lower: 0.64, upper: 0.76, other: 0.84 },
} as const;

/** Stops, commas, brackets, colons, hyphens, slashes and quotes: the narrow punctuation. */
const NARROW = /[.,;:()[\]'"/\-·|!]/;

/** Plotly's text markup (tags it draws as style, not as text); a bare "<" as in "w < 0.95" is text. */
const MARKUP = /<\/?(?:b|i|em|sup|sub|span|a|br)\b[^>]*>/gi;

/**
 * The width in pixels, at most, of one line of text in a sans-serif face at `size` px (Plotly's
 * markup such as <b> is not counted). An estimate: figures are laid out before Plotly draws them.
 */
export function textWidth(text: string, size: number, bold = false): number {
  const em = bold ? EMS.bold : EMS.regular;
  let width = 0;
  for (const ch of text.replace(MARKUP, "")) {
    if (ch === " ") width += em.space;
    else if (/[0-9]/.test(ch)) width += em.digit;
    else if (/[a-z]/.test(ch)) width += em.lower;
    else if (/[A-Z]/.test(ch)) width += em.upper;
    else if (NARROW.test(ch)) width += em.narrow;
    else width += em.other;
  }
  return width * size;
}
