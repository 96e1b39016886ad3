import DOMPurify from "dompurify";
import { marked } from "marked";
import type { Model } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";

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
 * "About the model": the model file's summary, its Markdown about the model's choices and its
 * references. The claims have their own live panel; this one points to it.
 */
export function aboutPanel(model: Model): HTMLElement {
  return el(
    "div",
    { class: "about" },
    el("p", { class: "about-label" }, el("strong", { text: model.label })),
    el("p", { text: model.summary }),
    el("p", { class: "about-meta", text: `Model ${model.id} ${model.version}: ${model.title} (${model.file}).` }),
    markdown(model.about),
    el(
      "p",
      {},
      el("a", { href: "#claims", text: "The article's claims, what the literature says and what this model shows →" }),
    ),
    el("h3", { text: "References" }),
    markdown(model.references),
  );
}
