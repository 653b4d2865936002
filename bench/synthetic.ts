/**
 * Synthetic worklist rows for the enqueue and renderer benchmarks: what the worklist
 * holds after fetching a complaint (detail with a short timeline, status, search words).
 * Runs in Node and in the page (no Node or DOM imports).
 */
import type { ComplaintDetail } from '../common/api-schemas';
import { COMPLAINT_STATUSES } from '../common/status';
import { newCachedComplaint, type CachedComplaint } from '../renderer/src/data/db';
import { searchWordsOf } from '../renderer/src/data/search-words';

export function syntheticId(i: number): string {
  return `bench${String(i).padStart(11, '0')}`;
}

/** Complaint number `i`; its email `customer<i>@example.cz` is unique (a search finds exactly it). */
export function syntheticComplaint(i: number, now: number): CachedComplaint {
  const id = syntheticId(i);
  const status = COMPLAINT_STATUSES[i % COMPLAINT_STATUSES.length]!;
  const filed = new Date(now - 86_400_000 - i * 60_000).toISOString();
  const detail: ComplaintDetail = {
    exist: true,
    id,
    status,
    isResolved: status === 'resolve' || status === 'closed',
    orderNumber: `2026-${String(i).padStart(6, '0')}`,
    variant: { id: 1, code: 'reklamace', label: 'Reklamace' },
    description: 'Zboží po dvou týdnech přestalo fungovat, displej bliká a přístroj se sám vypíná.',
    customerName: `Zákazník Číslo ${i}`,
    email: `customer${i}@example.cz`,
    phone: '+420 600 000 000',
    items: [{ id: i, label: 'Bezdrátová sluchátka', quantity: 1, price: 2490 }],
    events: [
      { id: 2 * i, status: 'new', subject: 'Reklamace přijata', message: 'Děkujeme, reklamaci jsme přijali.', date: filed },
      { id: 2 * i + 1, status, subject: 'Změna stavu', message: 'Stav reklamace se změnil.', date: filed },
    ],
    resolvedDate: null,
  };
  return {
    ...newCachedComplaint(id, now - i * 1000),
    detail,
    existsOnServer: true,
    serverStatus: status,
    fetchedAt: now,
    searchWords: searchWordsOf(id, detail),
  };
}
