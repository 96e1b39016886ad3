/** A label to place along a line: where it belongs and how wide it is, in pixels along the line. */
export interface LineLabel {
  /** The point it names (its centre when there is room). */
  at: number;
  width: number;
}

/** Where a label went: its centre along the line, and its row (0 the first, 1 the next down…). */
export interface PlacedLabel {
  centre: number;
  row: number;
}

/**
 * Places labels along a line `length` px long so that no two in a row come closer than `gap` px: each
 * at its point where there is room; else moved sideways, with its neighbours in the row, as little as
 * keeps them apart and on the line, as long as every label of the row still covers its point; else in
 * the next row down. A label moved off its point would name the wrong place (a band's label over the
 * next band), so a crowded label goes down a row rather than aside.
 */
export function labelRows(labels: readonly LineLabel[], length: number, gap: number): PlacedLabel[] {
  const placed: PlacedLabel[] = labels.map(() => ({ centre: 0, row: 0 }));
  const rows: number[][] = [];
  const order = labels.map((_, i) => i).sort((a, b) => (labels[a] as LineLabel).at - (labels[b] as LineLabel).at);
  for (const i of order) {
    for (let row = 0; ; row++) {
      const members = [...(rows[row] ?? []), i];
      const items = members.map((j) => labels[j] as LineLabel);
      const centres = pack(items, length, gap);
      const fits = items.every((l, k) => {
        const c = centres[k] as number;
        return Math.abs(c - l.at) <= l.width / 2 && c + l.width / 2 <= length;
      });
      // A row of its own always takes a label, even one wider than the line.
      if (fits || !rows[row]) {
        rows[row] = members;
        members.forEach((j, k) => {
          placed[j] = { centre: centres[k] as number, row };
        });
        break;
      }
    }
  }
  return placed;
}

/**
 * Centres of labels in a row, in the order of their points, kept `gap` apart and within the line,
 * each as near its point as the others allow: labels that would collide are joined into one rigid
 * block at the mean of their wanted places (which moves them least), then clamped to the line.
 */
function pack(items: readonly LineLabel[], length: number, gap: number): number[] {
  interface Block {
    count: number;
    width: number;
    /** Sum over the block's labels of where its left edge would put each label at its point. */
    wanted: number;
    left: number;
  }
  const place = (b: Block): Block => ({ ...b, left: Math.max(0, Math.min(b.wanted / b.count, length - b.width)) });
  const blocks: Block[] = [];
  for (const l of items) {
    blocks.push(place({ count: 1, width: l.width, wanted: l.at - l.width / 2, left: 0 }));
    while (blocks.length > 1) {
      const b = blocks.pop() as Block;
      const a = blocks.pop() as Block;
      if (a.left + a.width + gap <= b.left) {
        blocks.push(a, b);
        break;
      }
      const shift = a.width + gap;
      blocks.push(
        place({
          count: a.count + b.count,
          width: shift + b.width,
          wanted: a.wanted + b.wanted - b.count * shift,
          left: 0,
        }),
      );
    }
  }
  const centres: number[] = [];
  let k = 0;
  for (const b of blocks) {
    let left = b.left;
    for (let n = 0; n < b.count; n++) {
      const w = (items[k] as LineLabel).width;
      centres.push(left + w / 2);
      left += w + gap;
      k++;
    }
  }
  return centres;
}
