import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunnerProbe } from "../../src/app/analyses/job-runner.ts";
import { compileModel, loadModel, type Model, resolveRun } from "../../src/engine/index.ts";
import { afterRedraw, openApp, showView } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Graupner & Brunel 2012 (PNAS 109:3991, with its 2013 correction), DP set: change at these Δt (s). */
const PUBLISHED: [number, number][] = [
  [-0.02, 0.764],
  [0.01, 1.221],
  [0.02, 1.172],
];
const TOLERANCE = 0.003;

interface Trace {
  name: string;
  x: number[];
  y: number[];
}

function traces(page: Page, figureId: string): Promise<Trace[]> {
  return page.evaluate((id) => {
    const gd = document.getElementById(id) as
      | (HTMLElement & { data?: { name?: string; x?: ArrayLike<number>; y?: ArrayLike<number> }[] })
      | null;
    return (gd?.data ?? []).map((t) => ({
      name: String(t.name ?? ""),
      x: Array.from(t.x ?? []),
      y: Array.from(t.y ?? []),
    }));
  }, figureId);
}

/** The y of the point whose x is nearest `x`, with that x. */
function at(t: { x: number[]; y: number[] }, x: number): { x: number; y: number } {
  let k = 0;
  t.x.forEach((v, j) => {
    if (Math.abs(v - x) < Math.abs((t.x[k] as number) - x)) k = j;
  });
  return { x: t.x[k] as number, y: t.y[k] as number };
}

async function setField(page: Page, id: string, value: string): Promise<void> {
  await page.fill(`#${id}`, value);
  await page.press(`#${id}`, "Tab");
}

describe("sweep a parameter", () => {
  it("a student opens Graupner–Brunel (dp), sweeps Δt from −0.1 to 0.1 s with readout change, and gets the published STDP curve", async () => {
    const { page, errors } = await openApp(browser, url);
    await afterRedraw(page, () => page.selectOption("#model-picker", "graupner-brunel-2012").then(() => undefined));
    expect(await page.locator("#preset").inputValue()).toBe("dp");

    await showView(page, "analyses");
    await page.click("#analysis-tab-dose");
    await page.locator("#analysis-panel-dose").scrollIntoViewIfNeeded();
    expect(await page.locator("#analysis-tab-dose").textContent()).toBe("Sweep a parameter");
    // The display block opens the sweep on Δt and `change`; the student sets them anyway.
    expect(await page.locator("#dose-param").inputValue()).toBe("deltaT");
    expect(await page.locator("#dose-readout").inputValue()).toBe("change");
    await page.selectOption("#dose-param", "deltaT");
    await page.selectOption("#dose-scale", "linear");
    await setField(page, "dose-from", "-0.1");
    await setField(page, "dose-to", "0.1");
    await setField(page, "dose-count", "41");
    await page.selectOption("#dose-readout", "change");

    await page.waitForFunction(
      () => {
        const p = window.__analyses?.dose;
        const job = p?.painted.at(-1)?.job as { values?: number[] } | undefined;
        return (
          p?.status === "done" && job?.values?.length === 41 && job.values[0] === -0.1 && job.values.at(-1) === 0.1
        );
      },
      null,
      { timeout: 180_000 },
    );
    const probe = await page.evaluate(() => structuredClone(window.__analyses?.dose) as RunnerProbe);
    const last = probe.painted.at(-1);
    expect(last?.job).toMatchObject({ kind: "dose", param: "deltaT", overlays: [] });
    console.log(`Graupner–Brunel Δt sweep, 41 points: ${last?.ms.toFixed(0)} ms in the worker`);

    const curve = (await traces(page, "fig-dose-response")).find((t) => t.name === "current settings");
    expect(curve?.x).toHaveLength(41);
    console.log(
      `change read from the figure: ${PUBLISHED.map(([dt, pub]) => `Δt ${dt * 1000} ms ${at(curve as Trace, dt).y.toFixed(4)} (paper ${pub})`).join(", ")}`,
    );
    for (const [dt, published] of PUBLISHED) {
      const p = at(curve as Trace, dt);
      expect(p.x).toBeCloseTo(dt, 12);
      expect(Math.abs(p.y - published), `change at Δt = ${dt} s: ${p.y}, published ${published}`).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
    // The model says `change` = 1 means no change: a reference line there.
    const shapes = await page.evaluate(
      () =>
        (
          document.getElementById("fig-dose-response") as HTMLElement & {
            layout?: { shapes?: { type?: string; y0?: number; y1?: number; xref?: string }[] };
          }
        ).layout?.shapes ?? [],
    );
    expect(shapes.some((s) => s.type === "line" && s.y0 === 1 && s.y1 === 1 && s.xref === "paper")).toBe(true);
    expect(await page.locator("#fig-dose-response").textContent()).toContain("no change (1)");

    // The CSV export carries the same curve, one row per Δt with its `change`.
    await page.click("#export-dose-response-csv");
    const csv = await page.evaluate(() => window.__analysisExport?.text ?? "");
    const lines = csv.split("\n").filter((l) => l && !l.startsWith("#"));
    const header = (lines[0] as string).split(",");
    const ix = header.indexOf("deltaT");
    const ic = header.indexOf("change");
    expect(ix).toBe(0);
    expect(ic).toBeGreaterThan(0);
    const rows = lines.slice(1).map((l) => l.split(",").map(Number));
    expect(rows).toHaveLength(41);
    const table = { x: rows.map((r) => r[ix] as number), y: rows.map((r) => r[ic] as number) };
    for (const [dt, published] of PUBLISHED) {
      const p = at(table, dt);
      expect(p.x).toBeCloseTo(dt, 12);
      expect(Math.abs(p.y - published)).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

const shipped: Model[] = readdirSync(`${ROOT}/models`)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => loadModel(readFileSync(`${ROOT}/models/${f}`, "utf8"), `models/${f}`));

/** The engine's own value of a model's compared rule at x, at its default parameters, other states initial. */
function engineRule(m: Model, x: number): number {
  const rules = m.display.rules;
  const curve = rules?.curves.find((c) => c.compare);
  if (!rules || !curve) throw new Error(`${m.id} marks no rule`);
  const y = Float64Array.from(m.states, (s) => s.initial);
  const inp = new Float64Array(m.inputs.length);
  const state = m.states.find((s) => s.name === rules.state);
  const input = m.inputs.find((i) => i.name === rules.state);
  if (state) y[state.index] = x;
  else if (input) inp[input.index] = x;
  const out = new Float64Array(m.helpers.length);
  compileModel(m).helperValues(y, resolveRun(m).values, inp, out);
  return out[m.helpers.findIndex((h) => h.name === curve.helper)] as number;
}

describe("compare rules", () => {
  it("overlays the rule of every shipped model that declares one, labelled by title, matching the engine at two calcium levels", async () => {
    const declaring = shipped.filter((m) => m.display.rules?.curves.some((c) => c.compare));
    expect(declaring.length).toBeGreaterThanOrEqual(2);
    const { page, errors } = await openApp(browser, url);
    await showView(page, "analyses");
    await page.click("#analysis-tab-rules");
    await page.locator("#analysis-panel-rules").scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => ((document.getElementById("fig-compare-rules") as { data?: unknown[] } | null)?.data?.length ?? 0) > 0,
    );
    const drawn = await traces(page, "fig-compare-rules");
    expect(drawn).toHaveLength(declaring.length);
    const xTitle = await page.evaluate(
      () =>
        (
          document.getElementById("fig-compare-rules") as HTMLElement & {
            layout?: { xaxis?: { title?: { text?: string } } };
          }
        ).layout?.xaxis?.title?.text ?? "",
    );
    for (const m of declaring) {
      const rules = m.display.rules;
      const t = drawn.find((d) => d.name.replace(/<br>/g, " ").startsWith(m.title));
      expect(t, m.id).toBeDefined();
      const unit = (m.states.find((s) => s.name === rules?.state) ?? m.inputs.find((i) => i.name === rules?.state))
        ?.unit;
      expect(xTitle).toContain(`${rules?.state} (${unit})`);
      for (const ca of [0.45, 0.8]) {
        const p = at(t as Trace, ca);
        expect(p.x).toBeCloseTo(ca, 12);
        expect(p.y, `${m.id} at ${ca}`).toBeCloseTo(engineRule(m, ca), 10);
      }
    }
    // Shouval's Ω against the paper's formula, independently of the engine: LTD at 0.45 µM, LTP at 0.8 µM.
    const shouval = drawn.find((d) => d.name.startsWith("Shouval")) as Trace;
    const sig = (x: number) => 1 / (1 + Math.exp(-80 * x));
    expect(at(shouval, 0.45).y).toBeCloseTo(0.25 + sig(0.45 - 0.55) - 0.25 * sig(0.45 - 0.35), 10);
    expect(at(shouval, 0.8).y).toBeCloseTo(0.25 + sig(0.8 - 0.55) - 0.25 * sig(0.8 - 0.35), 10);
    // A model that declares no rule is named under the figure, not drawn.
    for (const m of shipped.filter((x) => !declaring.includes(x)))
      expect(await page.locator("#analysis-compare-rules .analysis-summary").textContent()).toContain(m.title);
    expect(errors).toEqual([]);
    await page.close();
  });
});
