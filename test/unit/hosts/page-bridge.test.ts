/**
 * The bundled page bridge, run in a bare V8 context with just the browser APIs it uses
 * (location, history, sessionStorage, fetch, EventSource): the token handling, the HTTP
 * transport and the shared event stream.
 */
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_METHODS, type DeskApi } from '../../../common/ipc-contract';
import { bundleBridge } from '../../../electron/browser-host/bundle-bridge';

let bridge: string;
beforeAll(async () => {
  bridge = await bundleBridge();
});

interface FetchCall {
  url: string;
  init: { method?: string; headers?: Record<string, string>; body?: string };
}

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  closed = false;
  private listeners = new Set<(e: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(_type: string, l: (e: { data: string }) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_type: string, l: (e: { data: string }) => void) {
    this.listeners.delete(l);
  }
  close() {
    this.closed = true;
  }
  deliver(data: string) {
    for (const l of this.listeners) l({ data });
  }
}

function runBridge(href: string, storage: Map<string, string>) {
  const calls: FetchCall[] = [];
  const replaced: string[] = [];
  let functionConstructed = 0;
  FakeEventSource.instances = [];
  const context: Record<string, unknown> = {
    URL,
    URLSearchParams,
    console,
    location: { href },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
    },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    },
    fetch: async (url: string, init: FetchCall['init']) => {
      calls.push({ url, init });
      return { json: async () => ({ ok: true, value: { shown: false } }) };
    },
    EventSource: FakeEventSource,
  };
  context.window = context;
  vm.createContext(context);
  // Count any use of the Function constructor (zod's JIT probe) inside the page.
  vm.runInContext(
    `globalThis.Function = new Proxy(Function, { construct(t, a) { globalThis.__fn = (globalThis.__fn || 0) + 1; return Reflect.construct(t, a); } });`,
    context,
  );
  vm.runInContext(bridge, context);
  functionConstructed = (context.__fn as number | undefined) ?? 0;
  return { context, calls, replaced, functionConstructed };
}

type Desk = DeskApi;

describe('page bridge', () => {
  it('sets window.desk with every contract method and onEvent', () => {
    const { context } = runBridge('http://127.0.0.1:9/?token=tok_123', new Map());
    const desk = context.desk as Desk;
    for (const method of IPC_METHODS) expect(typeof desk[method]).toBe('function');
    expect(typeof desk.onEvent).toBe('function');
  });

  it('keeps the token in sessionStorage and removes it from the address bar', () => {
    const storage = new Map<string, string>();
    const { replaced } = runBridge('http://127.0.0.1:9/?token=tok_123&x=1#/worklist', storage);
    expect([...storage.values()]).toEqual(['tok_123']);
    expect(replaced).toEqual(['/?x=1#/worklist']);
  });

  it('sends calls with the token header, and after a reload uses the stored token', async () => {
    const storage = new Map<string, string>();
    runBridge('http://127.0.0.1:9/?token=tok_123', storage);
    const { context, calls } = runBridge('http://127.0.0.1:9/', storage);
    const result = await (context.desk as Desk).notify({ title: 't', body: 'b' });
    expect(result).toEqual({ ok: true, value: { shown: false } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/__host/ipc/app%3Anotify');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.headers?.['X-Desk-Token']).toBe('tok_123');
    expect(JSON.parse(calls[0]?.init.body ?? 'null')).toEqual({ title: 't', body: 'b' });
  });

  it('shares one EventSource between listeners and closes it after the last one leaves', () => {
    const { context } = runBridge('http://127.0.0.1:9/?token=tok_123', new Map());
    const desk = context.desk as Desk;
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = desk.onEvent((e) => a.push(e));
    const offB = desk.onEvent((e) => b.push(e));
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/__host/events?token=tok_123');
    source.deliver(JSON.stringify({ type: 'open-complaint', id: 'C-1' }));
    source.deliver(JSON.stringify({ type: 'not-an-event' }));
    source.deliver('not json');
    expect(a).toEqual([{ type: 'open-complaint', id: 'C-1' }]);
    expect(b).toEqual(a);
    offA();
    expect(source.closed).toBe(false);
    offB();
    expect(source.closed).toBe(true);
  });

  it('never constructs a Function (the CSP has no unsafe-eval)', () => {
    const { functionConstructed } = runBridge('http://127.0.0.1:9/?token=tok_123', new Map());
    expect(functionConstructed).toBe(0);
    expect(bridge).not.toMatch(/\beval\(/);
  });
});
