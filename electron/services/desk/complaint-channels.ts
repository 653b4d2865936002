/**
 * The complaint channels: read one, change its status, file a new one; each refused when
 * made for another destination than the current one. Also connectivity and what main
 * last saw of the rate limit (the replies of the channels that call BizKitHub carry it
 * too: ../desk-services.ts adds it to them). Every set-status and create that goes out is
 * recorded in the journal of unsent work (../journal/journal.ts), and so is its answer.
 */
import type { DeskHandlers } from '../../../common/ipc-contract';
import { ok } from '../../../common/result';
import type { CreateComplaintResponse } from '../api-client';
import { createCreateMemory } from '../create-memory';
import type { ChannelContext } from './context';

type ComplaintChannels = Pick<
  DeskHandlers,
  'getComplaint' | 'setComplaintStatus' | 'createComplaint' | 'getConnectivity' | 'getRateLimit'
>;

export function complaintChannels(c: ChannelContext): ComplaintChannels {
  const { targets } = c;
  const creates = createCreateMemory<CreateComplaintResponse>();
  return {
    getComplaint: async ({ id, destination: madeFor }) => {
      const refused = targets.refuseElsewhere(madeFor);
      if (refused) return refused;
      const t = await targets.target();
      if (!t.ok) return t;
      return t.value.client.detail(id);
    },

    setComplaintStatus: async ({ complaintId, status, destination: madeFor }) => {
      const refused = targets.refuseElsewhere(madeFor);
      if (refused) return refused;
      const t = await targets.target();
      if (!t.ok) return t;
      const seq = c.journal?.statusSending(madeFor, complaintId, status) ?? null;
      const r = await t.value.client.setStatus({ complaintId, status });
      c.journal?.answered(madeFor, seq, r.ok ? { ok: true } : r);
      return r.ok ? ok({ success: true as const }) : r;
    },

    createComplaint: async ({ request, destination: madeFor, ref, resume }) => {
      const refused = targets.refuseElsewhere(madeFor);
      if (refused) return refused;
      const key = `${madeFor} ${ref}`;
      if (resume) return creates.resume(key);
      return creates.send(key, async () => {
        const t = await targets.target();
        if (!t.ok) return t;
        // Durable before the request leaves: a create has no idempotency key, so one whose
        // answer is lost must be checked by the agent, never sent again by itself.
        const seq = (await c.journal?.createSending(madeFor, ref)) ?? null;
        const r = await t.value.client.create(request);
        c.journal?.answered(madeFor, seq, r.ok ? { ok: true, ...(r.value.id !== undefined ? { id: r.value.id } : {}) } : r);
        return r;
      });
    },

    getConnectivity: async () => ok(c.monitor.state()),

    getRateLimit: async () => ok(targets.lastRateLimit()),
  };
}
