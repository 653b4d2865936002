/**
 * What the update banner shows, as a pure function of main's update status, the agent's
 * last restart request and the outbox. UpdateBanner.svelte renders it.
 *
 * - Shown only when main has downloaded an update and can restart into it (mode `auto`,
 *   state `ready`). Mode `off` (development, the browser host) and `notify` never show it
 *   (in `notify` mode main's own notification says how the copy is updated).
 * - Main refuses a restart while changes are unsent or being sent: the banner then says
 *   how many are left and, once none are, that restarting is fine now.
 * - "Later" hides it for that version until the app starts again (main installs a
 *   downloaded update when the app quits anyway).
 */
import type { InstallUpdateResult, UpdateStatus } from '../../../common/ipc-contract';
import type { MessageKey } from '../i18n/en';
import type { Params } from '../i18n/types';

export type RestartOutcome =
  | null
  | { kind: 'restarting' }
  | { kind: 'refused'; blockedBy: NonNullable<InstallUpdateResult['blockedBy']> }
  | { kind: 'error'; error: string };

export interface UpdateBannerInput {
  status: UpdateStatus | null;
  /** The answer to the agent's last "Restart to update" (null: not asked, or a new version since). */
  outcome: RestartOutcome;
  /** Unsent changes in the outbox. */
  pending: number;
  online: boolean;
  /** The version the agent put off with "Later". */
  dismissedVersion: string | null;
}

export interface UpdateBannerMessage {
  tone: 'info' | 'warning' | 'error';
  key: MessageKey;
  params?: Params;
}

export interface UpdateBannerView {
  version: string;
  /** A restart was asked for and is under way: the button waits. */
  busy: boolean;
  message: UpdateBannerMessage | null;
}

/** The banner, or null when there is nothing to show. */
export function updateBanner(input: UpdateBannerInput): UpdateBannerView | null {
  const { status, outcome, pending, online } = input;
  if (status === null || status.mode !== 'auto' || status.state !== 'ready' || status.version === null) return null;
  const version = status.version;
  if (input.dismissedVersion === version && outcome?.kind !== 'restarting') return null;

  if (outcome === null) return { version, busy: false, message: null };
  switch (outcome.kind) {
    case 'restarting':
      return { version, busy: true, message: { tone: 'info', key: 'update.restarting' } };
    case 'error':
      return { version, busy: false, message: { tone: 'error', key: 'update.failed', params: { error: outcome.error } } };
    case 'refused':
      if (outcome.blockedBy === 'pending-changes' || outcome.blockedBy === 'sending') {
        return { version, busy: false, message: blockedMessage(status, pending, online) };
      }
      // no-update (the status changed meanwhile) or not-supported: main installs it on quit.
      return { version, busy: false, message: { tone: 'info', key: 'update.installOnQuit' } };
  }
}

function blockedMessage(status: UpdateStatus, pending: number, online: boolean): UpdateBannerMessage {
  if (pending > 0) {
    return { tone: 'warning', key: online ? 'update.blockedPending' : 'update.blockedOffline', params: { count: pending } };
  }
  // Nothing unsent here, but main still sees a request in flight (or has not heard yet).
  if (status.restartBlockedBy !== null) return { tone: 'warning', key: 'update.blockedSending' };
  return { tone: 'info', key: 'update.unblocked' };
}
