// The sandbox's complaints kept per data folder: a restart starts where the last run
// ended (not from the seed), a reset goes back to the seed, a bad file is ignored.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../electron/sandbox/sandbox-server';
import { buildSeedComplaints, SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import { sandboxStateFile } from '../../../electron/sandbox/state-file';

const folders: string[] = [];
function stateFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  folders.push(folder);
  return join(folder, 'sandbox-complaints.json');
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the sandbox state file', () => {
  it('a restart keeps the statuses and the complaints created in the last run', async () => {
    const file = stateFile();
    const id = SEED_COMPLAINT_IDS[0]!;
    const first = sandboxStateFile(file);
    const sandbox = await startSandbox({ state: first });
    const seeded = sandbox.getComplaint(id)!.status;
    const other = seeded === 'closed' ? 'open' : 'closed';
    sandbox.setStatusAsStaff(id, other);
    const created = sandbox.createComplaint({ variantCode: 'reklamace', description: 'Nefunguje', customerName: 'Ota Novotný' });
    await sandbox.close();
    first.flush();

    const again = await startSandbox({ state: sandboxStateFile(file) });
    expect(again.getComplaint(id)!.status).toBe(other);
    expect(again.getComplaint(created)!.customerName).toBe('Ota Novotný');
    // New events and IDs do not collide with the kept ones.
    again.setStatusAsStaff(id, seeded);
    const events = again.getComplaint(id)!.events.map((event) => event.id);
    expect(new Set(events).size).toBe(events.length);

    await again.reset();
    expect(again.getComplaint(id)!.status).toBe(seeded);
    expect(again.getComplaint(created)).toBeUndefined();
    await again.close();
  });

  it("a seeded complaint is kept as its status, timeline and items: its customer's details are never in the file", async () => {
    const file = stateFile();
    const [first] = buildSeedComplaints();
    const state = sandboxStateFile(file);
    const sandbox = await startSandbox({ state });
    sandbox.setStatusAsStaff(first!.id, first!.status === 'closed' ? 'open' : 'closed');
    await sandbox.close();
    state.flush();
    const text = readFileSync(file, 'utf8');
    for (const seeded of buildSeedComplaints()) {
      expect(text).not.toContain(seeded.customerName);
      if (seeded.email) expect(text).not.toContain(seeded.email);
      if (seeded.refund) expect(text).not.toContain(seeded.refund.bankAccount);
    }
    // Told again from the seed at the next start.
    const again = await startSandbox({ state: sandboxStateFile(file) });
    expect(again.getComplaint(first!.id)!.customerName).toBe(first!.customerName);
    await again.close();
  });

  it('an unreadable or malformed file is ignored: the seed', async () => {
    for (const content of ['not json', JSON.stringify([{ id: 'x', status: 'nonsense', events: [], items: [] }])]) {
      const file = stateFile();
      writeFileSync(file, content);
      const state = sandboxStateFile(file);
      expect(state.saved).toBeNull();
      const sandbox = await startSandbox({ state });
      expect(sandbox.complaintIds().sort()).toEqual([...SEED_COMPLAINT_IDS].sort());
      await sandbox.close();
    }
  });
});
