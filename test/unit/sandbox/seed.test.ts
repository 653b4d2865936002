import { describe, expect, it } from 'vitest';
import { API_KEY_PATTERN, ComplaintDetailSchema } from '../../../common/api-schemas';
import { COMPLAINT_STATUSES } from '../../../common/status';
import { SANDBOX_DEMO_KEY } from '../../../electron/sandbox/demo-key';
import { SEED_COMPLAINT_IDS, buildSeedComplaints } from '../../../electron/sandbox/seed';

describe('seed data', () => {
  const seed = buildSeedComplaints();

  it('has about 30 complaints with fixed, unique 16-character IDs, the first one new', () => {
    expect(seed.length).toBeGreaterThanOrEqual(25);
    expect(seed.length).toBeLessThanOrEqual(35);
    expect(seed.map((c) => c.id)).toEqual([...SEED_COMPLAINT_IDS]);
    expect(new Set(SEED_COMPLAINT_IDS).size).toBe(SEED_COMPLAINT_IDS.length);
    for (const id of SEED_COMPLAINT_IDS) expect(id).toMatch(/^[a-z0-9]{16}$/);
    expect(seed[0]?.status).toBe('new');
  });

  it('is deterministic and hands out fresh objects each time', () => {
    const again = buildSeedComplaints();
    expect(again).toEqual(seed);
    expect(again[0]).not.toBe(seed[0]);
  });

  it('parses with the client\'s own detail schema', () => {
    for (const complaint of seed) {
      expect(ComplaintDetailSchema.safeParse({ exist: true, ...complaint }).success).toBe(true);
    }
  });

  it('spreads over all six statuses and all three variants', () => {
    expect(new Set(seed.map((c) => c.status))).toEqual(new Set(COMPLAINT_STATUSES));
    expect(new Set(seed.map((c) => c.variant.code))).toEqual(new Set(['reklamace', 'vraceni', 'vymena']));
    const labels = Object.fromEntries(seed.map((c) => [c.variant.code, c.variant.label]));
    expect(labels).toEqual({ reklamace: 'Reklamace', vraceni: 'Vrácení zboží', vymena: 'Výměna' });
  });

  it('has consistent timelines: 1–5 events, oldest first, ending in the current status', () => {
    const eventIds = new Set<number>();
    for (const complaint of seed) {
      expect(complaint.events.length).toBeGreaterThanOrEqual(1);
      expect(complaint.events.length).toBeLessThanOrEqual(5);
      expect(complaint.events[0]?.status).toBe('new');
      expect(complaint.events.at(-1)?.status).toBe(complaint.status);
      const dates = complaint.events.map((e) => Date.parse(e.date));
      expect([...dates].sort((a, b) => a - b)).toEqual(dates);
      for (const event of complaint.events) {
        expect(event.date.startsWith('2026-')).toBe(true);
        expect(eventIds.has(event.id)).toBe(false);
        eventIds.add(event.id);
      }
    }
  });

  it('marks exactly resolve and closed as resolved, with a resolvedDate', () => {
    for (const complaint of seed) {
      const resolved = complaint.status === 'resolve' || complaint.status === 'closed';
      expect(complaint.isResolved).toBe(resolved);
      if (resolved) expect(complaint.resolvedDate).toMatch(/^2026-/);
      else expect(complaint.resolvedDate).toBeNull();
    }
  });

  it('looks like a Czech e-shop', () => {
    for (const complaint of seed) {
      expect(complaint.orderNumber).toMatch(/^2026-\d{6}$/);
      expect(complaint.phone).toMatch(/^\+420 \d{3} \d{3} \d{3}$/);
      expect(complaint.email).toMatch(/^[a-z.]+@[a-z]+\.(cz|com)$/);
      expect(complaint.currency).toBe('CZK');
      expect(complaint.items.length).toBeGreaterThan(0);
      for (const item of complaint.items) {
        expect(item.price).toBeGreaterThan(0);
        expect(item.quantity).toBeGreaterThan(0);
      }
      if (complaint.refund) {
        expect(complaint.refund.country).toBe('CZ');
        expect(complaint.refund.bankAccount).toMatch(/^(\d{1,6}-)?\d{2,10}\/\d{4}$/);
        expect(complaint.refund.variableSymbol).toBe(complaint.orderNumber.replace('-', ''));
      }
      if (complaint.satisfaction) expect(complaint.isResolved).toBe(true);
    }
    expect(seed.some((c) => /[ěščřžýáíéůú]/i.test(c.customerName))).toBe(true);
    expect(seed.some((c) => c.items.some((i) => i.label === 'Bezdrátová sluchátka Sony WH-1000XM5'))).toBe(true);
    expect(seed.filter((c) => c.refund).length).toBeGreaterThan(3);
    expect(seed.filter((c) => c.satisfaction).length).toBeGreaterThan(3);
  });
});

describe('demo key', () => {
  it('is a well-formed, obviously-demo developer key', () => {
    expect(SANDBOX_DEMO_KEY).toHaveLength(32);
    expect(SANDBOX_DEMO_KEY).toMatch(API_KEY_PATTERN);
    expect(SANDBOX_DEMO_KEY.startsWith('DEV_Demo')).toBe(true);
  });
});
