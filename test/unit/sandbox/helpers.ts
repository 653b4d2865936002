import { afterEach } from 'vitest';
import type { ComplaintStatus } from '../../../common/status';
import { SANDBOX_DEMO_KEY } from '../../../electron/sandbox/demo-key';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../electron/sandbox/sandbox-server';

export const KEY = SANDBOX_DEMO_KEY;
export const OTHER_KEY = 'PROD' + 'a'.repeat(28);
export const ROOT_KEY = 'ROOT' + 'Z9'.repeat(14);

export const PATHS = {
  setStatus: '/api/v1/shop/complaint/set-status',
  detail: '/api/v1/shop/complaint/detail',
  create: '/api/v1/shop/complaint/create',
} as const;

/** Starts sandboxes that are closed after each test, whatever happened in it. */
export function useSandboxes(): (options?: SandboxOptions) => Promise<Sandbox> {
  const started: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
  });
  return async (options) => {
    const sandbox = await startSandbox({ port: 0, ...options });
    started.push(sandbox);
    return sandbox;
  };
}

export function apiUrl(
  sandbox: Sandbox,
  path: string,
  params: Record<string, string> = {},
  key: string | null = KEY,
): string {
  const url = new URL(path, sandbox.url);
  if (key !== null) url.searchParams.set('apiKey', key);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function setStatus(
  sandbox: Sandbox,
  complaintId: string,
  status: ComplaintStatus,
  key: string | null = KEY,
): Promise<Response> {
  return postJson(apiUrl(sandbox, PATHS.setStatus, {}, key), { complaintId, status });
}

export function detail(sandbox: Sandbox, id: string, key: string | null = KEY): Promise<Response> {
  return fetch(apiUrl(sandbox, PATHS.detail, { id }, key));
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

export function errorCode(body: Record<string, unknown>): unknown {
  return (body.error as { code?: unknown } | undefined)?.code;
}

/** The low-level cause of a failed fetch (undici wraps it in a TypeError). */
export async function fetchFailure(request: Promise<Response>): Promise<{ code?: string; message: string }> {
  try {
    const response = await request;
    throw new Error(`expected the request to fail, got HTTP ${response.status}`);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const cause = error.cause as { code?: string; message?: string } | undefined;
    return { code: cause?.code, message: cause?.message ?? error.message };
  }
}
