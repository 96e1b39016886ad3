import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/engine/index.ts";
import { afterRedraw, openApp, plotted, showView, traceByPrefix } from "./app-page.ts";
import { buildApp, DIST } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";
import { serveStatic } from "./static-server.ts";

// The app built around a second model, with other names and no display block: nothing in the app may
// assume the default model's states, parameters or helpers.
const FILE = "tests/fixtures/models/drug-messenger-response.yaml";
const model = loadModel(readFileSync(resolve(import.meta.dirname, "../..", FILE), "utf8"), FILE);
const OUT = `${DIST}-any-model`;

let browser: Browser;
let server: Server | undefined;
let url = "";

beforeAll(async () => {
  await buildApp({ outDir: OUT, model: FILE });
  const served = await serveStatic(OUT);
  server = served.server;
  url = served.url;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
});

async function setBox(page: Page, name: string, value: string): Promise<void> {
  await afterRedraw(page, async () => {
    await page.fill(`#param-${name}`, value);
    await page.press(`#param-${name}`, "Enter");
  });
}

async function painted(page: Page, view: string): Promise<void> {
  await page.waitForFunction(
    (v) => (window.__analyses?.[v]?.painted.length ?? 0) > 0 && window.__analyses?.[v]?.status === "done",
    view,
    { timeout: 60_000 },
  );
}

describe("the app on a second model without a display block", () => {
  it("draws one panel per state, the infusion with its state, the dose-response over its dose, and no rule figure", async () => {
    const { page, errors } = await openApp(browser, url);
    expect(await page.locator("#model-title").textContent()).toBe(model.title);
    expect(await page.locator("#model-label").textContent()).toBe(model.label);
    const names = (await plotted(page, "fig-time")).map((t) => t.name);
    expect(names).toEqual([
      "infusion(t): Drug infused",
      "P: Plasma drug",
      "Occ: Receptor occupancy",
      "M: Second messenger",
      "S: Response strength",
    ]);
    // Colours by index from the colour-blind-safe palette, in the legend beside the figure.
    const keys = await page
      .locator("#time-legend li .key")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.getPropertyValue("--key")));
    expect(keys).toEqual(model.display.panels.flatMap((p) => p.series).map((n) => model.display.colors[n]));
    expect(await page.locator("#fig-rule").isVisible()).toBe(false);
    expect(await page.locator('#export-figure option[value="rule"]').count()).toBe(0);
    expect(await page.locator("#time-title").textContent()).toBe("Time courses");
    // The group opened first is the dose parameter's.
    expect(await page.locator("details.param-group[open] summary").allTextContents()).toEqual(["Infusion"]);

    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
    const dose = await traceByPrefix(page, "fig-dose", "S at end");
    expect(dose.y.length).toBe(41);
    // The toy chain's dose-response: no change at low doses, weakening, then strengthening.
    expect(Math.min(...dose.y)).toBeLessThan(model.readout.ltdBelow as number);
    expect(Math.max(...dose.y)).toBeGreaterThan(model.readout.ltpAbove as number);
    expect(await page.locator("#outcome-line").textContent()).toContain("LTP");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("follows a typed dose, pins it, and writes the model's own names into the share link", async () => {
    const { page, errors } = await openApp(browser, url);
    await setBox(page, "level", "0.8");
    await expect.poll(() => page.locator("#outcome-line").textContent()).toContain("LTD");
    await expect.poll(() => page.evaluate(() => location.search), { timeout: 5_000 }).toContain("level=0.8");
    await afterRedraw(page, () => page.click("#pin"));
    expect(await page.locator("#pin-list").textContent()).toContain("S end 0.");
    await setBox(page, "level", "3");
    // The pin is described by how it differs from the current run, in the model's own names.
    await expect.poll(() => page.locator("#pin-list").textContent()).toContain("level 0.8 → 3");
    const ghosts = (await plotted(page, "fig-time")).filter((t) => t.name.startsWith("pin 1"));
    expect(ghosts.length).toBeGreaterThan(0);
    await page.close();

    // The link reopens the same run.
    const again = await openApp(browser, url, "?level=0.8&Kd=2");
    expect(await again.page.inputValue("#param-level")).toBe("0.8");
    expect(await again.page.inputValue("#param-Kd")).toBe("2");
    expect(again.errors).toEqual([]);
    expect(errors).toEqual([]);
    await again.page.close();
  });

  it("runs the population, sensitivity and map analyses on the model's own parameters", async () => {
    const { page, errors } = await openApp(browser, url);
    await showView(page, "analyses");
    await page.click("#analysis-tab-population");
    await page.fill("#population-n", "60");
    await page.press("#population-n", "Tab");
    await painted(page, "population");
    const summary = (await page.locator("#analysis-population .analysis-summary").textContent()) ?? "";
    expect(summary).toMatch(/60/);
    await painted(page, "trial");

    await page.click("#analysis-tab-sensitivity");
    await painted(page, "sensitivity");
    const bars = await plotted(page, "fig-sensitivity");
    expect(bars.length).toBeGreaterThan(0);

    await page.click("#analysis-tab-map");
    await page.fill("#map-nx", "5");
    await page.press("#map-nx", "Tab");
    await page.fill("#map-ny", "5");
    await page.press("#map-ny", "Tab");
    await painted(page, "map");
    const job = await page.evaluate(() => window.__analyses?.map?.painted.at(-1)?.job);
    expect(job).toMatchObject({ kind: "map", x: { param: model.display.dose }, y: { param: model.display.map } });

    await page.click("#analysis-tab-dose");
    await painted(page, "dose");
    const readouts = await page
      .locator("#dose-readout option")
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(readouts).toEqual(["end:S", "peak:M", "peak:Occ", "timeInLtd", "timeInLtp"]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
