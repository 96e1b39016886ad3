import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openApp, showView } from "./app-page.ts";
import { launchChromium } from "./chromium.ts";

const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface ToolbarButton {
  figure: string;
  title: string;
  attr: string;
  val: string;
  focusable: boolean;
}

/** Opens every analysis tab and waits until each figure in it is drawn, so every figure has its toolbar. */
async function drawEveryFigure(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__plasticity?.doseFresh === true, null, { timeout: 120_000 });
  await showView(page, "analyses");
  const tabs = await page.$$eval('#analyses [role="tab"]', (bs) => bs.map((b) => b.id));
  expect(tabs.length).toBeGreaterThanOrEqual(4);
  for (const tab of tabs) {
    await page.click(`#${tab}`);
    const panel = `#${(await page.getAttribute(`#${tab}`, "aria-controls")) ?? ""}`;
    await page.locator(panel).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (p) => {
        const figs = [...document.querySelectorAll(`${p} .analysis-figure`)];
        return figs.length > 0 && figs.every((f) => f.classList.contains("js-plotly-plot"));
      },
      panel,
      { timeout: 90_000 },
    );
  }
}

/** Every button (and link) of every Plotly toolbar on the page. */
function toolbarButtons(page: Page): Promise<ToolbarButton[]> {
  return page.$$eval(".js-plotly-plot", (plots) =>
    plots.flatMap((plot) =>
      [...plot.querySelectorAll(".modebar button, .modebar a")].map((b) => ({
        figure: plot.id,
        title: b.getAttribute("data-title") ?? b.getAttribute("aria-label") ?? b.textContent ?? "",
        attr: b.getAttribute("data-attr") ?? "",
        val: b.getAttribute("data-val") ?? "",
        focusable: (b as HTMLElement).tabIndex >= 0 && !(b as HTMLButtonElement).disabled,
      })),
    ),
  );
}

describe("figure toolbars", () => {
  it("offer only local actions on every figure: no share, cloud, logo link or image download", async () => {
    const { page, errors } = await openApp(browser, url);
    const origin = new URL(url).origin;
    const outside: string[] = [];
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) outside.push(u);
    });
    page.on("popup", (p) => outside.push(`popup: ${p.url()}`));
    await drawEveryFigure(page);

    const figures = await page.$$eval(".js-plotly-plot", (ps) => ps.map((p) => p.id));
    for (const id of ["fig-time", "fig-rule", "fig-dose", "fig-dose-response", "fig-population", "fig-trial"])
      expect(figures, id).toContain(id);
    expect(figures.length).toBeGreaterThanOrEqual(8);

    const buttons = await toolbarButtons(page);
    // Anything that sends the figure away or links out, or downloads an image without the app's label.
    const remote = buttons.filter((b) =>
      /share|cloud|chart studio|plotly|edit|download|snapshot|png|json/i.test(`${b.title} ${b.attr} ${b.val}`),
    );
    expect(remote).toEqual([]);
    // What is left is reviewed: zooming is a drag on the plot and this undoes it.
    expect([...new Set(buttons.map((b) => b.title))]).toEqual(["Reset axes"]);
    // One tab stop per figure at most.
    for (const id of figures)
      expect(buttons.filter((b) => b.figure === id && b.focusable).length, id).toBeLessThanOrEqual(1);
    expect(await page.locator(".modebar .modebar-btn--logo, .modebar a[href]").count()).toBe(0);

    // Pressing every button reaches nothing outside the page.
    // (Buttons in hidden analysis tabs are pressed as a keyboard user's Enter would: a click event.)
    for (const b of await page.locator(".modebar button").all()) await b.evaluate((e) => (e as HTMLElement).click());
    await page.waitForTimeout(300);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
