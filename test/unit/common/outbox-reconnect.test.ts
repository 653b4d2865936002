/**
 * Back online, everything goes (the pure half): tries that found BizKitHub unreachable do
 * not grow an entry's backoff, server errors still do, and a reconnect makes only the
 * entries waiting on a network or server backoff due, within the jitter.
 */
import { describe, expect, it } from 'vitest';
import type { DeskError, ErrorKind } from '../../../common/errors';
import {
  RECONNECT_JITTER_MS,
  backoffLevelOf,
  dueOnReconnect,
  nextStateAfter,
  type OutboxEntry,
} from '../../../common/outbox-rules';

const err = (kind: ErrorKind, extra: Partial<DeskError> = {}) => ({ ok: false as const, error: { kind, message: kind, ...extra } });
type Tried = Pick<OutboxEntry, 'state' | 'attempts' | 'backoffLevel' | 'resolution' | 'kind'>;

/** Applies `kind` to the entry `times` times in a row, as the engine stores each outcome. */
function failRepeatedly(entry: Tried, kind: ErrorKind, times: number, phase: 'send' | 'check'): Tried & { nextAttemptAt: number } {
  let current: Tried & { nextAttemptAt: number } = { ...entry, nextAttemptAt: 0 };
  for (let i = 0; i < times; i += 1) {
    const t = nextStateAfter(current, err(kind), { now: 0, phase, random: () => 0.999 });
    current = { ...current, state: t.state, attempts: t.attempts, backoffLevel: t.backoffLevel, nextAttemptAt: t.nextAttemptAt };
  }
  return current;
}

describe('backoff while BizKitHub is unreachable', () => {
  const needsCheck: Tried = { state: 'needs-check', attempts: 1, backoffLevel: 1, resolution: null };

  it('a check that keeps finding the API unreachable stays at its step: the wait never grows toward the cap', () => {
    const after = failRepeatedly(needsCheck, 'network', 30, 'check');
    expect(after.state).toBe('needs-check');
    expect(after.attempts).toBe(31); // every try is counted
    expect(after.backoffLevel).toBe(1);
    expect(after.nextAttemptAt).toBeLessThan(1000); // the first step's ceiling, not 5 min
  });

  it('a send that finds nothing at the other end does not grow it either', () => {
    const after = failRepeatedly({ state: 'queued', attempts: 0, resolution: null }, 'network', 12, 'send');
    expect(after.backoffLevel).toBe(0);
    expect(after.nextAttemptAt).toBeLessThan(1000);
  });

  it('server errors while online still grow it, from where it was (the outage added nothing)', () => {
    const outage = failRepeatedly(needsCheck, 'network', 30, 'check');
    const t = nextStateAfter(outage, err('server'), { now: 0, phase: 'check', random: () => 0.999 });
    expect(t.backoffLevel).toBe(2);
    expect(t.nextAttemptAt).toBeGreaterThanOrEqual(1000);
    expect(t.nextAttemptAt).toBeLessThan(2000);
    const many = failRepeatedly({ state: 'queued', attempts: 0, resolution: null }, 'server', 9, 'send');
    expect(many.backoffLevel).toBe(9);
    expect(many.nextAttemptAt).toBeGreaterThan(200_000);
  });

  it('an entry put back to 0 attempts starts its backoff over; one from before the step existed uses its attempts', () => {
    expect(backoffLevelOf({ attempts: 0, backoffLevel: 7 })).toBe(0);
    expect(backoffLevelOf({ attempts: 4 })).toBe(4);
    expect(backoffLevelOf({ attempts: 4, backoffLevel: 2 })).toBe(2);
  });
});

describe('dueOnReconnect', () => {
  const waiting = (kind: ErrorKind | null, state: OutboxEntry['state'] = 'needs-check', nextAttemptAt = 300_000) => ({
    state,
    nextAttemptAt,
    lastError: kind === null ? null : ({ kind, message: kind } as DeskError),
  });

  it.each(['network', 'server', 'unknown-outcome', 'internal'] as const)('a %s backoff is due within the jitter', (kind) => {
    expect(dueOnReconnect(waiting(kind), 1000, () => 0)).toBe(1000);
    expect(dueOnReconnect(waiting(kind, 'queued'), 1000, () => 0.999)).toBe(1000 + Math.floor(0.999 * RECONNECT_JITTER_MS));
  });

  it('the jitter spreads the entries over one to two seconds', () => {
    expect(RECONNECT_JITTER_MS).toBeGreaterThanOrEqual(1000);
    expect(RECONNECT_JITTER_MS).toBeLessThanOrEqual(2000);
    const dues = [0, 0.25, 0.5, 0.75, 0.99].map((r) => dueOnReconnect(waiting('server'), 0, () => r));
    expect(new Set(dues).size).toBe(5);
    for (const due of dues) expect(due).toBeLessThan(RECONNECT_JITTER_MS);
  });

  it.each([
    ['a rate-limit pause', waiting('rate-limited')],
    ['a key problem', waiting('auth')],
    ['a refusal waiting for the agent', waiting('invalid', 'failed')],
    ['a conflict', waiting(null, 'conflict')],
    ['the undo hold', waiting(null, 'queued')],
    ['a refusal before sending (forbidden)', waiting('forbidden', 'queued')],
    ['an entry being sent', waiting('server', 'sending')],
  ])('%s keeps its wait', (_what, entry) => {
    expect(dueOnReconnect(entry, 1000, () => 0.5)).toBeNull();
  });

  it('a wait that ends sooner than the jitter is left alone (never later than it was)', () => {
    expect(dueOnReconnect(waiting('server', 'needs-check', 1100), 1000, () => 0.5)).toBeNull();
  });
});
