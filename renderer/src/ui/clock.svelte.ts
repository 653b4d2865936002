/** A coarse "now" for relative times ("3 minutes ago"); ticks every 15 s. */
export const clock = $state({ now: Date.now() });

export function startClock(intervalMs = 15_000): () => void {
  const timer = setInterval(() => {
    clock.now = Date.now();
  }, intervalMs);
  return () => clearInterval(timer);
}
