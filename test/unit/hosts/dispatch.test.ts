import { describe, expect, it, vi } from 'vitest';
import { ipcContract, IPC_METHODS, type DeskHandlers } from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createFakeHandlers } from './fake-handlers';

const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';

function setup(overrides: Partial<DeskHandlers> = {}) {
  const log = createMemoryLogger();
  const dispatch = createDispatcher(createFakeHandlers(overrides), log);
  return { log, dispatch };
}

describe('createDispatcher', () => {
  it('calls the handler with parsed input and returns its value', async () => {
    const setStatus = vi.fn(async () => ok({ success: true as const }));
    const { dispatch } = setup({ setComplaintStatus: setStatus });
    const result = await dispatch('complaints:set-status', { complaintId: 'C-1', status: 'resolve', destination: 'demo' });
    expect(result).toEqual({ ok: true, value: { success: true } });
    expect(setStatus).toHaveBeenCalledWith({ complaintId: 'C-1', status: 'resolve', destination: 'demo' });
  });

  it('applies schema defaults before the handler sees the input', async () => {
    const saveKey = vi.fn(createFakeHandlers().saveKey);
    const { dispatch } = setup({ saveKey });
    await dispatch('key:save', { key: KEY });
    expect(saveKey).toHaveBeenCalledWith({ key: KEY, sessionOnly: false });
  });

  it('every contract channel is routed to its own handler', async () => {
    const { dispatch } = setup();
    for (const method of IPC_METHODS) {
      const name = ipcContract[method].name;
      const result = await dispatch(name, method === 'getComplaint' ? { id: 'X' } : {});
      // Channels with required fields answer bad-request, the others answer ok: never internal.
      if (!result.ok) expect(result.error.kind).toBe('bad-request');
    }
  });

  it.each([['nope:nothing'], [''], ['__proto__'], ['constructor']])(
    'unknown channel %j → bad-request',
    async (channel) => {
      const { dispatch } = setup();
      const result = await dispatch(channel, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('bad-request');
    },
  );

  it('non-string channel → bad-request, no throw', async () => {
    const { dispatch } = setup();
    const result = await dispatch(42 as unknown as string, {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it.each([
    ['missing input', 'complaints:set-status', undefined],
    ['null input', 'complaints:set-status', null],
    ['array input', 'complaints:set-status', []],
    ['wrong status', 'complaints:set-status', { complaintId: 'C-1', status: 'done' }],
    ['extra key', 'complaints:set-status', { complaintId: 'C-1', status: 'open', evil: 1 }],
    ['no-input channel given input', 'app:get-info', { x: 1 }],
    ['bad key', 'key:save', { key: 'short' }],
  ])('bad input (%s) → bad-request with issues', async (_name, channel, input) => {
    const handler = vi.fn();
    const { dispatch } = setup({ setComplaintStatus: handler, getAppInfo: handler, saveKey: handler });
    const result = await dispatch(channel, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('bad-request');
    expect(result.error.issues?.length).toBeGreaterThan(0);
    for (const issue of result.error.issues ?? []) expect(issue).toMatch(/^[^:]+: .+/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('issues name the field and never echo the value (the key must not come back)', async () => {
    const { dispatch, log } = setup();
    const almostKey = `${KEY}X`; // 33 chars: fails the pattern
    const result = await dispatch('key:save', { key: almostKey, sessionOnly: 'yes' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = JSON.stringify(result);
    expect(text).not.toContain(almostKey);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('yes');
    expect(result.error.issues?.some((i) => i.startsWith('key: '))).toBe(true);
    expect(result.error.issues?.some((i) => i.startsWith('sessionOnly: '))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(KEY);
  });

  it('a throwing handler → internal, logged, no throw', async () => {
    const { dispatch, log } = setup({
      getSettings: async () => {
        throw new Error(`boom with ${KEY}`);
      },
    });
    const result = await dispatch('settings:get', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('boom');
    expect(log.lines.some((l) => l.includes('ERROR') && l.includes('settings:get') && l.includes('boom'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(KEY);
  });

  it('a synchronously throwing handler → internal', async () => {
    const { dispatch } = setup({
      getSettings: (() => {
        throw new TypeError('sync');
      }) as DeskHandlers['getSettings'],
    });
    expect(await dispatch('settings:get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('output not matching the contract → internal, logged', async () => {
    const { dispatch, log } = setup({
      getConnectivity: (async () => ok({ online: 'yes' })) as unknown as DeskHandlers['getConnectivity'],
    });
    const result = await dispatch('connectivity:get', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(log.lines.some((l) => l.includes('connectivity:get'))).toBe(true);
  });

  it('a handler returning a non-Result → internal', async () => {
    const { dispatch } = setup({
      getConnectivity: (async () => ({ online: true })) as unknown as DeskHandlers['getConnectivity'],
    });
    expect(await dispatch('connectivity:get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('a handler error passes through (redacted), a malformed one becomes internal', async () => {
    const good = setup({
      getComplaint: async () => err({ kind: 'not-found', message: `no such complaint ?apiKey=${KEY}`, httpStatus: 404 }),
    });
    const r1 = await good.dispatch('complaints:detail', { id: 'C-9' });
    expect(r1).toMatchObject({ ok: false, error: { kind: 'not-found', httpStatus: 404 } });
    expect(JSON.stringify(r1)).not.toContain(KEY);

    const bad = setup({
      getComplaint: (async () => err({ kind: 'weird' })) as unknown as DeskHandlers['getComplaint'],
    });
    expect(await bad.dispatch('complaints:detail', { id: 'C-9' })).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
  });

  it('strips fields the contract does not name from strict outputs', async () => {
    const { dispatch } = setup({
      getConnectivity: (async () =>
        ok({ online: true, since: 'x', secret: KEY })) as unknown as DeskHandlers['getConnectivity'],
    });
    const result = await dispatch('connectivity:get', {});
    expect(result).toEqual({ ok: true, value: { online: true, since: 'x' } });
  });

  it('survives a throwing logger', async () => {
    const dispatch = createDispatcher(createFakeHandlers(), {
      info: () => {
        throw new Error('log down');
      },
      warn: () => {
        throw new Error('log down');
      },
      error: () => {
        throw new Error('log down');
      },
      setSecrets: () => undefined,
    });
    const result = await dispatch('nope', {});
    expect(result.ok).toBe(false);
  });
});
