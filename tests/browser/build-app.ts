import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Plugin } from "vite";
import { modelHeader } from "../../src/app/session/model-header.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
/** PLASTICITY_DIST gives a run its own build folder, so test runs going on at once do not rebuild each other's site. */
export const DIST = process.env.PLASTICITY_DIST ? resolve(ROOT, process.env.PLASTICITY_DIST) : resolve(ROOT, "dist");

/**
 * Builds the app around another model file: the catalogue of shipped models (an import.meta.glob over
 * models/ in model-source.ts) is replaced by `file` alone, so the app is built exactly as shipped
 * except for its models. For tests only.
 */
function otherModel(file: string): Plugin {
  return {
    name: "plasticity-test-model",
    enforce: "pre",
    transform(code, id) {
      if (!id.endsWith("src/app/session/model-source.ts")) return undefined;
      const texts = /import\.meta\.glob<string>\([^)]*\)/;
      const headers = /import\.meta\.glob<ModelHeader \| null>\([^)]*\)/;
      if (!texts.test(code) || !headers.test(code))
        throw new Error("model-source.ts no longer lists the shipped models and their headers with import.meta.glob");
      const text = readFileSync(resolve(ROOT, file), "utf8");
      const key = `../../../${file}`;
      return code
        .replace(texts, JSON.stringify({ [key]: text }))
        .replace(headers, JSON.stringify({ [key]: modelHeader(text) ?? null }));
    },
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
    define: { __PLASTICITY_TEST_HOOKS__: "true" },
  });
}
