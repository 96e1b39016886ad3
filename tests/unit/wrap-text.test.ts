import { describe, expect, it } from "vitest";
import { charsAcross, wrapText } from "../../src/app/analyses/wrap-text.ts";

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
