/**
 * The guard around every IPC handler (./desk-services.ts): validate the input against the
 * contract, never throw, scrub every reply. The input is validated exactly once:
 *
 * - Called directly (tests, a future caller in main), a handler parses its raw input and
 *   refuses bad input with `bad-request`, as the dispatcher would.
 * - The dispatcher (../ipc/dispatch.ts) has already parsed the input with the same schema
 *   (`ipcContract[method].input`); it calls the handler's parsed-input form, found under
 *   PARSED_INPUT, and the input is not parsed a second time.
 *
 * Why a second form on the handler itself rather than
 * - a WeakSet of objects the dispatcher parsed: it holds objects only (a channel whose
 *   parsed input is a primitive or undefined would still be parsed twice), and it trusts
 *   an object by identity, so a parsed object changed afterwards would pass unchecked;
 * - a second table (`handlers` and `trustedHandlers`): both hosts and every test would
 *   pass two tables around, and a host that registered the wrong one would silently
 *   skip validation. With the symbol there is one table; a handler without the form (a
 *   test's fake) is simply called with the parsed input.
 */
import type { DeskError } from '../../common/errors';
import { ipcContract, type IpcMethod, type IpcParsedInput, type IpcResult } from '../../common/ipc-contract';
import { err, ok } from '../../common/result';
import type { Logger } from './logger';

/** Where a guarded handler keeps its parsed-input form (for the dispatcher only). */
export const PARSED_INPUT = Symbol('desk.handler.parsedInput');

type ErasedCall = (input: unknown) => Promise<unknown>;

/** The function to call with input already parsed by `ipcContract[method].input`. */
export function parsedInputCall(handler: unknown): ErasedCall | undefined {
  if (typeof handler !== 'function') return undefined;
  const trusted = (handler as { [PARSED_INPUT]?: unknown })[PARSED_INPUT];
  return typeof trusted === 'function' ? (trusted as ErasedCall) : (handler as ErasedCall);
}

export interface GuardOptions {
  log: Logger;
  /** Removes secrets from a text (error messages, issues). */
  scrub(text: string): string;
  /** Removes secrets from a reply's value. */
  scrubValue<T>(value: T): T;
}

export function createGuard(o: GuardOptions) {
  const scrubError = (e: DeskError): DeskError => ({
    ...e,
    message: o.scrub(e.message),
    ...(e.code !== undefined ? { code: o.scrub(e.code) } : {}),
    ...(e.issues !== undefined ? { issues: e.issues.map(o.scrub) } : {}),
  });

  const failed = (name: string, e: unknown) => {
    o.log.error('handler failed unexpectedly', { channel: name, error: e });
    return err({ kind: 'internal' as const, message: `${name} failed; details are in the log.` });
  };

  return function guard<M extends IpcMethod>(
    method: M,
    fn: (input: IpcParsedInput<M>) => Promise<IpcResult<M>>,
  ): (input: IpcParsedInput<M>) => Promise<IpcResult<M>> {
    const spec = ipcContract[method];
    const withParsedInput = async (input: IpcParsedInput<M>): Promise<IpcResult<M>> => {
      try {
        const result = await fn(input);
        // Values too: a server that echoes the key must not put it into the renderer.
        return result.ok ? ok(o.scrubValue(result.value)) : err(scrubError(result.error));
      } catch (e) {
        return failed(spec.name, e);
      }
    };
    const handler = async (raw: IpcParsedInput<M>): Promise<IpcResult<M>> => {
      try {
        const input = spec.input.safeParse(raw);
        if (!input.success) {
          const issues = input.error.issues
            .slice(0, 20)
            .map((i) => o.scrub(`${i.path.map(String).join('.') || '(input)'}: ${i.message}`).slice(0, 300));
          o.log.warn('handler input rejected', { channel: spec.name, issues });
          return err({ kind: 'bad-request', message: `Invalid input for ${spec.name}.`, issues });
        }
        return await withParsedInput(input.data as IpcParsedInput<M>);
      } catch (e) {
        return failed(spec.name, e);
      }
    };
    Object.defineProperty(handler, PARSED_INPUT, { value: withParsedInput });
    return handler;
  };
}
