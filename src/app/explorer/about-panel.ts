import type { Model } from "../../engine/index.ts";
import { renderLessonMarkdown } from "../classroom/lesson-markdown.ts";
import { el } from "../ui/dom.ts";

/**
 * A model file is untrusted text (opened from the computer, edited, or carried by a link), so its
 * Markdown goes through the lessons' purifier: no class, id or style to take the app's look or
 * elements, links only to https pages or this site.
 */
function markdown(text: string): HTMLElement {
  const div = renderLessonMarkdown(text);
  div.className = "prose";
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
