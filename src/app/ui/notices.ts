import { el } from "./dom.ts";

/** Messages the user must see (dropped link entries, refused imports, failed solves), each dismissable. */
export class Notices {
  readonly root: HTMLElement;

  constructor() {
    this.root = el("div", { class: "notices", id: "notices", role: "status", "aria-live": "polite" });
  }

  /** `action` adds a button beside Dismiss (e.g. "Reload" for a new version). */
  show(
    title: string,
    lines: string[],
    kind: "warning" | "error" = "warning",
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
      el(
        "div",
        {},
        el("strong", { text: title }),
        lines.length ? el("ul", {}, ...lines.map((l) => el("li", { text: l }))) : null,
      ),
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
