import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openApp } from "./app-page.ts";
import { launchChromium } from "./chromium.ts";

const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type Graph = HTMLElement & {
  layout: Record<string, { range?: number[] }>;
  _fullLayout: Record<string, { range?: number[]; domain?: number[] }> & {
    _size: { l: number; t: number; w: number; h: number };
  };
};

/**
 * Steps the NE slider through `positions`, each step as soon as the last is drawn, as a held mouse
 * button does; returns how each step was drawn.
 */
function drag(page: Page, positions: number[]) {
  return page.evaluate(async (positions) => {
    const bench = window.__plasticity?.bench;
    if (!bench) throw new Error("app probe missing");
    const slider = document.getElementById("param-u-slider") as HTMLInputElement;
    const kinds: string[] = [];
    for (const pos of positions) {
      const drawn = new Promise((res) => document.addEventListener("plasticity:drawn", res, { once: true }));
      slider.value = String(pos);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      await drawn;
      kinds.push(bench.timeDrawKind() ?? "none");
    }
    return kinds;
  }, positions);
}

/** The time courses' trace paths (outline and style) as on the page, and as Plotly draws the same figure whole. */
function pathsAndTwin(page: Page) {
  return page.evaluate(async () => {
    const bench = window.__plasticity?.bench;
    if (!bench) throw new Error("app probe missing");
    const gd = document.getElementById("fig-time") as HTMLElement;
    const paths = (root: Element) =>
      [...root.querySelectorAll(".scatterlayer path")].map((p) => ({
        d: p.getAttribute("d") ?? "",
        style: p.getAttribute("style") ?? "",
      }));
    const onPage = paths(gd);
    // The same figure drawn whole by Plotly, in a graph of its own off to the side.
    const fig = bench.timeFigure();
    if (!fig) throw new Error("no figure");
    const twin = document.createElement("div");
    twin.style.cssText = `position:fixed;left:-5000px;top:0;width:${gd.clientWidth}px;height:${gd.clientHeight}px`;
    document.body.append(twin);
    await bench.plotly.newPlot(twin, structuredClone(fig.data), structuredClone(fig.layout), bench.config);
    const whole = paths(twin);
    bench.plotly.purge(twin);
    twin.remove();
    return { onPage, whole };
  });
}

type Point = [number, number];

/** The vertices of an SVG path written with absolute M, L, H, V and Z commands, as Plotly writes them. */
function vertices(d: string): Point[] {
  const out: Point[] = [];
  let at: Point = [0, 0];
  for (const [, cmd, args] of d.matchAll(/([MLHVZ])([^MLHVZ]*)/g)) {
    const n = (args ?? "").split(/[ ,]+/).filter(Boolean).map(Number);
    if (cmd === "M" || cmd === "L") at = [n[0] as number, n[1] as number];
    else if (cmd === "H") at = [n[0] as number, at[1]];
    else if (cmd === "V") at = [at[0], n[0] as number];
    else if (cmd === "Z") at = out[0] ?? at;
    out.push(at);
  }
  return out;
}

/** How far point p is from the polyline through `line`. */
function distanceTo(p: Point, line: Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k + 1 < line.length; k++) {
    const [a, b] = [line[k] as Point, line[k + 1] as Point];
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const len2 = dx * dx + dy * dy;
    const s = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
    best = Math.min(best, Math.hypot(p[0] - a[0] - s * dx, p[1] - a[1] - s * dy));
  }
  return best;
}

/** The largest distance from a vertex of either path to the other's outline, in pixels. */
function outlineGap(a: string, b: string): number {
  const [va, vb] = [vertices(a), vertices(b)];
  return Math.max(...va.map((p) => distanceTo(p, vb)), ...vb.map((p) => distanceTo(p, va)));
}

/** The y ranges the time courses are drawn with, and the ones the figure fitted to its data would have. */
function ranges(page: Page) {
  return page.evaluate(() => {
    const bench = window.__plasticity?.bench;
    const gd = document.getElementById("fig-time") as Graph;
    const fitted = bench?.fullTimeFigure()?.layout as Record<string, { range?: number[] }> | undefined;
    const axes = Object.keys(gd.layout).filter((k) => /^yaxis\d*$/.test(k));
    return axes.map((k) => ({ axis: k, drawn: gd._fullLayout[k]?.range, fitted: fitted?.[k]?.range }));
  });
}

describe("dragging a slider", () => {
  it("moves the traces alone while the axes hold, draws what a full redraw draws, then fits the axes", async () => {
    const { page, errors } = await openApp(browser, url);
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 60_000 });
    const up = Array.from({ length: 30 }, (_, k) => 80 + k);
    const kinds = await drag(page, [...up, ...up.slice().reverse()]);
    // Held axes leave most steps nothing to redraw but the traces, whose paths are written directly.
    expect(kinds.filter((k) => k === "paths").length).toBeGreaterThan(kinds.length / 2);
    expect(kinds.at(-1)).toBe("paths");
    const during = await pathsAndTwin(page);
    expect(during.onPage.length).toBeGreaterThan(0);
    expect(during.onPage.map((p) => p.style)).toEqual(during.whole.map((p) => p.style));
    // Plotly leaves out points that lie within a tolerance of a straight stretch (a quarter of the
    // line's width, at least 0.75 px) and the written path keeps them: each path's vertices lie on the
    // other's line to within that tolerance.
    during.onPage.forEach((p, k) => {
      expect(outlineGap(p.d, during.whole[k]?.d ?? ""), `trace path ${k}`).toBeLessThan(0.8);
    });

    // Once input pauses, the axes are fitted to the data again, as a fresh page would draw them, and
    // the traces are Plotly's own, exactly.
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 60_000 });
    await page.waitForTimeout(400);
    for (const r of await ranges(page)) {
      expect(r.drawn, r.axis).toBeDefined();
      expect(r.drawn?.[0], r.axis).toBeCloseTo(r.fitted?.[0] as number, 9);
      expect(r.drawn?.[1], r.axis).toBeCloseTo(r.fitted?.[1] as number, 9);
    }
    const settled = await pathsAndTwin(page);
    expect(settled.onPage).toEqual(settled.whole);
    expect(errors).toEqual([]);
  });

  it("lays the outcome over the figure, beside the weight panel or, on a phone, inside it", async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const { page } = await openApp(browser, url);
      await page.setViewportSize(viewport);
      await page.waitForTimeout(600);
      const seen = await page.evaluate(() => {
        const gd = document.getElementById("fig-time") as Graph;
        const label = gd.querySelector(".outcome-label") as HTMLElement;
        const box = label.getBoundingClientRect();
        const fig = gd.getBoundingClientRect();
        const size = gd._fullLayout._size;
        const axes = Object.keys(gd._fullLayout).filter((k) => /^yaxis\d*$/.test(k));
        // The weight panel is the lowest: the smallest domain start.
        const low = Math.min(...axes.map((k) => gd._fullLayout[k]?.domain?.[0] ?? 1));
        const high = Math.max(
          ...axes.filter((k) => gd._fullLayout[k]?.domain?.[0] === low).map((k) => gd._fullLayout[k]?.domain?.[1] ?? 0),
        );
        const panel = {
          left: fig.left + size.l,
          right: fig.left + size.l + size.w,
          top: fig.top + size.t + (1 - high) * size.h,
          bottom: fig.top + size.t + (1 - low) * size.h,
        };
        return {
          text: label.textContent ?? "",
          summary: window.__plasticity?.summary(),
          box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
          fig: { left: fig.left, right: fig.right, top: fig.top, bottom: fig.bottom },
          panel,
        };
      });
      const what = `${viewport.width}×${viewport.height}`;
      expect(seen.text, what).toContain(String(seen.summary?.outcome === "none" ? "No" : seen.summary?.outcome));
      expect(seen.box.left, what).toBeGreaterThanOrEqual(seen.fig.left);
      expect(seen.box.right, what).toBeLessThanOrEqual(seen.fig.right + 0.5);
      expect(seen.box.top, what).toBeGreaterThanOrEqual(seen.panel.top - 0.5);
      expect(seen.box.bottom, what).toBeLessThanOrEqual(seen.panel.bottom + 0.5);
      if (viewport.width < 640) expect(seen.box.right, what).toBeLessThanOrEqual(seen.panel.right + 0.5);
      else expect(seen.box.left, what).toBeGreaterThanOrEqual(seen.panel.right);
      await page.close();
    }
  });
});
