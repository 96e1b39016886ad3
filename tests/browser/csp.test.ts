import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../vite.config.ts";
import { afterRedraw, openApp, traceByPrefix } from "./app-page.ts";
import { launchChromium } from "./chromium.ts";

const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/**
 * Records every report of the page's policy from the first script on. The only report the app could
 * accept is `script-src` blocking `eval`: the equation compiler's probe of `new Function`, made when
 * it cannot read the policy from the page (a policy sent as a header). With the built page's <meta>,
 * the app reads the policy first and compiles to closures (and zod validates without generated code),
 * so there should be none at all.
 */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    (window as unknown as { __violations: typeof seen }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      });
    });
  });
}

function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);
}

const isCompilerProbe = (v: Violation) => v.directive === "script-src" && v.blocked === "eval";

describe("the built page under the policy it ships", () => {
  it("carries the policy, draws, redraws on a slider, exports a PNG and gets the worker's dose-response", async () => {
    // openApp with the default bypassCSP: false, so Chromium enforces the <meta> policy.
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await recordViolations(page);
    await page.goto(url);
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);

    const meta = await page.evaluate(
      () => document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content,
    );
    expect(meta).toBe(CONTENT_SECURITY_POLICY);

    // The time courses are drawn with data.
    const c0 = await traceByPrefix(page, "fig-time", "C:");
    expect(c0.y.length).toBeGreaterThan(100);
    expect(c0.y.every(Number.isFinite)).toBe(true);
    expect(Math.max(...c0.y)).toBeGreaterThan(0.5);

    // A slider change redraws them.
    await page.locator("#param-u-slider").focus();
    await afterRedraw(page, async () => {
      for (let k = 0; k < 26; k++) await page.keyboard.press("ArrowLeft");
    });
    await page.waitForFunction(() => window.__plasticity?.values().u === 0.302);
    const c1 = await traceByPrefix(page, "fig-time", "C:");
    expect(Math.max(...c1.y)).toBeLessThan(Math.max(...c0.y) - 0.1);

    // The dose-response, computed in a worker, arrives for the current state.
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
    const dose = await traceByPrefix(page, "fig-dose", "w at end");
    expect(dose.y.length).toBeGreaterThan(20);
    expect(dose.y.every(Number.isFinite)).toBe(true);

    // A PNG export still works (data: and blob: images are allowed).
    await page.selectOption("#export-figure", "time");
    const [png] = (await Promise.all([page.waitForEvent("download"), page.click("#export-png-1")])) as [
      Download,
      undefined,
    ];
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const path = await png.path();
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(path);
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(10_000);

    const seen = await violations(page);
    const unexpected = seen.filter((v) => !isCompilerProbe(v));
    expect(unexpected, JSON.stringify(unexpected, null, 1)).toEqual([]);
    // The app reads the policy from the page and never tries eval, so not even the probe reports.
    expect(seen).toEqual([]);
    expect(errors).toEqual([]);

    // The policy is live: an inline script is refused, and its report is seen. (Eval cannot be tried
    // from here: code run through the DevTools protocol is exempt from the page's eval rule.)
    const inlineRan = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inlineRan = true";
      document.body.append(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    await page.waitForFunction(() => (window as unknown as { __violations: unknown[] }).__violations.length > 0);
    const after = await violations(page);
    expect(after.some((v) => v.directive === "script-src-elem" && v.blocked === "inline")).toBe(true);
    await page.close();
  });

  it("opens under the policy with an untrusted link and runs nothing from it", async () => {
    const { page, errors } = await openApp(
      browser,
      url,
      `?u=abc&Kb=1e308&${encodeURIComponent("<script>window.__pwned=1</script>")}=1`,
    );
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator(".notice").first().textContent()).toContain("not loaded");
    expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
