import type { Browser, Page } from "playwright-core";
import "../../src/app/test-hook.ts";
import { ROOT } from "./build-app.ts";

export interface OpenedApp {
  page: Page;
  /** Console errors and uncaught exceptions seen since the page opened. */
  errors: string[];
}

/** Opens the app (optionally with a share-link query) and waits until the first run is drawn. */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  query = "",
  options: { bypassCSP?: boolean } = {},
): Promise<OpenedApp> {
  const page = await browser.newPage({
    viewport: { width: 1500, height: 1000 },
    acceptDownloads: true,
    bypassCSP: options.bypassCSP ?? false,
  });
  // A busy machine (tests share it with builds and other runs) can take longer than Playwright's 30 s.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  // Generous: on a loaded machine the first load of the bundle can take longer than Playwright's 30 s.
  await page.goto(`${baseUrl}${query}`, { timeout: 120_000 });
  await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0, null, { timeout: 120_000 });
  return { page, errors };
}

/** Waits for the next time-course redraw after `action`. */
export async function afterRedraw(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await page.evaluate(() => window.__plasticity?.drawCount ?? 0);
  await action();
  await page.waitForFunction((n) => (window.__plasticity?.drawCount ?? 0) > n, before);
}

interface PlottedTrace {
  name: string;
  y: number[];
}

/** The traces of one figure as Plotly holds them in the DOM (what is actually on screen). */
export function plotted(page: Page, figureId: string): Promise<PlottedTrace[]> {
  return page.evaluate((id) => {
    const gd = document.getElementById(id) as
      | (HTMLElement & { data?: { name?: string; y?: ArrayLike<number> }[] })
      | null;
    return (gd?.data ?? []).map((t) => ({ name: String(t.name ?? ""), y: Array.from(t.y ?? []) }));
  }, figureId);
}

export async function traceByPrefix(page: Page, figureId: string, prefix: string): Promise<PlottedTrace> {
  const t = (await plotted(page, figureId)).find((x) => x.name.startsWith(prefix));
  if (!t) throw new Error(`no trace named ${prefix}… in #${figureId}`);
  return t;
}

/** Shows one of the page's views (Explore, Lessons, Analyses, Claims) by its tab, as a user would. */
export async function showView(page: Page, view: "explore" | "lessons" | "analyses" | "claims"): Promise<void> {
  await page.click(`#tab-${view}`);
  await page.locator(`#tab-${view}[aria-selected="true"]`).waitFor();
}

/**
 * Clicks one of the header's actions (Handout…, Share for class…, Projector theme, Copy share link),
 * opening the header's menu first where the page is too narrow to show them in a row, as a person would.
 */
export async function clickHeaderAction(page: Page, id: string): Promise<void> {
  const action = page.locator(`#${id}`);
  const menu = page.locator("#header-menu-button");
  if (!(await action.isVisible()) && (await menu.isVisible())) await menu.click();
  await action.click();
}

export interface AxeViolation {
  id: string;
  impact: string;
  targets: string[];
}

/** Serious or critical axe-core violations on the page as it is now (the page must bypass the CSP). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: `${ROOT}/node_modules/axe-core/axe.min.js` });
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    // axe-core's global, injected above; its types are not loaded into the page.
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
