import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { classCheck } from "../../src/app/classroom/class-link.ts";
import {
  checkClaims,
  loadModel,
  parseLesson,
  type RunSpec,
  resolveRun,
  simulate,
  toJson,
  trueChoices,
} from "../../src/engine/index.ts";
import { afterRedraw, clickHeaderAction, openApp, seriousAxeViolations, showView } from "./app-page.ts";
import { ROOT } from "./build-app.ts";
import { launchChromium } from "./chromium.ts";

const MODEL_FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(`${ROOT}/${MODEL_FILE}`, "utf8"), MODEL_FILE);
const LESSON_FILE = "notebooks/calcium-window.md";
const lesson = parseLesson(readFileSync(`${ROOT}/${LESSON_FILE}`, "utf8"), LESSON_FILE, model);
const XSS_DIR = `${ROOT}/tests/fixtures/bad/lessons-xss`;
const url = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A hand-written class query with the check the dialog would give it. */
function checked(query: string): string {
  return `${query}&check=${classCheck(model, [...new URLSearchParams(query)])}`;
}

const values = (page: Page) => page.evaluate(() => window.__plasticity?.values() ?? {});
const spec = (page: Page) => page.evaluate(() => window.__plasticity?.spec());

/** The engine's own check texts for a run, to compare with what the app shows. */
function expectedChecks(run: RunSpec): Map<string, string> {
  return new Map(checkClaims(resolveRun(model, run)).map((c) => [c.claim.id, c.text]));
}

async function claimTexts(page: Page): Promise<Map<string, string>> {
  const rows = await page.$$eval(".claim-card", (cards) =>
    cards.map((c) => [
      (c as HTMLElement).dataset.claim ?? "",
      c.classList.contains("is-stale") ? "" : (c.querySelector(".claim-check-text")?.textContent ?? ""),
    ]),
  );
  return new Map(rows as [string, string][]);
}

/** Waits until every claim shows the engine's text for `run` (the worker has caught up). */
async function waitForChecks(page: Page, run: RunSpec): Promise<void> {
  const want = expectedChecks(run);
  await expect
    .poll(async () => Object.fromEntries(await claimTexts(page)), { timeout: 40_000, interval: 200 })
    .toEqual(Object.fromEntries(want));
}

describe("claims panel", () => {
  it("shows each claim's live check from the engine, and its preset button loads the preset", async () => {
    const { page, errors } = await openApp(browser, url);
    await showView(page, "claims");
    const cards = page.locator(".claim-card");
    expect(await cards.count()).toBe(model.claims.length);
    for (const c of model.claims) {
      const card = page.locator(`.claim-card[data-claim="${c.id}"]`);
      expect(await card.locator(".claim-text").textContent()).toBe(c.claim);
      expect(await card.locator(".claim-status").textContent()).toContain(c.status);
      expect(await card.locator(".claim-refs li").count()).toBe(c.references.length);
    }
    await waitForChecks(page, {});
    // The verdict answers the statement the model tested, which the card names first, in words that
    // cannot be read as the model contradicting the literature's "supported".
    const calcium = page.locator('.claim-card[data-claim="calcium_drives_plasticity"]');
    expect(await calcium.locator(".claim-tested").textContent()).toBe(
      "What this model tests: More Ca²⁺ always means more strengthening",
    );
    expect(await calcium.locator(".claim-verdict").textContent()).toBe("False in this model");
    const reading = ((await calcium.locator(".claim-check").textContent()) ?? "").replace(/\s+/g, " ");
    expect(reading).toMatch(
      /^What this model tests: “?More Ca²⁺ always means more strengthening”? ?False in this model/,
    );
    for (const c of model.claims)
      expect(await page.locator(`.claim-card[data-claim="${c.id}"] .claim-statement`).textContent()).toBe(
        c.check.statement,
      );

    for (const c of model.claims.filter((x) => x.preset)) {
      const button = page.locator(`.claim-card[data-claim="${c.id}"] .claim-preset`);
      await afterRedraw(page, () => button.click());
      expect((await spec(page))?.preset).toBe(c.preset);
      expect(await page.locator("#preset").inputValue()).toBe(c.preset);
      await waitForChecks(page, { preset: c.preset });
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe("lesson player", () => {
  it("runs “The calcium window” end to end: predict, then run, then compare", async () => {
    const { page, errors } = await openApp(browser, url);
    const progress: unknown[] = [];
    await page.exposeFunction("recordProgress", (p: unknown) => progress.push(p));
    await page.evaluate(() =>
      document.addEventListener("plasticity:lesson-progress", (e) =>
        (window as unknown as { recordProgress(p: unknown): void }).recordProgress((e as CustomEvent).detail),
      ),
    );
    await showView(page, "lessons");
    await page.click('[data-lesson="calcium-window"]');
    let right = 0;
    for (const [k, step] of lesson.steps.entries()) {
      const article = page.locator(`.lesson-step[data-step="${k}"]`);
      await article.waitFor();
      expect(await article.locator(".lesson-step-title").textContent()).toBe(step.title);
      const p = step.predict;
      if (!p || !step.run) throw new Error("every step of this lesson asks a question about its own run");
      // The question comes before the run: the app does not show this step's run until the choice is in.
      expect(await page.locator("#predict-submit").isDisabled()).toBe(true);
      const before = await spec(page);
      const expected = simulate(model, resolveRun(model, step.run)).summary;
      const truth = trueChoices(p, expected);
      // Alternate right and wrong predictions so both reveals are seen.
      const choice = k % 2 === 0 ? (truth[0] as number) : p.choices.findIndex((_, j) => !truth.includes(j));
      await page.check(`#predict-${k}-${choice}`);
      expect(await spec(page)).toEqual(before);
      await afterRedraw(page, () => page.click("#predict-submit"));

      const shown = await values(page);
      const resolved = resolveRun(model, step.run);
      for (const q of model.parameters) expect(shown[q.name]).toBe(resolved.values[q.index]);
      const summary = await page.evaluate(() => window.__plasticity?.summary());
      expect(summary?.outcome).toBe(expected.outcome);

      const reveal = article.locator(".predict-reveal");
      expect(await reveal.locator(".reveal-yours .reveal-value").textContent()).toBe(p.choices[choice]?.label);
      const model_ = (await reveal.locator(".reveal-model .reveal-value").textContent()) ?? "";
      expect(model_).toContain(`w = ${Number(expected.wEnd.toPrecision(3))}`);
      const correct = truth.includes(choice);
      if (correct) right++;
      expect(await reveal.locator(".reveal-verdict").textContent()).toContain(
        correct ? "matches the model" : "something else",
      );
      if (p.explain) expect(await reveal.locator(".reveal-explain").textContent()).toBe(p.explain);
      // A recorded prediction cannot be changed after the reveal.
      expect(await page.locator(`#predict-${k}-${choice}`).isDisabled()).toBe(true);
      await page.click("#lesson-next");
    }
    expect(await page.locator(".lesson-summary h3").textContent()).toBe(
      `You predicted ${right} of ${lesson.steps.length} correctly`,
    );
    // The progress is announced with each answer, choice first (before the run), for saving.
    const last = progress.at(-1) as { lesson: string; answers: Record<string, { choice: number; correct: boolean }> };
    expect(last.lesson).toBe("calcium-window");
    expect(Object.keys(last.answers)).toHaveLength(lesson.steps.length);
    expect(page.url()).toContain("lesson=calcium-window");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("names the line and the problem of a broken lesson, and stays usable", async () => {
    const { page, errors } = await openApp(browser, url);
    const bad = `${ROOT}/tests/fixtures/bad/lessons`;
    for (const name of ["broken-yaml", "unknown-preset", "no-front-matter"]) {
      await page.setInputFiles("#lesson-file", `${bad}/${name}.md`);
      const expected = readFileSync(`${bad}/${name}.expected`, "utf8").trim().split("\n")[0] as string;
      const [, line, message] = /^FILE:(\d+) (.*)$/.exec(expected) ?? [];
      const box = page.locator(".lesson-error");
      // The file is read asynchronously: until it is, the box still shows the previous file's error.
      await expect.poll(async () => (await box.textContent()) ?? "").toContain(`${name}.md`);
      expect((await box.textContent()) ?? "").toContain(`line ${line}: ${message}`);
    }
    await afterRedraw(page, async () => {
      await showView(page, "lessons");
      await page.click('[data-lesson="calcium-window"]');
      await page.check("#predict-0-1");
      await page.click("#predict-submit");
    });
    expect(await page.locator(".lesson-error").count()).toBe(0);
    expect(await page.locator(".predict-reveal").count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("share for class", () => {
  /** Builds the class link in the dialog, as an instructor would. */
  async function makeClassLink(page: Page, hide: string[] = []): Promise<string> {
    await showView(page, "lessons");
    await page.click('[data-lesson="calcium-window"]');
    await clickHeaderAction(page, "class-link-button");
    await page.selectOption("#class-opens", "lesson:calcium-window");
    await page.click("#class-lesson-free");
    for (const name of hide) await page.selectOption(`#class-mode-${name}`, "hidden");
    await page.check("#class-projector");
    await page.check("#class-seed-on");
    await page.fill("#class-seed", "7");
    expect(await page.locator(".class-link-qr svg path").count()).toBe(1);
    const link = await page.locator("#class-link-url").inputValue();
    await page.click("#class-link-close");
    return link;
  }

  it("opens with only NE and gb free, in projector theme, and locked stays locked", async () => {
    const { page: teacher } = await openApp(browser, url);
    const link = await makeClassLink(teacher, ["ga", "Ka"]);
    await teacher.close();
    const query = new URL(link).search;
    expect(query).toContain("lesson=calcium-window");
    expect(query).toContain("free=u%2Cgb");
    expect(query).toContain("theme=projector");
    expect(query).toContain("seed=7");

    // A student, in a fresh browser context.
    const { page, errors } = await openApp(browser, url, query);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("projector");
    await page.locator('.lesson-step[data-step="0"]').waitFor();
    for (const name of ["u", "gb"]) {
      expect(await page.locator(`#param-${name}-slider`).isDisabled()).toBe(false);
      expect(await page.locator(`#param-${name}`).isDisabled()).toBe(false);
    }
    // The free controls come first, in a group of their own; the groups of locked ones are closed.
    expect(await page.locator("details.param-group").first().getAttribute("id")).toBe("free-controls");
    expect(
      await page.locator("#free-controls .param").evaluateAll((es) => es.map((e) => (e as HTMLElement).dataset.param)),
    ).toEqual(["u", "gb"]);
    expect(await page.locator("details.param-group[open]").count()).toBe(1);
    for (const name of ["Kb", "tauR", "thp", "eta0"]) {
      expect(await page.locator(`#param-${name}-slider`).isDisabled()).toBe(true);
      expect(await page.locator(`#param-${name}`).isDisabled()).toBe(true);
      expect(await page.locator(`.param[data-param="${name}"]`).evaluate((e) => (e as HTMLElement).hidden)).toBe(false);
    }
    for (const name of ["ga", "Ka"]) {
      expect(await page.locator(`.param[data-param="${name}"]`).evaluate((e) => (e as HTMLElement).hidden)).toBe(true);
    }
    for (const id of ["preset", "protocol", "activity"]) expect(await page.locator(`#${id}`).isDisabled()).toBe(true);
    expect(await page.locator(".claim-preset").first().isDisabled()).toBe(true);

    // Keyboard: a disabled control takes no focus, so keys go elsewhere and change nothing.
    const before = await values(page);
    await page.evaluate(() => document.getElementById("param-Kb-slider")?.focus());
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe("param-Kb-slider");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("End");
    await page
      .locator("#param-tauR")
      .press("9", { timeout: 1000 })
      .catch(() => undefined);
    // The free ones still respond to the keyboard.
    await afterRedraw(page, async () => {
      await page.locator("#param-gb").fill("2");
      await page.locator("#param-gb").press("Enter");
    });
    const after = await values(page);
    expect(after.gb).toBe(2);
    for (const q of model.parameters) if (q.name !== "gb") expect(after[q.name], q.name).toBe(before[q.name]);

    // The link's own lesson sets up its steps, locked controls included.
    await page.check("#predict-0-1");
    await afterRedraw(page, () => page.click("#predict-submit"));
    expect((await spec(page))?.preset).toBe("moderate-ne");
    // Reset all (to the model's default preset) keeps the locked preset and says so.
    await afterRedraw(page, () => page.click("#reset-all"));
    expect((await spec(page))?.preset).toBe("moderate-ne");
    expect(await page.locator('.notice[data-key="lock"]').textContent()).toContain("preset stays at moderate-ne");

    // Import: a file that changes a locked value is refused as a whole, with a notice naming it.
    const locked = toJson(simulate(model, resolveRun(model, { preset: "moderate-ne", params: { Kb: 2, u: 0.7 } })));
    await page.setInputFiles("#import-json", {
      name: "locked.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(locked)),
    });
    const notice = page.locator('.notice[data-key="import"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Kb is locked by the class link at 0.5; the file has 2");
    expect((await values(page)).Kb).toBe(0.5);
    expect((await values(page)).u).toBe(0.3);
    // One that only changes free controls is taken.
    const free = toJson(simulate(model, resolveRun(model, { preset: "moderate-ne", params: { u: 0.7 } })));
    await afterRedraw(page, () =>
      page.setInputFiles("#import-json", {
        name: "free.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(free)),
      }),
    );
    expect((await values(page)).u).toBe(0.7);
    expect(errors).toEqual([]);
    await page.close();

    // URL edit: a locked parameter added to the link keeps its locked value and the app says so;
    // a free one is taken.
    const edited = await openApp(browser, url, `${query}&Kb=2&tauR=100&u=0.5`);
    const shown = await values(edited.page);
    expect(shown.Kb).toBe(0.5);
    expect(shown.tauR).toBe(30);
    expect(shown.u).toBe(0.5);
    const linkNotice = (await edited.page.locator('.notice[data-key="class-link"]').textContent()) ?? "";
    expect(linkNotice).toContain("Kb is locked by this class link at 0.5; the link's Kb=2 was not applied");
    expect(linkNotice).toContain("tauR is locked by this class link at 30");
    expect(await edited.page.locator("#param-Kb-slider").isDisabled()).toBe(true);
    await edited.page.close();
  });

  it("opens a hand-edited class link unlocked, with a plain notice that it was changed", async () => {
    const { page: teacher } = await openApp(browser, url);
    await clickHeaderAction(teacher, "class-link-button");
    // The dialog says what the check guards against, and what it does not.
    const promise = (await teacher.locator("#class-link-dialog").textContent()) ?? "";
    expect(promise).toContain("the link opens with every control free and a notice saying the link was changed");
    expect(promise).toContain("not a determined student");
    await teacher.click("#class-link-close");
    const link = await makeClassLink(teacher);
    await teacher.close();
    const made = new URL(link).search;
    expect(made).toMatch(/check=[0-9a-f]{12}/);

    const edits: [string, (q: URLSearchParams) => void][] = [
      ["free= changed", (q) => q.set("free", "u,gb,Kb")],
      ["a second free=", (q) => q.append("free", "u,gb,Kb")],
      ["free= removed", (q) => q.delete("free")],
    ];
    for (const [what, edit] of edits) {
      const q = new URLSearchParams(made);
      edit(q);
      const { page, errors } = await openApp(browser, url, `?${q}`);
      const notice = page.locator('.notice[data-key="class-link-changed"]');
      await notice.waitFor();
      expect(await notice.textContent(), what).toContain("This class link was changed after it was made");
      expect(await notice.textContent(), what).toContain("every control is free");
      for (const name of ["u", "gb", "Kb", "tauR"])
        expect(await page.locator(`#param-${name}-slider`).isDisabled(), `${what}: ${name}`).toBe(false);
      expect(await page.locator("#preset").isDisabled(), what).toBe(false);
      // The address bar no longer claims locks.
      await page.waitForFunction(() => !/[?&](free|lock|check)=/.test(location.search));
      expect(errors, what).toEqual([]);
      await page.close();
    }
    // The link as made still locks.
    const { page } = await openApp(browser, url, made);
    expect(await page.locator('.notice[data-key="class-link-changed"]').count()).toBe(0);
    expect(await page.locator("#param-Kb-slider").isDisabled()).toBe(true);
    await page.close();
  });

  it("leaves hidden controls out of every view: equation chips, analysis lists, sensitivity bars, handout", async () => {
    const { page, errors } = await openApp(browser, url, `?${checked("preset=strong-ne&hide=ga%2CKa")}`);
    for (const name of ["ga", "Ka"]) {
      expect(await page.locator(`.param[data-param="${name}"]`).evaluate((e) => (e as HTMLElement).hidden)).toBe(true);
      expect(await page.locator(".chip .visually-hidden", { hasText: `${name}: go to` }).count(), name).toBe(0);
      expect(await page.locator(`#dose-param option[value="${name}"]`).count(), name).toBe(0);
      expect(await page.locator(`#map-y option[value="${name}"]`).count(), name).toBe(0);
    }
    // A control that is not hidden keeps its chip and its place in the lists.
    expect(await page.locator(".chip .visually-hidden", { hasText: "gb: go to" }).count()).toBeGreaterThan(0);
    expect(await page.locator('#dose-param option[value="gb"]').count()).toBe(1);

    await showView(page, "analyses");
    await page.click("#analysis-tab-sensitivity");
    await page.locator("#analysis-panel-sensitivity").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => window.__analyses?.sensitivity?.status === "done", null, { timeout: 180_000 });
    const bars = await page.evaluate(() =>
      ((document.getElementById("fig-sensitivity") as HTMLElement & { data?: { y?: string[] }[] }).data ?? []).flatMap(
        (t) => [...(t.y ?? [])],
      ),
    );
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.filter((b) => /^(ga|Ka)\b/.test(b))).toEqual([]);

    await clickHeaderAction(page, "handout-open");
    await page.locator("#handout[data-ready]").waitFor();
    expect(await page.locator('.handout-params tr[data-param="ga"], .handout-params tr[data-param="Ka"]').count()).toBe(
      0,
    );
    expect(await page.locator('.handout-params tr[data-param="gb"]').count()).toBe(1);
    await page.click("#handout-close");
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it("keeps a locked control at its fixed value against the link, a preset and another lesson", async () => {
    // gb locked at 2 (a fix), u free: the same link with gb=5 keeps 2.
    const { page } = await openApp(browser, url, `?${checked("preset=strong-ne&lock=gb&fix=gb%3A2&gb=5")}`);
    expect((await values(page)).gb).toBe(2);
    expect(await page.locator('.notice[data-key="class-link"]').textContent()).toContain(
      "gb is locked by this class link at 2; the link's gb=5 was not applied",
    );
    // Loading another preset changes the free controls but not the locked one.
    await afterRedraw(page, async () => {
      await page.selectOption("#preset", "beta-blocker");
    });
    expect((await values(page)).Kb).toBe(5);
    expect((await values(page)).gb).toBe(2);
    expect(await page.locator('.notice[data-key="lock"]').textContent()).toContain("gb stays at 2");
    // Only the link's own lesson may set locked controls; this link has none, so a lesson's step is held too.
    await showView(page, "lessons");
    await page.click('[data-lesson="calcium-window"]');
    await page.click("#lesson-next");
    await page.click("#lesson-next");
    await page.check("#predict-2-0");
    await afterRedraw(page, () => page.click("#predict-submit"));
    expect((await spec(page))?.preset).toBe("strong-ne");
    expect((await values(page)).u).toBe(0.1);
    expect((await values(page)).gb).toBe(2);
    expect(await page.locator('.notice[data-key="lock"]').textContent()).toContain("gb stays at 2");
    await page.close();
  });
});

describe("handout", () => {
  it("prints one page (A4 and Letter) with the plots, parameters, label, link, QR code and questions", async () => {
    const { page, errors } = await openApp(browser, url, "?u=0.3&gb=4");
    await showView(page, "lessons");
    await page.click('[data-lesson="calcium-window"]');
    await page.check("#predict-0-1");
    await afterRedraw(page, () => page.click("#predict-submit"));
    await clickHeaderAction(page, "handout-open");
    await page.locator("#handout[data-ready]").waitFor();
    const sheet = page.locator("#handout-sheet");
    const text = (await sheet.textContent()) ?? "";
    expect(text).toContain("Illustrative model — not physiological");
    expect(text).toContain(lesson.title);
    for (const s of lesson.steps) if (s.predict) expect(text).toContain(s.predict.question);
    expect(await sheet.locator(".handout-figure img").count()).toBe(3);
    expect(await sheet.locator(".handout-link svg.qr-code path").count()).toBe(1);
    expect(await sheet.locator(".handout-url").textContent()).toBe(page.url());
    // Non-default values are marked (the lesson's first step set u = 0.3 through its preset).
    const changed = await sheet
      .locator(".handout-params tr.is-changed")
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.param));
    expect(changed).toEqual(["u"]);
    expect(await sheet.locator(".handout-params tr").count()).toBe(model.parameters.filter((p) => !p.fixed).length);
    // Nothing is clipped by the fixed page size.
    const fit = await sheet.evaluate((e) => e.scrollHeight - e.clientHeight);
    expect(fit).toBeLessThanOrEqual(1);

    for (const format of ["A4", "Letter"] as const) {
      const pdf = (await page.pdf({ format })).toString("latin1");
      expect(pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length, format).toBe(1);
    }
    await page.click("#handout-close");
    expect(await page.locator("#handout").isVisible()).toBe(false);

    // A modal dialog: Tab stays inside it, Esc closes it and focus goes back to the button that opened it.
    await clickHeaderAction(page, "handout-open");
    await page.locator("#handout[data-ready]").waitFor();
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest("#handout") !== null), `Tab ${k + 1}`).toBe(
        true,
      );
    }
    await page.keyboard.press("Escape");
    expect(await page.locator("#handout").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("handout-open");
    expect(await page.evaluate(() => [...document.body.children].some((e) => (e as HTMLElement).inert))).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("fits every shipped lesson's questions on the one page", async () => {
    const { page } = await openApp(browser, url);
    // Every lesson the app lists for its default model (a lesson that switches models per step is not listed).
    const listed = await page
      .locator("[data-lesson]")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.lesson as string));
    const names = readdirSync(`${ROOT}/notebooks`)
      .filter((f) => f.endsWith(".md"))
      .filter((f) => listed.includes(f.replace(/\.md$/, "")));
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const file of names) {
      await showView(page, "lessons");
      await page.click(`[data-lesson="${file.replace(/\.md$/, "")}"]`);
      await clickHeaderAction(page, "handout-open");
      await page.locator("#handout[data-ready]").waitFor();
      const fit = await page.locator("#handout-sheet").evaluate((e) => e.scrollHeight - e.clientHeight);
      expect(fit, file).toBeLessThanOrEqual(1);
      const pdf = (await page.pdf({ format: "Letter" })).toString("latin1");
      expect(pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length, file).toBe(1);
      await page.click("#handout-close");
      await page.click("#lesson-close");
    }
    await page.close();
  });
});

describe("done as a new user would", () => {
  it("an instructor's class link for “The calcium window” lets a student run the whole lesson and print the handout", async () => {
    const { page: teacher } = await openApp(browser, url);
    await showView(teacher, "lessons");
    await teacher.click('[data-lesson="calcium-window"]');
    await clickHeaderAction(teacher, "class-link-button");
    await teacher.selectOption("#class-opens", "lesson:calcium-window");
    await teacher.click("#class-lesson-free");
    await teacher.check("#class-projector");
    const link = await teacher.locator("#class-link-url").inputValue();
    await teacher.close();

    const { page, errors } = await openApp(browser, url, new URL(link).search);
    const free = await page.$$eval(".param:not(.is-locked)", (ps) => ps.map((p) => (p as HTMLElement).dataset.param));
    expect(free).toEqual(["u", "gb"]);
    for (const [k, step] of lesson.steps.entries()) {
      const truth = trueChoices(
        step.predict as NonNullable<typeof step.predict>,
        simulate(model, resolveRun(model, step.run)).summary,
      );
      await page.check(`#predict-${k}-${truth[0]}`);
      await afterRedraw(page, () => page.click("#predict-submit"));
      // The lesson's own steps may set locked controls (the last one lowers the LTP threshold, sb).
      const shown = await values(page);
      const want = resolveRun(model, step.run);
      for (const q of model.parameters) expect(shown[q.name], `${step.title}: ${q.name}`).toBe(want.values[q.index]);
      await page.click("#lesson-next");
    }
    expect(await page.locator(".lesson-summary h3").textContent()).toBe(
      `You predicted ${lesson.steps.length} of ${lesson.steps.length} correctly`,
    );
    await clickHeaderAction(page, "handout-open");
    await page.locator("#handout[data-ready]").waitFor();
    expect(await page.locator("#handout-sheet").textContent()).toContain("Illustrative model — not physiological");
    expect(await page.locator(".handout-answer").count()).toBe(lesson.steps.length);
    const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
    expect(pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("accessibility", () => {
  it("has no serious axe-core violation in projector theme with locks, a revealed step, the dialog and the handout", async () => {
    const query = `?${checked("preset=strong-ne&lesson=calcium-window&free=u%2Cgb&hide=Ka&fix=preset%3Astrong-ne&theme=projector")}`;
    // The built app's Content-Security-Policy forbids inline scripts, which is how axe is injected.
    const { page } = await openApp(browser, url, query, { bypassCSP: true });
    await page.check("#predict-0-1");
    await afterRedraw(page, () => page.click("#predict-submit"));
    await waitForChecks(page, { preset: "moderate-ne" });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await clickHeaderAction(page, "class-link-button");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.click("#class-link-close");
    await clickHeaderAction(page, "handout-open");
    await page.locator("#handout[data-ready]").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("lesson Markdown is sanitised", () => {
  const files = readdirSync(XSS_DIR).filter((f) => f.endsWith(".md"));

  it("keeps a lesson from taking the app's look, elements or place: no fake badge, no overlay, Import JSON still works", async () => {
    const { page, errors } = await openApp(browser, url);
    await page.setInputFiles("#lesson-file", `${XSS_DIR}/spoof-app.md`);
    await page.locator(".lesson-step .lesson-prose").first().waitFor();
    // The payload's text is there, as plain prose.
    expect(await page.locator(".lesson-prose").first().textContent()).toContain("Your session has expired.");
    // No attribute that could name one of the app's classes or elements, or take keys or focus.
    const kept = await page.$$eval(".lesson-prose *", (es) =>
      es.flatMap((e) =>
        ["class", "id", "name", "accesskey", "autofocus", "tabindex", "role"]
          .filter((a) => e.hasAttribute(a))
          .map((a) => `${e.tagName.toLowerCase()}[${a}]`),
      ),
    );
    expect(kept).toEqual([]);
    // One badge, the app's own, saying what the model file says.
    expect(await page.locator(".model-label").count()).toBe(1);
    expect(await page.locator(".model-label").textContent()).toBe(model.label);
    expect(await page.evaluate(() => document.getElementById("model-label")?.closest(".lesson-prose"))).toBeNull();
    // Nothing in the lesson is placed over the app: no fixed/absolute/sticky element, nothing outside its box.
    const placed = await page.$$eval(".lesson-prose", (roots) =>
      roots.flatMap((root) => {
        const box = root.getBoundingClientRect();
        return [...root.querySelectorAll("*")].flatMap((e) => {
          const r = e.getBoundingClientRect();
          const out: string[] = [];
          if (["fixed", "absolute", "sticky"].includes(getComputedStyle(e).position))
            out.push(`${e.tagName} is ${getComputedStyle(e).position}`);
          if (r.width > 0 && (r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1))
            out.push(`${e.tagName} outside the prose box`);
          return out;
        });
      }),
    );
    expect(placed).toEqual([]);
    // The predict controls are the topmost element where they are drawn, so a click reaches them.
    for (const sel of ["button#predict-submit", "input#predict-0-0", "label[for='import-json']"]) {
      const target = page.locator(sel).first();
      await target.scrollIntoViewIfNeeded();
      const onTop = await target.evaluate((e) => {
        const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && (hit === e || e.contains(hit));
      });
      expect(onTop, sel).toBe(true);
    }
    // Import JSON still opens the file picker and imports, with the lesson open.
    expect(await page.evaluate(() => (document.getElementById("import-json") as HTMLInputElement | null)?.type)).toBe(
      "file",
    );
    const file = toJson(simulate(model, resolveRun(model, { preset: "moderate-ne", params: { u: 0.7 } })));
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser", { timeout: 5000 }),
      page.click("label[for='import-json']"),
    ]);
    await afterRedraw(page, () =>
      chooser.setFiles({ name: "run.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) }),
    );
    expect((await values(page)).u).toBe(0.7);
    expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
    await page.close();
  });

  it("has a corpus of payloads", () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it("renders every payload with nothing executed, loaded or left to run", async () => {
    const { page, errors } = await openApp(browser, url);
    const origin = new URL(url).origin;
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
        foreign.push(r.url());
      }
    });
    page.on("dialog", (d) => {
      foreign.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    for (const file of files) {
      await page.setInputFiles("#lesson-file", `${XSS_DIR}/${file}`);
      const step = page.locator(".lesson-step");
      await step.waitFor();
      expect(await page.locator(".lesson-error").count(), file).toBe(0);
      // Give any event handler that slipped through time to fire, and hover everything.
      for (const e of await step.locator(".lesson-prose *").all()) await e.hover({ timeout: 200 }).catch(() => {});
      await page.waitForTimeout(150);
      const found = await step.evaluate((root) => {
        const bad: string[] = [];
        for (const e of root.querySelectorAll("*")) {
          const tag = e.tagName.toLowerCase();
          if (
            [
              "script",
              "iframe",
              "frame",
              "object",
              "embed",
              "form",
              "style",
              "link",
              "meta",
              "base",
              "svg",
              "math",
            ].includes(tag)
          )
            bad.push(`<${tag}>`);
          for (const a of e.attributes) {
            if (/^on/i.test(a.name) || a.name === "style" || a.name === "srcdoc") bad.push(`${tag}[${a.name}]`);
            if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(a.name)) {
              const v = a.value.trim();
              const ok = v.startsWith("https://") || v.startsWith(location.origin);
              if (!ok) bad.push(`${tag}[${a.name}=${v}]`);
            }
          }
          if (tag === "img" && e.hasAttribute("src") && !(e.getAttribute("src") ?? "").startsWith(location.origin)) {
            bad.push(`remote img ${e.getAttribute("src")}`);
          }
          if (tag === "a" && e.hasAttribute("href") && e.getAttribute("rel") !== "noopener noreferrer") {
            bad.push(`a without rel: ${e.getAttribute("href")}`);
          }
        }
        return bad;
      });
      expect(found, file).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), file).toBeUndefined();
      // The safe links survive, opened safely.
      const safe = step.locator('.lesson-prose a[href="https://doi.org/10.1073/pnas.152343099"]').first();
      expect(await safe.getAttribute("target"), file).toBe("_blank");
      await page.click("#lesson-close");
    }
    expect(foreign).toEqual([]);
    // The page's Content-Security-Policy reports the handlers the purifier's inert parse met (and blocks
    // them, a second line of defence), and a relative image 404s; anything else is a failure.
    const unexpected = errors.filter((e) => !/Content Security Policy/.test(e) && !/status of 404/.test(e));
    expect(unexpected).toEqual([]);
    await page.close();
  });
});
