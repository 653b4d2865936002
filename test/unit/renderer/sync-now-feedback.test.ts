import { describe, expect, it } from 'vitest';
import type { FlushReport } from '../../../renderer/src/sync/engine-types';
import { JOURNAL_GAP_SLOT } from '../../../renderer/src/ui/journal-gap';
import { syncNowFeedback } from '../../../renderer/src/ui/sync-now-feedback';

const report = (over: Partial<FlushReport> = {}): FlushReport => ({
  sent: 0,
  reconciled: 0,
  conflicts: 0,
  uncertain: 0,
  failed: 0,
  retrying: 0,
  skipped: null,
  error: null,
  ...over,
});
const status = (
  over: { pending?: number; pausedReason?: null | 'auth' | 'rate-limited'; pausedUntil?: number | null; online?: boolean } = {},
) => ({
  online: true,
  pending: 0,
  pausedReason: null,
  pausedUntil: null,
  ...over,
});

describe('Sync now: every press gets an answer', () => {
  it.each([
    ['sent', report({ sent: 2, reconciled: 1 }), status(), 0, 'syncNow.sent', 'success', { count: 3 }],
    ['some need the agent', report({ sent: 1, conflicts: 1, failed: 1 }), status({ pending: 2 }), 0, 'syncNow.needYou', 'warning', { count: 2, sent: 1 }],
    ['nothing left', report(), status(), 0, 'syncNow.nothing', 'success', {}],
    ['waiting for a retry', report({ retrying: 2 }), status({ pending: 2 }), 0, 'syncNow.waiting', 'info', { count: 2 }],
    ['waiting for another key', report(), status(), 3, 'syncNow.waitingElsewhere', 'info', { count: 3 }],
    ['offline', report({ skipped: 'offline' }), status({ pending: 4 }), 0, 'syncNow.offline', 'warning', { n: 4 }],
    ['tried while offline, no network', report({ retrying: 2 }), status({ pending: 2, online: false }), 0, 'syncNow.offline', 'warning', { n: 2 }],
    ['another window sends', report({ skipped: 'busy' }), status({ pending: 1 }), 0, 'syncNow.busy', 'info', {}],
    ['key rejected', report({ skipped: 'paused' }), status({ pending: 1, pausedReason: 'auth' }), 0, 'syncNow.pausedAuth', 'error', {}],
    ['local failure', report({ error: 'DatabaseClosedError' }), status(), 0, 'syncNow.localError', 'error', { error: 'DatabaseClosedError' }],
  ] as const)('%s', (_name, r, s, waiting, key, tone, params) => {
    expect(syncNowFeedback(r, s, waiting)).toEqual({ key, tone, params });
  });

  it('rate limited: says until when', () => {
    const until = new Date(2026, 10, 30, 14, 32).getTime();
    const feedback = syncNowFeedback(report({ skipped: 'paused' }), status({ pending: 5, pausedReason: 'rate-limited', pausedUntil: until }), 0);
    expect(feedback?.key).toBe('syncNow.rateLimited');
    expect(String(feedback?.params.time)).toMatch(/14.32|2.32/);
  });

  it('an engine that was stopped says nothing', () => {
    expect(syncNowFeedback(report({ skipped: 'stopped' }), status(), 0)).toBeNull();
  });
});

describe('Sync now after a start-up check that could not settle what is unsent', () => {
  it('never says every change has been sent: it repeats what is missing, in the notice slot of the start-up check', () => {
    expect(syncNowFeedback(report(), status(), 0, { kind: 'missing', count: 2 })).toEqual({
      key: 'journal.missing',
      tone: 'error',
      params: { count: 2 },
      slot: JOURNAL_GAP_SLOT,
    });
    expect(syncNowFeedback(report(), status(), 0, { kind: 'unchecked' })).toEqual({ key: 'journal.unchecked', tone: 'error', params: {}, slot: JOURNAL_GAP_SLOT });
  });

  it('what was sent or is waiting is still said as before', () => {
    expect(syncNowFeedback(report({ sent: 1 }), status(), 0, { kind: 'unchecked' })?.key).toBe('syncNow.sent');
    expect(syncNowFeedback(report({ retrying: 1 }), status({ pending: 1 }), 0, { kind: 'unchecked' })?.key).toBe('syncNow.waiting');
  });
});
