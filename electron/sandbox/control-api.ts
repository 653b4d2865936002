/**
 * `/__sandbox/*`: drives the sandbox from outside the test process (Playwright, demos).
 * Built only on the public `Sandbox` interface, so it can do nothing a Vitest test cannot.
 * It has no login: only development tools start it (`npm run sandbox`, and the browser
 * host when asked with `--sandbox-control`); the desktop app never imports this module.
 *
 * Two guards, because any web page the developer has open can send requests to
 * 127.0.0.1: the Host header must name a loopback host (defeats DNS rebinding), and every
 * POST must be `Content-Type: application/json` (a cross-site page cannot send that
 * without a CORS preflight, which this server never approves).
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { isLoopbackHostName } from '../../common/api-address';
import { ComplaintIdSchema } from '../../common/api-schemas';
import { ComplaintStatusSchema } from '../../common/status';
import { SandboxFaultsPatchSchema } from './faults';
import { errorBody, parseJson, readBody, sendJson } from './http-io';
import { CONTROL_PREFIX, startSandbox, type ControlHandler, type Sandbox, type SandboxOptions } from './sandbox-server';

export { CONTROL_PREFIX, type ControlHandler } from './sandbox-server';

/** A sandbox with its control API (development and test tools only). */
export function startSandboxWithControl(options: Omit<SandboxOptions, 'control'> = {}): Promise<Sandbox> {
  return startSandbox({ ...options, control: createControlHandler });
}

const StaffStatusSchema = z.object({ complaintId: ComplaintIdSchema, status: ComplaintStatusSchema }).strict();
const RevokeKeySchema = z.object({ key: z.string().min(1).max(256) }).strict();
/** A plan's limit per sliding window (e.g. 50 per 10 s); null: the sandbox's default again. */
const RateLimitConfigSchema = z
  .object({ limit: z.number().int().min(1).max(1_000_000), windowMs: z.number().int().min(100).max(86_400_000) })
  .strict()
  .nullable();
const EmptySchema = z.object({}).strict();

/** The Host header names this computer (`127.0.0.1:8787`, `localhost`, `[::1]:8787`). */
function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  return isLoopbackHostName(hostHeader.replace(/:\d+$/, ''));
}

function isJson(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

type Reply = readonly [status: number, body: unknown];

interface PostRoute<S extends z.ZodType> {
  schema: S;
  run(input: z.output<S>): Promise<Reply> | Reply;
}

function post<S extends z.ZodType>(schema: S, run: (input: z.output<S>) => Promise<Reply> | Reply): PostRoute<S> {
  return { schema, run };
}

export function createControlHandler(sandbox: Sandbox): ControlHandler {
  const gets: Record<string, (url: URL) => Reply> = {
    state: () => [
      200,
      {
        url: sandbox.url,
        controlUrl: sandbox.controlUrl,
        port: sandbox.port,
        faults: sandbox.faults,
        seedComplaintIds: sandbox.seedComplaintIds,
        complaintIds: sandbox.complaintIds(),
        requestCount: sandbox.requests.length,
      },
    ],
    // Bare arrays: these are lists and nothing else, and E2E helpers poll them as such.
    applied: (url) => [200, sandbox.appliedChanges(url.searchParams.get('complaintId') ?? undefined)],
    requests: () => [200, sandbox.requests],
    complaint: (url) => {
      const complaint = sandbox.getComplaint(url.searchParams.get('id') ?? '');
      return [200, complaint ? { exist: true, ...complaint } : { exist: false }];
    },
  };

  const posts: Record<string, PostRoute<z.ZodType>> = {
    faults: post(SandboxFaultsPatchSchema, async (patch) => {
      // Sent to the API listener's copy of these routes, an outage cuts this very
      // request; that is why controlUrl exists.
      await sandbox.setFaults(patch);
      return [200, { faults: sandbox.faults }];
    }),
    'staff-status': post(StaffStatusSchema, ({ complaintId, status }) => {
      if (!sandbox.getComplaint(complaintId)) {
        return [404, errorBody('COMPLAINT_NOT_FOUND', 'No complaint with this ID.')];
      }
      sandbox.setStatusAsStaff(complaintId, status);
      return [200, { success: true }];
    }),
    'rate-limit': post(RateLimitConfigSchema, (config) => {
      sandbox.setRateLimit(config);
      return [200, { success: true }];
    }),
    'revoke-key': post(RevokeKeySchema, ({ key }) => {
      sandbox.revokeKey(key);
      return [200, { success: true }];
    }),
    reset: post(EmptySchema, async () => {
      await sandbox.reset();
      return [200, { success: true }];
    }),
  };

  return async (req, res, url) => {
    const body = await readBody(req);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      return sendJson(res, 413, errorBody('PAYLOAD_TOO_LARGE', 'The body is larger than 64 KiB.'), {
        Connection: 'close',
      });
    }
    if (!isLoopbackHost(req.headers.host)) {
      return sendJson(res, 403, errorBody('FORBIDDEN', 'The control API answers only to a loopback Host.'));
    }
    const name = url.pathname.slice(CONTROL_PREFIX.length);
    const get = Object.hasOwn(gets, name) ? gets[name] : undefined;
    const route = Object.hasOwn(posts, name) ? posts[name] : undefined;

    if (req.method === 'GET' && get) {
      const [status, payload] = get(url);
      return sendJson(res, status, payload);
    }
    if (req.method === 'POST' && route) {
      if (!isJson(req)) {
        return sendJson(
          res,
          415,
          errorBody('UNSUPPORTED_MEDIA_TYPE', 'Control API POSTs need Content-Type: application/json.'),
        );
      }
      // An empty body counts as {} so `reset` needs none.
      const json = parseJson(body.text, {});
      if (!json.ok) return sendJson(res, 400, errorBody('INVALID_REQUEST', 'The body is not valid JSON.'));
      const parsed = route.schema.safeParse(json.value);
      if (!parsed.success) {
        return sendJson(
          res,
          400,
          errorBody('INVALID_REQUEST', 'The body does not match the schema.', { issues: zodIssues(parsed.error) }),
        );
      }
      const [status, payload] = await route.run(parsed.data);
      return sendJson(res, status, payload);
    }
    if (get || route) {
      return sendJson(res, 405, errorBody('METHOD_NOT_ALLOWED', `Use ${get ? 'GET' : 'POST'} for this endpoint.`), {
        Allow: get ? 'GET' : 'POST',
      });
    }
    return sendJson(res, 404, errorBody('NOT_FOUND', 'No such control endpoint.'));
  };
}
