/**
 * Answers that drift from what the app expects never keep an entry going round forever:
 * a status the app does not know is a conflict (the agent decides once), `success: false`
 * and a refused answer fail the entry after a few tries.
 */
import { describe, expect, it } from 'vitest';
import type { DeskError } from '../../../common/errors';
import {
  afterCheck,
  nextStateAfter,
  UNUSABLE_ANSWER_TRIES,
  type OutboxEntry,
  type OutboxState,
} from '../../../common/outbox-rules';
import { ServerStatusSchema, isUnknownStatus, type ServerStatus } from '../../../common/status';

const unknown = (value: string): ServerStatus => ServerStatusSchema.parse(value);

function entry(state: OutboxState, attempts = 0, kind: OutboxEntry['kind'] = 'status') {
  return { state, attempts, resolution: null, kind } as const;
}

const ctx = (phase: 'send' | 'check') => ({ now: 10_000, phase, random: () => 0.5, needsCheckDelayMs: 2000 });

const declined: { ok: false; error: DeskError } = {
  ok: false,
  error: { kind: 'declined', message: 'success: false', code: 'LOCKED', serverMessage: 'Locked' },
};
const refused: { ok: false; error: DeskError } = {
  ok: false,
  error: { kind: 'answer-refused', message: 'wrong id', refusal: 'wrong-id' },
};

describe('ServerStatusSchema', () => {
  it('keeps the six and unknown codes as sent; isUnknownStatus tells them apart', () => {
    expect(ServerStatusSchema.parse('open')).toBe('open');
    expect(isUnknownStatus(ServerStatusSchema.parse('open'))).toBe(false);
    expect(ServerStatusSchema.parse('escalated')).toBe('escalated');
    expect(isUnknownStatus(unknown('escalated'))).toBe(true);
    expect(ServerStatusSchema.parse('čeká na díl')).toBe('čeká na díl');
    expect(isUnknownStatus(null)).toBe(false);
  });

  it('refuses what is no status code', () => {
    for (const bad of ['', ' x', 'x ', 'a\u0000b', 'a\nb', 'a\u200bb', 'x'.repeat(65)]) {
      expect(ServerStatusSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('afterCheck with a status the app does not know', () => {
  const escalated = unknown('escalated');

  it('is a conflict in both phases, whatever the base', () => {
    for (const phase of ['pre-send', 'needs-check'] as const) {
      expect(afterCheck({ baseStatus: 'open', targetStatus: 'wait' }, escalated, phase)).toBe('conflict');
      expect(afterCheck({ baseStatus: null, targetStatus: 'wait' }, escalated, phase)).toBe('conflict');
      // The agent saw it, but did not choose to override it.
      expect(afterCheck({ baseStatus: escalated, targetStatus: 'wait' }, escalated, phase)).toBe('conflict');
    }
  });

  it('after "Apply mine anyway" against that very status: send', () => {
    const chosen = { baseStatus: escalated, targetStatus: 'wait' as const, resolution: 'applied-anyway' as const };
    expect(afterCheck(chosen, escalated, 'pre-send')).toBe('send');
    expect(afterCheck(chosen, escalated, 'needs-check')).toBe('send');
    // Moved on to yet another unknown status meanwhile: asked again.
    expect(afterCheck(chosen, unknown('archived'), 'pre-send')).toBe('conflict');
    // Now at the target: found applied.
    expect(afterCheck(chosen, 'wait', 'needs-check')).toBe('reconciled');
  });
});

describe('nextStateAfter: declined (success: false)', () => {
  it('is tried again (queued, backoff), then fails after UNUSABLE_ANSWER_TRIES tries', () => {
    let attempts = 0;
    const states: OutboxState[] = [];
    for (let i = 0; i < 10; i++) {
      const t = nextStateAfter(entry('queued', attempts), declined, ctx('send'));
      states.push(t.state);
      attempts = t.attempts;
      if (t.state === 'failed') {
        expect(t.lastError).toMatchObject({ kind: 'declined', code: 'LOCKED', serverMessage: 'Locked' });
        expect(t.pause).toBeNull();
        break;
      }
      expect(t.state).toBe('queued');
      expect(t.nextAttemptAt).toBeGreaterThan(10_000);
      expect(t.offline).toBe(false);
    }
    expect(states).toHaveLength(UNUSABLE_ANSWER_TRIES);
    expect(states.at(-1)).toBe('failed');
    expect(UNUSABLE_ANSWER_TRIES).toBeLessThanOrEqual(5);
  });

  it('a create that is declined is never uncertain: tried again, then failed', () => {
    expect(nextStateAfter(entry('queued', 0, 'create'), declined, ctx('send')).state).toBe('queued');
    expect(nextStateAfter(entry('queued', UNUSABLE_ANSWER_TRIES - 1, 'create'), declined, ctx('send')).state).toBe('failed');
  });

  it('in the check phase too', () => {
    expect(nextStateAfter(entry('needs-check', 0), declined, ctx('check')).state).toBe('needs-check');
    expect(nextStateAfter(entry('needs-check', UNUSABLE_ANSWER_TRIES - 1), declined, ctx('check')).state).toBe('failed');
  });
});

describe('nextStateAfter: answer-refused', () => {
  it('a check answer about another complaint: retried a few times, then failed', () => {
    const first = nextStateAfter(entry('queued', 0), refused, ctx('check'));
    expect(first).toMatchObject({ state: 'queued', attempts: 1 });
    const last = nextStateAfter(entry('queued', UNUSABLE_ANSWER_TRIES - 1), refused, ctx('check'));
    expect(last).toMatchObject({ state: 'failed', lastError: { refusal: 'wrong-id' } });
  });

  it("a set-status answer too large to read: it may have been applied, so it is checked", () => {
    const tooLarge = { ok: false as const, error: { kind: 'answer-refused' as const, message: 'big', refusal: 'too-large' as const } };
    expect(nextStateAfter(entry('queued', 0), tooLarge, ctx('send')).state).toBe('needs-check');
    expect(nextStateAfter(entry('queued', 0, 'create'), tooLarge, ctx('send')).state).toBe('uncertain');
  });
});
