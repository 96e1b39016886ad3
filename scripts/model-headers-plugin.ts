import { readFileSync } from "node:fs";
import type { Plugin } from "vite";
import { modelHeader } from "../src/app/session/model-header.ts";

/** The import query that asks for a YAML file's header instead of its text. */
const HEADER_QUERY = "model-header";

/**
 * Reads each shipped model's header (id, title, summary) while building, so that the page need not
 * parse every model file before it draws anything: the picker lists them all, but only the open one
 * is loaded. A file that is not a model becomes null and is left out of the picker, as before.
 */
export function modelHeaders(): Plugin {
  return {
    name: "model-headers",
    enforce: "pre",
    load(id) {
      // The dev server adds its own flags to the query (`?import&model-header`).
      const [file = "", query = ""] = id.split("?", 2);
      if (!new URLSearchParams(query).has(HEADER_QUERY)) return undefined;
      this.addWatchFile(file);
      return `export default ${JSON.stringify(modelHeader(readFileSync(file, "utf8")) ?? null)};`;
    },
  };
}
