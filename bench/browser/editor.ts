/**
 * Browser benchmark of the model editor (headless Chromium, built app, under its CSP):
 * - diagnostics of the default model after a keystroke: the engine's loader and warnings, as the
 *   editor runs them once typing pauses (the performance measure "model-diagnostics");
 * - how long the editor takes to load and show the model after "Edit model" is pressed.
 * Usage: npx tsx bench/browser/editor.ts [--build]   (builds dist when missing or asked)
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import "../../src/app/test-hook.ts";
import { buildApp, DIST } from "../../tests/browser/build-app.ts";
import { launchChromium } from "../../tests/browser/chromium.ts";
import { serveStatic } from "../../tests/browser/static-server.ts";

const KEYSTROKES = 40;
/** A pause longer than the editor's debounce, so each keystroke gets a diagnosis of its own. */
const PAUSE_MS = 400;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  return { median: q(0.5), p95: q(0.95), n: s.length };
}

async function main(): Promise<void> {
  if (process.argv.includes("--build") || !existsSync(resolve(DIST, "index.html"))) await buildApp();
  const { url, server } = await serveStatic(DIST);
  const browser = await launchChromium();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    ctx.setDefaultTimeout(120_000);
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    const t0 = Date.now();
    await page.locator("#edit-model").click();
    await page.locator(".cm-editor").waitFor();
    const openMs = Date.now() - t0;

    // Type into a comment line, so the model stays valid and every diagnosis does the full work.
    await page.locator(".cm-content").focus();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("End");
    await page.evaluate(() => performance.clearMeasures("model-diagnostics"));
    for (let k = 0; k < KEYSTROKES; k++) {
      await page.keyboard.type(String(k % 10));
      await page.waitForTimeout(PAUSE_MS);
    }
    const ms = await page.evaluate(() => performance.getEntriesByName("model-diagnostics").map((e) => e.duration));
    const s = stats(ms);
    const status = await page.locator(".model-editor-status").textContent();
    console.log("\nModel editor (Chromium, built app under its CSP)");
    console.log(`  open the editor (load the chunk, show the model):       ${openMs} ms`);
    console.log(
      `  diagnostics after a keystroke, default model:           median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (n = ${s.n}; budget: median ≤ 50 ms)`,
    );
    console.log(`  last status: ${status}`);
    await ctx.close();
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
