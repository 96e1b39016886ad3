import type { AppState } from "./session.ts";
import type { SessionStore } from "./session-store.ts";

/** history.replaceState costs milliseconds per call in Chromium, so a drag updates the address bar once it pauses. */
const WRITE_AFTER_MS = 200;

/**
 * Keeps the address bar equal to the session (without adding history entries): the one place the URL
 * is written. `linkOf` builds the full address from the URL table; the exports call it directly, so
 * they always carry the current link even while the address bar waits for a drag to pause.
 */
export class UrlSync {
  private timer = 0;

  constructor(
    store: SessionStore<AppState>,
    private readonly linkOf: () => string,
  ) {
    const later = () => this.schedule();
    store.subscribe((s) => s.model, later);
    store.subscribe((s) => s.session, later);
    store.subscribe((s) => s.theme, later);
    store.subscribe((s) => s.view.tab, later);
  }

  /** Writes the address now (at start, and once a new model is open). */
  writeNow(): void {
    clearTimeout(this.timer);
    this.timer = 0;
    const url = this.linkOf();
    if (url !== location.href) history.replaceState(history.state, "", url);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.writeNow(), WRITE_AFTER_MS);
  }
}
