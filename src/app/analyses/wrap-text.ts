/**
 * Breaks plain text into lines of at most `width` characters at spaces (a longer word keeps its own
 * line), joined with Plotly's `<br>`: legend entries, titles and axis titles do not wrap by themselves,
 * and on a phone a model's title is wider than the figure.
 */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("<br>");
}

/** How many characters of 14 px text fit across a figure this many pixels wide (never fewer than 24). */
export function charsAcross(px: number): number {
  return Math.max(24, Math.floor(px / 8));
}
