import { z } from "zod";
// compile-model directly, not the engine index: the index would build every zod schema before this module runs.
import { setAutoBackend } from "../engine/compile/compile-model.ts";

/**
 * Whether the page's own Content-Security-Policy (the <meta> the production build injects) forbids
 * eval: script-src, or default-src when there is no script-src, without 'unsafe-eval'.
 */
export function pageForbidsEval(doc: Document = document): boolean {
  for (const meta of doc.querySelectorAll<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy" i]')) {
    const directives = new Map(
      meta.content
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .filter((words) => words[0])
        .map((words) => [(words[0] as string).toLowerCase(), words.slice(1)]),
    );
    const sources = directives.get("script-src") ?? directives.get("default-src");
    if (sources && !sources.includes("'unsafe-eval'")) return true;
  }
  return false;
}

/**
 * Under a policy without eval, the equation compiler goes straight to closures and zod validates
 * without generated code, so neither makes a refused attempt (each would report a violation).
 * Runs when this module is imported, which main.ts does first: zod decides at schema construction.
 */
export const evalForbidden = pageForbidsEval();
if (evalForbidden) {
  setAutoBackend("closures");
  z.config({ jitless: true });
}
