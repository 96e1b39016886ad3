import DOMPurify from "dompurify";
import { marked } from "marked";
import type { Model } from "../engine/index.ts";
import aboutText from "./about.md?raw";
import claimsText from "./claims.md?raw";
import { el } from "./dom.ts";
import referencesText from "./references.md?raw";

function markdown(text: string): HTMLElement {
  const div = el("div", { class: "prose" });
  div.innerHTML = DOMPurify.sanitize(marked.parse(text, { async: false }));
  for (const a of div.querySelectorAll("a")) {
    a.target = "_blank";
    a.rel = "noopener";
  }
  return div;
}

/**
 * "About the model": the model file's own summary and claims; the reasoning behind its choices, the claims
 * table (when the model file carries none) and the references come from the Markdown beside this file.
 */
export function aboutPanel(model: Model): HTMLElement {
  const claims = model.claims.length
    ? el(
        "table",
        { class: "claims" },
        el(
          "thead",
          {},
          el("tr", {}, el("th", { text: "Claim" }), el("th", { text: "Status" }), el("th", { text: "Nuance" })),
        ),
        el(
          "tbody",
          {},
          ...model.claims.map((c) =>
            el(
              "tr",
              {},
              el("td", { text: c.claim }),
              el("td", { text: c.status }),
              el("td", { text: c.nuance + (c.references.length ? ` (${c.references.join("; ")})` : "") }),
            ),
          ),
        ),
      )
    : markdown(claimsText);
  return el(
    "div",
    { class: "about" },
    el("p", { class: "about-label" }, el("strong", { text: model.label })),
    el("p", { text: model.summary }),
    el("p", { class: "about-meta", text: `Model ${model.id} ${model.version}: ${model.title} (${model.file}).` }),
    markdown(aboutText),
    el("h3", { text: "The article's claims and what the literature says" }),
    claims,
    el("h3", { text: "References" }),
    markdown(referencesText),
  );
}
