/**
 * The shape of a complaint as the sandbox keeps it, and the rules every status change
 * follows, whoever makes it (seed, staff, API). Shared by the seed builder and the store
 * so seeded timelines look exactly like ones produced at run time.
 */
import type { ComplaintStatus } from '../../common/status';

export interface SandboxEvent {
  id: number;
  status: ComplaintStatus;
  shareWithCustomer: boolean;
  subject: string;
  message: string;
  /** Not in the reference's example; an extra the client tolerates. */
  date: string;
}

export interface SandboxItem {
  id: number;
  label: string;
  quantity: number;
  price: number;
}

export interface SandboxComplaint {
  id: string;
  orderNumber: string;
  variant: { id: number; code: string; label: string };
  status: ComplaintStatus;
  isResolved: boolean;
  resolvedDate: string | null;
  description: string;
  customerName: string;
  email: string;
  phone: string;
  refund?: { country: string; bankAccount: string; variableSymbol: string };
  satisfaction: { score: number; message: string } | null;
  items: SandboxItem[];
  /** The timeline, oldest first. */
  events: SandboxEvent[];
  currency: string;
  /** Extras the client tolerates. */
  createdDate: string;
  dueDate?: string;
}

export const VARIANTS = {
  reklamace: { id: 1, code: 'reklamace', label: 'Reklamace' },
  vraceni: { id: 2, code: 'vraceni', label: 'Vrácení zboží' },
  vymena: { id: 3, code: 'vymena', label: 'Výměna' },
} as const;
export type VariantCode = keyof typeof VARIANTS;

export function isVariantCode(code: string): code is VariantCode {
  return Object.hasOwn(VARIANTS, code);
}

export const STATUS_LABELS_CS: Record<ComplaintStatus, string> = {
  new: 'Nová',
  open: 'V řešení',
  wait: 'Čeká na zákazníka',
  resolve: 'Vyřízena kladně',
  reject: 'Zamítnuta',
  closed: 'Uzavřena',
};

/**
 * The reference contradicts itself on which statuses are terminal (`resolve`, `reject`,
 * `closed` vs. "`resolve` or `closed` set `isResolved` and a `resolvedDate`"). The sandbox
 * follows the second, more specific sentence: only `resolve` and `closed` resolve. The
 * client must not derive this itself anyway; it reads `isResolved` from `detail`.
 */
export function isResolvingStatus(status: ComplaintStatus): boolean {
  return status === 'resolve' || status === 'closed';
}

export type ChangeSource = 'api' | 'staff' | 'seed' | 'create';

export interface StatusChange {
  eventId: number;
  status: ComplaintStatus;
  date: string;
  source: ChangeSource;
  /** Overrides the default message for this source (seed data tells a story). */
  message?: string;
  subject?: string;
}

function defaultMessage(status: ComplaintStatus, source: ChangeSource): string {
  const label = STATUS_LABELS_CS[status];
  if (source === 'staff') return `Stav změnil pracovník zákaznické podpory na „${label}“.`;
  return `Stav byl změněn na „${label}“.`;
}

/**
 * Appends the event and updates status, isResolved and resolvedDate. Every call appends,
 * even when the status does not change: the API records each request, so a resent
 * request shows up as a duplicate event (see bizkithub-api.md).
 */
export function recordStatusChange(complaint: SandboxComplaint, change: StatusChange): void {
  complaint.events.push({
    id: change.eventId,
    status: change.status,
    shareWithCustomer: false,
    subject: change.subject ?? `Změna stavu: ${STATUS_LABELS_CS[change.status]}`,
    message: change.message ?? defaultMessage(change.status, change.source),
    date: change.date,
  });
  complaint.status = change.status;
  if (isResolvingStatus(change.status)) {
    // Moving resolve → closed keeps the date the complaint was first resolved.
    if (!complaint.isResolved) complaint.resolvedDate = change.date;
    complaint.isResolved = true;
  } else {
    complaint.isResolved = false;
    complaint.resolvedDate = null;
  }
}
