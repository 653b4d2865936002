/**
 * The sandbox's complaints and the log of status changes applied through the API.
 * Everything handed out is a deep copy, so a test can never change state behind the
 * server's back.
 */
import type { CreateComplaintRequest } from '../../common/api-schemas';
import type { ComplaintStatus } from '../../common/status';
import { mulberry32 } from './prng';
import {
  VARIANTS,
  isVariantCode,
  recordStatusChange,
  type SandboxComplaint,
} from './timeline';

export interface AppliedChange {
  complaintId: string;
  status: ComplaintStatus;
  at: number;
}

export interface ComplaintStore {
  get(id: string): SandboxComplaint | undefined;
  has(id: string): boolean;
  ids(): string[];
  /** Returns false when there is no such complaint. */
  setStatus(id: string, status: ComplaintStatus, source: 'api' | 'staff'): boolean;
  /** The caller has validated the request (including a known variant code). */
  create(request: CreateComplaintRequest): string;
  /** Inserts a complaint exactly as given; throws if the ID is taken. */
  add(complaint: SandboxComplaint): void;
  appliedChanges(complaintId?: string): AppliedChange[];
  reset(): void;
}

export interface ComplaintStoreOptions {
  seed: () => SandboxComplaint[];
  now: () => number;
  /** The complaints kept from an earlier run (used instead of the seed at the start; a reset goes back to the seed). */
  saved?: SandboxComplaint[] | null;
  /** After every change of the complaints (a status, a create, an add, a reset): all of them, copies. */
  onChange?: (complaints: SandboxComplaint[]) => void;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// Created IDs are deterministic per run (tests can predict nothing else about them, but
// a replayed run produces the same IDs), and independent of `randomSeed` so that turning
// a chaos dial does not rename complaints.
const CREATED_ID_SEED = 0xc0ffee;

export function createComplaintStore(options: ComplaintStoreOptions): ComplaintStore {
  let complaints = new Map<string, SandboxComplaint>();
  let applied: AppliedChange[] = [];
  let nextEventId = 1;
  let nextItemId = 1;
  let idRandom = mulberry32(CREATED_ID_SEED);

  function load(from: SandboxComplaint[] = options.seed()): void {
    complaints = new Map();
    applied = [];
    idRandom = mulberry32(CREATED_ID_SEED);
    nextEventId = 1;
    nextItemId = 1;
    for (const complaint of from) insert(structuredClone(complaint));
  }

  function changed(): void {
    options.onChange?.([...complaints.values()].map((complaint) => structuredClone(complaint)));
  }

  function insert(complaint: SandboxComplaint): void {
    if (complaints.has(complaint.id)) throw new Error(`Complaint ${complaint.id} already exists`);
    complaints.set(complaint.id, complaint);
    // Keep generated IDs clear of anything inserted, as the real API's sequences would be.
    for (const event of complaint.events) nextEventId = Math.max(nextEventId, event.id + 1);
    for (const item of complaint.items) nextItemId = Math.max(nextItemId, item.id + 1);
  }

  function newComplaintId(): string {
    for (;;) {
      let id = '';
      for (let i = 0; i < 16; i++) id += ID_ALPHABET[Math.floor(idRandom() * ID_ALPHABET.length)];
      if (!complaints.has(id)) return id;
    }
  }

  load(options.saved ?? undefined);

  return {
    get(id) {
      const complaint = complaints.get(id);
      return complaint ? structuredClone(complaint) : undefined;
    },
    has(id) {
      return complaints.has(id);
    },
    ids() {
      return [...complaints.keys()];
    },
    setStatus(id, status, source) {
      const complaint = complaints.get(id);
      if (!complaint) return false;
      const at = options.now();
      recordStatusChange(complaint, {
        eventId: nextEventId++,
        status,
        date: new Date(at).toISOString(),
        source,
      });
      if (source === 'api') applied.push({ complaintId: id, status, at });
      changed();
      return true;
    },
    create(request) {
      if (!isVariantCode(request.variantCode)) {
        throw new Error(`Unknown variant code ${request.variantCode}`);
      }
      const variant = VARIANTS[request.variantCode];
      const at = options.now();
      const date = new Date(at).toISOString();
      const hasRefund =
        request.refundCountry !== undefined ||
        request.refundBankAccount !== undefined ||
        request.refundVariableSymbol !== undefined;
      const complaint: SandboxComplaint = {
        id: newComplaintId(),
        orderNumber: request.orderNumber ?? '',
        variant: { ...variant },
        status: 'new',
        isResolved: false,
        resolvedDate: null,
        description: request.description,
        customerName: request.customerName,
        email: request.email ?? '',
        phone: request.phone ?? '',
        satisfaction: null,
        items: (request.items ?? []).map((item) => ({
          id: nextItemId++,
          label: item.label,
          quantity: item.quantity,
          price: item.price,
        })),
        events: [],
        currency: 'CZK',
        createdDate: date,
      };
      if (hasRefund) {
        complaint.refund = {
          country: request.refundCountry ?? '',
          bankAccount: request.refundBankAccount ?? '',
          variableSymbol: request.refundVariableSymbol ?? '',
        };
      }
      if (request.dueDate !== undefined) complaint.dueDate = request.dueDate;
      recordStatusChange(complaint, {
        eventId: nextEventId++,
        status: 'new',
        date,
        source: 'create',
        subject: `${variant.label}: požadavek přijat`,
        message: 'Požadavek byl založen a čeká na posouzení.',
      });
      insert(complaint);
      changed();
      return complaint.id;
    },
    add(complaint) {
      insert(structuredClone(complaint));
      changed();
    },
    appliedChanges(complaintId) {
      return applied
        .filter((change) => complaintId === undefined || change.complaintId === complaintId)
        .map((change) => ({ ...change }));
    },
    reset() {
      load();
      changed();
    },
  };
}
