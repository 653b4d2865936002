/**
 * The one guard at the IPC edge, shared by both hosts (Electron's ipcMain and the browser
 * host's WebSocket / HTTP channel): channel name + raw input → `Result` data.
 *
 * Everything a reply must satisfy is checked here, once, so the handlers can stay plain
 * functions typed from the contract (`DeskHandlers`):
 * - the input is checked for depth and parsed with the channel's schema; a handler only
 *   ever sees parsed input;
 * - a handler that throws (or rejects) becomes an `internal` error, logged;
 * - the reply is scrubbed of secrets (the keys seen this session and key-shaped text), the
 *   value with every string in it, then held to the contract: the channel's output schema
 *   for a value, `DeskErrorSchema` for an error. A reply that does not match is logged and
 *   answered with an `internal` error; an unchecked value never reaches the renderer.
 *   Scrubbing comes first so that what is checked is exactly what is sent. The data key
 *   passes in the data key's own replies only (`DATA_KEY_REPLIES`).
 *
 * It never throws, and never echoes input values back (inputs may hold the API key).
 */
import { DeskErrorSchema, type DeskError } from '../../common/errors';
import { channelToMethod, ipcContract, type DeskHandlers, type IpcMethod } from '../../common/ipc-contract';
import { nestingExceeds } from '../../common/nesting';
import { err, ok, type Result } from '../../common/result';
import { describeZodIssues } from '../../common/zod-issues';
import type { Scrubbers } from '../services/desk/secrets';
import type { Logger } from '../services/logger';

export type DeskDispatcher = (
  channelName: string,
  rawInput: unknown,
) => Promise<Result<unknown, DeskError>>;

/** What the dispatcher serves: the contract's handlers, and how to take secrets out of their replies. */
export interface DispatchTarget {
  handlers: DeskHandlers;
  scrubbers: Scrubbers;
}

/**
 * No channel's input nests anywhere near this deep. Deeper (or cyclic: structured clone
 * allows cycles) input would pass the loose parts of a schema and later break
 * JSON.stringify on its way to the API, so it is refused here as bad-request.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * The replies that carry the data key to the page (common/data-key.ts). They are scrubbed
 * like every other reply except for that one field (secrets.ts `scrubDataKeyReply`); in
 * every other reply the data key is scrubbed like the API key.
 */
const DATA_KEY_REPLIES: ReadonlySet<IpcMethod> = new Set<IpcMethod>(['getDataKey', 'replaceDataKey']);

type Spec = (typeof ipcContract)[IpcMethod];
type Reply = Result<unknown, DeskError>;
/** A handler after its method has been looked up: its input was parsed by that method's schema. */
type ParsedInputCall = (input: unknown) => Promise<unknown>;

export function createDispatcher(target: DispatchTarget, log: Logger): DeskDispatcher {
  const { handlers, scrubbers } = target;

  const scrubError = (e: DeskError): DeskError => ({
    ...e,
    message: scrubbers.scrub(e.message),
    ...(e.code !== undefined ? { code: scrubbers.scrub(e.code) } : {}),
    ...(e.issues !== undefined ? { issues: e.issues.map((issue) => scrubbers.scrub(issue)) } : {}),
  });

  /** A thrown value as log fields; scrubbed here, since not every logger redacts known keys. */
  const describeThrown = (cause: unknown): { error: string; stack?: string } => {
    if (cause instanceof Error) {
      return {
        error: scrubbers.scrub(`${cause.name}: ${cause.message}`),
        ...(cause.stack ? { stack: scrubbers.scrub(cause.stack) } : {}),
      };
    }
    return { error: scrubbers.scrub(String(cause)) };
  };

  /** Redacted first, then cut: cutting first could split a key so that redaction misses it. */
  const describeChannel = (channelName: unknown): string =>
    typeof channelName === 'string' ? scrubbers.scrub(channelName).slice(0, 64) : typeof channelName;

  function parseInput(spec: Spec, rawInput: unknown): Result<unknown, DeskError> {
    if (nestingExceeds(rawInput, MAX_INPUT_DEPTH)) {
      log.warn('IPC input rejected: nested too deeply', { channel: spec.name });
      return err({
        kind: 'bad-request',
        message: `Invalid input for ${spec.name}.`,
        issues: [`(root): nested more than ${MAX_INPUT_DEPTH} levels deep`],
      });
    }
    const input = spec.input.safeParse(rawInput);
    if (input.success) return ok(input.data);
    const issues = describeZodIssues(input.error.issues);
    log.warn('IPC input rejected', { channel: spec.name, issues });
    return err({ kind: 'bad-request', message: `Invalid input for ${spec.name}.`, issues });
  }

  async function callHandler(method: IpcMethod, spec: Spec, input: unknown): Promise<Result<unknown, DeskError>> {
    // Each handler takes its own parsed input type; `input` was parsed by exactly this
    // method's schema, so calling it through an erased signature is sound.
    const handler = handlers[method] as unknown as ParsedInputCall | undefined;
    if (typeof handler !== 'function') {
      log.error('IPC channel has no handler', { channel: spec.name });
      return err({ kind: 'internal', message: `No handler for ${spec.name}.` });
    }
    try {
      return ok(await handler(input));
    } catch (cause) {
      log.error('IPC handler threw', { channel: spec.name, ...describeThrown(cause) });
      return err({ kind: 'internal', message: `${spec.name} failed; details are in the log.` });
    }
  }

  /** The handler's reply, scrubbed and held to the contract. */
  function checkReply(method: IpcMethod, spec: Spec, reply: unknown): Reply {
    if (typeof reply !== 'object' || reply === null || !('ok' in reply) || typeof reply.ok !== 'boolean') {
      log.error('IPC handler returned a non-Result', { channel: spec.name });
      return err({ kind: 'internal', message: `${spec.name} returned a malformed result.` });
    }
    if (!reply.ok) {
      const error = DeskErrorSchema.safeParse((reply as { error?: unknown }).error);
      if (error.success) return err(error.data);
      log.error('IPC handler returned a malformed error', {
        channel: spec.name,
        issues: describeZodIssues(error.error.issues),
      });
      return err({ kind: 'internal', message: `${spec.name} returned a malformed error.` });
    }
    // Values too: a server that echoes the key must not put it into the renderer.
    const value = (reply as { value?: unknown }).value;
    const scrubbed = DATA_KEY_REPLIES.has(method) ? scrubbers.scrubDataKeyReply(value) : scrubbers.scrubValue(value);
    const output = spec.output.safeParse(scrubbed);
    if (output.success) return ok(output.data);
    log.error('IPC handler output does not match the contract', {
      channel: spec.name,
      issues: describeZodIssues(output.error.issues),
    });
    return err({ kind: 'internal', message: `${spec.name} returned data that does not match the contract.` });
  }

  async function serve(channelName: string, rawInput: unknown): Promise<Reply> {
    const method: IpcMethod | undefined =
      typeof channelName === 'string' ? channelToMethod(channelName) : undefined;
    if (method === undefined) {
      log.warn('IPC call on an unknown channel', { channel: describeChannel(channelName) });
      return err({ kind: 'bad-request', message: `Unknown IPC channel: ${describeChannel(channelName)}` });
    }
    const spec = ipcContract[method];
    const input = parseInput(spec, rawInput);
    if (!input.ok) return input;
    const reply = await callHandler(method, spec, input.value);
    return reply.ok ? checkReply(method, spec, reply.value) : reply;
  }

  return async (channelName, rawInput) => {
    try {
      const reply = await serve(channelName, rawInput);
      return reply.ok ? reply : err(scrubError(reply.error));
    } catch (cause) {
      // Only reachable through a bug in this function, a throwing scrubber or logger.
      try {
        log.error('IPC dispatch failed', describeThrown(cause));
      } catch {
        /* the logger itself failed; nothing more to do */
      }
      return err({ kind: 'internal', message: 'IPC dispatch failed; details are in the log.' });
    }
  };
}
