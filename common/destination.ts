/**
 * Where a change goes: its destination. Every outbox entry records the destination that
 * was current when the agent made it, and is sent there or nowhere.
 *
 * - `demo`: the built-in sandbox with its demo data (no key configured). Its address
 *   changes from run to run (a random loopback port), so the mode alone names it.
 * - `live:<origin>`: BizKitHub (or a custom API address) with the key bound to that
 *   origin (`https://api.bizkithub.com`).
 *
 * The renderer keeps one database per destination (demo and live never mix) and main
 * refuses a request made for another destination than the current one, so a change made
 * in demo mode can never reach BizKitHub and a live change never lands in the sandbox.
 */
import { z } from 'zod';

export const DEMO_DESTINATION = 'demo';
const LIVE_PREFIX = 'live:';

/** `demo` or `live:` + an origin (`https://host[:port]`, lower case). */
export const DestinationSchema = z
  .string()
  .max(300)
  .regex(/^(demo|live:https?:\/\/[a-z0-9.[\]:-]+)$/, 'not a destination');
export type Destination = z.infer<typeof DestinationSchema>;

export function liveDestination(origin: string): Destination {
  return `${LIVE_PREFIX}${origin}`;
}

export function isDemoDestination(destination: Destination): boolean {
  return destination === DEMO_DESTINATION;
}

/** The origin of a live destination; null for demo. */
export function destinationOrigin(destination: Destination): string | null {
  return destination.startsWith(LIVE_PREFIX) ? destination.slice(LIVE_PREFIX.length) : null;
}

/** The host for sentences ("api.bizkithub.com"); null for demo. */
export function destinationHost(destination: Destination): string | null {
  const origin = destinationOrigin(destination);
  return origin === null ? null : origin.replace(/^https?:\/\//, '');
}

/**
 * What an entry made for `entry` may do while `current` is configured:
 * - `send`: they are the same destination;
 * - `wait-for-key`: a live entry while another destination is current (the key was
 *   removed, or the API address changed): it waits for the key of its own API;
 * - `wait-for-demo`: a demo entry while a live key is configured: it waits for demo
 *   mode and is never sent to BizKitHub.
 * Never "send elsewhere", never "failed": waiting is not an error, and not sent.
 */
export type EntryRoute = 'send' | 'wait-for-key' | 'wait-for-demo';

export function routeEntry(entry: Destination, current: Destination): EntryRoute {
  if (entry === current) return 'send';
  return isDemoDestination(entry) ? 'wait-for-demo' : 'wait-for-key';
}
