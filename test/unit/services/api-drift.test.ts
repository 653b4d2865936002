/**
 * Answers that drift from what the reference shows: a status the app does not know,
 * `success: false`, a `detail` about another complaint, fields and bodies over their limits.
 */
import { describe, expect, it } from 'vitest';
import { DETAIL_LIMITS, MAX_ANSWER_BYTES } from '../../../common/api-schemas';
import { createApiClient } from '../../../electron/services/api-client';
import { createMemoryLogger } from '../../../electron/services/logger';

const KEY = 'DEV_abcdefghijklmnopqrstuvwxyz12';

function clientAnswering(respond: () => Response) {
  const log = createMemoryLogger();
  let requests = 0;
  const fetch = (async () => {
    requests += 1;
    return respond();
  }) as typeof globalThis.fetch;
  const client = createApiClient({ baseUrl: 'https://api.example.com', getKey: () => KEY, fetch, log });
  return { client, log, requests: () => requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('a status the app does not know', () => {
  it('is kept as BizKitHub sent it, not refused', async () => {
    const { client } = clientAnswering(() => json({ exist: true, id: 'C-1', status: 'escalated' }));
    const r = await client.detail('C-1');
    expect(r).toEqual({ ok: true, value: { exist: true, id: 'C-1', status: 'escalated' } });
  });

  it('is refused when it is no status code (too long, control characters)', async () => {
    for (const status of ['x'.repeat(65), 'esc\nalated', '', ' escalated']) {
      const { client } = clientAnswering(() => json({ exist: true, id: 'C-1', status }));
      const r = await client.detail('C-1');
      expect(r.ok, JSON.stringify(status)).toBe(false);
    }
  });
});

describe('200 {"success": false}', () => {
  it('set-status: declined, with the server code and message (never in the log)', async () => {
    const { client, log } = clientAnswering(() =>
      json({ success: false, error: { code: 'COMPLAINT_LOCKED', message: 'Locked by Jana Nováková' } }),
    );
    const r = await client.setStatus({ complaintId: 'C-1', status: 'open' });
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'declined', code: 'COMPLAINT_LOCKED', serverMessage: 'Locked by Jana Nováková', httpStatus: 200 },
    });
    expect(JSON.stringify(log.lines)).not.toContain('Nováková');
    expect(JSON.stringify(log.lines)).toContain('COMPLAINT_LOCKED');
  });

  it('set-status without a code or message: still declined, not malformed', async () => {
    const { client } = clientAnswering(() => json({ success: false }));
    const r = await client.setStatus({ complaintId: 'C-1', status: 'open' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'declined' } });
    if (!r.ok) expect(r.error.code).toBeUndefined();
  });

  it('create: declined (never read as a success without an ID)', async () => {
    const { client } = clientAnswering(() => json({ success: false, code: 'VARIANT_DISABLED' }));
    const r = await client.create({ variantCode: 'reklamace', description: 'd', customerName: 'c' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'declined', code: 'VARIANT_DISABLED' } });
  });
});

describe('a detail about another complaint', () => {
  it('is refused: wrong-id, nothing returned', async () => {
    const { client } = clientAnswering(() => json({ exist: true, id: 'C-2', status: 'open', customerName: 'Other' }));
    const r = await client.detail('C-1');
    expect(r).toMatchObject({ ok: false, error: { kind: 'answer-refused', refusal: 'wrong-id' } });
    if (!r.ok) {
      expect(r.error.message).toMatch(/C-1/);
      expect(r.error.message).toMatch(/another complaint \(C-2\)/);
      expect(r.error.message).not.toContain('Other');
    }
  });
});

describe('size limits', () => {
  it('a text field over its limit refuses the whole answer and says which', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['customerName', { customerName: 'x'.repeat(DETAIL_LIMITS.name + 1) }],
      ['description', { description: 'x'.repeat(DETAIL_LIMITS.text + 1) }],
      ['orderNumber', { orderNumber: 'x'.repeat(DETAIL_LIMITS.short + 1) }],
      ['events.0.message', { events: [{ id: 1, status: 'new', message: 'x'.repeat(DETAIL_LIMITS.text + 1) }] }],
      ['items', { items: Array.from({ length: DETAIL_LIMITS.items + 1 }, (_, i) => ({ id: i, label: 'l', quantity: 1, price: 1 })) }],
      ['refund.bankAccount', { refund: { bankAccount: 'x'.repeat(DETAIL_LIMITS.short + 1) } }],
    ];
    for (const [field, extra] of cases) {
      const { client } = clientAnswering(() => json({ exist: true, id: 'C-1', status: 'open', ...extra }));
      const r = await client.detail('C-1');
      expect(r, field).toMatchObject({ ok: false, error: { kind: 'answer-refused', refusal: 'over-limit' } });
      if (!r.ok) expect(r.error.message, field).toContain(field);
    }
  });

  it('every field at its limit is accepted', async () => {
    const body = {
      exist: true,
      id: 'C-1',
      status: 'open',
      customerName: 'x'.repeat(DETAIL_LIMITS.name),
      description: 'x'.repeat(DETAIL_LIMITS.text),
      orderNumber: 'x'.repeat(DETAIL_LIMITS.short),
    };
    const { client } = clientAnswering(() => json(body));
    expect(await client.detail('C-1')).toMatchObject({ ok: true });
  });

  it('fields the app does not use are dropped, however large', async () => {
    const { client } = clientAnswering(() =>
      json({ exist: true, id: 'C-1', status: 'open', junk: 'x'.repeat(100_000), refund: { junk: 'y'.repeat(1000) } }),
    );
    const r = await client.detail('C-1');
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.stringify(r.value)).not.toMatch(/junk/);
  });

  it('an answer over the reply cap is refused as too large, saying how large', async () => {
    const { client } = clientAnswering(() => json({ exist: true, id: 'C-1', status: 'open', junk: 'x'.repeat(MAX_ANSWER_BYTES) }));
    const r = await client.detail('C-1');
    expect(r).toMatchObject({ ok: false, error: { kind: 'answer-refused', refusal: 'too-large' } });
    if (!r.ok) expect(r.error.message).toContain(String(MAX_ANSWER_BYTES));
  });
});
