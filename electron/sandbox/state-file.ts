/**
 * The sandbox's complaints kept in a file between runs (the browser host keeps one per
 * data folder): without it the sandbox starts from its seed again while the app's
 * database still holds the statuses confirmed last run, and the next change would be a
 * spurious conflict. Writes are grouped (a drain changes many statuses a second) and the
 * last one is written at exit. A file that is unreadable or not the complaints' shape is
 * ignored: the sandbox then starts from its seed.
 *
 * A seeded complaint is kept as what changes (status, timeline, items) and takes the rest,
 * its customer's name and contacts, from the seed again: the file sits in the app's data
 * folder, and the customers' details have no business on that disk in clear, demo or not.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ComplaintStatusSchema } from '../../common/status';
import type { SandboxStateStore } from './sandbox-server';
import { buildSeedComplaints } from './seed';
import type { SandboxComplaint } from './timeline';

const WRITE_GAP_MS = 500;

// The shape the store relies on; every other field is kept as it was written.
const SavedComplaintsSchema = z
  .array(
    z.looseObject({
      id: z.string().min(1).max(64),
      status: ComplaintStatusSchema,
      events: z.array(z.looseObject({ id: z.number().int() })),
      items: z.array(z.looseObject({ id: z.number().int() })),
    }),
  )
  .max(100_000);

export function readSandboxState(file: string): SandboxComplaint[] | null {
  try {
    const parsed = SavedComplaintsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return null;
    const seed = new Map(buildSeedComplaints().map((c) => [c.id, c]));
    const complaints: SandboxComplaint[] = [];
    for (const saved of parsed.data) {
      if (saved.seeded !== true) {
        complaints.push(saved as unknown as SandboxComplaint);
        continue;
      }
      const seeded = seed.get(saved.id);
      // A seeded complaint the seed no longer has cannot be told again: it is left out.
      if (seeded) complaints.push({ ...seeded, status: saved.status, events: saved.events, items: saved.items } as unknown as SandboxComplaint);
    }
    return complaints;
  } catch {
    return null;
  }
}

/** What is written: a seeded complaint's changing part only (see the header). */
function storedForm(complaints: readonly SandboxComplaint[]): unknown[] {
  const seeded = new Set(buildSeedComplaints().map((c) => c.id));
  return complaints.map((c) => (seeded.has(c.id) ? { id: c.id, seeded: true, status: c.status, events: c.events, items: c.items } : c));
}

/** The sandbox's state kept in `file`: read now, written after changes (grouped) and at exit. */
export function sandboxStateFile(file: string): SandboxStateStore & { flush(): void } {
  let pending: SandboxComplaint[] | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending === null) return;
    const complaints = pending;
    pending = null;
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(storedForm(complaints)));
      renameSync(`${file}.tmp`, file);
    } catch {
      // A read-only folder: the next run starts from the seed.
    }
  }

  process.once('exit', flush);
  return {
    saved: readSandboxState(file),
    save(complaints) {
      pending = complaints;
      if (timer !== null) return;
      timer = setTimeout(flush, WRITE_GAP_MS);
      timer.unref();
    },
    flush,
  };
}
