import type { ComplaintDetail } from '../../common/api-schemas';
import type { ComplaintStatus } from '../../common/status';
import { openDeskDatabase, type DeskDatabase } from '../../renderer/src/data/db';
import { addComplaints } from '../../renderer/src/data/worklist';
import { TEST_DATA_KEY } from './data-key';

let counter = 0;
/** A database with a name no other test uses. */
export function freshDb(): DeskDatabase {
  counter += 1;
  return openDeskDatabase(`test-outbox-${process.pid}-${Date.now()}-${counter}`, undefined, TEST_DATA_KEY);
}

export function detailOf(id: string, status: ComplaintStatus, extra: Partial<ComplaintDetail> = {}): ComplaintDetail {
  return { exist: true, id, status, customerName: 'Jana Nováková', orderNumber: 'OBJ-2024-17', email: 'jana@example.cz', events: [], ...extra };
}

/** Adds a complaint to the worklist with a known server status. */
export async function seedComplaint(db: DeskDatabase, id: string, serverStatus: ComplaintStatus | null, now = 1): Promise<void> {
  await addComplaints(db, [id], now);
  if (serverStatus !== null) await db.complaints.update(id, { serverStatus, existsOnServer: true, fetchedAt: now });
}

/** Polls until `condition` holds (the machine may be slow: never rely on a fixed sleep). */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
