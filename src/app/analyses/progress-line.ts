import { el } from "../ui/dom.ts";

/** Jobs shorter than this finish before a progress bar would be worth reading, so none is shown. */
export const SHOW_PROGRESS_AFTER_MS = 300;

/**
 * A progress bar with a Cancel button, shown only once a job has run for a moment; after a cancel it
 * says so and offers to compute again, since the figure then no longer matches the settings.
 */
export class ProgressLine {
  readonly root: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private readonly resume: HTMLButtonElement;
  private timer = 0;
  private t0 = 0;

  constructor(private readonly unit: string) {
    this.bar = el("progress", { max: "1", value: "0" });
    this.text = el("span", { class: "analysis-progress-text" });
    this.cancel = el("button", { type: "button", class: "small", text: "Cancel" });
    this.resume = el("button", { type: "button", class: "small", text: "Compute again", hidden: true });
    this.root = el(
      "div",
      { class: "analysis-progress", role: "status", hidden: true },
      this.bar,
      this.text,
      this.cancel,
      this.resume,
    );
  }

  onCancel(f: () => void): void {
    this.cancel.addEventListener("click", f);
  }

  onResume(f: () => void): void {
    this.resume.addEventListener("click", f);
  }

  begin(onShown: () => void): void {
    clearTimeout(this.timer);
    this.t0 = performance.now();
    this.bar.removeAttribute("value");
    this.text.textContent = "Starting…";
    this.bar.hidden = false;
    this.cancel.hidden = false;
    this.resume.hidden = true;
    this.timer = window.setTimeout(() => {
      this.root.hidden = false;
      onShown();
    }, SHOW_PROGRESS_AFTER_MS);
  }

  progress(done: number, total: number): void {
    this.bar.max = total;
    this.bar.value = done;
    const s = (performance.now() - this.t0) / 1000;
    this.text.textContent = `${done} of ${total} ${this.unit} · ${s.toFixed(1)} s`;
  }

  end(): void {
    clearTimeout(this.timer);
    this.root.hidden = true;
  }

  cancelled(): void {
    clearTimeout(this.timer);
    this.text.textContent = "Cancelled: the figure is not for the current settings.";
    this.bar.hidden = true;
    this.cancel.hidden = true;
    this.resume.hidden = false;
    this.root.hidden = false;
  }
}
