import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** PLASTICITY_DIST gives a run its own build folder, so test runs going on at once do not rebuild each other's site. */
export const DIST = process.env.PLASTICITY_DIST ? resolve(ROOT, process.env.PLASTICITY_DIST) : resolve(ROOT, "dist");

/**
 * A production build of the app into dist, as `npm run build` makes it, with the test hooks
 * (window.__plasticity, read by the tests and benchmarks) switched on.
 */
export async function buildApp(): Promise<void> {
  // Vite only minifies and drops dev-only code when NODE_ENV says production.
  process.env.NODE_ENV = "production";
  const { build } = await import("vite");
  await build({
    root: ROOT,
    configFile: resolve(ROOT, "vite.config.ts"),
    mode: "production",
    logLevel: "warn",
    build: { outDir: DIST, emptyOutDir: true },
    define: { __PLASTICITY_TEST_HOOKS__: "true" },
  });
}
