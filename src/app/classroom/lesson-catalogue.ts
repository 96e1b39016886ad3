import { type Lesson, LessonError, type Model, parseLesson } from "../../engine/index.ts";

/** The lessons shipped in notebooks/, bundled as text so the app needs no server to read them. */
const FILES = import.meta.glob<string>("/notebooks/*.md", { query: "?raw", import: "default", eager: true });

export type LessonEntry =
  | { name: string; file: string; lesson: Lesson; error?: undefined }
  | { name: string; file: string; lesson?: undefined; error: LessonError };

/** A lesson's name in links: its file name without folder and extension ("calcium-window"). */
export function lessonName(file: string): string {
  return (file.split("/").pop() ?? file).replace(/\.md$/, "");
}

/** Parses a lesson; a broken one comes back with its error instead of stopping the others. */
export function readLesson(text: string, file: string, model: Model): LessonEntry {
  const name = lessonName(file);
  try {
    return { name, file, lesson: parseLesson(text, file, model) };
  } catch (err) {
    const error = err instanceof LessonError ? err : new LessonError(file, [{ line: 1, message: String(err) }]);
    return { name, file, error };
  }
}

/** The model a lesson's front matter names, if any. */
function lessonModel(text: string): string | undefined {
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
  return /^model:\s*(\S+)\s*$/m.exec(front)?.[1];
}

/**
 * The shipped lessons for `model`, in file-name order: those its front matter names it for (or that
 * name no model). A lesson whose steps switch to other models is left to `lesson check` and the CLI:
 * the player runs every step on the model that is open.
 */
export function shippedLessons(model: Model): LessonEntry[] {
  return Object.entries(FILES)
    .filter(([, text]) => (lessonModel(text) ?? model.id) === model.id && !/```params[^`]*^model:/m.test(text))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => readLesson(text, path.replace(/^\//, ""), model));
}
