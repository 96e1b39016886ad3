/**
 * Runs `fn` once the browser has painted the next frame: a task queued from a frame callback runs
 * after that frame's paint. Work that can wait (panels below the figures) then no longer holds back
 * what the user came to see.
 */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}
