import { describe, expect, it } from 'vitest';
import type { DeskError, ErrorKind } from '../../../common/errors';
import {
  afterCheck,
  decideChange,
  isInUndoHold,
  isStalled,
  nextSendable,
  nextStateAfter,
  nextWakeAt,
  pendingOf,
  type OutboxEntry,
  type OutboxState,
} from '../../../common/outbox-rules';
import type { ComplaintStatus } from '../../../common/status';

function entry(seq: number, complaintId: string, state: OutboxState, nextAttemptAt = 0): OutboxEntry {
  return {
    seq,
    complaintId,
    targetStatus: 'open',
    baseStatus: 'new',
    createdAt: 1000 + seq,
    state,
    attempts: 0,
    nextAttemptAt,
    lastError: null,
    updatedAt: 1000 + seq,
    sentAt: null,
    resolution: null,
    serverStatusSeen: null,
  };
}
const seqs = (list: OutboxEntry[]) => list.map((e) => e.seq);

describe('nextSendable: eligibility and ordering', () => {
  it('takes only the oldest unsent entry per complaint, oldest first', () => {
    const list = [entry(5, 'B', 'queued'), entry(2, 'A', 'queued'), entry(3, 'A', 'queued'), entry(4, 'C', 'queued')];
    expect(seqs(nextSendable(list, 0, 10))).toEqual([2, 4, 5]);
  });

  it('orders by seq, not by input order or createdAt (the device clock)', () => {
    const a = { ...entry(9, 'A', 'queued'), createdAt: 1 };
    const b = { ...entry(1, 'B', 'queued'), createdAt: 999_999 };
    expect(seqs(nextSendable([a, b], 0, 10))).toEqual([1, 9]);
  });

  it('skips history: a sent/discarded entry does not block later ones', () => {
    const list = [entry(1, 'A', 'sent'), entry(2, 'A', 'discarded'), entry(3, 'A', 'queued')];
    expect(seqs(nextSendable(list, 0, 10))).toEqual([3]);
  });

  it.each(['sending', 'conflict', 'failed'] as const)('a %s entry blocks later entries of the same complaint', (state) => {
    const list = [entry(1, 'A', state), entry(2, 'A', 'queued'), entry(3, 'B', 'queued')];
    expect(seqs(nextSendable(list, 0, 10))).toEqual([3]);
  });

  it('needs-check entries are workable (they are checked first) and block later ones', () => {
    const list = [entry(1, 'A', 'needs-check'), entry(2, 'A', 'queued')];
    expect(seqs(nextSendable(list, 0, 10))).toEqual([1]);
  });

  it('an entry waiting for its backoff waits, and so does everything after it for that complaint', () => {
    const list = [entry(1, 'A', 'queued', 5000), entry(2, 'A', 'queued', 0), entry(3, 'B', 'queued', 5000)];
    expect(seqs(nextSendable(list, 4999, 10))).toEqual([]);
    expect(seqs(nextSendable(list, 5000, 10))).toEqual([1, 3]);
  });

  it('returns at most `limit` complaints', () => {
    const list = [1, 2, 3, 4, 5].map((n) => entry(n, `C${n}`, 'queued'));
    expect(seqs(nextSendable(list, 0, 2))).toEqual([1, 2]);
    expect(seqs(nextSendable(list, 0, 0))).toEqual([]);
  });

  it('nextWakeAt: the earliest backoff among heads of line, null when none waits', () => {
    const list = [entry(1, 'A', 'queued', 7000), entry(2, 'A', 'queued', 100), entry(3, 'B', 'needs-check', 9000), entry(4, 'C', 'failed', 50)];
    expect(nextWakeAt(list, 0)).toBe(7000);
    expect(nextWakeAt(list, 8000)).toBe(9000);
    expect(nextWakeAt([entry(1, 'A', 'queued', 0)], 10)).toBeNull();
  });
});

describe('isInUndoHold', () => {
  const held = { state: 'queued' as const, attempts: 0, lastError: null, nextAttemptAt: 5000 };
  it('a fresh queued entry whose nextAttemptAt is still ahead is in its undo window', () => {
    expect(isInUndoHold(held, 4999)).toBe(true);
    expect(isInUndoHold(held, 5000)).toBe(false); // the window ends exactly at nextAttemptAt
    expect(isInUndoHold({ ...held, nextAttemptAt: 0 }, 1)).toBe(false);
  });
  it('never mistakes a backoff, a rate-limit pause or another state for a hold', () => {
    const error: DeskError = { kind: 'rate-limited', message: 'slow down' };
    expect(isInUndoHold({ ...held, attempts: 1 }, 0)).toBe(false);
    expect(isInUndoHold({ ...held, lastError: error }, 0)).toBe(false);
    expect(isInUndoHold({ ...held, state: 'needs-check' }, 0)).toBe(false);
    expect(isInUndoHold({ ...held, state: 'failed' }, 0)).toBe(false);
  });
});

describe('nextStateAfter (send phase)', () => {
  const ctx = { now: 10_000, random: () => 0.5, needsCheckDelayMs: 2000 };
  const queued = { ...entry(1, 'A', 'queued'), attempts: 2 };
  const err = (kind: ErrorKind, extra: Partial<DeskError> = {}) => ({ ok: false as const, error: { kind, message: kind, ...extra } });

  it('success → sent', () => {
    expect(nextStateAfter(queued, { ok: true }, ctx)).toMatchObject({ state: 'sent', resolution: 'sent', sentAt: 10_000, lastError: null, pause: null });
  });

  it('success after "Apply mine anyway" keeps that resolution', () => {
    expect(nextStateAfter({ ...queued, resolution: 'applied-anyway' }, { ok: true }, ctx).resolution).toBe('applied-anyway');
  });

  const table: Array<[ErrorKind, OutboxState, { backoff?: boolean; pause?: string; offline?: boolean }]> = [
    ['network', 'queued', { backoff: true, offline: true }],
    ['server', 'needs-check', { backoff: true }],
    ['rate-limited', 'queued', { pause: 'rate-limited' }],
    ['auth', 'queued', { pause: 'auth' }],
    ['not-configured', 'queued', { pause: 'auth' }],
    ['no-keychain', 'queued', { pause: 'auth' }],
    ['not-found', 'failed', {}],
    ['invalid', 'failed', {}],
    ['bad-request', 'failed', {}],
    ['unknown-outcome', 'needs-check', { backoff: true }],
    ['malformed', 'needs-check', { backoff: true }],
    ['internal', 'needs-check', { backoff: true }],
    ['forbidden', 'queued', { backoff: true }],
  ];
  it.each(table)('%s → %s', (kind, state, how) => {
    const t = nextStateAfter(queued, err(kind), ctx);
    expect(t.state).toBe(state);
    expect(t.lastError?.kind).toBe(kind);
    expect(t.pause?.reason ?? undefined).toBe(how.pause);
    expect(t.offline).toBe(how.offline === true);
    if (how.backoff) {
      expect(t.attempts).toBe(3);
      expect(t.nextAttemptAt).toBeGreaterThan(10_000);
    }
    if (how.pause) expect(t.attempts).toBe(2); // not the entry's fault
    expect(t.sentAt).toBeNull();
  });

  it('network/server retry forever with growing, capped backoff', () => {
    const many = { ...queued, attempts: 1_000 };
    const t = nextStateAfter(many, err('network'), { now: 0, random: () => 0.999 });
    expect(t.state).toBe('queued');
    expect(t.attempts).toBe(1_001);
    expect(t.nextAttemptAt).toBeLessThanOrEqual(300_000);
    const early = nextStateAfter({ ...queued, attempts: 0 }, err('network'), { now: 0, random: () => 0.999 });
    expect(early.nextAttemptAt).toBeLessThan(1000);
  });

  it('rate-limited pauses until Retry-After (or a default) has passed', () => {
    const t = nextStateAfter(queued, err('rate-limited', { retryAfterMs: 7000 }), ctx);
    expect(t.pause).toEqual({ reason: 'rate-limited', until: 17_000 });
    expect(t.nextAttemptAt).toBe(17_000);
    const d = nextStateAfter(queued, err('rate-limited'), { ...ctx, defaultRetryAfterMs: 1234 });
    expect(d.pause).toEqual({ reason: 'rate-limited', until: 11_234 });
  });

  it('unknown outcome waits at least needsCheckDelayMs before the check', () => {
    const t = nextStateAfter(queued, err('unknown-outcome'), { now: 0, random: () => 0, needsCheckDelayMs: 2000 });
    expect(t.nextAttemptAt).toBe(2000);
  });

  it('a needs-check entry whose resend hit the network goes back to queued (the check had found it unapplied)', () => {
    expect(nextStateAfter({ ...queued, state: 'needs-check' }, err('network'), ctx).state).toBe('queued');
  });
});

describe('nextStateAfter (check phase: the GET before sending)', () => {
  const ctx = { now: 0, phase: 'check' as const, random: () => 0.5 };
  const err = (kind: ErrorKind) => ({ ok: false as const, error: { kind, message: kind } });
  it.each([
    ['queued', 'server', 'queued'],
    ['queued', 'unknown-outcome', 'queued'],
    ['queued', 'network', 'queued'],
    ['needs-check', 'network', 'needs-check'],
    ['needs-check', 'server', 'needs-check'],
    ['needs-check', 'malformed', 'needs-check'],
    ['needs-check', 'internal', 'needs-check'],
    ['needs-check', 'rate-limited', 'needs-check'],
    ['needs-check', 'auth', 'needs-check'],
    ['needs-check', 'not-found', 'failed'],
    ['queued', 'invalid', 'failed'],
  ] as const)('%s + %s → %s', (from, kind, to) => {
    expect(nextStateAfter({ ...entry(1, 'A', from), attempts: 0 }, err(kind), ctx).state).toBe(to);
  });
});

describe('afterCheck', () => {
  const e = (baseStatus: ComplaintStatus | null, targetStatus: ComplaintStatus) => ({ baseStatus, targetStatus });
  it.each([
    ['pre-send', 'open', 'wait', 'open', 'send'],
    ['pre-send', 'open', 'wait', 'wait', 'reconciled'],
    ['pre-send', 'open', 'wait', 'closed', 'conflict'],
    ['pre-send', null, 'wait', 'closed', 'send'],
    ['pre-send', null, 'wait', 'wait', 'reconciled'],
    ['needs-check', 'open', 'wait', 'wait', 'reconciled'],
    ['needs-check', 'open', 'wait', 'open', 'send'],
    ['needs-check', 'open', 'wait', 'resolve', 'conflict'],
    ['needs-check', null, 'wait', 'open', 'conflict'],
  ] as const)('%s base=%s target=%s server=%s → %s', (phase, base, target, server, decision) => {
    expect(afterCheck(e(base, target), server, phase)).toBe(decision);
  });
});

describe('decideChange', () => {
  const newest = (state: OutboxState, baseStatus: ComplaintStatus | null) => ({
    seq: 7,
    state,
    baseStatus,
    attempts: 0,
    lastError: null,
    nextAttemptAt: 0,
  });
  const held = (baseStatus: ComplaintStatus | null, until: number) => ({ ...newest('queued', baseStatus), nextAttemptAt: until });
  it('the status already shown → unchanged', () => {
    expect(decideChange('open', null, 'open')).toEqual({ kind: 'unchanged' });
    expect(decideChange('wait', newest('queued', 'open'), 'wait')).toEqual({ kind: 'unchanged' });
  });
  it('back to the status before a queued change → cancel it', () => {
    expect(decideChange('open', newest('queued', 'new'), 'new')).toEqual({ kind: 'cancel', seq: 7 });
  });
  it.each(['sending', 'needs-check', 'conflict', 'failed'] as const)('back to the status before a %s change → a new entry', (state) => {
    expect(decideChange('open', newest(state, 'new'), 'new')).toEqual({ kind: 'queue', baseStatus: 'open' });
  });
  it('otherwise → a new entry based on the shown status (null when unknown)', () => {
    expect(decideChange('open', newest('queued', 'new'), 'wait')).toEqual({ kind: 'queue', baseStatus: 'open' });
    expect(decideChange(null, null, 'wait')).toEqual({ kind: 'queue', baseStatus: null });
  });
  it('another status while the newest change is in its undo hold → replace it (a fumble is not a change)', () => {
    expect(decideChange('wait', held('open', 5000), 'resolve', 1000)).toEqual({ kind: 'replace', seq: 7 });
    // back to what the agent saw before the held change: cancel, not replace
    expect(decideChange('wait', held('open', 5000), 'open', 1000)).toEqual({ kind: 'cancel', seq: 7 });
  });
  it('after the hold ended, or once attempted, a new change is separate', () => {
    expect(decideChange('wait', held('open', 5000), 'resolve', 5000)).toEqual({ kind: 'queue', baseStatus: 'wait' });
    const attempted = { ...held('open', 5000), attempts: 1 };
    expect(decideChange('wait', attempted, 'resolve', 1000)).toEqual({ kind: 'queue', baseStatus: 'wait' });
    const sending = { ...held('open', 5000), state: 'sending' as const };
    expect(decideChange('wait', sending, 'resolve', 1000)).toEqual({ kind: 'queue', baseStatus: 'wait' });
  });
});

describe('pendingOf', () => {
  it('counts unsent entries and takes the newest target', () => {
    const list = [
      { seq: 1, state: 'sent' as const, targetStatus: 'open' as const },
      { seq: 4, state: 'failed' as const, targetStatus: 'wait' as const },
      { seq: 3, state: 'queued' as const, targetStatus: 'closed' as const },
      { seq: 5, state: 'discarded' as const, targetStatus: 'reject' as const },
    ];
    expect(pendingOf(list)).toEqual({ pendingStatus: 'wait', pendingCount: 2 });
    expect(pendingOf([])).toEqual({ pendingStatus: null, pendingCount: 0 });
  });
});

describe('isStalled (watchdog)', () => {
  const base = { online: true, onlineSince: 0, oldestActiveAt: 0, lastSuccessAt: null, now: 180_001 };
  it('online, work waiting, nothing confirmed for > 3 min → stalled', () => {
    expect(isStalled(base)).toBe(true);
    expect(isStalled({ ...base, now: 180_000 })).toBe(false);
  });
  it('not when offline, when the queue is empty, or after a recent success / reconnect / change', () => {
    expect(isStalled({ ...base, online: false })).toBe(false);
    expect(isStalled({ ...base, oldestActiveAt: null })).toBe(false);
    expect(isStalled({ ...base, lastSuccessAt: 100_000 })).toBe(false);
    expect(isStalled({ ...base, onlineSince: 100_000 })).toBe(false);
    expect(isStalled({ ...base, oldestActiveAt: 100_000 })).toBe(false);
  });
});
