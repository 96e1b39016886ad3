import type { ClaimDef, Model, Verdict } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import { type ClaimResult, ClaimsClient } from "./claims-client.ts";

/**
 * The verdict answers the tested statement shown beside it, not the claim: "Raised Ca²⁺ drives synaptic
 * plasticity" is supported while "More Ca²⁺ always means more strengthening" is false in this model, and
 * a bare "No here" under the claim read as the model contradicting the literature.
 */
const VERDICT_TEXT: Record<Verdict, string> = {
  yes: "True in this model",
  no: "False in this model",
  untestable: "Not testable in this model",
};

/** Quiet time before the claims are checked again, so a slider drag does not restart the population check. */
const SETTLE_MS = 250;

/** "… (doi:10.1073/pnas.152343099)" → a link to the DOI resolver; anything else stays plain text. */
function reference(text: string): HTMLElement {
  const m = /^(.*?)\(?doi:(10\.\d{4,9}\/[^\s)]+)\)?\s*$/.exec(text);
  if (!m) return el("li", { text });
  const doi = m[2] as string;
  return el(
    "li",
    {},
    `${(m[1] as string).trim()} `,
    el("a", {
      href: `https://doi.org/${doi}`,
      target: "_blank",
      rel: "noopener noreferrer",
      text: `doi:${doi}`,
    }),
  );
}

/**
 * The article's claims from the model file: what the literature says, and what the model shows under
 * the current settings, recomputed in a worker whenever the settings change.
 */
export class ClaimsPanel {
  readonly root: HTMLElement;
  private readonly rows = new Map<string, { verdict: HTMLElement; text: HTMLElement; card: HTMLElement }>();
  private readonly presetButtons: { button: HTMLButtonElement; preset: string }[] = [];
  private readonly client: ClaimsClient;
  private timer = 0;

  constructor(
    model: Model,
    private readonly state: RunState,
    modelText: string,
    modelFile: string,
  ) {
    const cards = model.claims.map((c) => this.card(model, c));
    this.root = el(
      "div",
      { class: "claims-panel" },
      el("p", {
        class: "hint",
        text: "Each claim of the article, what the literature says, and what this model shows under the current settings (recomputed when you change them).",
      }),
      el("ol", { class: "claim-list" }, ...cards),
    );
    this.client = new ClaimsClient(
      modelText,
      modelFile,
      model.claims.map((c) => c.id),
      (r) => this.show(r),
      () => this.markPending(),
    );
    state.onChange(() => {
      this.client.invalidate();
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.client.request(state.current), SETTLE_MS);
    });
    this.client.request(state.current);
  }

  /** Disables the preset buttons when a class link locks the preset. */
  setPresetLocked(locked: boolean): void {
    for (const { button } of this.presetButtons) {
      button.disabled = locked;
      button.title = locked ? "The class link fixes the preset" : "";
    }
  }

  private card(model: Model, c: ClaimDef): HTMLElement {
    const verdict = el("span", { class: "claim-verdict verdict-pending", text: "Checking…" });
    const text = el("p", {
      class: "claim-check-text",
      "aria-live": "polite",
      text: "Checking under the current settings…",
    });
    const preset = c.preset ? model.presets.find((p) => p.id === c.preset) : undefined;
    let button: HTMLButtonElement | null = null;
    if (preset) {
      button = el("button", {
        type: "button",
        class: "claim-preset",
        "data-preset": preset.id,
        text: `Load preset: ${preset.label}`,
      });
      const id = preset.id;
      button.addEventListener("click", () => this.state.setPreset(id));
      this.presetButtons.push({ button, preset: id });
    }
    const card = el(
      "li",
      { class: "claim-card", "data-claim": c.id },
      el("h3", { class: "claim-text", text: c.claim }),
      el("p", { class: "claim-status" }, el("span", { class: "claim-status-label", text: "Literature: " }), c.status),
      el("p", { class: "claim-nuance", text: c.nuance }),
      el(
        "div",
        { class: "claim-check" },
        el(
          "p",
          { class: "claim-tested" },
          el("span", { class: "claim-check-label", text: "What this model tests: " }),
          el("q", { class: "claim-statement", text: c.check.statement }),
        ),
        verdict,
        text,
      ),
      button ? el("div", { class: "claim-actions" }, button) : null,
      c.references.length
        ? el(
            "details",
            { class: "claim-refs" },
            el("summary", { text: `References (${c.references.length})` }),
            el("ul", {}, ...c.references.map(reference)),
          )
        : null,
    );
    this.rows.set(c.id, { verdict, text, card });
    return card;
  }

  private markPending(): void {
    for (const r of this.rows.values()) {
      r.card.classList.add("is-stale");
      r.card.setAttribute("aria-busy", "true");
    }
  }

  private show(r: ClaimResult): void {
    const row = this.rows.get(r.claim);
    if (!row) return;
    row.card.classList.remove("is-stale");
    row.card.removeAttribute("aria-busy");
    if (r.error !== undefined) {
      row.verdict.className = "claim-verdict verdict-error";
      row.verdict.textContent = "Could not check";
      row.text.textContent = r.error;
      return;
    }
    row.verdict.className = `claim-verdict verdict-${r.verdict}`;
    row.verdict.textContent = VERDICT_TEXT[r.verdict];
    row.text.textContent = r.text;
    row.card.dataset.verdict = r.verdict;
  }
}
