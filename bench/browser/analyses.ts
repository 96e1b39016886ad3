/**
 * Browser benchmark of the analyses (headless Chromium, built app): a 1000-subject population, a trial
 * of 2 × 200 subjects, a 40 × 40 plasticity map and the sensitivity analysis, each in the analysis
 * workers, with one worker and with one per core, back to back. Each job is timed alone: the first
 * request when its tab opens (worker start-up included, and for the population the trial beside it)
 * is reported apart, and the job is then asked again once nothing else runs. Times: the engine's
 * loop in the workers (summed over a job's parts), the page's request to result, and the longest
 * main-thread long task while the job ran, overall and leaving out the drawing of finished results.
 * Usage: npx tsx bench/browser/analyses.ts [--build] [--rounds N] [--compare DIR]
 * (builds dist when missing or asked; --compare also measures another build, e.g. of an earlier
 * commit, interleaved with this one)
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import type { RunnerProbe } from "../../src/app/analyses/job-runner.ts";
import "../../src/app/test-hook.ts";
import { buildApp, DIST } from "../../tests/browser/build-app.ts";
import { launchChromium } from "../../tests/browser/chromium.ts";
import { serveStatic } from "../../tests/browser/static-server.ts";

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

interface Sample {
  /** Longest long task while the section first appeared and drew its first figure. */
  warm: number;
  /** Request to result of the job as first asked, when its tab opened. */
  firstMs: number;
  workerMs: number;
  pageMs: number;
  backend: string;
  longest: number;
  longestNotDrawing: number;
}

const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
const compareArg = process.argv.indexOf("--compare");
const COMPARE = compareArg > 0 ? resolve(process.argv[compareArg + 1] as string) : undefined;

interface Job {
  name: string;
  tab: string;
  view: string;
  /**
   * Once the tab's first jobs are done, the job is asked again alone: a field of the view set to a
   * value, or a button pressed (the population's next seed).
   */
  again?: { field: string; value: string } | { button: string };
}

/** One job on a freshly opened page, so every round includes starting the worker, as a user's first run does. */
async function measure(page: Page, url: string, { tab, view, again }: Job): Promise<Sample> {
  await page.goto(url);
  await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0, null, { timeout: 30_000 });
  // The explorer's own start-up (its dose-response, the equations) is not the analyses' to measure.
  await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  // Not buffered: the page's own load (parsing its scripts) is over by now and is not the section's.
  const observedFrom = await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks?.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask" });
    return performance.now();
  });
  // As a reader arrives: the Analyses view opens, its first tab (the sweep) computes and draws; the job
  // measured is the one opened after that.
  await page.click("#tab-analyses");
  await page.waitForFunction(() => window.__analyses?.dose?.status === "done", null, { timeout: 60_000 });
  const warm = await page.evaluate(
    (from) => Math.max(0, ...(window.__longTasks ?? []).filter((t) => t.start >= from).map((t) => t.duration)),
    observedFrom,
  );
  await page.click(`#analysis-tab-${tab}`);
  await page.waitForFunction((v) => window.__analyses?.[v]?.status === "done", view, { timeout: 120_000 });
  const firstMs = await page.evaluate((v) => {
    const q = window.__analyses?.[v];
    return q ? q.resultAt - q.startedAt : Number.NaN;
  }, view);
  // Nothing else runs while the job is timed: the other view of the tab (the trial beside the
  // population) is let finish first. A job alone in its tab is timed as first asked.
  await page.waitForFunction(() => Object.values(window.__analyses ?? {}).every((q) => q.status !== "running"), null, {
    timeout: 120_000,
  });
  await page.waitForTimeout(500);
  if (again) {
    const before = await page.evaluate((v) => window.__analyses?.[v]?.started ?? 0, view);
    if ("button" in again) await page.click(`#${again.button}`);
    else {
      await page.fill(`#${again.field}`, again.value);
      await page.dispatchEvent(`#${again.field}`, "change");
    }
    await page.waitForFunction(
      ({ v, n }) => (window.__analyses?.[v]?.started ?? 0) > n && window.__analyses?.[v]?.status === "done",
      { v: view, n: before },
      { timeout: 120_000 },
    );
    await page.waitForTimeout(500);
  }
  // The arithmetic is done here, not in the page: tsx's helpers are not defined there.
  const { q, paints, tasks } = await page.evaluate((v) => {
    const all = window.__analyses ?? {};
    return {
      q: all[v] as RunnerProbe,
      paints: Object.values(all).flatMap((x) => x.paints),
      tasks: window.__longTasks ?? [],
    };
  }, view);
  const during = tasks.filter((t) => t.start + t.duration > q.startedAt && t.start < q.resultAt);
  const drawing = (t: { start: number; duration: number }) =>
    paints.some((w) => t.start < w.end + 100 && t.start + t.duration > w.start);
  return {
    warm,
    firstMs,
    workerMs: q.lastMs,
    pageMs: q.resultAt - q.startedAt,
    // A build from before the workers said what they compiled to has no such field.
    backend: (q as { backend?: string }).backend || "?",
    longest: Math.max(0, ...during.map((t) => t.duration)),
    longestNotDrawing: Math.max(0, ...during.filter((t) => !drawing(t)).map((t) => t.duration)),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (x: number) => x.toFixed(0).padStart(8);

async function main(): Promise<void> {
  if (process.argv.includes("--build") || !existsSync(resolve(DIST, "index.html"))) await buildApp();
  const builds = [{ label: "this", dir: DIST }, ...(COMPARE ? [{ label: "compared", dir: COMPARE }] : [])];
  const served = await Promise.all(builds.map(async (b) => ({ ...b, ...(await serveStatic(b.dir)) })));
  const browser = await launchChromium();
  try {
    const jobs: Job[] = [
      {
        name: "population 1000 (+β-blocker)",
        tab: "population",
        view: "population",
        again: { button: "population-new-seed" },
      },
      { name: "trial 2 × 200", tab: "population", view: "trial", again: { field: "trial-n", value: "200" } },
      { name: "map 40 × 40", tab: "map", view: "map" },
      { name: "sensitivity", tab: "sensitivity", view: "sensitivity" },
    ];
    const rows: [string, Sample][] = [];
    // The app starts one worker per core (navigator.hardwareConcurrency); one worker is the baseline.
    // Worker counts and builds are interleaved job by job, so a load that comes and goes on the machine
    // falls on all of them alike.
    const workerCounts = [...new Set([1, Math.min(8, availableParallelism())])];
    for (const job of jobs)
      for (const workers of workerCounts)
        for (const build of served) {
          const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
          await ctx.addInitScript(
            `Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => ${workers} });`,
          );
          const page = await ctx.newPage();
          const samples: Sample[] = [];
          for (let k = 0; k < ROUNDS; k++) samples.push(await measure(page, build.url, job));
          await ctx.close();
          const pick = (f: (s: Sample) => number) => median(samples.map(f));
          const worst = (f: (s: Sample) => number) => Math.max(...samples.map(f));
          const name = `${job.name}, ${workers} worker${workers > 1 ? "s" : ""}`;
          rows.push([
            served.length > 1 ? `${name} [${build.label}]` : name,
            {
              warm: worst((s) => s.warm),
              firstMs: pick((s) => s.firstMs),
              workerMs: pick((s) => s.workerMs),
              pageMs: pick((s) => s.pageMs),
              backend: [...new Set(samples.map((s) => s.backend))].join("/"),
              longest: worst((s) => s.longest),
              longestNotDrawing: worst((s) => s.longestNotDrawing),
            },
          ]);
        }
    console.log(`Analyses in headless Chromium, ${ROUNDS} rounds each (median times; long tasks: worst round)`);
    console.log(`machine: ${availableParallelism()} cores`);
    if (COMPARE) console.log(`builds: this = ${DIST}; compared = ${COMPARE}`);
    console.log(
      `${"job".padEnd(52)} backend  first ms  engine ms  page ms  longest task ms  longest not drawing ms  section start-up ms`,
    );
    for (const [name, s] of rows)
      console.log(
        `${name.padEnd(52)} ${s.backend.padEnd(8)} ${fmt(s.firstMs)} ${fmt(s.workerMs).padStart(10)} ${fmt(s.pageMs)} ${fmt(s.longest).padStart(16)} ${fmt(s.longestNotDrawing).padStart(23)} ${fmt(s.warm).padStart(20)}`,
      );
    console.log(
      "page ms: request to result on the page, the job alone (population and trial asked again once the tab's first jobs were done; map and sensitivity as first asked, alone in their tabs).",
    );
    console.log(
      "first ms: the job as first asked when its tab opened (worker start-up, and for the population the trial beside it, included).",
    );
    console.log(
      "engine ms: the engine's loop in the workers, summed over a job's parts (processor time); backend: what the workers compiled the equations to (function = generated code).",
    );
    console.log(
      "Long tasks (≥ 50 ms is all the browser reports) are counted while the job ran; 'not drawing' leaves out those that overlap Plotly drawing a finished result, which is main-thread work by design.",
    );
    console.log(
      "section start-up: the longest task while the section first appeared and drew its first figure (the dose-response), before the job.",
    );
  } finally {
    await browser.close();
    for (const s of served) s.server.close();
  }
}

await main();
