import type { TimeCourseFigure } from "./time-course-figure.ts";

/**
 * Lays the run's outcome over the time courses, where the figure's own annotation would be (the
 * figure's paper coordinates turned into pixels of its box), in the same words, colour and type size.
 * Text only: the model's names never become markup.
 */
export function outcomeLabel(node: HTMLElement, fig: TimeCourseFigure): void {
  const o = fig.outcome;
  node.hidden = !o;
  if (!o) return;
  const box = node.parentElement;
  const width = (fig.layout.width as number | undefined) ?? box?.clientWidth ?? 0;
  const height = (fig.layout.height as number | undefined) ?? box?.clientHeight ?? 0;
  const m = { l: 0, r: 0, t: 0, b: 0, ...fig.layout.margin };
  const left = m.l + o.x * (width - m.l - m.r);
  const top = m.t + (1 - o.y) * (height - m.t - m.b);
  const strong = document.createElement("strong");
  strong.textContent = o.headline;
  node.replaceChildren(strong, document.createElement("br"), o.detail);
  node.classList.toggle("outcome-label-boxed", o.boxed);
  Object.assign(node.style, {
    left: `${left}px`,
    top: `${top}px`,
    transform: `translate(${o.xanchor === "right" ? "-100%" : "0"}, ${o.yanchor === "bottom" ? "-100%" : "0"})`,
    textAlign: o.xanchor,
    color: o.color,
    fontSize: `${o.fontSize}px`,
    fontFamily: fig.layout.font?.family ?? "",
  });
}
