import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { loadModel, simulate, toJson } from "../../src/engine/index.ts";
import { afterRedraw, clickHeaderAction } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const url = inject("appUrl");
const DEFAULT_FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(`${ROOT}/${DEFAULT_FILE}`, "utf8"), DEFAULT_FILE);
const SECOND = `${ROOT}/tests/fixtures/minimal-model.yaml`;
const BROKEN = `${ROOT}/tests/fixtures/bad/models/unknown-symbol.yaml`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function open(context: BrowserContext, query = ""): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${url}${query}`);
  await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
  return { page, errors };
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  // Generous waits: these tests walk through many steps on a machine that may be busy.
  context.setDefaultTimeout(120_000);
  return context;
}
const spec = (page: Page) => page.evaluate(() => window.__plasticity?.spec());
const modelId = (page: Page) => page.evaluate(() => window.__plasticity?.modelId);
const pinIds = (page: Page) =>
  page.locator("#pin-list .pin").evaluateAll((items) => items.map((e) => Number((e as HTMLElement).dataset.pin)));

async function setBox(page: Page, name: string, value: string): Promise<void> {
  // Open the control's group, as a user would, if it starts closed.
  await page.locator(`details.param-group:has(#param-${name}) > summary`).evaluate((summary) => {
    const details = summary.parentElement as HTMLDetailsElement;
    if (!details.open) (summary as HTMLElement).click();
  });
  await afterRedraw(page, async () => {
    await page.fill(`#param-${name}`, value);
    await page.press(`#param-${name}`, "Enter");
  });
}

/** Opens a model file through "Open model file…" and waits until its first run is drawn. */
async function openModelFile(page: Page, path: string, id: string): Promise<void> {
  await afterRedraw(page, () => page.setInputFiles("#open-model-file", path));
  await page.waitForFunction((want) => window.__plasticity?.modelId === want, id);
}

async function pick(page: Page, id: string): Promise<void> {
  await afterRedraw(page, () => page.selectOption("#model-picker", id));
  await page.waitForFunction((want) => window.__plasticity?.modelId === want, id);
}

describe("models in the app", { timeout: 600_000 }, () => {
  it("lists every model file shipped in models/ by title, the open one first chosen", async () => {
    const titles = readdirSync(`${ROOT}/models`)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => String((parse(readFileSync(`${ROOT}/models/${f}`, "utf8")) as { title: string }).title));
    const context = await newContext();
    const { page, errors } = await open(context);
    const options = await page.locator("#model-picker option").allTextContents();
    expect([...options].sort()).toEqual([...titles].sort());
    expect(await page.locator("#model-picker").inputValue()).toBe(model.id);
    expect(await page.locator("#model-summary").textContent()).toBe(model.summary);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps each model's state: change, pin, open another model, change and pin there, switch back and forth", async () => {
    const context = await newContext();
    const { page, errors } = await open(context);
    await setBox(page, "u", "0.5");
    await afterRedraw(page, () => page.click("#pin"));
    const first = await spec(page);

    await openModelFile(page, SECOND, "minimal");
    expect(await page.locator("#model-title").textContent()).toBe("Minimal decay model");
    // The controls, presets and equations are the second model's.
    expect(await page.locator("#param-tau").count()).toBe(1);
    expect(await page.locator("#param-Kb").count()).toBe(0);
    expect(await pinIds(page)).toEqual([]);
    expect(page.url()).toContain("model=minimal");
    await setBox(page, "tau", "20");
    await afterRedraw(page, () => page.click("#pin"));
    const second = await spec(page);
    expect(second?.params).toEqual({ tau: 20 });

    await pick(page, model.id);
    expect(await spec(page)).toEqual(first);
    expect(await pinIds(page)).toEqual([1]);
    expect(await page.inputValue("#param-u")).toBe("0.5");

    // The model opened from a file stays in the picker, with its state.
    await pick(page, "minimal");
    expect(await spec(page)).toEqual(second);
    expect(await pinIds(page)).toEqual([1]);

    // Reload: the model, its run and its pins are back.
    await page.reload();
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    expect(await modelId(page)).toBe("minimal");
    expect(await spec(page)).toEqual(second);
    expect(await pinIds(page)).toEqual([1]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lists a broken model file's errors with file and line, and keeps the open model", async () => {
    const context = await newContext();
    const { page } = await open(context);
    await setBox(page, "u", "0.4");
    await page.setInputFiles("#open-model-file", BROKEN);
    const notice = page.locator('.notice[data-key="model-file"]');
    await notice.waitFor();
    const expected = readFileSync(BROKEN.replace(/\.yaml$/, ".expected"), "utf8")
      .trim()
      .replace("FILE", "unknown-symbol.yaml");
    expect(await notice.textContent()).toContain(expected);
    expect(await notice.textContent()).toContain(`${model.title} stays open`);
    expect(await modelId(page)).toBe(model.id);
    expect((await spec(page))?.params).toEqual({ u: 0.4 });
    expect(await page.locator("#model-picker").inputValue()).toBe(model.id);
    await context.close();
  });
});

describe("the session: undo, import, autosave", { timeout: 600_000 }, () => {
  it("undoes the removal of a pin, with its number and colour", async () => {
    const context = await newContext();
    const { page, errors } = await open(context);
    await afterRedraw(page, () => page.click("#pin"));
    await setBox(page, "u", "0.5");
    await afterRedraw(page, () => page.click("#pin"));
    const colours = await page
      .locator("#pin-list .pin-swatch")
      .evaluateAll((e) => e.map((x) => x.getAttribute("style")));
    await afterRedraw(page, () => page.click('[aria-label="Remove pin 1"]'));
    expect(await pinIds(page)).toEqual([2]);
    expect(await page.locator("#undo").getAttribute("title")).toContain("removal of a pin");
    await afterRedraw(page, () => page.click("#undo"));
    expect(await pinIds(page)).toEqual([1, 2]);
    expect(
      await page.locator("#pin-list .pin-swatch").evaluateAll((e) => e.map((x) => x.getAttribute("style"))),
    ).toEqual(colours);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("imports a JSON as one undoable step, pins included, says what it did and what it left out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plasticity-import-"));
    const run = (u: number) => toJson(simulate(model, { params: { u } }));
    const noPins = join(dir, "no-pins.json");
    writeFileSync(noPins, JSON.stringify(run(2)));
    const emptyPins = join(dir, "empty-pins.json");
    writeFileSync(emptyPins, JSON.stringify({ ...run(3), pinned: [] }));
    const manyPins = join(dir, "many-pins.json");
    writeFileSync(manyPins, JSON.stringify({ ...run(4), pinned: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map(run) }));

    const context = await newContext();
    const { page, errors } = await open(context);
    await afterRedraw(page, () => page.click("#pin"));
    await setBox(page, "u", "0.5");
    await afterRedraw(page, () => page.click("#pin"));
    const before = await spec(page);
    const notice = page.locator('.notice[data-key="import"]');

    // A file without pins keeps the pins.
    await afterRedraw(page, () => page.setInputFiles("#import-json", noPins));
    expect((await spec(page))?.params?.u).toBe(2);
    expect(await pinIds(page)).toEqual([1, 2]);
    expect(await notice.textContent()).toContain("Imported no-pins.json");

    // A file with an empty list of pins replaces them: one Undo brings run and pins back.
    await afterRedraw(page, () => page.setInputFiles("#import-json", emptyPins));
    expect(await pinIds(page)).toEqual([]);
    await afterRedraw(page, () => page.click("#undo"));
    expect((await spec(page))?.params?.u).toBe(2);
    expect(await pinIds(page)).toEqual([1, 2]);
    await afterRedraw(page, () => page.click("#undo"));
    expect(await spec(page)).toEqual(before);

    // More pins than can be kept: five, numbered from 1, and the rest named.
    await afterRedraw(page, () => page.setInputFiles("#import-json", manyPins));
    expect(await pinIds(page)).toEqual([1, 2, 3, 4, 5]);
    expect(await notice.textContent()).toContain("pinned runs 6 to 7 of the file were left out");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("marks the preset as modified once a value differs, and the projector theme is not a run change", async () => {
    const context = await newContext();
    const { page } = await open(context);
    const presetLabel = () => page.locator("#preset option:checked").textContent();
    expect(await presetLabel()).not.toContain("modified");
    await setBox(page, "u", "45.7");
    expect(await presetLabel()).toContain("(modified)");
    expect(await page.locator("#preset-purpose").textContent()).toMatch(/^Modified: u differs/);
    const undoTitle = await page.locator("#undo").getAttribute("title");
    const before = await spec(page);
    await afterRedraw(page, () => clickHeaderAction(page, "projector-toggle"));
    expect(await spec(page)).toEqual(before);
    expect(await page.locator("#undo").getAttribute("title")).toBe(undoTitle);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("projector");
    await context.close();
  });

  it("writes the autosave when the page is hidden, before its timer would", async () => {
    const context = await newContext();
    const { page } = await open(context);
    const key = `plasticity-lab:session:${model.id}@${model.version}`;
    const saved = await page.evaluate((k) => {
      const box = document.getElementById("param-u") as HTMLInputElement;
      box.value = "0.77";
      box.dispatchEvent(new Event("change", { bubbles: true }));
      const before = localStorage.getItem(k);
      window.dispatchEvent(new PageTransitionEvent("pagehide"));
      return { before, after: localStorage.getItem(k) };
    }, key);
    expect(saved.before).toBeNull();
    expect(JSON.parse(saved.after ?? "{}").session.run.params).toEqual({ u: 0.77 });
    await context.close();
  });
});
