/**
 * The rate-limit figures' way through the IPC contract (common/ipc-contract.ts): main adds
 * them to every reply of a channel that calls BizKitHub (withRateLimits), the wire holds
 * them in the value or the error, checked by the contract, and createDeskApi lifts them
 * into the Result so what the renderer keeps (a detail, an entry's error) never holds them.
 */
import { describe, expect, it } from 'vitest';
import {
  channelToMethod,
  createDeskApi,
  ipcContract,
  RATE_LIMITED_METHODS,
  withRateLimits,
  type DeskHandlers,
  type RateLimit,
} from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import { createFakeHandlers } from '../hosts/fake-handlers';

const FIGURES: RateLimit = { limit: 50, remaining: 41, resetAt: '2026-11-30T12:01:00.000Z', observedAt: '2026-11-30T12:00:00.000Z' };

/** `window.desk` straight over `handlers`, each reply checked by the contract as the dispatcher checks it. */
function deskOver(handlers: DeskHandlers) {
  return createDeskApi(
    async (channel, input) => {
      const method = channelToMethod(channel)!;
      const reply = await (handlers[method] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>)(
        ipcContract[method].input.parse(input),
      );
      if (!reply.ok) return reply;
      return { ok: true, value: ipcContract[method].output.parse(reply.value) };
    },
    () => () => undefined,
  );
}

describe('the rate-limit figures in the replies', () => {
  it('the channels that call BizKitHub are the ones that carry them', () => {
    expect([...RATE_LIMITED_METHODS].sort()).toEqual(['createComplaint', 'getComplaint', 'setComplaintStatus', 'testConnection']);
  });

  it("main adds the figures it has after the request to those channels' replies, ok or not, and to no other", async () => {
    let figures: RateLimit | null = null;
    const handlers = withRateLimits(
      createFakeHandlers({
        setComplaintStatus: async () => {
          figures = FIGURES; // what the request's answer told main
          return ok({ success: true as const });
        },
        getComplaint: async () => err({ kind: 'not-found', message: 'no such complaint' }),
      }),
      () => figures,
    );
    expect(await handlers.setComplaintStatus({ complaintId: 'C-1', status: 'open', destination: 'demo' })).toEqual({
      ok: true,
      value: { success: true, rateLimit: FIGURES },
    });
    expect(await handlers.getComplaint({ id: 'C-2' })).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'no such complaint', rateLimit: FIGURES },
    });
    figures = null;
    expect(await handlers.testConnection({})).toEqual({ ok: true, value: { latencyMs: 1, mode: 'demo', rateLimit: null } });
    expect(await handlers.getConnectivity({})).toEqual({ ok: true, value: { online: true, since: '2026-01-01T00:00:00.000Z' } });
  });

  it('the renderer gets them beside the value or the error, never inside', async () => {
    const desk = deskOver(
      withRateLimits(
        createFakeHandlers({ getComplaint: async ({ id }) => (id === 'GONE' ? err({ kind: 'not-found', message: 'gone' }) : ok({ exist: true, id, status: 'open' })) }),
        () => FIGURES,
      ),
    );
    expect(await desk.getComplaint({ id: 'C-1' })).toEqual({ ok: true, value: { exist: true, id: 'C-1', status: 'open' }, rateLimit: FIGURES });
    expect(await desk.getComplaint({ id: 'GONE' })).toEqual({ ok: false, error: { kind: 'not-found', message: 'gone' }, rateLimit: FIGURES });
    expect(await desk.getConnectivity({})).toEqual({ ok: true, value: { online: true, since: '2026-01-01T00:00:00.000Z' } });
  });

  it('a reply that says nothing of them (handlers not wrapped) has none; malformed figures are refused', async () => {
    expect(await deskOver(createFakeHandlers()).setComplaintStatus({ complaintId: 'C-1', status: 'open', destination: 'demo' })).toEqual({
      ok: true,
      value: { success: true },
    });
    const bad = createDeskApi(async () => ({ ok: true, value: { success: true, rateLimit: { limit: 'many' } } }), () => () => undefined);
    expect(await bad.setComplaintStatus({ complaintId: 'C-1', status: 'open', destination: 'demo' })).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
  });
});
