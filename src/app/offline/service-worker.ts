/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from "virtual:pwa-register";
import type { Notices } from "../ui/notices.ts";

/**
 * Registers the service worker of the built app, which keeps a copy of it for use offline. A new build
 * is installed in the background and waits: the page says an update is available and reloads into it
 * when asked, never in the middle of a lesson on its own.
 */
export function registerServiceWorker(notices: Notices): void {
  if (!("serviceWorker" in navigator)) return;
  if (!import.meta.env.PROD) {
    // A worker left by a build served on this address would answer the dev server's requests with
    // that build's files.
    void navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())));
    return;
  }
  const update = registerSW({
    onNeedRefresh() {
      notices.show("A new version of Plasticity Lab is available.", [], "warning", "update", {
        label: "Reload",
        run: () => void update(true),
      });
    },
    onRegisterError(err: unknown) {
      notices.show("This page will not work offline:", [String(err)], "warning", "offline");
    },
  });
}
