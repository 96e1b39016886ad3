import { describe, expect, it } from "vitest";
import { textWidth } from "../../src/app/analyses/text-width.ts";
import { charsAcross, wrapText, wrapToWidth } from "../../src/app/analyses/wrap-text.ts";

describe("wrapText", () => {
  it("keeps text that fits on one line", () => {
    expect(wrapText("Ω(C): weight target", 40)).toBe("Ω(C): weight target");
  });

  it("breaks at spaces so that no line is longer than the width", () => {
    const text = "Shouval, Bear & Cooper 2002 — the calcium-control rule under a calcium clamp";
    const wrapped = wrapText(text, 30);
    const lines = wrapped.split("<br>");
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.join(" ")).toBe(text);
  });

  it("gives a word longer than the width a line of its own", () => {
    expect(wrapText("a verylongwordindeed b", 5)).toBe("a<br>verylongwordindeed<br>b");
  });

  it("fits about one character per 8 px, never fewer than 24", () => {
    expect(charsAcross(800)).toBe(100);
    expect(charsAcross(100)).toBe(24);
  });
});

describe("textWidth", () => {
  it("counts bold wider than regular, capitals and digits wider than lower case, spaces narrowest", () => {
    expect(textWidth("none", 14, true)).toBeGreaterThan(textWidth("none", 14));
    expect(textWidth("LTD", 14)).toBeGreaterThan(textWidth("ltd", 14));
    expect(textWidth("123", 14)).toBeGreaterThan(textWidth("abc", 14));
    expect(textWidth("   ", 14)).toBeLessThan(textWidth("abc", 14));
  });

  it("grows with the type size and leaves out Plotly's markup but not a bare <", () => {
    expect(textWidth("LTP 60 %", 18)).toBeCloseTo((textWidth("LTP 60 %", 14) * 18) / 14, 10);
    expect(textWidth("<b>LTP</b>", 14, true)).toBe(textWidth("LTP", 14, true));
    expect(textWidth("w < 0.95", 14)).toBeGreaterThan(textWidth("w 0.95", 14));
  });

  it("errs wide: 14 px bold titles measured in DejaVu Sans Bold (the widest system face) fit in the estimate", () => {
    // Widths Chromium measured for these titles, bold 14 px DejaVu Sans.
    const measured: [string, number][] = [
      ["w at end in 1000 virtual subjects (seed 1)", 329],
      ["Plasticity rules of the shipped models", 298],
      ["abcdefghijklmnopqrstuvwxyz", 232],
    ];
    for (const [text, px] of measured) expect(textWidth(text, 14, true), text).toBeGreaterThanOrEqual(px);
  });
});

describe("wrapToWidth", () => {
  it("keeps every line within the width at the size and weight given", () => {
    const text = "w at end over u × gb: blue LTD (w < 0.95), grey none, red LTP (w > 1.05); ✕ this run";
    for (const px of [200, 274, 460, 900]) {
      const lines = wrapToWidth(text, px, 14, true).split("<br>");
      for (const l of lines) expect(textWidth(l, 14, true), `${px}: ${l}`).toBeLessThanOrEqual(px);
      expect(lines.join(" ")).toBe(text);
    }
  });

  it("breaks bold text sooner than regular, and larger type sooner than smaller", () => {
    const text = "w at end in 1000 virtual subjects (seed 1)";
    const lines = (size: number, bold: boolean) => wrapToWidth(text, 320, size, bold).split("<br>").length;
    expect(lines(14, false)).toBe(1);
    expect(lines(14, true)).toBe(2);
    expect(lines(18, true)).toBeGreaterThanOrEqual(lines(14, true));
  });
});
