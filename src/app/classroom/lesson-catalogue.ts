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

/** Every shipped lesson, in file-name order. */
export function shippedLessons(model: Model): LessonEntry[] {
  return Object.entries(FILES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => readLesson(text, path.replace(/^\//, ""), model));
}
