import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadModel, simulate, toCsv } from "../../src/engine/index.ts";
import { afterRedraw, openApp } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const MODEL_PATH = `${ROOT}/models/ne-calcium-plasticity.yaml`;
const model = loadModel(readFileSync(MODEL_PATH, "utf8"), "models/ne-calcium-plasticity.yaml");
const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent("download"), click()])) as [Download, undefined];
  const path = await d.path();
  return { name: d.suggestedFilename(), body: readFileSync(path) };
}

/** The PNG's pixel size, from its IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The CLI's CSV for the same state, or the engine's own CSV if the CLI is missing. */
async function referenceCsv(args: string[], spec: Parameters<typeof simulate>[1]): Promise<string> {
  if (existsSync(`${ROOT}/src/cli/main.ts`)) {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "src/cli/main.ts", "simulate", ...args, "--format", "csv"],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout;
  }
  return toCsv(simulate(model, spec));
}

describe("exports and share links", () => {
  it("downloads PNG at 1×, 2× and 3× and SVG, each carrying the label, model and share link", async () => {
    const { page, errors } = await openApp(browser, url, "?u=0.3");
    for (const scale of [1, 2, 3]) {
      const png = await download(page, () => page.click(`#export-png-${scale}`));
      expect(png.name).toBe(`plasticity-lab-time@${scale}x.png`);
      const exported = await page.evaluate(() => window.__plasticity?.lastExport);
      expect(exported?.format).toBe("png");
      const size = pngSize(png.body);
      expect(size.width).toBe((exported?.width ?? 0) * scale);
      expect(size.height).toBe((exported?.height ?? 0) * scale);
      const texts = (exported?.layout.annotations ?? []).map((a) => String(a.text ?? ""));
      expect(texts.some((t) => t.includes(model.label))).toBe(true);
      expect(texts.some((t) => t.includes(`${model.id} ${model.version}`))).toBe(true);
      expect(texts.some((t) => t.includes("u = 0.3 µM") && t.includes("share link:"))).toBe(true);
    }
    for (const figure of ["time", "rule", "dose"]) {
      await page.selectOption("#export-figure", figure);
      const svg = await download(page, () => page.click("#export-svg"));
      expect(svg.name).toBe(`plasticity-lab-${figure}.svg`);
      const text = svg.body.toString("utf8");
      expect(text.startsWith("<svg")).toBe(true);
      expect(text).toContain(model.label);
      expect(text).toContain(`${model.id} ${model.version}`);
      expect(text).toContain("share link:");
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports a CSV equal to the CLI's for the same state (but for the link line)", async () => {
    const { page } = await openApp(browser, url, "?preset=moderate-ne&protocol=train&Kb=2");
    const csv = await download(page, () => page.click("#export-csv"));
    const lines = csv.body.toString("utf8").split("\n");
    expect(lines[0]).toBe(`# ${model.label}`);
    const link = lines.find((l) => l.startsWith("# link: "));
    expect(link).toBe(`# link: ${url}?model=ne-calcium-plasticity&preset=moderate-ne&protocol=train&Kb=2`);
    const app = lines.filter((l) => !l.startsWith("# link: ")).join("\n");
    const cli = await referenceCsv(["--preset", "moderate-ne", "--protocol", "train", "--set", "Kb=2"], {
      preset: "moderate-ne",
      protocol: "train",
      params: { Kb: 2 },
    });
    // Comment lines and the header are the same text; the numbers may differ in their 10th significant
    // digit (or below 1e-12, far under the solver's absolute tolerance), because ECMAScript leaves the
    // last bit of Math.exp and Math.pow to each engine (Chromium's V8 and Node's are different versions).
    const a = app.split("\n");
    const c = cli.split("\n");
    expect(a.length).toBe(c.length);
    a.forEach((line, k) => {
      const other = c[k] as string;
      if (line.startsWith("#") || !/^[-\d]/.test(line)) {
        expect(line, `line ${k + 1}`).toBe(other);
        return;
      }
      const x = line.split(",").map(Number);
      const y = other.split(",").map(Number);
      expect(x.length, `line ${k + 1}`).toBe(y.length);
      x.forEach((v, j) => {
        const w = y[j] as number;
        expect(Math.abs(v - w), `line ${k + 1}, column ${j + 1}: ${v} vs ${w}`).toBeLessThanOrEqual(
          1e-9 * Math.max(Math.abs(v), Math.abs(w)) + 1e-12,
        );
      });
    });
    await page.close();
  });

  it("gives a pinned run's CSV the full link that reopens the pinned run", async () => {
    const { page } = await openApp(browser, url, "?preset=moderate-ne&Kb=2");
    await page.click("#pin");
    await page.locator('[aria-label="Download pin 1 as CSV"]').waitFor();
    // The current run moves on; the pin's link stays the pinned run's.
    await afterRedraw(page, async () => {
      await page.fill("#param-u", "0.7");
      await page.press("#param-u", "Enter");
    });
    const csv = await download(page, () => page.click('[aria-label="Download pin 1 as CSV"]'));
    const lines = csv.body.toString("utf8").split("\n");
    expect(lines.find((l) => l.startsWith("# link: "))).toBe(
      `# link: ${url}?model=ne-calcium-plasticity&preset=moderate-ne&Kb=2`,
    );
    await page.close();
  });

  it("re-imports its own JSON export to the same numbers, pinned runs included", async () => {
    const { page } = await openApp(browser, url, "?u=0.5&gb=4");
    await afterRedraw(page, () => page.click("#pin"));
    await afterRedraw(page, () => page.selectOption("#protocol", "ramp").then(() => undefined));
    const json = await download(page, () => page.click("#export-json"));
    const data = JSON.parse(json.body.toString("utf8")) as {
      label: string;
      summary: { w_end: number };
      pinned: unknown[];
    };
    expect(data.label).toBe(model.label);
    expect(data.pinned.length).toBe(1);
    await afterRedraw(page, () => page.click("#reset-all"));
    expect(await page.evaluate(() => window.__plasticity?.values().u)).toBe(1);
    await afterRedraw(page, () =>
      page.setInputFiles("#import-json", { name: "run.json", mimeType: "application/json", buffer: json.body }),
    );
    const values = await page.evaluate(() => window.__plasticity?.values());
    expect(values?.u).toBe(0.5);
    expect(values?.gb).toBe(4);
    expect(await page.locator("#protocol").inputValue()).toBe("ramp");
    expect(await page.evaluate(() => window.__plasticity?.summary()?.wEnd)).toBe(data.summary.w_end);
    expect(await page.locator("#pin-list .pin").count()).toBe(1);
    await page.close();
  });

  it("round-trips the state through the share link", async () => {
    const { page } = await openApp(browser, url);
    await afterRedraw(page, () => page.selectOption("#preset", "beta-blocker").then(() => undefined));
    await afterRedraw(page, () => page.selectOption("#protocol", "train").then(() => undefined));
    await page.locator("details.param-group > summary", { hasText: "Calcium" }).click();
    const box = page.locator("#param-gb");
    await afterRedraw(page, async () => {
      await box.fill("5.5");
      await box.press("Enter");
    });
    // The address bar follows the state once input pauses.
    await page.waitForURL(/gb=5\.5/);
    const link = page.url();
    expect(link).toContain("preset=beta-blocker");
    const spec = await page.evaluate(() => window.__plasticity?.spec());
    const wEnd = await page.evaluate(() => window.__plasticity?.summary()?.wEnd);
    const second = await openApp(browser, link, "");
    expect(await second.page.evaluate(() => window.__plasticity?.spec())).toEqual(spec);
    expect(await second.page.evaluate(() => window.__plasticity?.summary()?.wEnd)).toBe(wEnd);
    expect(await second.page.locator("#param-gb").inputValue()).toBe("5.5");
    expect(await second.page.locator("#param-Kb").inputValue()).toBe("5");
    expect(await second.page.locator("#protocol").inputValue()).toBe("train");
    expect(await second.page.locator(".notice").count()).toBe(0);
    await second.page.close();
    await page.close();
  });

  it("drops bad link entries with a visible notice naming each, and loads the rest", async () => {
    const { page } = await openApp(browser, url, "?u=abc&Kb=100&zz=1&tEnd=1200&protocol=bogus");
    const notice = await page.locator(".notice").textContent();
    expect(notice).toContain('u: "abc" is not a number');
    expect(notice).toContain("Kb = 100 is outside its range, 0.01 to 10 µM");
    expect(notice).toContain('unknown parameter "zz"');
    expect(notice).toContain('unknown protocol "bogus"');
    const values = await page.evaluate(() => window.__plasticity?.values());
    expect(values?.tEnd).toBe(1200);
    expect(values?.u).toBe(1);
    expect(values?.Kb).toBe(0.5);
    await page.close();
  });

  it("summarises a link with 3,000 unknown keys: a count, the first few named, the rest behind a disclosure", async () => {
    const keys = Array.from({ length: 3000 }, (_, k) => `junk${k}=1`).join("&");
    // The address is longer than the test server's request-header limit: the page itself is served
    // from the plain address, and the app reads the long query from location as a user's browser has it.
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.route(
      (u) => u.search.length > 1000,
      async (route) => route.fulfill({ response: await route.fetch({ url }) }),
    );
    await page.goto(`${url}?u=0.3&${keys}`, { timeout: 120_000 });
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0, null, { timeout: 120_000 });
    const notice = page.locator('.notice[data-key="link"]');
    expect(await notice.locator(".notice-count").textContent()).toBe("3,000 entries; the first 5:");
    expect(await notice.locator(":scope > div > ul > li").allTextContents()).toEqual(
      [0, 1, 2, 3, 4].map((k) => `unknown parameter "junk${k}"`),
    );
    expect(await notice.locator("details.notice-more").getAttribute("open")).toBeNull();
    expect(await notice.locator("details.notice-more summary").textContent()).toBe("The other 2,995");
    expect((await notice.boundingBox())?.height ?? 0).toBeLessThan(320);
    // Opened, the rest scrolls inside the notice.
    await notice.locator("details.notice-more summary").click();
    expect((await notice.boundingBox())?.height ?? 0).toBeLessThan(640);
    expect((await page.evaluate(() => window.__plasticity?.values()))?.u).toBe(0.3);
    await page.close();
  });

  it("passes an axe-core accessibility scan with no serious or critical violation", async () => {
    // The built app's Content-Security-Policy forbids inline scripts, which is how axe is injected.
    const { page } = await openApp(browser, url, "", { bypassCSP: true });
    await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 30_000 });
    // Open every collapsed group so that their controls are scanned too.
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = true;
    });
    await page.addScriptTag({ path: `${ROOT}/node_modules/axe-core/axe.min.js` });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: Document,
            ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document);
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      }));
    });
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
    await page.close();
  });
});
