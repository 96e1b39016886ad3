import { type Model, resolveRun, tryEvaluate } from "../../engine/index.ts";

/** The warm-up stops after this much solving, or as soon as a job arrives. */
export const WARM_UP_MS = 300;

/**
 * V8 optimises a worker's solver only once it has run hot, compiling on background threads that share
 * the cores with the other workers. A worker that had never solved spent its first job's time in the
 * interpreter and in that compiling (the second of two workers, ~0.6 s of compiling in the first
 * 40 × 40 map here). So while a worker waits for its first job, it solves the model's default run as an
 * analysis solves a grid cell or a subject, one solve per task, so a job waits for one solve at most.
 * Nothing it computes is kept. `wanted()` says whether to go on (false once a job has arrived); the
 * promise gives the number of solves made.
 */
export function warmUp(
  model: Model,
  wanted: () => boolean,
  now: () => number = () => performance.now(),
): Promise<number> {
  let run: ReturnType<typeof resolveRun>;
  try {
    run = resolveRun(model, {});
  } catch {
    return Promise.resolve(0);
  }
  const t0 = now();
  let solves = 0;
  return new Promise((done) => {
    const step = () => {
      if (!wanted() || now() - t0 > WARM_UP_MS) return done(solves);
      solves++;
      // A run the solver cannot finish warms nothing more; the jobs report such runs themselves.
      if ("failed" in tryEvaluate(model, run, run.values)) return done(solves);
      setTimeout(step, 0);
    };
    setTimeout(step, 0);
  });
}
