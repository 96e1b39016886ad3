import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Plugin } from "vite";

export const ROOT = resolve(import.meta.dirname, "../..");
/** PLASTICITY_DIST gives a run its own build folder, so test runs going on at once do not rebuild each other's site. */
export const DIST = process.env.PLASTICITY_DIST ? resolve(ROOT, process.env.PLASTICITY_DIST) : resolve(ROOT, "dist");

/** The model file the app is built around unless a test asks for another. */
const APP_MODEL = "models/ne-calcium-plasticity.yaml";

/**
 * Builds the app around another model file: the app's own import of its model file's text is answered
 * with `file`'s text, so the app is built exactly as shipped except for the model. For tests only.
 */
function otherModel(file: string): Plugin {
  const id = "\0plasticity-test-model";
  return {
    name: "plasticity-test-model",
    enforce: "pre",
    resolveId: (source) => (source.endsWith(`${APP_MODEL}?raw`) ? id : undefined),
    load: (loaded) =>
      loaded === id ? `export default ${JSON.stringify(readFileSync(resolve(ROOT, file), "utf8"))};` : undefined,
  };
}

/** A production build of the app into `outDir` (default dist), as `npm run build` makes it; `model` swaps its model file. */
export async function buildApp(options: { outDir?: string; model?: string } = {}): Promise<void> {
  // Vite only minifies and drops dev-only code when NODE_ENV says production.
  process.env.NODE_ENV = "production";
  const { build } = await import("vite");
  await build({
    root: ROOT,
    configFile: resolve(ROOT, "vite.config.ts"),
    mode: "production",
    logLevel: "warn",
    plugins: options.model ? [otherModel(options.model)] : [],
    build: { outDir: options.outDir ?? DIST, emptyOutDir: true },
  });
}
