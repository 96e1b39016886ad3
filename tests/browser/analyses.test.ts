import { readFileSync } from "node:fs";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunnerProbe } from "../../src/app/analyses/job-runner.ts";
import { loadModel, runPopulation } from "../../src/engine/index.ts";
import { openApp, showView } from "./app-page.ts";
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

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

/** Opens the app with a long-task recorder installed before any of its code runs. */
async function open(query = ""): Promise<{ page: Page; errors: string[] }> {
  const opened = await openApp(browser, url, query);
  await showView(opened.page, "analyses");
  await opened.page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks?.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  return opened;
}

function probe(page: Page, view: string): Promise<RunnerProbe> {
  return page.evaluate((v) => structuredClone(window.__analyses?.[v]) as RunnerProbe, view);
}

/** Waits until the view has painted more results than `before`. */
async function painted(page: Page, view: string, before = 0, timeout = 60_000): Promise<RunnerProbe> {
  await page.waitForFunction(
    ([v, n]) =>
      (window.__analyses?.[v as string]?.painted.length ?? 0) > (n as number) &&
      window.__analyses?.[v as string]?.status === "done",
    [view, before] as const,
    { timeout },
  );
  return probe(page, view);
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.click(`#analysis-tab-${tab}`);
  await page.locator(`#analysis-panel-${tab}`).scrollIntoViewIfNeeded();
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent("download"), click()])) as [Download, undefined];
  return { name: d.suggestedFilename(), body: readFileSync(await d.path()) };
}

/** Sets a number field as a user would: type, then leave it (the view reads it on change). */
async function setField(page: Page, id: string, value: string): Promise<void> {
  await page.fill(`#${id}`, value);
  await page.press(`#${id}`, "Tab");
}

/** The analysis figures that carry a key, each with the tab that shows it. */
const KEYED_FIGURES = [
  { tab: "dose", figure: "fig-dose-response" },
  { tab: "population", figure: "fig-population" },
  { tab: "map", figure: "fig-map" },
  { tab: "rules", figure: "fig-compare-rules" },
] as const;

/**
 * Opens the app at each size (with its query), shows each keyed figure's tab and, once its key is
 * drawn, calls `check` with the figure's id and a name for messages; no page may log an error.
 */
async function eachKeyedFigure(
  sizes: readonly (readonly [query: string, width: number, height: number])[],
  check: (page: Page, figure: string, where: string) => Promise<void>,
): Promise<void> {
  for (const [query, width, height] of sizes) {
    const { page, errors } = await openApp(browser, url, query);
    await page.setViewportSize({ width, height });
    await showView(page, "analyses");
    for (const { tab, figure } of KEYED_FIGURES) {
      await openTab(page, tab);
      await page.locator(`#${figure} .legend .traces`).first().waitFor({ state: "attached", timeout: 120_000 });
      await check(page, figure, `${figure} at ${width} px${query}`);
    }
    expect(errors).toEqual([]);
    await page.close();
  }
}

describe("analyses", () => {
  it("population at 1 µM: one dose gives LTD in some subjects and LTP in others, and the β-blocker moves w both ways", async () => {
    const { page, errors } = await open();
    await openTab(page, "population");
    const p = await painted(page, "population");
    const last = p.painted.at(-1);
    expect(last?.job).toMatchObject({ kind: "population", n: 1000, seed: 1, treatment: "beta-blocker" });
    expect(last?.spec.params?.u ?? 1).toBe(1);
    const summary = (await page.locator("#analysis-population .analysis-summary").textContent()) ?? "";
    const ltd = Number(/LTD in (\d+)/.exec(summary)?.[1]);
    const ltp = Number(/LTP in (\d+)/.exec(summary)?.[1]);
    expect(ltd).toBeGreaterThan(0);
    expect(ltp).toBeGreaterThan(0);
    // docs/model.md (reference behaviour): about a third LTD and two thirds LTP (1000 subjects: sampling sd ≈ 1.5 %).
    expect(ltd / 1000).toBeGreaterThan(0.2);
    expect(ltp / 1000).toBeGreaterThan(0.45);
    const raised = Number(/raised w in (\d+)/.exec(summary)?.[1]);
    const lowered = Number(/lowered it in (\d+)/.exec(summary)?.[1]);
    expect(raised).toBeGreaterThan(0);
    expect(lowered).toBeGreaterThan(0);
    // The histogram on screen holds every subject.
    const total = await page.evaluate(() => {
      const gd = document.getElementById("fig-population") as HTMLElement & { data: { name: string; y: number[] }[] };
      return gd.data.find((t) => t.name === "control")?.y.reduce((a, b) => a + b, 0);
    });
    expect(total).toBe(1000);
    expect(p.progressShown).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("three trials give three different differences, and the seeds go into the share link", async () => {
    const { page, errors } = await open("?seed=7");
    await openTab(page, "population");
    expect(await page.locator("#population-seed").inputValue()).toBe("7");
    let n = (await painted(page, "trial")).painted.length;
    for (let k = 0; k < 2; k++) {
      await page.click("#trial-run-again");
      n = (await painted(page, "trial", n)).painted.length;
    }
    const items = await page.locator("#trial-history li").allTextContents();
    expect(items).toHaveLength(3);
    const diffs = items.map((t) => /: ([+−][\d.]+)/.exec(t)?.[1]);
    expect(new Set(diffs).size).toBe(3);
    expect(items.map((t) => /seed (\d+)/.exec(t)?.[1])).toEqual(["1", "2", "3"]);
    await page.waitForURL(/trialSeed=3/);
    expect(page.url()).toContain("seed=7");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws the plasticity map on the chosen grid, with LTD cells and the current point", async () => {
    const { page, errors } = await open();
    await openTab(page, "map");
    await painted(page, "map");
    const before = (await probe(page, "map")).painted.length;
    await setField(page, "map-nx", "14");
    await setField(page, "map-ny", "9");
    const p = await painted(page, "map", before);
    expect(p.painted.at(-1)?.job).toMatchObject({ kind: "map", x: { param: "u", n: 14 }, y: { param: "gb", n: 9 } });
    const grid = await page.evaluate(() => {
      type Trace = { type: string; name: string; x: number[]; y: number[]; z?: (number | null)[][]; text?: string[][] };
      const gd = document.getElementById("fig-map") as HTMLElement & {
        data: Trace[];
        _fullData: (Trace & { colorbar?: { ticktext?: string[] } })[];
      };
      const cells = gd.data.find((t) => t.type === "heatmap");
      const here = gd.data.find((t) => t.name === "this run");
      return {
        z: cells?.z ?? [],
        x: cells?.x ?? [],
        y: cells?.y ?? [],
        ticks: gd._fullData.find((t) => t.type === "heatmap")?.colorbar?.ticktext ?? [],
        borders: gd.data.filter((t) => t.type === "contour").map((t) => t.name),
        // Drawn contour lines and heatmap image, as Plotly renders them.
        borderPaths: gd.querySelectorAll(".contourlines path").length,
        heatmapImages: gd.querySelectorAll(".hm image").length,
        // The x axis is log10(u); the marker sits at the current point.
        current: here ? [10 ** (here.x[0] as number), here.y[0]] : [],
      };
    });
    expect(grid.z).toHaveLength(9);
    for (const row of grid.z) expect(row).toHaveLength(14);
    expect(new Set(grid.x).size).toBe(14);
    expect(new Set(grid.y).size).toBe(9);
    const w = grid.z.flat().filter((v): v is number => v !== null);
    expect(w.filter((v) => v < (model.readout.ltdBelow as number)).length).toBeGreaterThan(0);
    expect(w.filter((v) => v > (model.readout.ltpAbove as number)).length).toBeGreaterThan(0);
    expect(grid.heatmapImages).toBe(1);
    expect(grid.borders).toEqual([
      `LTD border, w = ${model.readout.ltdBelow}`,
      `LTP border, w = ${model.readout.ltpAbove}`,
    ]);
    expect(grid.borderPaths).toBeGreaterThan(0);
    // The colour bar marks both thresholds.
    expect(grid.ticks).toContain(`LTD ${model.readout.ltdBelow}`);
    expect(grid.ticks).toContain(`LTP ${model.readout.ltpAbove}`);
    // Hovering a cell names both parameters and w.
    const box = await page.locator("#fig-map .nsewdrag").first().boundingBox();
    if (!box) throw new Error("the map has no plot area");
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await expect
      .poll(() => page.locator("#fig-map .hoverlayer .hovertext").first().textContent())
      .toMatch(/^u [\d.e−-]+, gb [\d.e−-]+: w \d\.\d{3}$/);
    const svg = await download(page, () => page.click("#export-map-svg"));
    expect(svg.name).toBe("plasticity-lab-map.svg");
    expect(svg.body.toString("utf8")).toContain("contourlines");
    expect(svg.body.toString("utf8")).toContain(model.label);
    expect(grid.current[0]).toBeCloseTo(1, 10);
    expect(grid.current[1]).toBe(3.5);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("marks a field invalid (aria-invalid) when its error is shown, and clears it when fixed", async () => {
    const { page, errors } = await open();
    await openTab(page, "dose");
    await setField(page, "dose-from", "500");
    await expect.poll(() => page.locator("#analysis-dose-response .analysis-error").textContent()).toContain("500");
    expect(await page.getAttribute("#dose-from", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#dose-to", "aria-invalid")).toBe("false");
    await setField(page, "dose-from", "0.05");
    await expect.poll(() => page.getAttribute("#dose-from", "aria-invalid")).toBe("false");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("at 1280 px, draws the trial's titles whole and the population's band labels clear of the bars", async () => {
    const { page, errors } = await open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await openTab(page, "population");
    await painted(page, "population");
    await painted(page, "trial");
    const boxes = (id: string) =>
      page.evaluate((fig) => {
        const root = document.getElementById(fig) as HTMLElement;
        const r = (e: Element) => {
          const b = e.getBoundingClientRect();
          return { l: b.left, r: b.right, t: b.top, b: b.bottom, text: e.textContent ?? "" };
        };
        return {
          svg: r(root.querySelector(".main-svg") as Element),
          notes: [...root.querySelectorAll(".annotation-text")].map(r),
          bars: [...root.querySelectorAll(".bars path")].map(r).filter((b) => b.r - b.l > 0 && b.b - b.t > 0),
        };
      }, id);
    const overlap = (a: { l: number; r: number; t: number; b: number }, b: typeof a) =>
      a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
    const trial = await boxes("fig-trial");
    const titles = trial.notes.filter((n) => /One trial|Differences found/.test(n.text));
    expect(titles).toHaveLength(2);
    for (const t of titles) {
      expect(t.l, t.text).toBeGreaterThanOrEqual(trial.svg.l);
      expect(t.r, t.text).toBeLessThanOrEqual(trial.svg.r);
      expect(t.t, t.text).toBeGreaterThanOrEqual(trial.svg.t);
    }
    expect(overlap(titles[0] as (typeof titles)[0], titles[1] as (typeof titles)[0])).toBe(false);
    const population = await boxes("fig-population");
    const labels = population.notes.filter((n) => /^(LTD|none|LTP)/.test(n.text));
    expect(labels).toHaveLength(3);
    expect(population.bars.length).toBeGreaterThan(0);
    for (const label of labels) expect(population.bars.filter((b) => overlap(label, b)).length, label.text).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it("keeps each figure's x axis title under its tick labels and its key under the title, on a phone and a projector", async () => {
    const sizes = [
      ["?theme=projector", 1920, 1080],
      ["", 390, 844],
    ] as const;
    await eachKeyedFigure(sizes, async (page, figure, where) => {
      const box = (selector: string) =>
        page.evaluate((sel) => {
          const b = document.querySelector(sel)?.getBoundingClientRect();
          return b && { l: b.left, r: b.right, t: b.top, b: b.bottom };
        }, selector);
      const key = await box(`#${figure} .legend`);
      const title = await box(`#${figure} .g-xtitle`);
      const labelsBottom = await page.evaluate(
        (sel) => Math.max(...[...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect().bottom)),
        `#${figure} .xtick text`,
      );
      expect(title?.t, `${where}: title under the tick labels`).toBeGreaterThanOrEqual(labelsBottom);
      expect(key, `${where}: its key`).toBeDefined();
      expect(title, `${where}: its x axis title`).toBeDefined();
      // Below the title, with the title's whole height above the key's top.
      expect(key?.t, `${where}: key top under title bottom`).toBeGreaterThanOrEqual(title?.b as number);
    });
  }, 480_000);

  it("draws every figure's title inside the figure and the population's band labels apart, on a phone, a laptop and a projector", async () => {
    const sizes = [
      ["", 390, 844],
      ["", 1280, 800],
      ["?theme=projector", 1920, 1080],
    ] as const;
    await eachKeyedFigure(sizes, async (page, figure, where) => {
      // What is wrong on screen: a title past the figure's edges, band labels that touch. Polled, as
      // a figure drawn for another width is laid out again once its tab shows it.
      const faults = () =>
        page.evaluate((id) => {
          const root = document.getElementById(id) as HTMLElement;
          const svg = (root.querySelector(".main-svg") as Element).getBoundingClientRect();
          const found: string[] = [];
          const title = root.querySelector('.annotation[data-index="0"] .annotation-text');
          const t = title?.getBoundingClientRect();
          if (!t) found.push("no title");
          else if (t.left < svg.left || t.right > svg.right)
            found.push(`title ${t.left - svg.left}–${t.right - svg.left} px in a figure ${svg.width} px wide`);
          const labels = [...root.querySelectorAll(".annotation")]
            .filter((a) => /^(LTD|none|LTP)/.test(a.textContent ?? ""))
            .map((a) => ({ text: a.textContent ?? "", box: a.getBoundingClientRect() }));
          labels.forEach((a, i) => {
            for (const b of labels.slice(i + 1)) {
              const apart =
                a.box.right <= b.box.left ||
                b.box.right <= a.box.left ||
                a.box.bottom <= b.box.top ||
                b.box.bottom <= a.box.top;
              if (!apart) found.push(`"${a.text}" touches "${b.text}"`);
            }
          });
          if (id === "fig-population" && labels.length !== 3) found.push(`${labels.length} band labels`);
          return found;
        }, figure);
      await expect.poll(faults, { message: where, timeout: 30_000 }).toEqual([]);
    });
  }, 480_000);

  it("a slider moved mid-job cancels the job, and only the new state's result is painted", async () => {
    const { page, errors } = await open();
    await openTab(page, "population");
    await page.waitForFunction(() => window.__analyses?.population?.status === "running");
    // Let the job get well under way, then move NE three steps down while it runs.
    await page.waitForTimeout(600);
    expect((await probe(page, "population")).status).toBe("running");
    const slider = page.locator("#param-u-slider");
    await slider.focus();
    for (let k = 0; k < 3; k++) await slider.press("ArrowLeft");
    const u = await page.evaluate(() => window.__plasticity?.spec().params?.u);
    expect(u).toBeLessThan(1);
    const p = await painted(page, "population");
    expect(p.cancelled).toBeGreaterThanOrEqual(1);
    expect(p.painted).toHaveLength(1);
    expect(p.painted[0]?.spec.params?.u).toBe(u);
    const shown = await page.evaluate(() => document.getElementById("fig-population")?.dataset.inputs);
    expect(shown).toBe(p.wantedKey);
    expect(await page.locator("#analysis-population .analysis-figure-box").getAttribute("class")).not.toContain(
      "is-stale",
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Cancel stops a job without painting it, and Compute again finishes it", async () => {
    const { page, errors } = await open();
    await openTab(page, "population");
    const cancel = page.locator("#analysis-population .analysis-progress button", { hasText: "Cancel" });
    await cancel.waitFor({ state: "visible" });
    await cancel.click();
    let p = await probe(page, "population");
    expect(p.status).toBe("cancelled");
    expect(p.painted).toHaveLength(0);
    await page.waitForTimeout(500);
    expect((await probe(page, "population")).painted).toHaveLength(0);
    await page.click("#analysis-population .analysis-progress button:has-text('Compute again')");
    p = await painted(page, "population");
    expect(p.painted).toHaveLength(1);
    expect(p.paintedKey).toBe(p.wantedKey);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports CSV, JSON, PNG and SVG carrying the label, model, seed and share query", async () => {
    const { page, errors } = await open("?u=0.3");
    await openTab(page, "population");
    await setField(page, "population-n", "200");
    await page.waitForFunction(
      () => (window.__analyses?.population?.painted.at(-1)?.job as { n?: number } | undefined)?.n === 200,
      null,
      { timeout: 60_000 },
    );
    const csv = await download(page, () => page.click("#export-population-csv"));
    expect(csv.name).toBe("plasticity-lab-population.csv");
    const text = csv.body.toString("utf8");
    expect(text).toContain(`# ${model.label}`);
    expect(text).toContain(`# model: ${model.id} ${model.version}`);
    expect(text).toContain("# seed: 1");
    const share = /^# share: (.*)$/m.exec(text)?.[1] ?? "";
    expect(new URLSearchParams(share.slice(1)).get("u")).toBe("0.3");
    expect(new URLSearchParams(share.slice(1)).get("seed")).toBe("1");
    expect(text.split("\n").filter((l) => /^\d+,/.test(l))).toHaveLength(200);

    const json = await download(page, () => page.click("#export-population-json"));
    expect(json.name).toBe("plasticity-lab-population.json");
    const data = JSON.parse(json.body.toString("utf8"));
    expect(data).toMatchObject({ label: model.label, model: model.id, version: model.version, seed: 1, n: 200 });
    expect(data.subjects).toHaveLength(200);
    // The same seed gives the same subjects and numbers in the worker as in Node.
    const node = runPopulation(model, { params: { u: 0.3 } }, { seed: 1, n: 200 });
    expect(data.counts).toEqual(node.counts);
    expect(data.treated.raised).toBe(node.treated?.raised);
    // w_end agrees to rounding: Chromium's and Node's Math functions may differ in the last bit.
    const browserW = data.subjects.map((x: { wEnd: number }) => x.wEnd) as number[];
    browserW.forEach((w, k) => {
      expect(Math.abs(w - (node.subjects[k]?.wEnd ?? Number.NaN))).toBeLessThan(1e-12);
    });

    // 1×, 2× and 3× like the explorer's images.
    for (const scale of [1, 2, 3]) {
      const png = await download(page, () => page.click(`#export-population-png-${scale}`));
      expect(png.name).toBe(`plasticity-lab-population@${scale}x.png`);
      expect(png.body.subarray(1, 4).toString("latin1")).toBe("PNG");
      const image = await page.evaluate(() => window.__analysisExport?.image);
      expect(png.body.readUInt32BE(16)).toBe((image?.width ?? 0) * scale);
    }
    const svg = await download(page, () => page.click("#export-population-svg"));
    expect(svg.name).toBe("plasticity-lab-population.svg");
    const svgText = svg.body.toString("utf8");
    expect(svgText).toContain(model.label);
    expect(svgText).toContain("seed 1");

    await openTab(page, "sensitivity");
    await painted(page, "sensitivity");
    const sens = await download(page, () => page.click("#export-sensitivity-csv"));
    const sensText = sens.body.toString("utf8");
    expect(sensText).toContain(`# ${model.label}`);
    expect(sensText).toContain("# method: Normalised local sensitivity");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps the main thread free while jobs run: long tasks come only from drawing results", async () => {
    const { page, errors } = await open();
    // The explorer's own start-up (its dose-response worker, its figures) is not the analyses' to measure.
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true);
    await page.waitForTimeout(500);
    await openTab(page, "dose");
    await painted(page, "dose");
    await openTab(page, "population");
    const p = await painted(page, "population");
    await painted(page, "trial");
    await openTab(page, "map");
    const m = await painted(page, "map");
    const { tasks, paints } = await page.evaluate(() => ({
      tasks: window.__longTasks ?? [],
      paints: Object.values(window.__analyses ?? {}).flatMap((q) => q.paints),
    }));
    const during = (q: RunnerProbe) => tasks.filter((t) => t.start + t.duration > q.startedAt && t.start < q.resultAt);
    // A long task that overlaps a figure being drawn is Plotly's, which no worker can take over.
    const drawing = (t: { start: number; duration: number }) =>
      paints.some((w) => t.start < w.end + 100 && t.start + t.duration > w.start);
    const jobs = [...during(p), ...during(m)];
    const worst = Math.max(0, ...jobs.map((t) => t.duration));
    const worstNotDrawing = Math.max(0, ...jobs.filter((t) => !drawing(t)).map((t) => t.duration));
    console.info(
      `long tasks while population (${(p.resultAt - p.startedAt).toFixed(0)} ms) and map (${(m.resultAt - m.startedAt).toFixed(0)} ms) ran: longest ${worst.toFixed(0)} ms, longest not drawing a figure ${worstNotDrawing.toFixed(0)} ms`,
    );
    // On a quiet machine this is 0: no task of 50 ms or more but Plotly drawing a result. Shared,
    // busy cores stretch ordinary tasks past 50 ms (a long task is wall time), so the test asserts
    // what no scheduling delay can fake: no task comes near a job's own length, as one would if the
    // job ran on the page's thread. The browser benchmark reports the 50 ms figure.
    const shortestJob = Math.min(p.resultAt - p.startedAt, m.resultAt - m.startedAt);
    expect(worstNotDrawing).toBeLessThan(shortestJob / 4);
    expect(errors).toEqual([]);
    await page.close();
  });
});
