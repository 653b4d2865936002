/**
 * The channels the host answers for the window: the pending count, notifications,
 * updates, the export for support, renderer errors and the log folder.
 */
import type { DeskHandlers } from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import { createRendererErrorLog } from '../renderer-errors';
import type { ChannelContext } from './context';

type HostChannels = Pick<
  DeskHandlers,
  | 'reportPending'
  | 'notify'
  | 'getUpdateStatus'
  | 'installUpdate'
  | 'saveExport'
  | 'reportError'
  | 'openLogFolder'
>;

export function hostChannels(c: ChannelContext): { handlers: HostChannels; pendingCount(): number } {
  const { o, log } = c;
  const rendererErrors = createRendererErrorLog({ log, redact: (text) => c.secrets.scrub(text) });
  let pending = 0;

  const handlers: HostChannels = {
    reportPending: async ({ pending: count }) => {
      pending = count;
      try {
        o.onPendingReport?.(count);
      } catch (e) {
        log.warn('onPendingReport failed', { error: e });
      }
      return ok({});
    },

    notify: async ({ title, body }) => {
      let shown = false;
      try {
        shown = o.showNotification?.(title, body) ?? false;
      } catch (e) {
        log.warn('notification failed', { error: e });
      }
      return ok({ shown });
    },

    getUpdateStatus: async () =>
      ok(
        o.updates?.status() ?? {
          mode: 'off' as const,
          state: 'idle' as const,
          currentVersion: o.version,
          version: null,
          percent: null,
          checkedAt: null,
          restartBlockedBy: null,
        },
      ),

    installUpdate: async () =>
      ok(o.updates ? await o.updates.install() : { restarting: false, blockedBy: 'not-supported' as const }),

    saveExport: async ({ fileName, contents }) => {
      if (!o.saveExport) return err({ kind: 'internal', message: 'This host has no save dialog; the page downloads the export.' });
      const r = await o.saveExport(fileName, contents);
      log.info('export for support', r.ok ? { outcome: r.value.outcome } : { outcome: 'failed', error: c.secrets.scrub(r.error.message) });
      return r;
    },

    reportError: async (report) => ok({ logged: rendererErrors.report(report) }),

    openLogFolder: async () => {
      const folder = o.logFolder ?? o.userDataDir;
      let opened = false;
      try {
        opened = (await o.openFolder?.(folder)) ?? false;
      } catch (e) {
        log.warn('opening the log folder failed', { error: e });
      }
      return ok({ opened, path: folder });
    },
  };
  return { handlers, pendingCount: () => pending };
}
