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
 * without generated code, so neither makes a refused attempt (each would report a violation). This
 * module imports nothing, and main.ts runs it before it loads anything else, so the engine reads the
 * flag when its modules load (engine/host-policy.ts).
 */
export const evalForbidden = pageForbidsEval();
if (evalForbidden) (globalThis as { plasticityForbidsEval?: boolean }).plasticityForbidsEval = true;
