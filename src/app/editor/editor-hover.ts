import { hoverTooltip } from "@codemirror/view";
import type { Model } from "../../engine/index.ts";
import { modelNames } from "./model-names.ts";

/** Lines of prose, where a word is not a name (the lines a long text continues on have no key at all). */
const PROSE = /^\s*(?:- )?(?:label|description|summary|purpose|claim|nuance|statement|reason|title|status)\s*:/;
const KEYED = /^\s*(?:- )?[A-Za-z0-9_-]+\s*:/;

/** Hovering a name shows its declaration in the last model that loaded. */
export function declarationHover(model: () => Model | undefined) {
  return hoverTooltip((view, pos) => {
    const line = view.state.doc.lineAt(pos);
    if (PROSE.test(line.text) || !KEYED.test(line.text)) return null;
    const at = pos - line.from;
    const word = /[A-Za-z_][A-Za-z0-9_]*/g;
    for (let m = word.exec(line.text); m; m = word.exec(line.text)) {
      if (at < m.index || at > m.index + m[0].length) continue;
      const found = modelNames(model()).find((n) => n.name === m?.[0]);
      if (!found) return null;
      return {
        pos: line.from + m.index,
        end: line.from + m.index + m[0].length,
        above: true,
        create: () => {
          const dom = document.createElement("div");
          dom.className = "model-editor-hover";
          dom.textContent = found.declaration;
          return { dom };
        },
      };
    }
    return null;
  });
}
