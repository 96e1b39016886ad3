import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadModel } from "../../src/engine/index.ts";
import { clickHeaderAction, plotted } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const MODEL_FILE = "models/ne-calcium-plasticity.yaml";
const SHIPPED = readFileSync(`${ROOT}/${MODEL_FILE}`, "utf8");
const model = loadModel(SHIPPED, MODEL_FILE);
const url = inject("appUrl");
const DRAFT_KEY = `plasticity-lab:model-draft:${model.id}`;
const APPLIED_KEY = `plasticity-lab:model-applied:${model.id}`;

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  // One page goes through every step, each a full page load on a shared machine: generous waits.
  context.setDefaultTimeout(120_000);
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await drawn(page);
});
afterAll(async () => {
  await browser?.close();
});

const drawn = (p: Page) => p.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
const status = (p: Page) => p.locator(".model-editor-status");
// Each check of what the editor shows waits for its debounced diagnosis, on a machine that may be busy.
const SLOW = { timeout: 60_000 };

/** Selects the first match of `text` after the cursor with the editor's own search panel, as a user would. */
async function find(p: Page, text: string): Promise<void> {
  await p.locator(".cm-content").focus();
  await p.keyboard.press("Control+Home");
  await p.keyboard.press("Control+f");
  const field = p.locator(".cm-search input[name=search]");
  await field.fill(text);
  // The panel reads its fields on key-up: a key press commits the query before Enter finds it.
  await field.press("End");
  await field.press("Enter");
  await p.keyboard.press("Escape");
}

/** The line of the editor that shows `text`, once it is on screen. */
const line = (p: Page, text: string) => p.locator(".cm-line", { hasText: text });

/** Clicks Apply and waits for the app to be rebuilt on the applied model, in place: the page is not loaded again. */
async function apply(p: Page): Promise<void> {
  const before = await p.evaluate(() => {
    (window as { sameDocument?: boolean }).sameDocument = true;
    return window.__plasticity?.drawCount ?? 0;
  });
  await p.locator("#model-editor-apply").click();
  await p.waitForFunction((n) => (window.__plasticity?.drawCount ?? 0) > n, before);
  expect(await p.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await p.locator(".cm-editor").waitFor();
}

describe("the model editor", { timeout: 300_000 }, () => {
  it("opens on demand, with the running model's file", async () => {
    const before = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(before.some((n) => n.includes("mount-model-editor"))).toBe(false);
    await page.locator("#edit-model").click();
    await page.locator(".cm-editor").waitFor();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^No errors/);
    expect(await line(page, "id: ne-calcium-plasticity").count()).toBe(1);
  });

  it("marks an unknown key on its line", async () => {
    await find(page, "label: NE at the synapse");
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("colour: red");
    const mark = line(page, "colour: red").locator(".cm-lintRange-error");
    await mark.waitFor();
    expect(await mark.textContent()).toBe("colour");
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^1 error/);
    expect(await page.locator("#model-editor-apply").isDisabled()).toBe(true);
    expect(await page.locator("#model-editor-found").textContent()).toMatch(
      new RegExp(
        `^Line ${SHIPPED.split("\n").findIndex((l) => l.includes("label: NE at the synapse")) + 2}: unknown field "colour"`,
      ),
    );
    // The editor's own delete-line command removes it again.
    await page.keyboard.press("Control+Shift+k");
    await expect.poll(() => line(page, "colour: red").count()).toBe(0);
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^No errors/);
  });

  it("refuses import() in a rate, naming the function, and keeps the model that runs", async () => {
    const plotsBefore = JSON.stringify(await plotted(page, "fig-time"));
    await find(page, "rate: (u - N) / tauN");
    await page.keyboard.press("End");
    await page.keyboard.type(' + import("x")');
    const mark = line(page, "rate: (u - N) / tauN").locator(".cm-lintRange-error");
    await mark.waitFor();
    expect(await mark.textContent()).toBe("import");
    expect(await page.locator("#model-editor-found").textContent()).toContain('function "import" is not allowed');
    expect(await page.locator("#model-editor-apply").isDisabled()).toBe(true);
    expect(JSON.stringify(await plotted(page, "fig-time"))).toBe(plotsBefore);
  });

  it("applies the fixed model: the plots change", async () => {
    const plotsBefore = JSON.stringify(await plotted(page, "fig-time"));
    await find(page, 'import("x")');
    await page.keyboard.type("u / tauN");
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^No errors/);
    await apply(page);
    expect(JSON.stringify(await plotted(page, "fig-time"))).not.toBe(plotsBefore);
    expect(await page.evaluate((k) => localStorage.getItem(k), APPLIED_KEY)).toContain(
      "rate: (u - N) / tauN + u / tauN",
    );
    await find(page, "tauN + u / tauN");
    expect(await line(page, "rate: (u - N) / tauN + u / tauN").count()).toBe(1);
  });

  it("renames a parameter: the controls and the address follow", async () => {
    const box = page.locator("#param-tauN");
    await box.fill("20");
    await box.press("Enter");
    await expect.poll(() => page.url(), { timeout: 60_000 }).toContain("tauN=20");
    await page.locator(".cm-content").focus();
    await page.keyboard.press("Control+f");
    await page.locator(".cm-search input[name=search]").fill("tauN");
    await page.locator(".cm-search input[name=search]").press("End");
    await page.locator(".cm-search input[name=word]").check();
    await page.locator(".cm-search input[name=replace]").fill("tauNE");
    await page.locator(".cm-search input[name=replace]").press("End");
    await page.locator(".cm-search button[name=replaceAll]").click();
    await page.keyboard.press("Escape");
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^No errors/);
    await apply(page);
    expect(await page.locator("#param-tauN").count()).toBe(0);
    expect(await page.locator("#param-tauNE").inputValue()).toBe("20");
    await expect.poll(() => page.url(), { timeout: 60_000 }).toContain("tauNE=20");
    expect(page.url()).not.toMatch(/[?&]tauN=/);
  });

  it("a link carries the edited model to a fresh browser", async () => {
    await page.locator("#model-editor-link").click();
    const link = await page.locator("#model-editor-link-out input").inputValue();
    expect(link).toMatch(/#model=/);
    const fresh = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    fresh.setDefaultTimeout(120_000);
    const student = await fresh.newPage();
    await student.goto(link);
    await drawn(student);
    expect(await student.locator("#param-tauNE").inputValue()).toBe("20");
    // Where the model came from is said plainly: it is not a file the app ships.
    expect(await student.locator("#model-provenance").textContent()).toBe("Edited model, not a shipped file.");
    expect(await student.locator(".notice", { hasText: "carries an edited model" }).count()).toBe(1);
    // The share link of the student's page carries the model on.
    await expect.poll(() => student.evaluate(() => location.hash), SLOW).toMatch(/^#model=/);
    await fresh.close();
  });

  it("a class link carries the edited model too", async () => {
    await clickHeaderAction(page, "class-link-button");
    const link = await page.locator("#class-link-url").inputValue();
    await page.click("#class-link-close");
    expect(link).toMatch(/#model=[A-Za-z0-9_-]+$/);
    const fresh = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    fresh.setDefaultTimeout(120_000);
    const student = await fresh.newPage();
    await student.goto(link);
    await drawn(student);
    expect(await student.locator("#param-tauNE").count()).toBe(1);
    expect(await student.locator("#param-tauN").count()).toBe(0);
    await fresh.close();
  });

  it("keeps an edit that was not applied across a reload", async () => {
    await page.locator(".cm-content").focus();
    await page.keyboard.press("Control+Home");
    await page.keyboard.type("# my own note\n");
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).toMatch(/^# my own note\n/);
    await page.reload();
    await drawn(page);
    await page.locator(".cm-editor").waitFor();
    expect(await line(page, "# my own note").count()).toBe(1);
    expect(await page.locator("#model-editor-note").textContent()).toMatch(/not applied are back/);
  });

  it("Revert restores the shipped file, and Apply runs it again", async () => {
    await page.locator("#model-editor-revert").click();
    await expect.poll(() => line(page, "# my own note").count()).toBe(0);
    const firstLine = SHIPPED.split("\n")[0] as string;
    expect(await page.locator(".cm-line").first().textContent()).toBe(firstLine);
    await apply(page);
    expect(await page.locator("#param-tauN").count()).toBe(1);
    expect(await page.evaluate((k) => localStorage.getItem(k), APPLIED_KEY)).toBeNull();
    expect(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).toBeNull();
  });

  it("stops a model whose solve would run too long, with a message, and the page stays responsive", async () => {
    await find(page, "rate: (u - N) / tauN");
    await page.keyboard.press("End");
    // Both terms in the units their rates need: the unit check passes, the solver cannot keep up.
    await page.keyboard.type(" * (1 + 1000 * sin(1000 * Rb))");
    await find(page, "rate: ((1 - D) * Hb - Rb) / tauR");
    await page.keyboard.press("End");
    await page.keyboard.type(" - 1000 * N / (Kb * tauR)");
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^No errors/);
    await page.locator("#model-editor-apply").click();
    const notice = page.locator(".notice", { hasText: "could not be solved" });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/stopped at t = .* steps/);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.locator("#model-editor-revert").click();
    await apply(page);
  });

  it("logged no errors on the way", () => {
    expect(errors).toEqual([]);
  });
});
