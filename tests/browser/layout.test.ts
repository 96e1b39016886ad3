import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clickHeaderAction, seriousAxeViolations } from "./app-page.ts";
import { launchChromium } from "./chromium.ts";

const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Screen {
  name: string;
  width: number;
  height: number;
  theme?: "projector";
}

const SCREENS: Screen[] = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
  { name: "desktop", width: 1920, height: 1080 },
  { name: "projector", width: 1280, height: 800, theme: "projector" },
  { name: "small projector", width: 1024, height: 768, theme: "projector" },
];

const VIEWS = ["explore", "lessons", "analyses", "claims"] as const;

async function open(screen: Screen, query: string): Promise<{ page: Page; errors: string[] }> {
  // The built app's Content-Security-Policy forbids inline scripts, which is how axe is injected.
  const page = await browser.newPage({ viewport: { width: screen.width, height: screen.height }, bypassCSP: true });
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const theme = screen.theme ? `&theme=${screen.theme}` : "";
  await page.goto(`${url}?model=ne-calcium-plasticity${theme}${query}`, { timeout: 120_000 });
  await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0, null, { timeout: 120_000 });
  return { page, errors };
}

/** How far the page reaches past the window's right edge, px (0 when nothing scrolls sideways). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Where the weight panel of the time courses is, and whether it is seen: inside the window, under the
 * header, and not covered (the topmost element at its middle is the figure). The model draws the weight
 * in its last panel, so that is the lowest plot area of the figure.
 */
function weightPanel(page: Page): Promise<{ top: number; bottom: number; inView: boolean; onTop: boolean }> {
  return page.evaluate(() => {
    const areas = [...document.querySelectorAll("#fig-time .draglayer .nsewdrag")].map((e) =>
      e.getBoundingClientRect(),
    );
    const r = areas.sort((a, b) => b.top - a.top)[0];
    if (!r) return { top: 0, bottom: 0, inView: false, onTop: false };
    const header = document.querySelector(".app-header")?.getBoundingClientRect().bottom ?? 0;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      top: r.top,
      bottom: r.bottom,
      inView: r.top >= header - 1 && r.bottom <= window.innerHeight + 1 && r.width > 50,
      onTop: hit !== null && document.getElementById("fig-time")?.contains(hit) === true,
    };
  });
}

/** Waits until the time courses have been redrawn at the size the page now gives them. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const fig = document.getElementById("fig-time");
    const svg = fig?.querySelector(".main-svg");
    if (!fig || !svg) return false;
    const a = fig.getBoundingClientRect();
    const b = svg.getBoundingClientRect();
    return Math.abs(a.width - b.width) < 2 && Math.abs(a.height - b.height) < 2;
  });
}

/** A dialog's box, and whether it lies inside the window without scrolling sideways inside itself. */
function fits(page: Page, selector: string): Promise<{ inside: boolean; box: number[] }> {
  return page.evaluate((sel) => {
    const e = document.querySelector(sel) as HTMLElement | null;
    if (!e) return { inside: false, box: [] };
    const r = e.getBoundingClientRect();
    const inside =
      r.left >= -1 &&
      r.top >= -1 &&
      r.right <= window.innerWidth + 1 &&
      r.bottom <= window.innerHeight + 1 &&
      e.scrollWidth <= e.clientWidth + 1;
    return { inside, box: [r.left, r.top, r.right, r.bottom].map(Math.round) };
  }, selector);
}

describe.each(SCREENS)("layout on a $name screen ($width×$height)", (screen) => {
  it("opens every view without sideways scrolling, with the tab and the link saying which view it is", async () => {
    const { page, errors } = await open(screen, "");
    for (const view of VIEWS) {
      await page.click(`#tab-${view}`);
      expect(await page.getAttribute(`#tab-${view}`, "aria-selected")).toBe("true");
      await page.waitForFunction((v) => location.search.includes(`view=${v}`) || v === "explore", view);
      expect(await sideways(page), view).toBeLessThanOrEqual(0);
    }
    // The view is in the session: a reload of the link opens it again.
    await page.reload();
    await page.waitForFunction(() => (window.__plasticity?.drawCount ?? 0) > 0);
    expect(await page.getAttribute("#tab-claims", "aria-selected")).toBe("true");
    expect(await page.isVisible("#claims-panel")).toBe(true);
    expect(await page.isVisible("#fig-time")).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the weight panel of the time courses on opening and beside each lesson step", async () => {
    const { page, errors } = await open(screen, "");
    await settled(page);
    const opening = await weightPanel(page);
    expect(opening, "on opening").toMatchObject({ inView: true, onTop: true });

    await page.click("#tab-lessons");
    await page.click(`.lesson-card[data-lesson="calcium-window"]`);
    await page.locator(".lesson-step-title").first().waitFor();
    await settled(page);
    const step1 = await weightPanel(page);
    expect(step1, "step 1").toMatchObject({ inView: true, onTop: true });
    // The lesson panel is on screen with the plots, and not a sliver of it.
    const panel = await page.locator("#lessons").boundingBox();
    const seen = panel ? Math.min(panel.y + panel.height, screen.height) - Math.max(panel.y, 0) : 0;
    expect(seen).toBeGreaterThan(150);

    const scroll = await page.evaluate(() => window.scrollY);
    await page.click("#lesson-next");
    await page.waitForFunction(() => document.querySelector(".lesson-step")?.getAttribute("data-step") === "1");
    await settled(page);
    expect(await weightPanel(page), "step 2").toMatchObject({ inView: true, onTop: true });
    // The new step's title is brought into view inside the lesson panel, not by scrolling the page.
    const title = await page.locator('.lesson-step[data-step="1"] .lesson-step-title').boundingBox();
    expect(title && title.y >= 0 && title.y + title.height <= screen.height, "step 2 title").toBe(true);
    // Moving on does not scroll the page (the figures stay where they were).
    expect(await page.evaluate(() => window.scrollY)).toBe(scroll);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps the class-link dialog and the handout inside the window, and axe finds nothing serious", async () => {
    const { page, errors } = await open(screen, "&lesson=calcium-window");
    await page.locator(".lesson-step-title").first().waitFor();
    await settled(page);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await clickHeaderAction(page, "class-link-button");
    await page.locator("#class-link-dialog[open]").waitFor();
    expect(await fits(page, "#class-link-dialog"), "class link").toMatchObject({ inside: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.click("#class-link-close");

    await clickHeaderAction(page, "handout-open");
    await page.locator("#handout[data-ready]").waitFor();
    expect(await fits(page, "#handout"), "handout").toMatchObject({ inside: true });
    await page.click("#handout-close");

    if (screen.width < 760) {
      // The controls are a sheet behind a button, inside the window when open.
      await page.click("#controls-toggle");
      expect(await fits(page, "#controls"), "controls").toMatchObject({ inside: true });
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
