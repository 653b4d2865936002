/**
 * Drift in BizKitHub's answers, through the sandbox's drift switches, the real services and
 * the real engine: a status the app does not know, `success: false`, a `detail` about
 * another complaint. None of them keeps a change going round; none stalls the others.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UNUSABLE_ANSWER_TRIES } from '../../../common/outbox-rules';
import { refreshComplaint } from '../../../renderer/src/data/worklist';
import { resolveConflict, retryEntry } from '../../../renderer/src/data/outbox';
import { appliedStatuses, startHarness, statusOf, waitFor, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const detailRequests = (id: string) =>
  h.sandbox.requests.filter((r) => r.path.endsWith('/detail') && r.complaintId === id).length;
const setStatusRequests = (id: string) =>
  h.sandbox.requests.filter((r) => r.path.endsWith('/set-status') && r.complaintId === id).length;

describe('drift in the answers (sandbox drift switches)', () => {
  it('an unknown status: kept as sent, the change becomes a conflict once; "Apply mine anyway" sends it', async () => {
    h = await startHarness();
    const [id, other] = await h.worklist(2);
    await h.sandbox.setFaults({ unknownStatus: { status: 'escalated', complaintId: id! } });
    const [target] = await h.queueChain(id!, 1);
    const otherChain = await h.queueChain(other!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('conflict', async () => (await h.entries()).some((e) => e.state === 'conflict'));
    await waitFor('the other complaint sent', () => appliedStatuses(h.sandbox, other!).length === 1);
    expect(appliedStatuses(h.sandbox, other!)).toEqual(otherChain);

    const [entry] = (await h.entries()).filter((e) => e.complaintId === id);
    expect(entry).toMatchObject({ state: 'conflict', serverStatusSeen: 'escalated' });
    expect(await h.db.complaints.get(id!)).toMatchObject({ serverStatus: 'escalated' });
    expect(appliedStatuses(h.sandbox, id!)).toEqual([]);
    // Asked once, not round and round.
    const checks = detailRequests(id!);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(detailRequests(id!)).toBe(checks);
    expect(setStatusRequests(id!)).toBe(0);

    expect((await resolveConflict(h.db, entry!.seq!, 'mine')).ok).toBe(true);
    engine.notifyChange();
    await waitFor('sent after the agent chose', async () => (await h.entries()).every((e) => e.state === 'sent'));
    expect(appliedStatuses(h.sandbox, id!)).toEqual([target]);
  });

  it('200 {"success": false}: a few tries, then Failed with the server code and message; Retry sends it', async () => {
    h = await startHarness();
    const [id, other] = await h.worklist(2);
    await h.sandbox.setFaults({ declined: { code: 'COMPLAINT_LOCKED', message: 'Locked for review', complaintId: id! } });
    const [target] = await h.queueChain(id!, 1);
    const otherChain = await h.queueChain(other!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('failed', async () => (await h.entries()).some((e) => e.state === 'failed'));
    const [entry] = (await h.entries()).filter((e) => e.complaintId === id);
    expect(entry).toMatchObject({
      state: 'failed',
      attempts: UNUSABLE_ANSWER_TRIES,
      lastError: { kind: 'declined', code: 'COMPLAINT_LOCKED', serverMessage: 'Locked for review' },
    });
    expect(setStatusRequests(id!)).toBe(UNUSABLE_ANSWER_TRIES);
    expect(appliedStatuses(h.sandbox, id!)).toEqual([]);
    expect(appliedStatuses(h.sandbox, other!)).toEqual(otherChain);
    // An entry's refusal, not the queue's trouble.
    expect(statusOf(engine).lastError?.kind).not.toBe('declined');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(setStatusRequests(id!)).toBe(UNUSABLE_ANSWER_TRIES);

    await h.sandbox.setFaults({ declined: null });
    expect((await retryEntry(h.db, entry!.seq!)).ok).toBe(true);
    engine.notifyChange();
    await waitFor('sent after Retry', async () => (await h.entries()).every((e) => e.state === 'sent'));
    expect(appliedStatuses(h.sandbox, id!)).toEqual([target]);
  });

  it('a detail about another complaint: refused, nothing stored, the change fails after a few checks', async () => {
    h = await startHarness();
    const [id, other] = await h.worklist(2);
    const before = await h.db.complaints.get(id!);
    await h.sandbox.setFaults({ wrongId: { complaintId: id! } });

    const refreshed = await refreshComplaint(h.db, h.desk, id!);
    expect(refreshed).toMatchObject({ ok: false, error: { kind: 'answer-refused', refusal: 'wrong-id' } });
    const row = await h.db.complaints.get(id!);
    expect(row?.detail).toEqual(before?.detail);
    expect(row?.detail?.id).toBe(id);
    expect(row?.fetchError).toMatchObject({ kind: 'answer-refused', refusal: 'wrong-id' });

    await h.queueChain(id!, 1);
    const otherChain = await h.queueChain(other!, 1);
    const engine = h.engine();
    await engine.start();
    await waitFor('failed', async () => (await h.entries()).some((e) => e.state === 'failed'));
    const [entry] = (await h.entries()).filter((e) => e.complaintId === id);
    expect(entry).toMatchObject({ state: 'failed', lastError: { kind: 'answer-refused', refusal: 'wrong-id' } });
    expect(setStatusRequests(id!)).toBe(0);
    expect(appliedStatuses(h.sandbox, other!)).toEqual(otherChain);
    expect((await h.db.complaints.get(id!))?.detail).toEqual(before?.detail);
  });
});
