import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { carryRun, renamedParams } from "../../src/app/session/carry-run.ts";
import { decodeModelText, encodeModelText, MAX_MODEL_LINK_CHARS } from "../../src/app/session/model-text-link.ts";
import { linkModelText, writeFragment } from "../../src/app/session/url-table.ts";
import { loadModel } from "../../src/engine/index.ts";
import { DEFAULT_MODEL_FILE } from "./default-model.ts";

const TEXT = readFileSync(DEFAULT_MODEL_FILE, "utf8");

describe("a model carried in a link", () => {
  it("round-trips the default model, which fits", async () => {
    const part = await encodeModelText(TEXT);
    if (!part.ok) throw new Error(`the default model does not fit: ${part.chars} characters`);
    expect(part.encoded.length).toBeLessThanOrEqual(MAX_MODEL_LINK_CHARS);
    const fragment = writeFragment({ file: "x.yaml (edited)", text: TEXT, origin: "edited", encoded: part.encoded });
    expect(fragment).toMatch(/^#model=[A-Za-z0-9_-]+$/);
    const read = linkModelText(fragment);
    if (!read || "problem" in read) throw new Error("the URL table refused its own fragment");
    expect(await decodeModelText(read.value)).toBe(TEXT);
  });

  it("is written only for an edited model", () => {
    expect(writeFragment({ file: "models/x.yaml", text: TEXT, origin: "shipped", encoded: "abc" })).toBe("");
    expect(writeFragment({ file: "x.yaml", text: TEXT, origin: "file" })).toBe("");
  });

  it("says how long a model is that does not fit", async () => {
    // Text that does not compress: 40 000 pseudo-random letters.
    let seed = 1;
    const noise = Array.from({ length: 40_000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(97 + (seed % 26));
    }).join("");
    const part = await encodeModelText(`${TEXT}\nabout: ${noise}\n`);
    expect(part.ok).toBe(false);
    if (!part.ok) expect(part.chars).toBeGreaterThan(MAX_MODEL_LINK_CHARS);
  });

  it("reads nothing from a fragment without a model, and refuses a damaged one with a message", async () => {
    expect(linkModelText("#figures")).toBeUndefined();
    expect(linkModelText("")).toBeUndefined();
    expect(linkModelText("#model=%%%")).toEqual({ problem: expect.stringMatching(/cut short/) });
    expect(linkModelText(`#model=${"a".repeat(MAX_MODEL_LINK_CHARS + 1)}`)).toEqual({
      problem: expect.stringMatching(/more than the 16000/),
    });
    const part = await encodeModelText(TEXT);
    if (!part.ok) throw new Error("does not fit");
    await expect(decodeModelText(part.encoded.slice(0, 200))).rejects.toThrow(/not readable/);
  });

  it("refuses a small link that unpacks to far more than a model file", async () => {
    const bomb = await encodeModelText("x".repeat(8_000_000));
    if (!bomb.ok) throw new Error(`the test's bomb is too large for a link: ${bomb.chars}`);
    await expect(decodeModelText(bomb.encoded)).rejects.toThrow(/more than a model file/);
  });
});

describe("the run carried to an edited model", () => {
  const before = loadModel(TEXT, "before.yaml");
  const after = loadModel(TEXT.replace(/\btauN\b/g, "tauNE"), "after.yaml");

  it("follows a renamed parameter and keeps the others by name", () => {
    expect([...renamedParams(before, after)]).toEqual([["tauN", "tauNE"]]);
    expect(carryRun({ preset: "moderate-ne", params: { tauN: 20, u: 3 } }, before, after)).toEqual({
      preset: "moderate-ne",
      params: { tauNE: 20, u: 3 },
    });
  });

  it("drops a value the new model cannot take, and a preset it no longer has", () => {
    const narrower = loadModel(TEXT.replace("range: [0.01, 100]", "range: [0.01, 2]"), "narrow.yaml");
    expect(carryRun({ preset: "gone", params: { u: 3, tauN: 20 } }, before, narrower)).toEqual({
      params: { tauN: 20 },
    });
  });
});
