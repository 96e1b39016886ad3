import { textWidth } from "./text-width.ts";

/**
 * Breaks plain text into lines of at most `width` characters at spaces (a longer word keeps its own
 * line), joined with Plotly's `<br>`: legend entries, titles and axis titles do not wrap by themselves,
 * and on a phone a model's title is wider than the figure.
 */
export function wrapText(text: string, width: number): string {
  return wrapWords(text, (line) => line.length <= width);
}

/**
 * Breaks plain text at spaces into lines no wider than `px` pixels at `size` px type (a longer word
 * keeps its own line), joined with `<br>`. For bold text, whose characters are wider than a count
 * of characters (charsAcross) allows: a figure's bold title wrapped by count ran past its right edge.
 */
export function wrapToWidth(text: string, px: number, size: number, bold = false): string {
  return wrapWords(text, (line) => textWidth(line, size, bold) <= px);
}

function wrapWords(text: string, fits: (line: string) => boolean): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const longer = line ? `${line} ${word}` : word;
    if (line && !fits(longer)) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line) lines.push(line);
  return lines.join("<br>");
}

/** How many characters of 14 px text fit across a figure this many pixels wide (never fewer than 24). */
export function charsAcross(px: number): number {
  return Math.max(24, Math.floor(px / 8));
}
