import type { LessonProgress, StepAnswer } from "./lesson-player.ts";

/** Saved lesson progress read back from storage, checked field by field; throws naming what is wrong. */
export function savedProgress(value: unknown): LessonProgress {
  if (typeof value !== "object" || value === null) throw new Error("saved lesson progress is not an object");
  const v = value as Partial<LessonProgress>;
  if (typeof v.lesson !== "string" || !/^[a-z0-9-]{1,64}$/.test(v.lesson))
    throw new Error("saved lesson name is not valid");
  if (!Number.isInteger(v.step) || (v.step as number) < 0) throw new Error("saved lesson step is not valid");
  if (typeof v.answers !== "object" || v.answers === null) throw new Error("saved lesson answers are not valid");
  const answers: Record<number, StepAnswer> = {};
  for (const [key, a] of Object.entries(v.answers)) {
    const k = Number(key);
    const ans = a as Partial<StepAnswer>;
    const ok =
      Number.isInteger(k) &&
      k >= 0 &&
      Number.isInteger(ans.choice) &&
      typeof ans.choiceLabel === "string" &&
      typeof ans.correct === "boolean" &&
      typeof ans.result === "string";
    if (!ok) throw new Error(`saved answer to step ${key} is not valid`);
    answers[k] = {
      choice: ans.choice as number,
      choiceLabel: ans.choiceLabel as string,
      correct: ans.correct as boolean,
      result: ans.result as string,
    };
  }
  return { lesson: v.lesson, step: v.step as number, answers };
}
