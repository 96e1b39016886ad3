import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { Browser, Download } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel, parseLesson, resolveRun, simulate } from "../../src/engine/index.ts";
import { afterRedraw, showView } from "./app-page.ts";
import { DIST, ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";
import { serveStatic } from "./static-server.ts";

const MODEL_FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(`${ROOT}/${MODEL_FILE}`, "utf8"), MODEL_FILE);
const LESSON_FILE = "notebooks/calcium-window.md";
const lesson = parseLesson(readFileSync(`${ROOT}/${LESSON_FILE}`, "utf8"), LESSON_FILE, model);

let browser: Browser;
// A server of its own, so that the test can take it away: offline then means nothing answers at all.
let server: Server | undefined;
let url = "";

beforeAll(async () => {
  browser = await launchChromium();
  const served = await serveStatic(DIST);
  server = served.server;
  url = served.url;
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe("offline", () => {
  it("after one visit, reloads with no network, runs a lesson step and exports a PNG", async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
    // Precaching the whole app takes a while on a busy machine; this test is about working, not speed.
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);

    // Installable: a manifest with a start URL and icons, relative to the app's own folder.
    const manifestUrl = await page.evaluate(
      () => document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? "",
    );
    expect(manifestUrl).toBe(`${url}manifest.webmanifest`);
    const manifest = (await (await page.request.get(manifestUrl)).json()) as {
      start_url: string;
      scope: string;
      icons: { sizes: string }[];
    };
    expect(manifest.start_url).toBe("./");
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));

    // The service worker is active (so it has precached the app), with the app's folder as its scope.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(url);

    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The dose-response worker's script came from the cache too.
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true);

    // The first step of a lesson: predict, run, reveal.
    await showView(page, "lessons");
    await page.click('[data-lesson="calcium-window"]');
    const step = lesson.steps[0];
    if (!step?.run || !step.predict) throw new Error("the lesson's first step asks about its own run");
    await page.locator('.lesson-step[data-step="0"]').waitFor();
    await page.check("#predict-0-0");
    await afterRedraw(page, () => page.click("#predict-submit"));
    const expected = simulate(model, resolveRun(model, step.run)).summary;
    expect((await page.evaluate(() => window.__plasticity?.summary()))?.outcome).toBe(expected.outcome);
    expect(await page.locator('.lesson-step[data-step="0"] .predict-reveal').count()).toBe(1);

    await page.selectOption("#export-figure", "time");
    const [png] = (await Promise.all([page.waitForEvent("download"), page.click("#export-png-1")])) as [
      Download,
      undefined,
    ];
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync(await png.path());
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
