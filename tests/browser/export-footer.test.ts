import { readFileSync } from "node:fs";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadModel } from "../../src/engine/index.ts";
import { openApp, showView } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const model = loadModel(
  readFileSync(`${ROOT}/models/ne-calcium-plasticity.yaml`, "utf8"),
  "models/ne-calcium-plasticity.yaml",
);
const url = inject("appUrl");
let browser: Browser;
let measure: Page;

beforeAll(async () => {
  browser = await launchChromium();
  measure = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent("download"), click()])) as [Download, undefined];
  return { name: d.suggestedFilename(), body: readFileSync(await d.path()) };
}

function pngSize(b: Buffer): { width: number; height: number } {
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * Draws an exported SVG at its own size on a blank page and lists every line of text that is not wholly
 * inside its viewBox, every text that overlaps the footer, and every parameter the footer does not name.
 */
async function footerProblems(svg: string): Promise<{ problems: string[]; width: number; height: number }> {
  await measure.setContent(svg);
  return measure.evaluate(
    (names) => {
      const root = document.querySelector("svg") as SVGSVGElement;
      const [, , w = 0, h = 0] = (root.getAttribute("viewBox") ?? "").split(/[\s,]+/).map(Number);
      const box = root.getBoundingClientRect();
      const problems: string[] = [];
      const texts = [...root.querySelectorAll("text")];
      const footer = texts.find((t) => (t.textContent ?? "").includes("share link:"));
      if (!footer) return { problems: ["no footer"], width: w, height: h };
      for (const t of root.querySelectorAll("text, tspan")) {
        const r = t.getBoundingClientRect();
        if (r.width === 0) continue;
        if (
          r.left < box.left - 0.5 ||
          r.right > box.left + w + 0.5 ||
          r.top < box.top - 0.5 ||
          r.bottom > box.top + h + 0.5
        )
          problems.push(`outside the image: "${(t.textContent ?? "").slice(0, 50)}…"`);
      }
      const f = footer.getBoundingClientRect();
      for (const t of texts) {
        if (t === footer) continue;
        const r = t.getBoundingClientRect();
        if (r.width > 0 && r.bottom > f.top && r.top < f.bottom && r.right > f.left && r.left < f.right)
          problems.push(`overlaps the footer: "${t.textContent}"`);
      }
      const text = footer.textContent ?? "";
      for (const n of names) if (!text.includes(`${n} = `)) problems.push(`the footer does not name ${n}`);
      return { problems, width: w, height: h };
    },
    model.parameters.map((p) => p.name),
  );
}

describe("exported images", () => {
  it("keep every footer line inside the image, below the figure, for every figure and size", async () => {
    const { page, errors } = await openApp(browser, url, "?u=0.3");
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 60_000 });
    const figures = await page.$$eval("#export-figure option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(figures).toEqual(["time", "rule", "dose"]);
    for (const figure of figures) {
      await page.selectOption("#export-figure", figure);
      const svg = await download(page, () => page.click("#export-svg"));
      const svgExport = await page.evaluate(() => window.__plasticity?.lastExport);
      const got = await footerProblems(svg.body.toString("utf8"));
      expect(got.problems, figure).toEqual([]);
      expect([got.width, got.height], figure).toEqual([svgExport?.width, svgExport?.height]);
      // A PNG is the same layout drawn at its scale: same footer, the same size times the scale.
      for (const scale of [1, 2, 3]) {
        const png = await download(page, () => page.click(`#export-png-${scale}`));
        const pngExport = await page.evaluate(() => window.__plasticity?.lastExport);
        expect(pngExport?.layout.annotations, `${figure} ${scale}×`).toEqual(svgExport?.layout.annotations);
        expect(pngSize(png.body), `${figure} ${scale}×`).toEqual({
          width: (svgExport?.width ?? 0) * scale,
          height: (svgExport?.height ?? 0) * scale,
        });
      }
    }

    // Every analysis figure, through its own export buttons.
    await showView(page, "analyses");
    const tabs = await page.$$eval('#analyses [role="tab"]', (bs) => bs.map((b) => b.id));
    for (const tab of tabs) {
      await page.click(`#${tab}`);
      const panel = `#${(await page.getAttribute(`#${tab}`, "aria-controls")) ?? ""}`;
      await page.locator(panel).scrollIntoViewIfNeeded();
      for (const card of await page.locator(`${panel} .analysis-card`).all()) {
        const name = ((await card.getAttribute("id")) ?? "").replace(/^analysis-/, "");
        await page.locator(`#export-${name}-svg`).waitFor({ state: "visible", timeout: 180_000 });
        const svg = await download(page, () => page.click(`#export-${name}-svg`));
        const image = await page.evaluate(() => window.__analysisExport?.image);
        const got = await footerProblems(svg.body.toString("utf8"));
        expect(got.problems, name).toEqual([]);
        expect([got.width, got.height], name).toEqual([image?.width, image?.height]);
        for (const scale of [1, 2, 3]) {
          const png = await download(page, () => page.click(`#export-${name}-png-${scale}`));
          expect(pngSize(png.body), `${name} ${scale}×`).toEqual({
            width: (image?.width ?? 0) * scale,
            height: (image?.height ?? 0) * scale,
          });
        }
      }
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 900_000);
});
