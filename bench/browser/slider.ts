/**
 * Browser benchmark of the explorer (headless Chromium, built app):
 * - slider input → all time-course panels redrawn, against a bare Plotly.react of the same figure;
 * - a fast drag: the value shown at the end is the last one given;
 * - cold load of the built app to the first drawn figure.
 * Usage: npx tsx bench/browser/slider.ts [--build]   (builds dist when missing or asked)
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import "../../src/app/test-hook.ts";
import { buildApp, DIST } from "../../tests/browser/build-app.ts";
import { launchChromium } from "../../tests/browser/chromium.ts";
import { serveStatic } from "../../tests/browser/static-server.ts";

const ROUNDS = 80;
/** The NE value at slider position 99 of 200 on its 0.01–100 µM log scale, to three figures. */
const LAST_U = Number((10 ** (-2 + (4 * 99) / 200)).toPrecision(3));

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  return { median: q(0.5), p95: q(0.95), n: s.length };
}

const fmt = (x: number) => x.toFixed(1).padStart(7);

/** Bytes of JavaScript in the build (main chunk, lazy chunks and workers; source maps excluded). */
function jsBytes(dir: string): number {
  const assets = resolve(dir, "assets");
  return readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .reduce((sum, f) => sum + statSync(resolve(assets, f)).size, 0);
}

async function main(): Promise<void> {
  if (process.argv.includes("--build") || !existsSync(resolve(DIST, "index.html"))) await buildApp();
  const { url, server } = await serveStatic(DIST);
  const browser = await launchChromium();
  try {
    // Cold load: a fresh context each time, so nothing is cached.
    const cold: number[] = [];
    for (let k = 0; k < 3; k++) {
      const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      // A busy machine can take longer than Playwright's default 30 s to load the page.
      ctx.setDefaultTimeout(120_000);
      const page = await ctx.newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.__plasticity?.firstDrawAt !== undefined, null, { timeout: 120_000 });
      cold.push((await page.evaluate(() => window.__plasticity?.firstDrawAt)) as number);
      await ctx.close();
    }

    const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    ctx.setDefaultTimeout(120_000);
    // tsx keeps function names through a `__name` helper that the functions sent to the page call.
    await ctx.addInitScript("globalThis.__name = (f) => f");
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 120_000 });

    // Slider input → redraw, alternating between the LTD and the LTP side of the NE slider, interleaved
    // with a bare Plotly.react of the very figures the app drew, so that both see the same machine load.
    const timed = await page.evaluate(async (rounds) => {
      const p = window.__plasticity;
      if (!p?.bench) throw new Error("app probe missing");
      const bench = p.bench;
      const slider = document.getElementById("param-u-slider") as HTMLInputElement;
      const gd = document.getElementById("fig-time") as HTMLElement;
      const pause = () => new Promise((res) => setTimeout(res, 250));
      const move = async (pos: number) => {
        const drawn = new Promise((res) => document.addEventListener("plasticity:drawn", res, { once: true }));
        const t0 = performance.now();
        slider.value = String(pos);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        await drawn;
        return performance.now() - t0;
      };
      const figs = [];
      for (const pos of [74, 100]) {
        await move(pos);
        figs.push(bench.timeFigure());
        await pause();
      }
      const app: number[] = [];
      const sim: number[] = [];
      const bare: number[] = [];
      for (let k = 0; k < rounds + 5; k++) {
        const ms = await move(k % 2 ? 74 : 100);
        if (k >= 5) {
          app.push(ms);
          sim.push(p.lastSimMs);
        }
        // Let the deferred rule and dose figures draw, as they would between a user's moves.
        await pause();
        const f = figs[k % 2];
        if (!f) throw new Error("no figure");
        const t0 = performance.now();
        await bench.plotly.react(gd, f.data, f.layout, bench.config);
        if (k >= 5) bare.push(performance.now() - t0);
        await pause();
      }
      return { app, sim, bare };
    }, ROUNDS);

    // Fast drag, synthetic: 40 input events 2 ms apart, far faster than frames.
    const fast = await page.evaluate(async () => {
      const p = window.__plasticity;
      const slider = document.getElementById("param-u-slider") as HTMLInputElement;
      const before = p?.drawCount ?? 0;
      for (let k = 0; k < 40; k++) {
        slider.value = String(60 + k);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        await new Promise((res) => setTimeout(res, 2));
      }
      await new Promise((res) => setTimeout(res, 500));
      const gd = document.getElementById("fig-time") as HTMLElement & {
        data: { name: string; y: ArrayLike<number> }[];
      };
      const w = gd.data.find((t) => t.name.startsWith("w:"));
      return {
        events: 40,
        draws: (p?.drawCount ?? 0) - before,
        shownU: p?.values().u,
        box: (document.getElementById("param-u") as HTMLInputElement).value,
        plottedWEnd: w ? w.y[w.y.length - 1] : Number.NaN,
        summaryWEnd: p?.summary()?.wEnd,
      };
    });

    // Fast drag with the real mouse, from one end of the NE slider to about 1 µM, no pauses.
    const box = await page.locator("#param-u-slider").boundingBox();
    if (!box) throw new Error("slider not visible");
    await page.mouse.move(box.x + 6, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 60 });
    await page.mouse.up();
    await page.waitForTimeout(500);
    const mouse = await page.evaluate(() => ({
      slider: (document.getElementById("param-u-slider") as HTMLInputElement).value,
      shownU: window.__plasticity?.values().u,
      box: (document.getElementById("param-u") as HTMLInputElement).value,
    }));

    const a = stats(timed.app);
    const sim = stats(timed.sim);
    const b = stats(timed.bare);
    const c = stats(cold);
    console.log("Plasticity Lab — browser benchmark (headless Chromium, built app)\n");
    console.log("measure                                   median      p95   n");
    console.log(`slider input → time courses redrawn (ms) ${fmt(a.median)}  ${fmt(a.p95)}  ${a.n}`);
    console.log(`  of which the solve (ms)                ${fmt(sim.median)}  ${fmt(sim.p95)}  ${sim.n}`);
    console.log(`bare Plotly.react, same figure (ms)      ${fmt(b.median)}  ${fmt(b.p95)}  ${b.n}`);
    console.log(
      `ratio app / bare                          ${(a.median / b.median).toFixed(2).padStart(6)}   ${(a.p95 / b.p95).toFixed(2).padStart(6)}`,
    );
    console.log(`cold load to first drawn figure (ms)     ${fmt(c.median)}  ${fmt(Math.max(...cold))}  ${c.n}`);
    console.log(`JavaScript in the build (KB)             ${fmt(jsBytes(DIST) / 1024)}`);
    console.log(
      `\nfast drag (synthetic, 40 inputs 2 ms apart): ${fast.draws} redraws; last value given ${LAST_U} µM → shown u=${fast.shownU}, box "${fast.box}", plotted w_end ${fast.plottedWEnd} = summary ${fast.summaryWEnd}: ${fast.plottedWEnd === fast.summaryWEnd && fast.shownU === LAST_U ? "last value wins" : "MISMATCH"}`,
    );
    console.log(`fast drag (mouse, 60 moves): slider at ${mouse.slider} → shown u=${mouse.shownU}, box "${mouse.box}"`);
    console.log(`\ntargets: median ≤ 50 ms, p95 ≤ 100 ms, ratio ≤ 1.3, cold load ≤ 1000 ms`);
    await ctx.close();
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
