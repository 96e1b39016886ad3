import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadModel, type RunSpec } from "../../src/engine/index.ts";
import { afterRedraw, clickHeaderAction, openApp, seriousAxeViolations, showView } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const model = loadModel(
  readFileSync(`${ROOT}/models/ne-calcium-plasticity.yaml`, "utf8"),
  "models/ne-calcium-plasticity.yaml",
);
const url = inject("appUrl");
const KEY = `plasticity-lab:session:${model.id}@${model.version}`;
const DEFAULT_SPEC: RunSpec = { params: {}, preset: model.presets.find((p) => p.isDefault)?.id };
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Tab {
  page: Page;
  errors: string[];
}

/** A page in `context` (whose localStorage it shares with the context's other pages), first run drawn. */
async function openIn(context: BrowserContext, query = ""): Promise<Tab> {
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
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  context.setDefaultTimeout(120_000);
  return context;
}

const spec = (page: Page) => page.evaluate(() => window.__plasticity?.spec());
const saved = (page: Page) => page.evaluate((key) => localStorage.getItem(key), KEY);

/** JSON with keys sorted, so that specs compare equal whatever order their fields were set in. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Waits until the saved session's run is `expected`. */
async function savedRunIs(page: Page, expected: RunSpec): Promise<void> {
  const want = canonical(expected);
  await expect
    .poll(
      async () => {
        try {
          return canonical(JSON.parse((await saved(page)) ?? "").session.run);
        } catch {
          return "not (yet) written by the app";
        }
      },
      { timeout: 10_000 },
    )
    .toBe(want);
}

async function setBox(page: Page, name: string, value: string): Promise<void> {
  await afterRedraw(page, async () => {
    await page.fill(`#param-${name}`, value);
    await page.press(`#param-${name}`, "Enter");
  });
}

/** Drags the slider of `name` by `dx` pixels in many small moves, pointer held throughout. */
async function dragSlider(page: Page, name: string, dx: number, release = true): Promise<number> {
  const slider = page.locator(`#param-${name}-slider`);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error(`no slider for ${name}`);
  // Start on the thumb, so pressing does not jump the value.
  const fraction = await slider.evaluate((e) => {
    const s = e as HTMLInputElement;
    return (Number(s.value) - Number(s.min)) / (Number(s.max) - Number(s.min));
  });
  const y = box.y + box.height / 2;
  let x = box.x + 8 + fraction * (box.width - 16);
  const before = await page.evaluate(() => window.__plasticity?.drawCount ?? 0);
  await page.mouse.move(x, y);
  await page.mouse.down();
  const steps = 30;
  for (let k = 0; k < steps; k++) {
    x += dx / steps;
    await page.mouse.move(x, y);
    await page.waitForTimeout(16);
  }
  if (release) await page.mouse.up();
  await page.waitForFunction((n) => (window.__plasticity?.drawCount ?? 0) > n, before);
  return (await page.evaluate(() => window.__plasticity?.drawCount ?? 0)) - before;
}

describe("nothing lost: autosave", () => {
  it("brings a lesson back at the same step with its recorded predictions after a reload", async () => {
    const context = await newContext();
    const { page, errors } = await openIn(context);
    await showView(page, "lessons");
    await page.click('[data-lesson="calcium-window"]');
    await page.check("#predict-0-1");
    await afterRedraw(page, () => page.click("#predict-submit"));
    await page.click("#lesson-next");
    await page.locator('.lesson-step[data-step="1"]').waitFor();
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").session?.lesson?.step === 1, KEY);

    await page.reload();
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    await page.locator('.lesson-step[data-step="1"]').waitFor();
    await page.click("#lesson-prev");
    const first = page.locator('.lesson-step[data-step="0"]');
    await first.waitFor();
    expect(await page.locator("#predict-0-1").isChecked()).toBe(true);
    expect(await first.locator(".predict-reveal").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("restores the run and the pins after a reload, with a notice", async () => {
    const context = await newContext();
    const { page, errors } = await openIn(context);
    await setBox(page, "u", "0.3");
    // The duration first: under Train it is disabled, as the train's pulses set how long NE is applied.
    await setBox(page, "dur", "300");
    await afterRedraw(page, () => page.selectOption("#protocol", "train"));
    expect(await page.locator("#param-dur").isDisabled()).toBe(true);
    await page.click("#pin");
    const before = await spec(page);
    expect(before).toEqual({ preset: "strong-ne", protocol: "train", params: { u: 0.3, dur: 300 } });
    await savedRunIs(page, before as RunSpec);
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").session?.pins?.length === 1, KEY);

    await page.reload();
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    expect(await spec(page)).toEqual(before);
    expect(await page.locator("#pin-list .pin").count()).toBe(1);
    expect(await page.locator("#param-u").inputValue()).toBe("0.3");
    expect(await page.locator("#protocol").inputValue()).toBe("train");
    await expect
      .poll(() => page.locator('.notice[data-key="autosave"]').textContent())
      .toContain("Restored your last session");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("brings back a tab killed in the middle of a slider drag", async () => {
    const context = await newContext();
    const first = await openIn(context);
    await dragSlider(first.page, "u", -60, false);
    // Pointer still held: the drag is in progress when the tab dies.
    await first.page.waitForTimeout(600);
    const during = await spec(first.page);
    expect(during?.params?.u).toBeDefined();
    expect(during?.params?.u).toBeLessThan(1);
    await first.page.close({ runBeforeUnload: false });

    const second = await openIn(context);
    expect(await spec(second.page)).toEqual(during);
    expect(await second.page.locator('.notice[data-key="autosave"]').textContent()).toContain(
      "Restored your last session",
    );
    expect(second.errors).toEqual([]);
    await context.close();
  });

  it("reloads each of two open tabs to its own session, and a new tab to the one saved last", async () => {
    const context = await newContext();
    const a = await openIn(context);
    await setBox(a.page, "u", "0.3");
    await a.page.click("#pin");
    await savedRunIs(a.page, { preset: "strong-ne", params: { u: 0.3 } });
    const b = await openIn(context);
    expect(await spec(b.page)).toEqual({ preset: "strong-ne", params: { u: 0.3 } });
    await setBox(b.page, "u", "2");
    await savedRunIs(b.page, { preset: "strong-ne", params: { u: 2 } });

    await a.page.reload();
    await a.page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    expect(await spec(a.page)).toEqual({ preset: "strong-ne", params: { u: 0.3 } });
    expect(await a.page.locator("#pin-list .pin").count()).toBe(1);

    const c = await openIn(context);
    expect(await spec(c.page)).toEqual({ preset: "strong-ne", params: { u: 2 } });
    expect([...a.errors, ...b.errors, ...c.errors]).toEqual([]);
    await context.close();
  });

  it("ignores corrupt, old or tampered saved data with a notice and starts from the defaults", async () => {
    const session = (slots: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        format: "plasticity-lab-session",
        version: 2,
        model: { id: model.id, version: model.version },
        tab: "another-tab",
        savedAt: "2026-01-01T00:00:00.000Z",
        theme: "standard",
        session: slots,
        ...extra,
      });
    const cases: [string, string, string][] = [
      ["cut short", '{"format":"plasticity-lab-session","version":2,"ses', "not valid JSON"],
      ["not a session", "[1,2,3]", "not a session"],
      ["an old format", session({ run: {} }, { version: 0 }), "format version 0"],
      [
        "another model",
        session({ run: {} }, { model: { id: "other-model", version: "1" } }),
        'for model "other-model"',
      ],
      ["a huge value", session({ run: { params: { u: 1e308 } } }), "outside its range"],
      ["a value of the wrong type", session({ run: { params: { u: "<script>alert(1)</script>" } } }), "not a number"],
      ["an unknown preset", session({ run: { preset: "nope", params: {} } }), 'unknown preset "nope"'],
      ["bad pins", session({ run: {}, pins: "everything" }), "not a list of pinned runs"],
    ];
    for (const [what, text, message] of cases) {
      const context = await newContext();
      await context.addInitScript(
        ([key, value]) => {
          if (!sessionStorage.getItem("seeded")) {
            localStorage.setItem(key as string, value as string);
            sessionStorage.setItem("seeded", "1");
          }
        },
        [KEY, text],
      );
      const { page, errors } = await openIn(context);
      const notice = page.locator('.notice[data-key="autosave-problem"]');
      expect(await notice.count(), what).toBe(1);
      expect(await notice.textContent(), what).toContain(message);
      expect(await spec(page), what).toEqual(DEFAULT_SPEC);
      expect(await page.locator('.notice[data-key="autosave"]').count(), what).toBe(0);
      expect(await page.locator("#fig-time .scatterlayer .trace").count(), what).toBeGreaterThan(0);
      expect(errors, what).toEqual([]);
      // The app keeps working and saves over the bad data once the user changes something.
      await setBox(page, "u", "0.5");
      await savedRunIs(page, { preset: "strong-ne", params: { u: 0.5 } });
      await context.close();
    }
  });

  it("lets an explicit share link win and keeps the saved session until the user changes something", async () => {
    const context = await newContext();
    const first = await openIn(context);
    await setBox(first.page, "u", "0.3");
    await savedRunIs(first.page, { preset: "strong-ne", params: { u: 0.3 } });
    const kept = await saved(first.page);
    await first.page.close();

    const linked = await openIn(context, "?u=2");
    expect(await spec(linked.page)).toEqual({ preset: "strong-ne", params: { u: 2 } });
    expect(await linked.page.locator('.notice[data-key="autosave"]').textContent()).toContain("Opened the link");
    await linked.page.waitForTimeout(800);
    expect(await saved(linked.page)).toBe(kept);
    // Its button brings the saved session back instead.
    await afterRedraw(linked.page, () => linked.page.click('.notice[data-key="autosave"] .notice-action'));
    expect(await spec(linked.page)).toEqual({ preset: "strong-ne", params: { u: 0.3 } });
    // …undoably: Undo would go back to what the link showed.
    expect(await linked.page.locator("#undo").getAttribute("title")).toContain("restore of your last session");
    await linked.page.close();

    const again = await openIn(context, "?u=2");
    await again.page.waitForTimeout(800);
    expect(JSON.parse((await saved(again.page)) ?? "{}").session.run).toEqual({
      preset: "strong-ne",
      params: { u: 0.3 },
    });
    await afterRedraw(again.page, () => again.page.selectOption("#activity", "off"));
    await savedRunIs(again.page, { preset: "strong-ne", activity: "off", params: { u: 2 } });
    expect(await again.page.locator('.notice[data-key="autosave"]').count()).toBe(0);
    expect([...linked.errors, ...again.errors]).toEqual([]);
    await context.close();
  });
});

describe("undo and redo", () => {
  it("undoes a whole slider drag in one step, redoes it, and undoes Reset all", async () => {
    const { page, errors } = await openApp(browser, url);
    const undo = page.locator("#undo");
    const redo = page.locator("#redo");
    expect(await undo.isDisabled()).toBe(true);
    expect(await redo.isDisabled()).toBe(true);

    const draws = await dragSlider(page, "u", -80);
    expect(draws).toBeGreaterThan(3);
    const dragged = await spec(page);
    expect(dragged?.params?.u).toBeLessThan(1);
    expect(await undo.isEnabled()).toBe(true);
    expect(await undo.getAttribute("title")).toContain("NE level applied (u)");

    // One click takes back the whole drag, not one of its many changes.
    await afterRedraw(page, () => undo.click());
    expect(await spec(page)).toEqual(DEFAULT_SPEC);
    expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(1);
    expect(await undo.isDisabled()).toBe(true);
    expect(await redo.isEnabled()).toBe(true);

    await page.locator("body").focus();
    await afterRedraw(page, () => page.keyboard.press("Control+Shift+Z"));
    expect(await spec(page)).toEqual(dragged);
    await afterRedraw(page, () => page.keyboard.press("Control+Z"));
    expect(await spec(page)).toEqual(DEFAULT_SPEC);
    await afterRedraw(page, () => page.keyboard.press("Control+Y"));
    expect(await spec(page)).toEqual(dragged);
    expect(await redo.isDisabled()).toBe(true);

    // Reset all, then a preset: each one step.
    await afterRedraw(page, () => page.click("#reset-all"));
    expect(await spec(page)).toEqual(DEFAULT_SPEC);
    await afterRedraw(page, () => page.selectOption("#preset", "moderate-ne"));
    await afterRedraw(page, () => undo.click());
    expect(await spec(page)).toEqual(DEFAULT_SPEC);
    await afterRedraw(page, () => undo.click());
    expect(await spec(page)).toEqual(dragged);
    await afterRedraw(page, () => undo.click());
    expect(await spec(page)).toEqual(DEFAULT_SPEC);
    expect(await undo.isDisabled()).toBe(true);

    // A new change after undoing drops what could be redone.
    await setBox(page, "dur", "300");
    expect(await redo.isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("leaves Ctrl+Z to a number box while typing, and undoes the app's change once the value is entered", async () => {
    const { page, errors } = await openApp(browser, url);
    await setBox(page, "u", "0.5");
    await page.fill("#param-dur", "450");
    await page.press("#param-dur", "Control+z");
    await page.waitForTimeout(300);
    // The app's history was not touched: u keeps its value.
    expect(await spec(page)).toEqual({ preset: "strong-ne", params: { u: 0.5 } });
    await setBox(page, "dur", "300");
    expect(await spec(page)).toEqual({ preset: "strong-ne", params: { u: 0.5, dur: 300 } });
    // Entered: the focus is still in the box, and Ctrl+Z now undoes the entry.
    await afterRedraw(page, () => page.press("#param-dur", "Control+z"));
    expect(await spec(page)).toEqual({ preset: "strong-ne", params: { u: 0.5 } });
    expect(await page.locator("#param-dur").inputValue()).toBe("600");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("accessible views of the plots", () => {
  it("says each time-course panel in words, live, and shows each plot's data as a table", async () => {
    const { page, errors } = await openApp(browser, url);
    const summaries = page.locator("#panel-summaries");
    await expect.poll(() => summaries.locator("li").count()).toBe(4);
    expect(await page.locator("[aria-live='polite'] #panel-summaries").count()).toBe(1);
    const calcium = () => summaries.locator("li[data-panel='Calcium']").textContent();
    expect(await calcium()).toMatch(/peaks at 0\.649 µM at 207 s, inside the LTP band/);
    expect(await summaries.locator("li[data-panel='Weight']").textContent()).toMatch(
      /ends at 1\.96, 96 % above baseline: LTP/,
    );
    expect(await summaries.locator("li[data-panel='NE']").textContent()).toContain("1 µM from 60 s to 660 s");
    await setBox(page, "u", "0.3");
    await expect.poll(calcium, { timeout: 5000 }).toMatch(/inside the LTD window/);
    expect(await summaries.locator("li[data-panel='Weight']").textContent()).toMatch(/below baseline: LTD/);

    const toggles = page.locator(".data-table-toggle");
    expect(await toggles.count()).toBe(3);
    for (const t of await toggles.all()) {
      expect(await t.getAttribute("aria-expanded")).toBe("false");
      await t.click();
      expect(await t.getAttribute("aria-expanded")).toBe("true");
    }
    const timeTable = page.locator("#data-table-fig-time table");
    const headers = await timeTable.locator("thead th").allTextContents();
    expect(headers[0]).toBe("time (s)");
    expect(headers).toContain("Spine Ca²⁺ above rest, C (µM)");
    expect(headers).toContain("NE applied, u (µM)");
    const rowTimes = (await timeTable.locator("tbody th").allTextContents()).map(Number);
    expect(rowTimes.slice(0, 3)).toEqual([0, 60, 120]);
    expect(rowTimes.at(-1)).toBe(3600);
    // The table follows the plot.
    const wCol = headers.indexOf("Synaptic weight, w");
    const lastW = () => timeTable.locator(`tbody tr:last-child > :nth-child(${wCol + 1})`).textContent();
    const w03 = await lastW();
    await setBox(page, "u", "1");
    await expect.poll(lastW).not.toBe(w03);
    expect(Number(await lastW())).toBeCloseTo(1.959, 2);

    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
    const dose = page.locator("#data-table-fig-dose table");
    expect(await dose.locator("thead th").allTextContents()).toEqual(["NE level applied, u (µM)", "w at end"]);
    await expect.poll(() => dose.locator("tbody tr").count()).toBe(41);
    const rule = page.locator("#data-table-fig-rule table");
    expect(await rule.locator("thead th").allTextContents()).toEqual([
      "Spine Ca²⁺ above rest, C (µM)",
      "Ω(C): weight target",
      "η(C): learning rate (1/s)",
    ]);
    await page.locator(".data-table-toggle").first().click();
    expect(await page.locator("#data-table-fig-time").isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The element that has focus, described for the walk below. */
interface Focused {
  tag: string;
  id: string;
  type: string;
  name: string;
  inControls: boolean;
  closedSummary: boolean;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    const labelled = (x: HTMLElement): string => {
      const by = x.getAttribute("aria-labelledby");
      if (by)
        return by
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ");
      const aria = x.getAttribute("aria-label");
      if (aria) return aria;
      if (x.id) {
        const label = document.querySelector(`label[for="${x.id}"]`);
        if (label?.textContent?.trim()) return label.textContent;
      }
      if (x instanceof HTMLButtonElement || x.tagName === "SUMMARY") return x.textContent ?? "";
      return x.getAttribute("title") ?? "";
    };
    return {
      tag: e?.tagName.toLowerCase() ?? "",
      id: e?.id ?? "",
      type: (e as HTMLInputElement | null)?.type ?? "",
      name: e ? labelled(e).trim() : "",
      inControls: !!e?.closest("#controls"),
      closedSummary: e?.tagName === "SUMMARY" && !(e.parentElement as HTMLDetailsElement).open,
    };
  });
}

describe("keyboard only", () => {
  it("reaches every control, loads a preset, changes a value, exports and undoes, without a mouse", async () => {
    const { page, errors } = await openApp(browser, url);
    const expected = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("#controls input, #controls select, #controls button")]
        .filter((e) => !(e as HTMLButtonElement).disabled)
        .map((e) => e.id),
    );
    expect(expected.length).toBeGreaterThan(30);

    // Tab through the controls column, opening each closed group from the keyboard.
    const reached = new Map<string, Focused>();
    let entered = false;
    for (let k = 0; k < 400; k++) {
      await page.keyboard.press("Tab");
      const f = await focused(page);
      if (f.inControls) {
        entered = true;
        if (f.id) reached.set(f.id, f);
        if (f.closedSummary) await page.keyboard.press("Enter");
      } else if (entered) break;
    }
    const missing = expected.filter((id) => !reached.has(id));
    expect(missing).toEqual([]);
    const nameless = [...reached.values()].filter((f) => !f.name);
    expect(nameless).toEqual([]);

    // Back with Shift+Tab to the preset picker, and load a preset with the arrow keys.
    for (let k = 0; k < 400 && (await focused(page)).id !== "preset"; k++) await page.keyboard.press("Shift+Tab");
    expect((await focused(page)).id).toBe("preset");
    await afterRedraw(page, () => page.keyboard.press("ArrowDown"));
    const preset = model.presets[1];
    expect(await spec(page)).toEqual({ preset: preset?.id, params: {} });

    // Change a value: Tab to the NE slider and step it.
    for (let k = 0; k < 50 && (await focused(page)).id !== "param-u-slider"; k++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("param-u-slider");
    await afterRedraw(page, async () => {
      for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowRight");
    });
    const changed = await spec(page);
    expect(changed?.params?.u).toBeGreaterThan(0.3);

    // Export: Tab on to the CSV button and press Enter.
    for (let k = 0; k < 600 && (await focused(page)).id !== "export-csv"; k++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("export-csv");
    const [csv] = (await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")])) as [
      Download,
      undefined,
    ];
    expect(csv.suggestedFilename()).toBe("plasticity-lab-run.csv");

    // Undo the value change (one step for the five key presses), then the preset.
    await afterRedraw(page, () => page.keyboard.press("Control+Z"));
    expect(await spec(page)).toEqual({ preset: preset?.id, params: {} });
    await afterRedraw(page, () => page.keyboard.press("Control+Z"));
    expect(await spec(page)).toEqual(DEFAULT_SPEC);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("axe-core", () => {
  it("finds no serious or critical violation with the data tables, summaries and a notice shown", async () => {
    // axe is injected as an inline script, which the shipped policy forbids.
    const { page } = await openApp(browser, url, "", { bypassCSP: true });
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
    await setBox(page, "u", "0.3");
    await page.click("#pin");
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = true;
    });
    for (const t of await page.locator(".data-table-toggle").all()) await t.click();
    await expect.poll(() => page.locator(".data-grid").count()).toBe(3);
    const standard = await seriousAxeViolations(page);
    expect(standard, JSON.stringify(standard, null, 1)).toEqual([]);

    if ((await page.locator("#projector-toggle").count()) > 0) {
      await afterRedraw(page, () => clickHeaderAction(page, "projector-toggle"));
      const projector = await seriousAxeViolations(page);
      expect(projector, JSON.stringify(projector, null, 1)).toEqual([]);
    }
    await page.close();
  });
});
