import DOMPurify from "dompurify";
import { marked } from "marked";

/**
 * Lesson prose is untrusted text (an instructor's file, or one opened from disk), so it is rendered
 * through a purifier of its own: hooks added here must not change how the app's own Markdown renders.
 */
const purifier = DOMPurify(window);

/** Elements that could run code, load from elsewhere, take input or restyle the page. */
const FORBID_TAGS = [
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "option",
  "link",
  "meta",
  "base",
  "svg",
  "math",
  "video",
  "audio",
  "source",
  "track",
  "picture",
  "template",
  "noscript",
  "dialog",
];
/**
 * The only attributes lesson HTML keeps. Everything else goes, in particular `class`, `id`, `name` and
 * `style`: with them a lesson could take the app's own look and place (`class="handout"` draws a
 * full-page overlay, `class="model-label"` a fake "Illustrative model" badge), or take over one of the
 * app's elements (`id="import-json"` is found before the real Import JSON input). `accesskey` and
 * `autofocus` would take keys or focus from the app.
 */
const ALLOWED_ATTR = ["href", "src", "alt", "title", "align", "colspan", "rowspan", "start", "reversed", "lang", "dir"];

/** A link may point within this site or to an https page elsewhere; nothing else (javascript:, data:, http:). */
export function safeLinkTarget(href: string): string | null {
  const text = href.trim();
  if (text === "") return null;
  let url: URL;
  try {
    url = new URL(text, location.href);
  } catch {
    return null;
  }
  if (url.protocol === "https:") return url.href;
  return url.origin === location.origin && isRelative(text) ? url.href : null;
}

/** An image may only come from this site: a remote one would tell a third party who opened the lesson. */
export function safeImageSource(src: string): string | null {
  const text = src.trim();
  if (text === "" || !isRelative(text)) return null;
  try {
    const url = new URL(text, location.href);
    return url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** No scheme and not protocol-relative ("//host" and "\\host" reach other hosts). */
function isRelative(text: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[\\/]{2}/.test(text.replace(/[\t\n\r]/g, ""));
}

purifier.addHook("afterSanitizeAttributes", (node) => {
  if (!(node instanceof Element)) return;
  for (const attr of [...node.attributes]) {
    if (/^on/i.test(attr.name)) node.removeAttribute(attr.name);
  }
  if (node.tagName === "A") {
    const href = node.getAttribute("href");
    const target = href === null ? null : safeLinkTarget(href);
    if (target === null) {
      node.removeAttribute("href");
      node.setAttribute("title", "Link removed: lessons may only link to https pages or within this site");
    } else {
      node.setAttribute("href", target);
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
      node.setAttribute("referrerpolicy", "no-referrer");
    }
  }
  if (node.tagName === "IMG") {
    // Removing the node mid-walk would skip its sibling; an image without a source loads nothing.
    const src = safeImageSource(node.getAttribute("src") ?? "");
    if (src === null) node.removeAttribute("src");
    else node.setAttribute("src", src);
  }
});

/** Lesson Markdown as sanitised DOM: prose, lists, emphasis, tables, code and safe links only. */
export function renderLessonMarkdown(text: string): HTMLElement {
  const html = marked.parse(text, { async: false, gfm: true });
  const fragment = purifier.sanitize(html, {
    FORBID_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  const div = document.createElement("div");
  div.className = "prose lesson-prose";
  div.append(fragment);
  return div;
}
