import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { modelHeaders } from "./scripts/model-headers-plugin.ts";

/**
 * The Content-Security-Policy of the built app: no inline script and no eval (the equation compiler
 * falls back to closures), no remote loads. Styles may be inline because Plotly and KaTeX set them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

// Only the production build carries the policy: the dev server injects inline scripts for hot reload.
function contentSecurityPolicy(): Plugin {
  return {
    name: "content-security-policy",
    apply: "build",
    transformIndexHtml: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY },
        injectTo: "head-prepend",
      },
    ],
  };
}

/**
 * plotly.js's registry imports MapLibre's stylesheet for its map traces, which the app does not
 * register; without this the page would ship 80 KB of unused CSS.
 */
function noMapStyles(): Plugin {
  const id = "\0no-map-styles.css";
  return {
    name: "no-map-styles",
    enforce: "pre",
    resolveId: (source) => (source === "maplibre-gl/dist/maplibre-gl.css" ? id : undefined),
    load: (source) => (source === id ? "" : undefined),
  };
}

/**
 * Installable and usable offline after one visit: a manifest, and a service worker that precaches the
 * built app (scripts, workers, styles, the KaTeX woff2 fonts and icons). The page registers it itself
 * (src/app/offline/), from bundled code, so the policy needs no inline script; a new build waits until
 * the user accepts the "update available" notice. Relative URLs keep it working under any sub-path.
 */
function offlineApp() {
  return VitePWA({
    registerType: "prompt",
    injectRegister: false,
    includeAssets: ["icon.svg"],
    manifest: {
      name: "Plasticity Lab",
      short_name: "Plasticity Lab",
      description: "An illustrative model of norepinephrine, calcium and synaptic plasticity to explore.",
      start_url: "./",
      scope: "./",
      display: "standalone",
      background_color: "#ffffff",
      theme_color: "#1d2b36",
      icons: [
        { src: "icon-192.png", sizes: "192x192", type: "image/png" },
        { src: "icon-512.png", sizes: "512x512", type: "image/png" },
        { src: "icon.svg", sizes: "any", type: "image/svg+xml" },
      ],
    },
    workbox: {
      globPatterns: ["**/*.{js,css,html,woff2,png,svg,webmanifest}"],
      // The app's main chunk (Plotly, mathjs) may outgrow Workbox's 2 MiB default.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: "index.html",
      cleanupOutdatedCaches: true,
    },
    // The dev server never registers a service worker, so it never serves a stale build.
    devOptions: { enabled: false },
  });
}

// stdlib's CommonJS modules have no side effects; saying so lets workers that never compute a
// t quantile leave them out. Every other module keeps what its package declares.
const treeshake = {
  moduleSideEffects: (id: string) => (id.includes("/node_modules/@stdlib/") ? false : undefined),
};

// A relative base lets the built site run from any static host or sub-path.
export default defineConfig({
  base: "./",
  // stdlib's t distribution probes generator support with eval, which the policy forbids (and reports).
  resolve: {
    alias: {
      "@stdlib/assert-has-generator-support": fileURLToPath(
        new URL("./src/app/has-generator-support.cjs", import.meta.url),
      ),
    },
  },
  plugins: [modelHeaders(), noMapStyles(), contentSecurityPolicy(), offlineApp()],
  worker: { format: "es", rolldownOptions: { treeshake } },
  build: { target: "es2022", outDir: "dist", sourcemap: true, rolldownOptions: { treeshake } },
  // The test hooks (window.__plasticity) exist only in the builds of the browser tests and benchmarks.
  // plotly.js's dependencies (has-hover) read Node's `global`, which in a page is the window.
  define: { __PLASTICITY_TEST_HOOKS__: "false", global: "globalThis" },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
