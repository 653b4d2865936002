import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../../common/result';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createGuard, parsedInputCall } from '../../../electron/services/handler-guard';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createFakeHandlers } from '../hosts/fake-handlers';

describe('handler guard: input validated exactly once', () => {
  const setup = () => {
    const log = createMemoryLogger();
    const guard = createGuard({ log, scrub: (t) => t, scrubValue: (v) => v });
    const body = vi.fn(async (input: { title: string; body: string }) => ok({ shown: input.title.length > 0 }));
    const notify = guard('notify', body);
    return { log, notify, body };
  };

  it('called directly, a guarded handler parses its input and refuses bad input', async () => {
    const { notify, body } = setup();
    const r = await notify({ title: 42 } as never);
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(body).not.toHaveBeenCalled();
  });

  it('its parsed-input form (the dispatcher\'s) does not parse again: it gets the very object the dispatcher parsed', async () => {
    const { notify, body } = setup();
    const parsed = { title: 'T', body: 'B' };
    const call = parsedInputCall(notify);
    expect(call).not.toBe(notify);
    await call!(parsed);
    expect(body.mock.calls[0]?.[0]).toBe(parsed);
  });

  it('through the dispatcher: bad input refused once (by the dispatcher), good input reaches the body once', async () => {
    const { log, notify, body } = setup();
    const dispatch = createDispatcher(createFakeHandlers({ notify }), log);
    expect(await dispatch('app:notify', { title: 'T', body: 'B' })).toMatchObject({ ok: true });
    expect(body).toHaveBeenCalledTimes(1);
    expect(await dispatch('app:notify', { title: 1 })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(body).toHaveBeenCalledTimes(1);
    // The dispatcher's warning only: the handler's own parse never ran.
    expect(log.lines.filter((l) => l.includes('handler input rejected'))).toHaveLength(0);
    expect(log.lines.filter((l) => l.includes('IPC input rejected'))).toHaveLength(1);
  });

  it('a plain handler (no parsed-input form) is called as it is', () => {
    const plain = async () => ok(null);
    expect(parsedInputCall(plain)).toBe(plain);
    expect(parsedInputCall(undefined)).toBeUndefined();
  });
});
