import { HighlightStyle } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/**
 * The editor in the page's own colours: every colour is one of the app's CSS variables, so the
 * standard and projector themes (which redefine them) restyle the editor too.
 */
export const appEditorTheme = EditorView.theme({
  "&": {
    color: "var(--ink)",
    backgroundColor: "var(--card)",
    border: "1px solid var(--line)",
    borderRadius: "6px",
    fontSize: "0.9rem",
  },
  "&.cm-focused": { outline: "3px solid var(--accent)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--ink)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--ink)", borderLeftWidth: "2px" },
  ".cm-gutters": { backgroundColor: "var(--bg)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 8%, transparent)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "color-mix(in srgb, var(--accent) 25%, transparent)",
  },
  ".cm-matchingBracket": { outline: "2px solid var(--accent)", backgroundColor: "transparent" },
  ".cm-panels": { backgroundColor: "var(--bg)", color: "var(--ink)" },
  ".cm-tooltip": { backgroundColor: "var(--card)", color: "var(--ink)", border: "1px solid var(--line)" },
});

/** Token colours for a white page; the projector's variant is darker and bolder, to read from afar. */
export const standardHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "#1f5f99" },
  { tag: [tags.string, tags.content], color: "#1d2b36" },
  { tag: tags.number, color: "#8a3b00" },
  { tag: [tags.bool, tags.null, tags.keyword], color: "#6b2c91" },
  { tag: tags.comment, color: "#55636e", fontStyle: "italic" },
  { tag: [tags.punctuation, tags.separator], color: "#55636e" },
]);

export const projectorHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "#003f73", fontWeight: "bold" },
  { tag: [tags.string, tags.content], color: "#000000" },
  { tag: tags.number, color: "#8a2a00", fontWeight: "bold" },
  { tag: [tags.bool, tags.null, tags.keyword], color: "#4b1470", fontWeight: "bold" },
  { tag: tags.comment, color: "#222222", fontStyle: "italic" },
  { tag: [tags.punctuation, tags.separator], color: "#000000" },
]);

export const darkHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "#8cc4ff" },
  { tag: [tags.string, tags.content], color: "#e8edf2" },
  { tag: tags.number, color: "#ffb77a" },
  { tag: [tags.bool, tags.null, tags.keyword], color: "#d7a8ff" },
  { tag: tags.comment, color: "#a3b0bb", fontStyle: "italic" },
  { tag: [tags.punctuation, tags.separator], color: "#a3b0bb" },
]);
