import { defineConfig, type Plugin } from "vite";

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

// A relative base lets the built site run from any static host or sub-path.
export default defineConfig({
  base: "./",
  plugins: [contentSecurityPolicy()],
  worker: { format: "es" },
  // The test hooks (window.__plasticity) exist only in the builds of the browser tests and benchmarks.
  define: { __PLASTICITY_TEST_HOOKS__: "false" },
  build: { target: "es2022", outDir: "dist", sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
