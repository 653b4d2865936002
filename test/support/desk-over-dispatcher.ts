/**
 * `window.desk` over the real dispatcher with no transport in between: the desk services
 * reached the way a renderer reaches them, so the one guard at the IPC edge (input parsed,
 * throws caught, replies scrubbed and held to the contract) is part of every call. Suites
 * that call the services by method use this rather than the bare handlers, which trust
 * their input and scrub nothing.
 */
import { createDeskApi, type DeskApi, type EventSubscribe } from '../../common/ipc-contract';
import { createDispatcher, type DispatchTarget } from '../../electron/ipc/dispatch';
import type { Logger } from '../../electron/services/logger';

/** Without `subscribe`, `onEvent` listens to nothing. */
export function deskOverDispatcher(target: DispatchTarget, log: Logger, subscribe?: EventSubscribe): DeskApi {
  const dispatch = createDispatcher(target, log);
  return createDeskApi((channel, input) => dispatch(channel, input), subscribe ?? (() => () => undefined));
}
