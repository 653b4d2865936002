/**
 * The one IPC entry point shared by both hosts (Electron's ipcMain and the browser host's
 * HTTP channel): channel name + raw input → validated handler call → `Result` data. The
 * input is parsed here, once: guarded handlers are called in their parsed-input form
 * (../services/handler-guard.ts).
 * It never throws and never echoes input values back (inputs may hold the API key).
 */
import type { z } from 'zod';
import { DeskErrorSchema, type DeskError } from '../../common/errors';
import {
  channelToMethod,
  ipcContract,
  type DeskHandlers,
  type IpcMethod,
} from '../../common/ipc-contract';
import { nestingExceeds } from '../../common/nesting';
import { redact } from '../../common/redact';
import { err, ok, type Result } from '../../common/result';
import { parsedInputCall } from '../services/handler-guard';
import type { Logger } from '../services/logger';

export type DeskDispatcher = (
  channelName: string,
  rawInput: unknown,
) => Promise<Result<unknown, DeskError>>;

const MAX_ISSUES = 20;
const MAX_ISSUE_LENGTH = 300;
/**
 * No channel's input nests anywhere near this deep. Deeper (or cyclic: structured clone
 * allows cycles) input would pass the loose parts of a schema and later break
 * JSON.stringify on its way to the API, so it is refused here as bad-request.
 */
export const MAX_INPUT_DEPTH = 32;

/** Zod issues as `path: message` strings: field names and rules, never the offending values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length === 0 ? '(input)' : issue.path.map((p) => String(p)).join('.');
    return redact(`${where}: ${issue.message}`).slice(0, MAX_ISSUE_LENGTH);
  });
}

/** Redacted first, then cut: cutting first could split a key so that redaction misses it. */
function describeChannel(channelName: unknown): string {
  return typeof channelName === 'string' ? redact(channelName).slice(0, 64) : typeof channelName;
}

function describeError(cause: unknown): { error: string; stack?: string } {
  if (cause instanceof Error) {
    return { error: `${cause.name}: ${cause.message}`, ...(cause.stack ? { stack: cause.stack } : {}) };
  }
  return { error: String(cause) };
}

export function createDispatcher(handlers: DeskHandlers, log: Logger): DeskDispatcher {
  return async (channelName, rawInput) => {
    try {
      const method: IpcMethod | undefined =
        typeof channelName === 'string' ? channelToMethod(channelName) : undefined;
      if (method === undefined) {
        log.warn('IPC call on an unknown channel', { channel: describeChannel(channelName) });
        return err({ kind: 'bad-request', message: `Unknown IPC channel: ${describeChannel(channelName)}` });
      }
      const spec = ipcContract[method];

      if (nestingExceeds(rawInput, MAX_INPUT_DEPTH)) {
        log.warn('IPC input rejected: nested too deeply', { channel: spec.name });
        return err({
          kind: 'bad-request',
          message: `Invalid input for ${spec.name}.`,
          issues: [`(input): nested more than ${MAX_INPUT_DEPTH} levels deep`],
        });
      }
      const input = spec.input.safeParse(rawInput);
      if (!input.success) {
        const issues = describeIssues(input.error);
        log.warn('IPC input rejected', { channel: spec.name, issues });
        return err({ kind: 'bad-request', message: `Invalid input for ${spec.name}.`, issues });
      }

      // Each handler takes its own parsed input type; after `spec.input` has parsed the raw
      // input for exactly that method, calling it through an erased signature is sound.
      // A guarded handler's parsed-input form skips its own parse: validated once.
      const handler = parsedInputCall(handlers[method]);
      if (handler === undefined) {
        log.error('IPC channel has no handler', { channel: spec.name });
        return err({ kind: 'internal', message: `No handler for ${spec.name}.` });
      }

      let reply: unknown;
      try {
        reply = await handler(input.data);
      } catch (cause) {
        log.error('IPC handler threw', { channel: spec.name, ...describeError(cause) });
        return err({ kind: 'internal', message: `${spec.name} failed; details are in the log.` });
      }

      if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
        log.error('IPC handler returned a non-Result', { channel: spec.name });
        return err({ kind: 'internal', message: `${spec.name} returned a malformed result.` });
      }
      if (reply.ok === false) {
        const error = DeskErrorSchema.safeParse((reply as { error?: unknown }).error);
        if (!error.success) {
          log.error('IPC handler returned a malformed error', {
            channel: spec.name,
            issues: describeIssues(error.error),
          });
          return err({ kind: 'internal', message: `${spec.name} returned a malformed error.` });
        }
        return err({ ...error.data, message: redact(error.data.message) });
      }
      if (reply.ok !== true) {
        log.error('IPC handler returned a non-Result', { channel: spec.name });
        return err({ kind: 'internal', message: `${spec.name} returned a malformed result.` });
      }

      const output = spec.output.safeParse((reply as { value?: unknown }).value);
      if (!output.success) {
        log.error('IPC handler output does not match the contract', {
          channel: spec.name,
          issues: describeIssues(output.error),
        });
        return err({ kind: 'internal', message: `${spec.name} returned data that does not match the contract.` });
      }
      return ok(output.data);
    } catch (cause) {
      // Only reachable through a bug in this function or a throwing logger.
      try {
        log.error('IPC dispatch failed', describeError(cause));
      } catch {
        /* the logger itself failed; nothing more to do */
      }
      return err({ kind: 'internal', message: 'IPC dispatch failed; details are in the log.' });
    }
  };
}
