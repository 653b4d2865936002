import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { writable } from 'svelte/store';
import type { UnsentState } from '../../../../common/outbox-rules';
import { en } from '../../../../renderer/src/i18n/en';
import { cs } from '../../../../renderer/src/i18n/cs';
import type { Dictionary } from '../../../../renderer/src/i18n/dictionary';
import type { MessageKey } from '../../../../renderer/src/i18n/en';
import type { Params } from '../../../../renderer/src/i18n/types';
import {
  emptyCounts,
  mergeNotices,
  pendingIn,
  startAttention,
  stepAttention,
  stillRelevant,
  type AttentionEntry,
  type AttentionNotice,
  type AttentionSnapshot,
  type AttentionTracker,
} from '../../../../renderer/src/sync/attention';
import { attentionText } from '../../../../renderer/src/ui/attention-text';
import { createAttentionController } from '../../../../renderer/src/sync/attention-controller';
import { SYNC_META_KEY, type DeskDatabase } from '../../../../renderer/src/data/db';
import { defaultSyncMeta } from '../../../../renderer/src/data/sync-meta-store';
import type { OutboxEntry } from '../../../../common/outbox-rules';
import type { LockManagerLike } from '../../../../renderer/src/runtime/locks';
import type { Timers } from '../../../../renderer/src/runtime/timers';
import type { SyncStatus } from '../../../../renderer/src/sync/sync-meta';
import { freshDb, waitFor } from '../../../support/desk-db';

const MIN = 60_000;

function snap(over: Partial<Omit<AttentionSnapshot, 'counts'>> & { counts?: Partial<Record<UnsentState, number>> } = {}): AttentionSnapshot {
  const { counts, ...rest } = over;
  const needsAgent = rest.needsAgent ?? [];
  const merged = { ...emptyCounts(), ...counts };
  // Keep counts and the entries needing the agent consistent unless a test says otherwise.
  if (counts?.conflict === undefined) merged.conflict = needsAgent.filter((e) => e.state === 'conflict').length;
  if (counts?.failed === undefined) merged.failed = needsAgent.filter((e) => e.state === 'failed').length;
  return {
    at: 0,
    online: true,
    pausedReason: null,
    stalled: false,
    needsAgent,
    sent: 0,
    discarded: 0,
    ...rest,
    counts: merged,
  };
}

const conflict = (seq: number, complaintId = `K-${seq}`): AttentionEntry => ({ seq, complaintId, state: 'conflict' });
const failed = (seq: number, complaintId = `K-${seq}`): AttentionEntry => ({ seq, complaintId, state: 'failed' });

/** Runs snapshots through the tracker and returns every notice, in order. */
function run(first: AttentionSnapshot, rest: AttentionSnapshot[], stored: AttentionSnapshot['pausedReason'] = null): AttentionNotice[] {
  let tracker: AttentionTracker = startAttention(first, stored);
  const notices: AttentionNotice[] = [];
  for (const next of rest) {
    const step = stepAttention(tracker, next);
    tracker = step.tracker;
    notices.push(...step.notices);
  }
  return notices;
}

describe('stepAttention: a long queue that finishes', () => {
  it('12 changes made offline, back online, all sent: one "synced" notice', () => {
    const notices = run(snap({ at: 0 }), [
      snap({ at: 1000, online: false }),
      snap({ at: 2000, online: false, counts: { queued: 5 } }),
      snap({ at: 3000, online: false, counts: { queued: 12 } }),
      snap({ at: 4000, online: true, counts: { queued: 12 } }),
      snap({ at: 5000, counts: { queued: 6, sending: 4 }, sent: 2 }),
      snap({ at: 6000, counts: { queued: 0 }, sent: 12 }),
      snap({ at: 7000, sent: 12 }),
    ]);
    expect(notices).toEqual([{ kind: 'synced', count: 12, complete: true }]);
  });

  it('the count is what BizKitHub confirmed since the queue began, not the pending peak', () => {
    const notices = run(snap({ at: 0, sent: 3 }), [
      snap({ at: 1, online: false, sent: 3, counts: { queued: 6 } }),
      snap({ at: 2, online: true, sent: 3, counts: { queued: 6 } }),
      snap({ at: 3, sent: 5, counts: { queued: 5 } }), // one more added meanwhile, two sent
      snap({ at: 4, sent: 10 }),
    ]);
    expect(notices).toEqual([{ kind: 'synced', count: 7, complete: true }]);
  });

  it('fewer than 5 back online and blocked under 2 min: nothing', () => {
    const notices = run(snap(), [
      snap({ at: 0, online: false, counts: { queued: 4 } }),
      snap({ at: MIN, online: true, counts: { queued: 4 } }),
      snap({ at: MIN + 1000, sent: 4 }),
    ]);
    expect(notices).toEqual([]);
  });

  it('a short queue sent while online says nothing, however many changes', () => {
    const notices = run(snap(), [
      snap({ at: 1, counts: { queued: 20 } }),
      snap({ at: 2, counts: { queued: 10, sending: 4 }, sent: 6 }),
      snap({ at: 3, sent: 20 }),
    ]);
    expect(notices).toEqual([]);
  });

  it('blocked for more than 2 minutes in all (even one change, even a pause): notifies', () => {
    const notices = run(snap(), [
      snap({ at: 0, counts: { queued: 1 } }),
      snap({ at: 1000, online: false, counts: { queued: 1 } }),
      snap({ at: 1000 + MIN, online: true, counts: { queued: 1 } }),
      snap({ at: 2000 + MIN, pausedReason: 'rate-limited', counts: { queued: 1 } }),
      snap({ at: 2000 + 2 * MIN + 500, counts: { queued: 1 } }),
      snap({ at: 3000 + 2 * MIN, sent: 1 }),
    ]);
    expect(notices).toEqual([{ kind: 'synced', count: 1, complete: true }]);
  });

  it('the stall watchdog makes a queue long', () => {
    const notices = run(snap(), [
      snap({ at: 0, counts: { queued: 2 } }),
      snap({ at: 3 * MIN, stalled: true, counts: { queued: 2 } }),
      snap({ at: 4 * MIN, sent: 2 }),
    ]);
    expect(notices).toEqual([{ kind: 'synced', count: 2, complete: true }]);
  });

  it('a queue left by the last session (5 or more) counts as long when it drains', () => {
    expect(run(snap({ counts: { queued: 5 } }), [snap({ at: 1, sent: 5 })])).toEqual([
      { kind: 'synced', count: 5, complete: true },
    ]);
    expect(run(snap({ counts: { queued: 4 } }), [snap({ at: 1, sent: 4 })])).toEqual([]);
  });

  it('emptied by cancelling or by a wipe: nothing reached BizKitHub, nothing said', () => {
    expect(
      run(snap(), [
        snap({ at: 0, online: false, counts: { queued: 8 } }),
        snap({ at: 5 * MIN, online: false }),
      ]),
    ).toEqual([]);
    // A wipe deletes the history too: sent goes down.
    expect(
      run(snap({ sent: 4 }), [
        snap({ at: 0, online: false, counts: { queued: 8 }, sent: 4 }),
        snap({ at: 5 * MIN, online: true, counts: { queued: 8 }, sent: 4 }),
        snap({ at: 5 * MIN + 1, sent: 0 }),
      ]),
    ).toEqual([]);
  });

  it('with entries discarded meanwhile it does not say "all"', () => {
    const notices = run(snap(), [
      snap({ at: 0, online: false, counts: { queued: 6 } }),
      snap({ at: 1, online: true, counts: { queued: 6 } }),
      snap({ at: 2, counts: { queued: 1 }, needsAgent: [failed(7)], sent: 4 }),
      snap({ at: 3, sent: 5, discarded: 1 }),
    ]);
    expect(notices).toEqual([
      { kind: 'failed', entries: [failed(7)] },
      { kind: 'synced', count: 5, complete: false },
    ]);
  });

  it('one notice per queue: the next queue starts afresh', () => {
    const notices = run(snap(), [
      snap({ at: 0, online: false, counts: { queued: 5 } }),
      snap({ at: 1, online: true, counts: { queued: 5 } }),
      snap({ at: 2, sent: 5 }),
      snap({ at: 3, sent: 5 }),
      snap({ at: 4, counts: { queued: 3 }, sent: 5 }),
      snap({ at: 5, sent: 8 }),
    ]);
    expect(notices).toEqual([{ kind: 'synced', count: 5, complete: true }]);
  });

  it('a clock set backwards does not count negative blocked time', () => {
    const notices = run(snap(), [
      snap({ at: 10 * MIN, online: false, counts: { queued: 1 } }),
      snap({ at: 0, online: true, counts: { queued: 1 } }),
      snap({ at: 1000, sent: 1 }),
    ]);
    expect(notices).toEqual([]);
  });
});

describe('stepAttention: something needs the agent', () => {
  it('a new conflict and a new failed entry: one notice each, naming them', () => {
    const notices = run(snap({ counts: { queued: 2 } }), [
      snap({ at: 1, counts: { sending: 2 } }),
      snap({ at: 2, needsAgent: [conflict(1, 'K-100'), failed(2, 'K-200')] }),
    ]);
    expect(notices).toEqual([
      { kind: 'conflict', entries: [conflict(1, 'K-100')] },
      { kind: 'failed', entries: [failed(2, 'K-200')] },
    ]);
  });

  it('never for what was already there at start', () => {
    const first = snap({ needsAgent: [conflict(1), failed(2)] });
    expect(run(first, [snap({ at: 1, needsAgent: [conflict(1), failed(2)] }), snap({ at: 2, needsAgent: [failed(2)] })])).toEqual([]);
  });

  it('once per transition: staying in conflict says nothing more; coming back after "Apply mine anyway" does', () => {
    const notices = run(snap({ counts: { queued: 1 } }), [
      snap({ at: 1, needsAgent: [conflict(1)] }),
      snap({ at: 2, needsAgent: [conflict(1)], online: false }),
      snap({ at: 3, needsAgent: [conflict(1)] }),
      snap({ at: 4, counts: { queued: 1 } }),
      snap({ at: 5, needsAgent: [conflict(1)] }),
    ]);
    expect(notices).toEqual([
      { kind: 'conflict', entries: [conflict(1)] },
      { kind: 'conflict', entries: [conflict(1)] },
    ]);
  });

  it('an entry going from conflict to failed is new', () => {
    const notices = run(snap({ needsAgent: [conflict(1)] }), [snap({ at: 1, needsAgent: [failed(1)] })]);
    expect(notices).toEqual([{ kind: 'failed', entries: [failed(1)] }]);
  });
});

describe('stepAttention: the API key', () => {
  it('paused for auth: one notice; re-pauses (Sync now, restart) say nothing until a change gets through', () => {
    const notices = run(snap({ counts: { queued: 3 } }), [
      snap({ at: 1, pausedReason: 'auth', counts: { queued: 3 } }),
      snap({ at: 2, pausedReason: null, counts: { queued: 3 } }), // Sync now retries the key
      snap({ at: 3, pausedReason: 'auth', counts: { queued: 3 } }),
      snap({ at: 4, pausedReason: null, counts: { queued: 2 }, sent: 1 }), // key fixed
      snap({ at: 5, pausedReason: 'auth', counts: { queued: 2 }, sent: 1 }), // revoked again
    ]);
    expect(notices.filter((n) => n.kind === 'auth')).toHaveLength(2);
  });

  it('rejected in the last session (stored pause) or at start: not news', () => {
    expect(run(snap({ counts: { queued: 1 } }), [snap({ at: 1, pausedReason: 'auth', counts: { queued: 1 } })], 'auth')).toEqual([]);
    expect(run(snap({ pausedReason: 'auth', counts: { queued: 1 } }), [snap({ at: 1, pausedReason: 'auth', counts: { queued: 1 } })])).toEqual([]);
  });

  it('a rate limit is not the agent’s business', () => {
    expect(run(snap({ counts: { queued: 1 } }), [snap({ at: 1, pausedReason: 'rate-limited', counts: { queued: 1 } })])).toEqual([]);
  });
});

describe('mergeNotices and stillRelevant', () => {
  it('merges per kind, without duplicates, in a fixed order', () => {
    expect(
      mergeNotices([
        { kind: 'synced', count: 2, complete: true },
        { kind: 'conflict', entries: [conflict(1)] },
        { kind: 'auth' },
        { kind: 'conflict', entries: [conflict(1), conflict(2)] },
        { kind: 'synced', count: 3, complete: false },
        { kind: 'auth' },
      ]),
    ).toEqual([
      { kind: 'auth' },
      { kind: 'conflict', entries: [conflict(1), conflict(2)] },
      { kind: 'synced', count: 5, complete: false },
    ]);
  });

  it('does not modify its input', () => {
    const first: AttentionNotice = { kind: 'failed', entries: [failed(1)] };
    mergeNotices([first, { kind: 'failed', entries: [failed(2)] }]);
    expect(first).toEqual({ kind: 'failed', entries: [failed(1)] });
  });

  it('drops what the agent already dealt with during the debounce', () => {
    const latest = snap({ needsAgent: [conflict(2)] });
    expect(
      stillRelevant(
        [{ kind: 'conflict', entries: [conflict(1), conflict(2)] }, { kind: 'failed', entries: [failed(3)] }, { kind: 'auth' }],
        latest,
      ),
    ).toEqual([{ kind: 'conflict', entries: [conflict(2)] }]);
    expect(stillRelevant([{ kind: 'auth' }, { kind: 'synced', count: 1, complete: true }], snap({ pausedReason: 'auth' }))).toEqual([
      { kind: 'auth' },
      { kind: 'synced', count: 1, complete: true },
    ]);
  });
});

function translator(dictionary: Dictionary, locale: string) {
  return (key: MessageKey, params?: Params): string => {
    const message = dictionary[key];
    const text =
      typeof message === 'string'
        ? message
        : (message[new Intl.PluralRules(locale).select(Number(params?.count ?? 0))] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
  };
}

describe('attentionText', () => {
  const t = translator(en, 'en-US');

  it('the synced notice, as the issue words it', () => {
    expect(attentionText({ kind: 'synced', count: 12, complete: true }, t)).toEqual({
      title: 'All 12 changes reached BizKitHub',
      body: 'Nothing is waiting to be sent.',
    });
    expect(attentionText({ kind: 'synced', count: 1, complete: true }, t).title).toBe('The waiting change reached BizKitHub');
    expect(attentionText({ kind: 'synced', count: 4, complete: false }, t).title).toBe('4 changes reached BizKitHub');
  });

  it('names up to three complaints', () => {
    expect(attentionText({ kind: 'conflict', entries: [conflict(1, 'K-1')] }, t)).toEqual({
      title: 'A change needs your decision',
      body: 'Someone else changed complaint K-1 meanwhile. Open Pending changes to choose which status to keep.',
    });
    const five = [1, 2, 3, 4, 5].map((n) => failed(n, `K-${n}`));
    expect(attentionText({ kind: 'failed', entries: five }, t)).toEqual({
      title: '5 changes could not be sent',
      body: 'BizKitHub refused the changes to complaints K-1, K-2, K-3 and 2 more. Open Pending changes to see why, then retry or discard them.',
    });
  });

  it('the key', () => {
    expect(attentionText({ kind: 'auth' }, t).title).toBe('API key rejected');
  });

  it('Czech plural forms', () => {
    const tcs = translator(cs, 'cs-CZ');
    expect(attentionText({ kind: 'synced', count: 3, complete: true }, tcs).title).toBe('Všechny 3 změny dorazily do BizKitHubu');
    expect(attentionText({ kind: 'synced', count: 12, complete: true }, tcs).title).toBe('Všech 12 změn dorazilo do BizKitHubu');
    expect(attentionText({ kind: 'conflict', entries: [conflict(1), conflict(2)] }, tcs).title).toBe('2 změny čekají na vaše rozhodnutí');
  });

  it('titles and bodies fit desk.notify (title ≤ 200, body ≤ 1000)', () => {
    const many = Array.from({ length: 500 }, (_, i) => conflict(i, `COMPLAINT-${'X'.repeat(40)}-${i}`));
    for (const tr of [t, translator(cs, 'cs-CZ')]) {
      for (const notice of [
        { kind: 'conflict', entries: many },
        { kind: 'failed', entries: many },
        { kind: 'synced', count: 1_000_000, complete: false },
        { kind: 'auth' },
      ] satisfies AttentionNotice[]) {
        const text = attentionText(notice, tr);
        expect(text.title.length).toBeGreaterThan(0);
        expect(text.title.length).toBeLessThanOrEqual(200);
        expect(text.body.length).toBeLessThanOrEqual(1000);
      }
    }
  });
});

describe('pendingIn', () => {
  it('sums every unsent state', () => {
    expect(pendingIn(snap({ counts: { queued: 1, sending: 2, 'needs-check': 3, conflict: 4, failed: 5 } }))).toBe(15);
  });
});

// ---------------------------------------------------------------------------------
// The controller against a real (fake-indexeddb) database and a status store.

class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, () => void>();
  setTimeout(fn: () => void): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }
}

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    online: true,
    syncing: false,
    pausedReason: null,
    pausedUntil: null,
    lastSuccessAt: null,
    lastError: null,
    stalled: false,
    pending: 0,
    pendingKnown: true,
    pacedLeftMs: null,
    lastAttemptAt: null,
    ...over,
  };
}

let clock = 1_000_000;
function entry(complaintId: string, state: OutboxEntry['state'], over: Partial<OutboxEntry> = {}): OutboxEntry {
  clock += 1;
  return {
    complaintId,
    targetStatus: 'open',
    baseStatus: 'new',
    createdAt: clock,
    state,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    updatedAt: clock,
    sentAt: null,
    resolution: null,
    serverStatusSeen: null,
    ...over,
  };
}

describe('createAttentionController', () => {
  let db: DeskDatabase | null = null;
  afterEach(() => {
    db?.close();
    db = null;
  });

  async function setup(options: { locks?: LockManagerLike | null } = {}) {
    db = freshDb();
    await db.open();
    const store = writable(status());
    const timers = new ManualTimers();
    const shown: Array<{ title: string; body: string }> = [];
    const controller = createAttentionController({
      db,
      status: store,
      notify: async (text) => {
        shown.push(text);
        return { ok: true };
      },
      describe: (notice) => attentionText(notice, translator(en, 'en-US')),
      timers,
      now: () => clock,
      locks: options.locks ?? null,
    });
    return { db, store, timers, shown, controller };
  }

  it('ignores what is there at start, then notifies a new conflict once, after the debounce', async () => {
    const { db, timers, shown, controller } = await setup();
    await db.outbox.add(entry('K-OLD', 'conflict'));
    const seq = await db.outbox.add(entry('K-NEW', 'queued'));
    await controller.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(timers.pending.size).toBe(0);

    await db.outbox.update(seq, { state: 'conflict', updatedAt: clock + 1 });
    await waitFor('the conflict is collected', () => timers.pending.size === 1);
    expect(shown).toEqual([]);
    timers.fireAll();
    await waitFor('the notification', () => shown.length === 1);
    expect(shown[0]?.body).toContain('K-NEW');
    expect(shown[0]?.body).not.toContain('K-OLD');
    controller.stop();
  });

  it('a long offline queue that drains: "All N changes reached BizKitHub"', async () => {
    const { db, store, timers, shown, controller } = await setup();
    await controller.start();
    store.set(status({ online: false }));
    await new Promise((r) => setTimeout(r, 20));
    const seqs: number[] = [];
    for (let i = 0; i < 6; i += 1) seqs.push(await db.outbox.add(entry(`K-${i}`, 'queued')));
    await new Promise((r) => setTimeout(r, 50));
    store.set(status({ online: true }));
    clock += 1000;
    for (const seq of seqs) {
      clock += 1;
      await db.outbox.update(seq, { state: 'sent', sentAt: clock, updatedAt: clock });
    }
    await waitFor('the synced notice is collected', () => timers.pending.size === 1);
    timers.fireAll();
    await waitFor('the notification', () => shown.length === 1);
    expect(shown[0]?.title).toBe('All 6 changes reached BizKitHub');
    controller.stop();
  });

  it('an auth pause stored by the last session is not news', async () => {
    const { db, store, timers, controller } = await setup();
    await db.meta.put({ ...defaultSyncMeta(), key: SYNC_META_KEY, pausedReason: 'auth' });
    await db.outbox.add(entry('K-1', 'queued'));
    await controller.start();
    await new Promise((r) => setTimeout(r, 30));
    store.set(status({ pausedReason: null })); // the engine retries the key at start
    store.set(status({ pausedReason: 'auth' })); // and it is still rejected
    await new Promise((r) => setTimeout(r, 30));
    expect(timers.pending.size).toBe(0);
    controller.stop();
  });

  it('only the window holding the lock notifies; stop() hands the lock back', async () => {
    let release: (() => void) | null = null;
    let granted = 0;
    let handedBack = false;
    const locks: LockManagerLike = {
      async request<T>(_name: string, _options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
        // Another window holds it until `release` is called.
        await new Promise<void>((resolve) => (release = resolve));
        granted += 1;
        const result = await callback({});
        handedBack = true;
        return result;
      },
    };
    const { db, timers, shown, controller } = await setup({ locks });
    const seq = await db.outbox.add(entry('K-1', 'queued'));
    await controller.start();
    await new Promise((r) => setTimeout(r, 30));
    await db.outbox.update(seq, { state: 'failed', updatedAt: clock + 5 });
    await waitFor('collected', () => timers.pending.size === 1);
    timers.fireAll();
    await new Promise((r) => setTimeout(r, 30));
    expect(shown).toEqual([]); // not the notifier

    (release as (() => void) | null)?.();
    await waitFor('lock granted', () => granted === 1);
    const seq2 = await db.outbox.add(entry('K-2', 'queued'));
    await new Promise((r) => setTimeout(r, 30));
    await db.outbox.update(seq2, { state: 'failed', updatedAt: clock + 10 });
    await waitFor('collected', () => timers.pending.size === 1);
    timers.fireAll();
    await waitFor('the notification', () => shown.length === 1);
    expect(shown[0]?.body).toContain('K-2');
    expect(handedBack).toBe(false);
    controller.stop();
    await waitFor('the lock handed back', () => handedBack);
  });

  it('stop() drops what was collected and stops watching', async () => {
    const { db, timers, shown, controller } = await setup();
    const seq = await db.outbox.add(entry('K-1', 'queued'));
    await controller.start();
    await new Promise((r) => setTimeout(r, 30));
    await db.outbox.update(seq, { state: 'failed', updatedAt: clock + 5 });
    await waitFor('collected', () => timers.pending.size === 1);
    controller.stop();
    expect(timers.pending.size).toBe(0);
    await db.outbox.update(seq, { state: 'queued', updatedAt: clock + 6 });
    await db.outbox.update(seq, { state: 'conflict', updatedAt: clock + 7 });
    await new Promise((r) => setTimeout(r, 30));
    expect(timers.pending.size).toBe(0);
    expect(shown).toEqual([]);
  });
});
