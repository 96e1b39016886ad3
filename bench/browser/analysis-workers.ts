/**
 * Browser benchmark of the analysis workers alone (headless Chromium, the built worker script, no page
 * around it): a 1000-subject population with the β-blocker and a 40 × 40 plasticity map, on one worker
 * and on one per core, cut as the app cuts them (two parts per worker, taken as workers come free).
 * Workers are started and loaded first, as the app has them by the time a job is asked. One worker
 * and all workers alternate round by round, so a load that comes and goes falls on both; beside each
 * time is the processor time Chromium got while the job ran, in cores, which says whether other work
 * on the machine left the workers their cores.
 * Usage: npx tsx bench/browser/analysis-workers.ts [--build] [--rounds N]
 */
import { execSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { buildApp, DIST, ROOT } from "../../tests/browser/build-app.ts";
import { launchChromium } from "../../tests/browser/chromium.ts";
import { serveStatic } from "../../tests/browser/static-server.ts";

const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const MODEL_FILE = "models/ne-calcium-plasticity.yaml";
const PARTS_PER_WORKER = 2;

const JOBS = [
  {
    name: "population 1000 (+β-blocker)",
    items: 1000,
    whole: { kind: "population", seed: 1, n: 1000, treatment: "beta-blocker" },
  },
  { name: "map 40 × 40", items: 1600, whole: { kind: "map", x: { param: "u", n: 40 }, y: { param: "gb", n: 40 } } },
];

/** Processor time (ms) used so far by this process's descendants (Chromium and its helpers); NaN off Linux. */
function childCpuMs(): number {
  try {
    const all = execSync("ps -eo pid=,ppid=")
      .toString()
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number));
    const mine = new Set([process.pid]);
    let size = 0;
    while (mine.size > size) {
      size = mine.size;
      for (const [pid, ppid] of all) if (mine.has(ppid as number)) mine.add(pid as number);
    }
    mine.delete(process.pid);
    const tick = 1000 / Number(execSync("getconf CLK_TCK").toString());
    let ms = 0;
    for (const pid of mine) {
      const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (f.length > 13) ms += (Number(f[11]) + Number(f[12])) * tick;
    }
    return ms;
  } catch {
    return Number.NaN;
  }
}

// Page-side code is passed as text: tsx's helpers do not exist in the page.
const SETUP = `async ({ workerUrl, modelText, modelFile, counts }) => {
  const start = (n) => Array.from({ length: n }, () => {
    const w = new Worker(workerUrl, { type: "module" });
    w.postMessage({ kind: "init", modelText, modelFile });
    return w;
  });
  let id = 1;
  const run = (w, job) => new Promise((resolve, reject) => {
    const me = id++;
    const h = (e) => {
      if (e.data.id !== me || e.data.kind === "progress") return;
      w.removeEventListener("message", h);
      e.data.kind === "result" ? resolve(e.data) : reject(new Error(e.data.message));
    };
    w.addEventListener("message", h);
    w.postMessage({ kind: "run", id: me, spec: {}, job });
  });
  // First come, first served, as the app's pool: each worker takes the next part when it is free.
  window.benchRun = async (n, whole, items, perWorker) => {
    const k = n * perWorker;
    const parts = Array.from({ length: k }, (_, i) => ({ kind: "part", whole, from: Math.floor((i * items) / k), to: Math.floor(((i + 1) * items) / k) }));
    const t0 = performance.now();
    const backends = new Set();
    await Promise.all(window.benchPools[n].map(async (w) => {
      for (let p = parts.shift(); p; p = parts.shift()) backends.add((await run(w, p)).backend);
    }));
    return { ms: performance.now() - t0, backend: [...backends].join("/") };
  };
  window.benchPools = Object.fromEntries(counts.map((n) => [n, start(n)]));
  // Loaded and compiled, and the JIT warmed, before anything is timed.
  for (const ws of Object.values(window.benchPools))
    await Promise.all(ws.map((w) => run(w, { kind: "part", whole: { kind: "map", x: { param: "u", n: 10 }, y: { param: "gb", n: 10 } }, from: 0, to: 100 })));
}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  if (process.argv.includes("--build") || !existsSync(resolve(DIST, "index.html"))) await buildApp();
  const script = readdirSync(resolve(DIST, "assets")).find((f) => /^compute-worker-.*\.js$/.test(f));
  if (!script) throw new Error(`no compute worker script in ${DIST}/assets`);
  const { url, server } = await serveStatic(DIST);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Any page of the site: the worker must be same-origin.
    await page.goto(`${url}icon.svg`);
    const counts = [...new Set([1, Math.min(8, availableParallelism())])];
    const arg = {
      workerUrl: `${url}assets/${script}`,
      modelText: readFileSync(resolve(ROOT, MODEL_FILE), "utf8"),
      modelFile: MODEL_FILE,
      counts,
    };
    await page.evaluate(`(${SETUP})(${JSON.stringify(arg)})`);
    const samples = new Map<string, { ms: number; cores: number; backend: string }[]>();
    for (let r = 0; r < ROUNDS; r++)
      for (const job of JOBS)
        for (const n of counts) {
          const cpu0 = childCpuMs();
          const s = (await page.evaluate(
            `window.benchRun(${n}, ${JSON.stringify(job.whole)}, ${job.items}, ${PARTS_PER_WORKER})`,
          )) as { ms: number; backend: string };
          const cores = (childCpuMs() - cpu0) / s.ms;
          const key = `${job.name}, ${n} worker${n > 1 ? "s" : ""}`;
          samples.set(key, [...(samples.get(key) ?? []), { ...s, cores }]);
        }
    console.log(
      `Analysis workers alone in headless Chromium (${ROUNDS} rounds, 1 and ${counts.at(-1)} workers alternating; machine: ${availableParallelism()} cores)`,
    );
    console.log(`${"job".padEnd(40)} backend   median ms  best ms  cores got (median)  target`);
    for (const [key, xs] of samples) {
      const ms = median(xs.map((x) => x.ms));
      const best = Math.min(...xs.map((x) => x.ms));
      const cores = median(xs.map((x) => x.cores));
      console.log(
        `${key.padEnd(40)} ${[...new Set(xs.map((x) => x.backend))].join("/").padEnd(9)} ${ms.toFixed(0).padStart(9)} ${best.toFixed(0).padStart(8)} ${cores.toFixed(2).padStart(19)}  ≤ 600 ms: ${ms <= 600 ? "met" : best <= 600 ? "best round only" : "missed"}`,
      );
    }
    console.log(
      "cores got: Chromium's processor time while the job ran ÷ its wall time; below the worker count, other work on the machine held the cores.",
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
