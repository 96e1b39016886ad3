import { el } from "./dom.ts";

/** A notice names this many lines; the rest wait behind a disclosure, so a hostile link cannot fill the page. */
export const NOTICE_LINES_SHOWN = 5;

function listed(lines: string[]): HTMLElement[] {
  if (lines.length <= NOTICE_LINES_SHOWN)
    return lines.length ? [el("ul", {}, ...lines.map((l) => el("li", { text: l })))] : [];
  const rest = lines.slice(NOTICE_LINES_SHOWN);
  return [
    el("p", {
      class: "notice-count",
      text: `${lines.length.toLocaleString("en-US")} entries; the first ${NOTICE_LINES_SHOWN}:`,
    }),
    el("ul", {}, ...lines.slice(0, NOTICE_LINES_SHOWN).map((l) => el("li", { text: l }))),
    el(
      "details",
      { class: "notice-more" },
      el("summary", { text: `The other ${rest.length.toLocaleString("en-US")}` }),
      el("ul", {}, ...rest.map((l) => el("li", { text: l }))),
    ),
  ];
}

/** Messages the user must see (dropped link entries, refused imports, failed solves, a confirmed import), each dismissable. */
export class Notices {
  readonly root: HTMLElement;

  constructor() {
    this.root = el("div", { class: "notices", id: "notices", role: "status", "aria-live": "polite" });
  }

  /** `action` adds a button beside Dismiss (e.g. "Reload" for a new version). */
  show(
    title: string,
    lines: string[],
    kind: "info" | "warning" | "error" = "warning",
    key?: string,
    action?: { label: string; run: () => void },
  ): void {
    if (key) this.dismiss(key);
    const act = action ? el("button", { type: "button", class: "small", text: action.label }) : null;
    act?.addEventListener("click", action?.run ?? (() => {}));
    const close = el("button", { type: "button", class: "small", "aria-label": `Dismiss: ${title}`, text: "Dismiss" });
    const box = el(
      "div",
      { class: `notice notice-${kind}`, "data-key": key },
      el("div", {}, el("strong", { text: title }), ...listed(lines)),
      act,
      close,
    );
    close.addEventListener("click", () => box.remove());
    this.root.append(box);
  }

  dismiss(key: string): void {
    for (const n of this.root.querySelectorAll<HTMLElement>(".notice")) if (n.dataset.key === key) n.remove();
  }
}
