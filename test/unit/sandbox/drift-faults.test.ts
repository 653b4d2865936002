import { describe, expect, it } from 'vitest';
import { createControlHandler } from '../../../electron/sandbox/control-api';
import { SEED_COMPLAINT_IDS } from '../../../electron/sandbox/seed';
import { PATHS, apiUrl, detail, json, postJson, setStatus, useSandboxes } from './helpers';

const [FIRST, SECOND] = SEED_COMPLAINT_IDS as [string, string];

describe('sandbox drift switches', () => {
  const start = useSandboxes();

  it('unknownStatus: detail carries the status, for the one complaint named; off again with null', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ unknownStatus: { status: 'escalated', complaintId: FIRST } });
    expect(sandbox.faults.unknownStatus).toEqual({ status: 'escalated', complaintId: FIRST });
    expect(await json(await detail(sandbox, FIRST))).toMatchObject({ id: FIRST, status: 'escalated' });
    expect((await json(await detail(sandbox, SECOND))).status).not.toBe('escalated');
    await sandbox.setFaults({ unknownStatus: null });
    expect('unknownStatus' in sandbox.faults).toBe(false);
    expect((await json(await detail(sandbox, FIRST))).status).not.toBe('escalated');
  });

  it('declined: 200 success:false with a code and message, nothing applied; create too', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ declined: { code: 'COMPLAINT_LOCKED', message: 'Locked' } });
    const res = await setStatus(sandbox, FIRST, 'open');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ success: false, error: { code: 'COMPLAINT_LOCKED', message: 'Locked' } });
    expect(sandbox.appliedChanges()).toEqual([]);
    const created = await postJson(apiUrl(sandbox, PATHS.create), {
      variantCode: 'reklamace',
      description: 'd',
      customerName: 'c',
    });
    expect(await json(created)).toMatchObject({ success: false });
    expect(sandbox.complaintIds()).toHaveLength(SEED_COMPLAINT_IDS.length);
    // An unknown ID is still not found.
    expect((await setStatus(sandbox, 'NOPE', 'open')).status).toBe(404);
    await sandbox.setFaults({ declined: null });
    expect(await json(await setStatus(sandbox, FIRST, 'open'))).toEqual({ success: true });
  });

  it('wrongId: detail answers with another complaint', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ wrongId: { complaintId: FIRST } });
    const body = await json(await detail(sandbox, FIRST));
    expect(body.exist).toBe(true);
    expect(body.id).not.toBe(FIRST);
    expect((await json(await detail(sandbox, SECOND))).id).toBe(SECOND);
  });

  it('reset() switches drift off; a bad switch is refused', async () => {
    const sandbox = await start();
    await sandbox.setFaults({ wrongId: {}, declined: {}, unknownStatus: { status: 'x' } });
    await sandbox.reset();
    expect(sandbox.faults).toEqual({ outage: false, latencyMs: 0, errorRate: 0, rateLimited: null, applyThenDrop: 0 });
    await expect(sandbox.setFaults({ unknownStatus: { status: '' } })).rejects.toThrow();
    await expect(sandbox.setFaults({ wrongId: { other: 1 } } as never)).rejects.toThrow();
  });

  it('through the control API', async () => {
    const sandbox = await start({ control: createControlHandler });
    const res = await postJson(`${sandbox.controlUrl}/__sandbox/faults`, {
      unknownStatus: { status: 'escalated' },
      declined: { code: 'X_CODE' },
      wrongId: { complaintId: SECOND },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).faults).toMatchObject({
      unknownStatus: { status: 'escalated' },
      declined: { code: 'X_CODE' },
      wrongId: { complaintId: SECOND },
    });
    expect((await json(await detail(sandbox, FIRST))).status).toBe('escalated');
  });
});
