import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ascii } from "../../src/engine/exports/xpp.ts";
import { loadModel } from "../../src/engine/index.ts";
import { pythonWith } from "../unit/export-tools.ts";
import { afterRedraw, openApp } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const model = loadModel(
  readFileSync(`${ROOT}/models/ne-calcium-plasticity.yaml`, "utf8"),
  "models/ne-calcium-plasticity.yaml",
);
const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, action: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [d] = (await Promise.all([page.waitForEvent("download"), action()])) as [Download, undefined];
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), "utf8") };
}

/** The app at the "moderate NE" preset with u typed in as 0.42, as a new user would set it. */
async function appAtU042(): Promise<Page> {
  const { page } = await openApp(browser, url);
  await afterRedraw(page, () => page.selectOption("#preset", "moderate-ne").then(() => undefined));
  const box = page.locator("#param-u");
  await afterRedraw(page, async () => {
    await box.fill("0.42");
    await box.press("Enter");
  });
  expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(0.42);
  return page;
}

describe('"Export model…"', () => {
  it("downloads each format from the current settings, keyboard only for one, each carrying the value and the label", async () => {
    const page = await appAtU042();
    // Keyboard: the button opens the dialog with focus on the chosen format; Tab reaches Download.
    await page.focus("#export-model");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#model-export-dialog[open]");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("model-export-sbml");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("model-export-download");
    const sbml = await download(page, () => page.keyboard.press("Enter"));
    expect(sbml.name).toBe("ne-calcium-plasticity-moderate-ne.xml");
    // The input u takes the name u, so the parameter u is u_2 in every file (the renames table says so).
    expect(sbml.text).toMatch(/<parameter id="u_2" name="NE level applied" value="0\.42"/);
    // Arrow keys move between the formats, as in any radio group.
    await page.focus("#model-export-sbml");
    await page.keyboard.press("ArrowDown");
    expect(await page.isChecked("#model-export-xpp")).toBe(true);
    await expect.poll(() => page.textContent("#model-export-filename")).toBe("ne_calcium_plasticity_moderate_ne.ode");
    const xpp = await download(page, () => page.click("#model-export-download"));
    expect(xpp.text).toMatch(/^par u_2=0\.42$/m);
    await page.check("#model-export-scipy");
    const notes = await page.locator("#model-export-notes li").allTextContents();
    expect(notes.some((n) => n.includes("inputs are functions of time"))).toBe(true);
    const py = await download(page, () => page.click("#model-export-download"));
    expect(py.name).toBe("ne_calcium_plasticity_moderate_ne.py");
    expect(py.text).toMatch(/^u_2 = 0\.42 /m);
    // XPPAUT reads its comments byte by byte, so its copy of the label is plain ASCII.
    for (const f of [sbml, py]) expect(f.text).toContain(model.label);
    expect(xpp.text).toContain(ascii(model.label));
    await page.keyboard.press("Escape");
    expect(await page.locator("#model-export-dialog").evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);

    // The script, run as a user would, ends where the app does.
    const wEnd = await page.evaluate(() => window.__plasticity?.summary()?.wEnd);
    const dir = mkdtempSync(join(tmpdir(), "plasticity-app-export-"));
    try {
      writeFileSync(join(dir, py.name), py.text);
      await promisify(execFile)(pythonWith("numpy", "scipy"), [py.name, "--csv", "out.csv"], {
        cwd: dir,
        timeout: 600_000,
      });
      const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n");
      const header = (lines[0] as string).split(",");
      const last = (lines[lines.length - 1] as string).split(",").map(Number);
      const w = last[header.indexOf(model.readout.weight as string)] as number;
      expect(last[0]).toBe(3600);
      expect(Math.abs(w - (wEnd as number)) / Math.abs(wEnd as number)).toBeLessThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.close();
  }, 900_000);

  it("fits a 390×844 phone: no sideways scrolling, Download reachable", async () => {
    const { page } = await openApp(browser, url);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click("#export-model");
    const dialog = page.locator("#model-export-dialog");
    await page.waitForSelector("#model-export-dialog[open]");
    const box = await dialog.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true);
    expect((box?.height ?? 0) <= 844).toBe(true);
    expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
    await page.locator("#model-export-download").scrollIntoViewIfNeeded();
    const button = await page.locator("#model-export-download").boundingBox();
    expect((button?.y ?? -1) >= 0 && (button?.y ?? 0) + (button?.height ?? 0) <= 844).toBe(true);
    await page.click("#model-export-close");
    await page.close();
  }, 300_000);
});
