/**
 * "Now" for time-related texts. Relative times ("3 minutes ago") need only a coarse
 * tick (every 15 s). A deadline on screen (an undo window ending) must not be outlived
 * by its text, so `followDeadline` makes the clock tick every second until it passes
 * and once exactly at it: "will be sent in 3 seconds (can still be undone)" counts down
 * and goes the moment the window ends.
 */
export const clock = $state({ now: Date.now() });

export function startClock(intervalMs = 15_000): () => void {
  const timer = setInterval(() => {
    clock.now = Date.now();
  }, intervalMs);
  return () => clearInterval(timer);
}

const FAST_TICK_MS = 1000;
let fastUntil = 0;
let fastTimer: ReturnType<typeof setInterval> | undefined;
// Plain bookkeeping: one exact wake-up per deadline.
const wakes: Record<number, ReturnType<typeof setTimeout>> = {};

/** Ticks every second until `deadline` (epoch ms), and once right after it. */
export function followDeadline(deadline: number): void {
  const now = Date.now();
  if (deadline <= now || wakes[deadline] !== undefined) return;
  // Counting down from a coarse "now" up to 15 s old would show seconds that are gone.
  clock.now = now;
  wakes[deadline] = setTimeout(() => {
    delete wakes[deadline];
    clock.now = Date.now();
  }, deadline - now + 5);
  if (deadline > fastUntil) fastUntil = deadline;
  fastTimer ??= setInterval(() => {
    clock.now = Date.now();
    if (clock.now >= fastUntil) {
      clearInterval(fastTimer);
      fastTimer = undefined;
    }
  }, FAST_TICK_MS);
}

/**
 * A deadline that passed while the coarse clock was between ticks (a view opened then):
 * "now" catches up at once, so no text claims a window still open that has ended.
 */
export function catchUp(deadlines: readonly number[]): void {
  const now = Date.now();
  if (deadlines.some((deadline) => deadline > clock.now && deadline <= now)) clock.now = now;
}

/** Whole seconds left until `deadline`, at least 1 while it is ahead. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(1, Math.ceil((deadline - now) / 1000));
}
