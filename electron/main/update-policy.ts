/**
 * The update rules, as pure functions (no Electron, no timers, no I/O), so they can be
 * tested on their own. electron/main/updates.ts applies them to electron-updater.
 *
 * - Which copies update themselves (`updateMode`): the NSIS install, the signed macOS app
 *   and the AppImage do; the portable .exe, deb/rpm installs and an unsigned macOS app only
 *   tell the agent (replaced by hand or by the package manager; Squirrel.Mac refuses to
 *   install into an unsigned app); development builds never check. IT can
 *   lower the mode with the `updates` policy (off|notify|auto; ../services/policy/), or,
 *   where no policy is set, with BIZKITHUB_DESK_UPDATES=off|notify; never raise it.
 * - When to check (`isCheckDue`): shortly after start, then once a day; an hour after a
 *   failed check (offline is normal for field agents).
 * - When a restart may happen (`decideInstall`): only when the agent asks for it, an update
 *   is downloaded, no change is waiting in the outbox and nothing is being sent. The app
 *   never restarts on its own; an update not installed by a restart is installed when the
 *   agent quits the app (after the usual unsent-changes question).
 */
import type { InstallUpdateResult, UpdateStatus } from '../../common/ipc-contract';

export type UpdateMode = UpdateStatus['mode'];
export type RestartBlocker = NonNullable<UpdateStatus['restartBlockedBy']>;

/** The environment variable IT uses to turn updates down: `off` or `notify`. */
export const UPDATES_ENV = 'BIZKITHUB_DESK_UPDATES';

export const FIRST_CHECK_DELAY_MS = 15_000;
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;
/** How often the schedule looks whether a check is due (robust across sleep and clock jumps). */
export const SCHEDULE_TICK_MS = 10 * 60 * 1000;

export interface InstallFacts {
  isPackaged: boolean;
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Content of `resources/package-type` (electron-builder writes `deb` or `rpm`), or null. */
  packageType: string | null;
  /** Content of `resources/mac-signing` (scripts/after-pack.mjs writes `signed` or `unsigned`), or null. */
  macSigning: string | null;
  /** The `updates` policy; when set, the environment variable is not read. */
  policy?: UpdateMode;
}

const RANK: Record<UpdateMode, number> = { off: 0, notify: 1, auto: 2 };

function lower(a: UpdateMode, b: UpdateMode): UpdateMode {
  return RANK[a] <= RANK[b] ? a : b;
}

/** How this copy of the app updates, and why (for the log). */
export function updateMode(facts: InstallFacts): { mode: UpdateMode; reason: string } {
  if (!facts.isPackaged) return { mode: 'off', reason: 'development build' };

  let mode: UpdateMode;
  let reason: string;
  if (facts.platform === 'win32') {
    if (facts.env.PORTABLE_EXECUTABLE_DIR) {
      mode = 'notify';
      reason = 'portable build: replaced by hand';
    } else {
      mode = 'auto';
      reason = 'Windows installer (per user)';
    }
  } else if (facts.platform === 'darwin') {
    if (facts.macSigning?.trim() === 'signed') {
      mode = 'auto';
      reason = 'macOS app';
    } else {
      mode = 'notify';
      reason = 'unsigned macOS app: cannot install updates';
    }
  } else if (facts.platform === 'linux') {
    const packageType = facts.packageType?.trim() ?? '';
    if (facts.env.APPIMAGE) {
      mode = 'auto';
      reason = 'AppImage';
    } else if (packageType === 'deb' || packageType === 'rpm' || packageType === 'pacman') {
      mode = 'notify';
      reason = `${packageType} package: updated by the package manager`;
    } else {
      mode = 'off';
      reason = 'not an AppImage or a package';
    }
  } else {
    mode = 'off';
    reason = `unsupported platform ${facts.platform}`;
  }

  if (facts.policy !== undefined) {
    const lowered = lower(mode, facts.policy);
    return lowered !== mode ? { mode: lowered, reason: `policy updates=${facts.policy}` } : { mode, reason };
  }
  const requested = facts.env[UPDATES_ENV]?.trim().toLowerCase();
  if (requested === 'off' || requested === 'notify') {
    const lowered = lower(mode, requested);
    if (lowered !== mode) return { mode: lowered, reason: `${UPDATES_ENV}=${requested}` };
  }
  return { mode, reason };
}

export interface CheckHistory {
  /** Epoch ms of the last successful check, or null. */
  lastSuccessAt: number | null;
  /** Epoch ms of the last failed check, or null. */
  lastFailureAt: number | null;
}

/** Whether a check is due now (the first one is scheduled separately, after start). */
export function isCheckDue(history: CheckHistory, now: number): boolean {
  const { lastSuccessAt, lastFailureAt } = history;
  if (lastSuccessAt === null && lastFailureAt === null) return true;
  if (lastFailureAt !== null && (lastSuccessAt === null || lastFailureAt >= lastSuccessAt)) {
    return now - lastFailureAt >= RETRY_AFTER_FAILURE_MS || now < lastFailureAt;
  }
  // lastSuccessAt is not null here. A clock set backwards counts as due, not as "never".
  const since = now - (lastSuccessAt ?? now);
  return since >= CHECK_INTERVAL_MS || since < 0;
}

export interface Activity {
  /** Unsent changes in the outbox (the renderer reports them; main keeps the count). */
  pending: number;
  /** Outbox requests (set-status, create) in flight through main right now. */
  sending: number;
}

/** What keeps a restart from happening now, or null if nothing does. */
export function restartBlocker(activity: Activity): RestartBlocker | null {
  if (activity.sending > 0) return 'sending';
  if (activity.pending > 0) return 'pending-changes';
  return null;
}

export type InstallDecision =
  | { install: true }
  | { install: false; blockedBy: NonNullable<InstallUpdateResult['blockedBy']> };

/** The agent asked to restart into the update: may it happen now? */
export function decideInstall(status: Pick<UpdateStatus, 'mode' | 'state'>, activity: Activity): InstallDecision {
  if (status.mode !== 'auto') return { install: false, blockedBy: 'not-supported' };
  if (status.state !== 'ready') return { install: false, blockedBy: 'no-update' };
  const blocker = restartBlocker(activity);
  return blocker === null ? { install: true } : { install: false, blockedBy: blocker };
}

/** What electron-updater reports, reduced to what the status needs. */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error' };

export function initialStatus(mode: UpdateMode, currentVersion: string): UpdateStatus {
  return { mode, state: 'idle', currentVersion, version: null, percent: null, checkedAt: null, restartBlockedBy: null };
}

/**
 * The next status after an updater event. A downloaded update stays `ready` whatever later
 * checks report (a failed check does not take away an update that is already on disk).
 */
export function nextStatus(status: UpdateStatus, event: UpdaterEvent, nowIso: string): UpdateStatus {
  const ready = status.state === 'ready';
  switch (event.type) {
    case 'checking':
      return ready ? status : { ...status, state: 'checking' };
    case 'available':
      if (ready && status.version === event.version) return { ...status, checkedAt: nowIso };
      return {
        ...status,
        state: status.mode === 'auto' ? 'downloading' : 'available',
        version: event.version,
        percent: status.mode === 'auto' ? 0 : null,
        checkedAt: nowIso,
      };
    case 'not-available':
      return ready ? { ...status, checkedAt: nowIso } : { ...status, state: 'idle', version: null, percent: null, checkedAt: nowIso };
    case 'progress':
      if (status.state !== 'downloading') return status;
      return { ...status, percent: Math.min(100, Math.max(0, Math.round(event.percent))) };
    case 'downloaded':
      return { ...status, state: 'ready', version: event.version, percent: null };
    case 'error':
      return ready ? status : { ...status, state: 'error', percent: null, checkedAt: nowIso };
  }
}

/** The OS notification when an update is ready (auto) or available (notify), in the app's languages. */
export function updateNoticeText(
  kind: 'ready' | 'available',
  version: string,
  locale: string,
): { title: string; body: string } {
  const title = 'BizKitHub Complaints Desk';
  if (locale.toLowerCase().startsWith('cs')) {
    return {
      title,
      body:
        kind === 'ready'
          ? `Verze ${version} je připravená. Nainstaluje se, až aplikaci ukončíte; neodeslané změny zůstanou zachované.`
          : `Je k dispozici verze ${version}. Tuto instalaci aktualizuje správce balíčků, IT nebo nové stažení.`,
    };
  }
  return {
    title,
    body:
      kind === 'ready'
        ? `Version ${version} is ready. It is installed when you quit the app; unsent changes are kept.`
        : `Version ${version} is available. This copy is updated by its package manager, your IT or a new download.`,
  };
}
