import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  loadModel,
  PROTOCOLS,
  type ProtocolKind,
  protocolFixedNote,
  resolveRun,
  unusedByProtocol,
} from "../../src/engine/index.ts";
import { afterRedraw, openApp, traceByPrefix } from "./app-page.ts";
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

describe("exploring the model", () => {
  it("opens on the default preset with every panel drawn, the label shown and no console errors", async () => {
    const { page, errors } = await openApp(browser, url);
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
    expect(await page.locator("#model-label").textContent()).toBe(model.label);
    expect(await page.locator("#preset").inputValue()).toBe(model.presets.find((p) => p.isDefault)?.id);
    const time = await page.evaluate(() =>
      (document.getElementById("fig-time") as HTMLElement & { data: { name: string }[] }).data.map((t) => t.name),
    );
    for (const prefix of ["u(t)", "N:", "Rb:", "Ra:", "D:", "C:", "w:"])
      expect(time.some((n) => n.startsWith(prefix))).toBe(true);
    expect((await traceByPrefix(page, "fig-rule", "Ω(C)")).y.length).toBeGreaterThan(100);
    expect((await traceByPrefix(page, "fig-rule", "η(C)")).y.length).toBeGreaterThan(100);
    const dose = await traceByPrefix(page, "fig-dose", "w at end");
    expect(dose.y.length).toBeGreaterThan(20);
    expect(Math.min(...dose.y)).toBeLessThan(0.95);
    expect(Math.max(...dose.y)).toBeGreaterThan(1.05);
    expect(await page.locator("#fig-time .outcome-label").textContent()).toMatch(/^LTP \(potentiation\)w\(3600 s\) = /);
    expect(await page.locator(".equation-math > .katex-display").count()).toBe(
      model.states.length + model.helpers.length,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("moves the NE slider from the keyboard and redraws calcium and weight (LTP at 1 µM → LTD at 0.3 µM)", async () => {
    const { page, errors } = await openApp(browser, url);
    const c0 = await traceByPrefix(page, "fig-time", "C:");
    const w0 = await traceByPrefix(page, "fig-time", "w:");
    const slider = page.locator("#param-u-slider");
    await slider.focus();
    // 50 positions per decade: 26 steps down from 1 µM lands on 10^-0.52 ≈ 0.302 µM.
    for (let k = 0; k < 26; k++) await page.keyboard.press("ArrowLeft");
    await page.waitForFunction(() => window.__plasticity?.values().u === 0.302);
    await page.waitForFunction(() => window.__plasticity?.summary()?.outcome === "LTD");
    expect(await slider.getAttribute("aria-valuetext")).toBe("0.302 µM");
    expect(await page.locator("#param-u").inputValue()).toBe("0.302");
    const c1 = await traceByPrefix(page, "fig-time", "C:");
    const w1 = await traceByPrefix(page, "fig-time", "w:");
    expect(Math.max(...c1.y)).toBeLessThan(Math.max(...c0.y) - 0.1);
    expect(w0.y.at(-1)).toBeGreaterThan(1.9);
    expect(w1.y.at(-1)).toBeGreaterThan(0.6);
    expect(w1.y.at(-1)).toBeLessThan(0.66);
    expect(await page.locator("#outcome-line").textContent()).toContain("LTD");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("loads each preset's values, protocol and activity", async () => {
    const { page, errors } = await openApp(browser, url);
    for (const preset of model.presets) {
      await afterRedraw(page, () => page.selectOption("#preset", preset.id).then(() => undefined));
      expect(await page.locator("#preset-purpose").textContent()).toBe(preset.purpose);
      for (const p of model.parameters.filter((q) => !q.fixed)) {
        const expected = preset.params[p.name] ?? p.default;
        const shown = Number(await page.locator(`#param-${p.name}`).inputValue());
        // The box shows six significant figures (kdes = 1/120 reads 0.00833333).
        expect(Math.abs(shown - expected), `${preset.id}: ${p.name}`).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
      }
      expect(await page.locator("#protocol").inputValue()).toBe(preset.protocol ?? "step");
      expect(await page.locator("#activity").inputValue()).toBe(preset.activity ?? "paired");
      const values = await page.evaluate(() => window.__plasticity?.values() ?? {});
      for (const [name, v] of Object.entries(preset.params)) expect(values[name]).toBe(v);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("disables the controls the chosen protocol does not read, each with the engine's reason", async () => {
    const { page, errors } = await openApp(browser, url);
    for (const protocol of Object.keys(PROTOCOLS) as ProtocolKind[]) {
      await afterRedraw(page, () => page.selectOption("#protocol", protocol).then(() => undefined));
      const run = resolveRun(model, { protocol });
      const unused = unusedByProtocol(model, run, run.values);
      for (const p of model.parameters.filter((q) => !q.fixed)) {
        const reason = unused.get(p.name);
        expect(await page.locator(`#param-${p.name}-slider`).isDisabled(), `${protocol}: ${p.name}`).toBe(!!reason);
        expect(await page.locator(`#param-${p.name}`).isDisabled(), `${protocol}: ${p.name}`).toBe(!!reason);
        const note = page.locator(`#param-${p.name}-unused`);
        expect(await note.evaluate((e) => (e as HTMLElement).hidden), `${protocol}: ${p.name}`).toBe(!reason);
        expect(((await note.textContent()) ?? "").trim(), `${protocol}: ${p.name}`).toBe(reason ?? "");
      }
      const fixedWidth = protocolFixedNote(model, run);
      if (fixedWidth) expect(await page.locator("#protocol-hint").textContent()).toContain(fixedWidth);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("takes an exact value in the number box and refuses a bad one with its range and unit", async () => {
    const { page } = await openApp(browser, url);
    const box = page.locator("#param-u");
    await afterRedraw(page, async () => {
      await box.fill("0.37");
      await box.press("Enter");
    });
    expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(0.37);
    await page.waitForURL(/u=0\.37/);

    await box.fill("1000");
    await box.press("Enter");
    const message = page.locator("#param-u-msg");
    expect(await message.textContent()).toBe("u = 1000 is outside its range, 0.01 to 100 µM");
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(0.37);

    await box.fill("lots");
    await box.press("Enter");
    expect(await message.textContent()).toContain('"lots" is not a number');
    expect(await message.textContent()).toContain("0.01 to 100 µM");

    await box.fill("2");
    await box.press("Enter");
    await page.waitForFunction(() => window.__plasticity?.values().u === 2);
    expect(await message.textContent()).toBe("");
    expect(await box.getAttribute("aria-invalid")).toBeNull();
    await page.close();
  });

  it("pins a run and shows it as a labelled ghost beside the current run", async () => {
    const { page } = await openApp(browser, url, "?u=0.3");
    await afterRedraw(page, () => page.click("#pin"));
    const box = page.locator("#param-u");
    await afterRedraw(page, async () => {
      await box.fill("1");
      await box.press("Enter");
    });
    const ghost = await traceByPrefix(page, "fig-time", "pin 1: u 0.3 → 1 µM");
    expect(ghost.y.length).toBeGreaterThan(100);
    const names = await page.evaluate(() =>
      (document.getElementById("fig-time") as HTMLElement & { data: { name: string }[] }).data.map((t) => t.name),
    );
    expect(names.filter((n) => n.startsWith("w:")).length).toBe(1);
    expect(names.filter((n) => n.startsWith("pin 1")).length).toBeGreaterThanOrEqual(2);
    expect(await page.locator("#pin-list").textContent()).toContain("u 0.3 → 1 µM");
    await afterRedraw(page, () => page.click("#clear-pins"));
    expect(
      (
        await page.evaluate(() =>
          (document.getElementById("fig-time") as HTMLElement & { data: { name: string }[] }).data.map((t) => t.name),
        )
      ).some((n) => n.startsWith("pin")),
    ).toBe(false);
    await page.close();
  });

  it("resets to the preset and to the defaults", async () => {
    const { page } = await openApp(browser, url, "?preset=moderate-ne&gb=5");
    expect(await page.locator("#param-u").inputValue()).toBe("0.3");
    await afterRedraw(page, () => page.click("#reset"));
    const afterReset = await page.evaluate(() => window.__plasticity?.values());
    expect(afterReset?.gb).toBe(3.5);
    expect(afterReset?.u).toBe(0.3);
    await afterRedraw(page, () => page.click("#reset-all"));
    expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(1);
    expect(await page.locator("#preset").inputValue()).toBe(model.presets.find((p) => p.isDefault)?.id);
    await page.close();
  });

  it("leads from a parameter in the typeset equations to its control", async () => {
    const { page } = await openApp(browser, url);
    expect(
      await page.locator("details.param-group", { hasText: "Effective Ca²⁺ time constant" }).getAttribute("open"),
    ).toBeNull();
    await page.locator(".equation .chip", { hasText: "tauC" }).first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("param-tauC-slider");
    expect(
      await page.locator("details.param-group", { hasText: "Effective Ca²⁺ time constant" }).getAttribute("open"),
    ).toBe("");
    await page.close();
  });
});
