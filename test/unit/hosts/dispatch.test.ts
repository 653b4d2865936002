import { describe, expect, it, vi } from 'vitest';
import { ipcContract, IPC_METHODS, type DeskHandlers } from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createKeychainDataKeyStore } from '../../../electron/services/data-key-store';
import { dataKeyChannels, scrubbedDataKeyStore } from '../../../electron/services/desk/data-key-channels';
import { createSecrets } from '../../../electron/services/desk/secrets';
import { createMemoryLogger, stringifyLogValue, type Logger } from '../../../electron/services/logger';
import { memoryKeyring } from '../../support/memory-keyring';
import { createFakeHandlers, createFakeServices } from './fake-handlers';

const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';

function setup(overrides: Partial<DeskHandlers> = {}) {
  const log = createMemoryLogger();
  const dispatch = createDispatcher(createFakeServices(overrides), log);
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
    const dispatch = createDispatcher(createFakeServices(), {
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

/** Records raw log calls, unredacted: what the dispatcher itself hands the logger. */
function recordingLogger(): Logger & { raw: string[] } {
  const raw: string[] = [];
  const rec = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    raw.push(`${level} ${msg} ${data ? stringifyLogValue(data) : ''}`);
  };
  return { raw, info: rec('info'), warn: rec('warn'), error: rec('error'), setSecrets: () => undefined };
}

describe('createDispatcher: the one guard', () => {
  it('input is parsed once: bad input never reaches the handler, good input reaches it once, one warning', async () => {
    const log = createMemoryLogger();
    const notify = vi.fn(async ({ title }: { title: string; body: string }) => ok({ shown: title.length > 0 }));
    const dispatch = createDispatcher(createFakeServices({ notify }), log);
    expect(await dispatch('app:notify', { title: 'T', body: 'B' })).toEqual({ ok: true, value: { shown: true } });
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith({ title: 'T', body: 'B' });
    expect(await dispatch('app:notify', { title: 1 })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(notify).toHaveBeenCalledTimes(1);
    expect(log.lines.filter((l) => l.includes('IPC input rejected'))).toHaveLength(1);
  });

  it('a handler that rejects with a non-Error → internal, logged', async () => {
    const log = createMemoryLogger();
    const dispatch = createDispatcher(
      createFakeServices({ getRateLimit: (() => Promise.reject('plain string')) as DeskHandlers['getRateLimit'] }),
      log,
    );
    expect(await dispatch('connectivity:get-rate-limit', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(log.lines.some((l) => l.includes('IPC handler threw') && l.includes('plain string'))).toBe(true);
  });
});

describe('createDispatcher: output held to the contract', () => {
  it('a value that does not match: internal error data, the value not in the reply, the log names the field but not the value', async () => {
    const log = recordingLogger();
    const dispatch = createDispatcher(
      createFakeServices({
        getConnectivity: (async () => ok({ online: `yes ${KEY}` })) as unknown as DeskHandlers['getConnectivity'],
      }),
      log,
    );
    const result = await dispatch('connectivity:get', {});
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'connectivity:get returned data that does not match the contract.' },
    });
    const logged = log.raw.find((l) => l.includes('does not match the contract')) ?? '';
    expect(logged).toContain('connectivity:get');
    expect(logged).toContain('online');
    expect(log.raw.join('\n')).not.toContain(KEY);
    expect(log.raw.join('\n')).not.toContain('yes');
  });

  it('a value missing for a channel that must answer one (undefined) → internal', async () => {
    const { dispatch } = setup({
      getSettings: (async () => ({ ok: true })) as unknown as DeskHandlers['getSettings'],
    });
    expect(await dispatch('settings:get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('ok that is not a boolean → internal', async () => {
    const { dispatch } = setup({
      getConnectivity: (async () => ({ ok: 'true', value: { online: true } })) as unknown as DeskHandlers['getConnectivity'],
    });
    expect(await dispatch('connectivity:get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });
});

describe('createDispatcher: replies scrubbed with the services\' scrubbers', () => {
  /** Not key-shaped: only the services' list of keys seen knows it is a secret. */
  const KNOWN = 'an-old-secret-the-services-know';

  function scrubbed(overrides: Partial<DeskHandlers>) {
    const log = recordingLogger();
    const secrets = createSecrets(log);
    secrets.know(KNOWN);
    const dispatch = createDispatcher(
      { handlers: createFakeHandlers(overrides), scrubbers: secrets },
      log,
    );
    return { dispatch, log };
  }

  it('a reply that echoes the key: every string of the value scrubbed, the rest intact', async () => {
    const { dispatch } = scrubbed({
      getComplaint: async ({ id }) =>
        ok({
          exist: true,
          id,
          status: 'open',
          description: `pasted by mistake: ${KNOWN} and ${KEY}`,
          customerName: `Jan ${KEY}`,
        }),
    });
    const result = await dispatch('complaints:detail', { id: 'C-1' });
    expect(result).toMatchObject({
      ok: true,
      value: { id: 'C-1', description: 'pasted by mistake: [redacted] and [redacted]', customerName: 'Jan [redacted]' },
    });
    expect(JSON.stringify(result)).not.toContain(KNOWN);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('an error reply: message, code and issues scrubbed', async () => {
    const { dispatch } = scrubbed({
      getComplaint: async () =>
        err({ kind: 'not-found', message: `no complaint for ${KNOWN}`, code: KNOWN, issues: [`id: ${KNOWN}`], httpStatus: 404 }),
    });
    const result = await dispatch('complaints:detail', { id: 'C-1' });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'no complaint for [redacted]', code: '[redacted]', issues: ['id: [redacted]'], httpStatus: 404 },
    });
  });

  it('a thrown error carrying the key: not in the reply, scrubbed in the log', async () => {
    const { dispatch, log } = scrubbed({
      getSettings: async () => {
        throw new Error(`boom with ${KNOWN}`);
      },
    });
    const result = await dispatch('settings:get', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(result)).not.toContain(KNOWN);
    expect(log.raw.some((l) => l.includes('boom with [redacted]'))).toBe(true);
    expect(log.raw.join('\n')).not.toContain(KNOWN);
  });

  it('scrubbed before it is checked: a value that no longer matches once scrubbed is internal, never sent unscrubbed', async () => {
    // A complaint type may be the known secret's text, but not `[redacted]`.
    const { dispatch, log } = scrubbed({
      getSettings: async () => ok({ ...DEFAULT_SETTINGS, complaintTypes: ['reklamace', KNOWN] }),
    });
    const result = await dispatch('settings:get', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(result)).not.toContain(KNOWN);
    expect(log.raw.some((l) => l.includes('does not match the contract') && l.includes('complaintTypes.1'))).toBe(true);
  });
});

describe('createDispatcher: the data key passes in its own replies only', () => {
  async function withDataKey(overrides: (dataKey: () => string) => Partial<DeskHandlers> = () => ({})) {
    const log = createMemoryLogger();
    const secrets = createSecrets(log);
    const slot = memoryKeyring();
    const store = scrubbedDataKeyStore(createKeychainDataKeyStore({ service: 's', account: 'a.data-key', backend: slot }), secrets);
    let current = '';
    const handlers = createFakeHandlers({ ...dataKeyChannels(store), ...overrides(() => current) });
    const dispatch = createDispatcher({ handlers, scrubbers: secrets }, log);
    const get = async () => {
      const reply = await dispatch('data-key:get', {});
      if (reply.ok) current = (reply.value as { key: string }).key;
      return reply;
    };
    return { dispatch, get, log, slot, current: () => current };
  }

  it('getDataKey and replaceDataKey carry the key; after a replace only the new one passes', async () => {
    const h = await withDataKey();
    const first = await h.get();
    expect(first).toMatchObject({ ok: true, value: { kept: 'keychain' } });
    const key = h.current();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(JSON.parse(h.slot.value() ?? '')).toMatchObject({ key });
    expect(await h.get()).toEqual(first);

    const replaced = await h.dispatch('data-key:replace', {});
    expect(replaced).toMatchObject({ ok: true, value: { kept: 'keychain' } });
    const next = (replaced as { value: { key: string } }).value.key;
    expect(next).not.toBe(key);
    expect(await h.get()).toEqual(replaced);
    expect(h.log.lines.join('\n')).not.toContain(key);
    expect(h.log.lines.join('\n')).not.toContain(next);
  });

  it('any other reply, error or log line that echoes the data key gets it scrubbed', async () => {
    const h = await withDataKey((dataKey) => ({
      getComplaint: async ({ id }) => ok({ exist: true, id, status: 'open', description: `echo ${dataKey()}` }),
      testConnection: async () => err({ kind: 'network', message: `failed: ${dataKey()}`, issues: [dataKey()] }),
      getSettings: async () => {
        throw new Error(`boom ${dataKey()}`);
      },
    }));
    await h.get();
    const key = h.current();
    const detail = await h.dispatch('complaints:detail', { id: 'C-1' });
    expect(detail).toMatchObject({ ok: true, value: { description: 'echo [redacted]' } });
    const failed = await h.dispatch(ipcContract.testConnection.name, {});
    expect(failed).toMatchObject({ ok: false, error: { message: 'failed: [redacted]', issues: ['[redacted]'] } });
    expect(await h.dispatch('settings:get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify([detail, failed])).not.toContain(key);
    expect(h.log.lines.join('\n')).toContain('boom [redacted]');
    expect(h.log.lines.join('\n')).not.toContain(key);
  });

  it('a data key reply that carries anything but the current key (an old key, the API key) is refused', async () => {
    const log = createMemoryLogger();
    const secrets = createSecrets(log);
    const old = Buffer.alloc(32, 1).toString('base64');
    const now = Buffer.alloc(32, 2).toString('base64');
    secrets.knowDataKey(old);
    secrets.knowDataKey(now);
    let reply = old;
    const dispatch = createDispatcher(
      { handlers: createFakeHandlers({ getDataKey: async () => ok({ keyId: 'k1', key: reply, kept: 'keychain' }) }), scrubbers: secrets },
      log,
    );
    expect(await dispatch('data-key:get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
    reply = now;
    expect(await dispatch('data-key:get', {})).toEqual({ ok: true, value: { keyId: 'k1', key: now, kept: 'keychain' } });
    // Any other field of the reply is scrubbed as usual.
    expect(secrets.scrubDataKeyReply({ keyId: now, key: now, note: KEY })).toEqual({ keyId: '[redacted]', key: now, note: '[redacted]' });
    expect(JSON.stringify(log.lines)).not.toContain(old);
  });
});
