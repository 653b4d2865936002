import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../common/ipc-contract';
import { en } from '../../../renderer/src/i18n/en';
import { updateBanner, type UpdateBannerInput } from '../../../renderer/src/ui/update-banner';

function status(over: Partial<UpdateStatus> = {}): UpdateStatus {
  return {
    mode: 'auto',
    state: 'ready',
    currentVersion: '0.1.0',
    version: '0.2.0',
    percent: null,
    checkedAt: '2026-11-28T10:00:00.000Z',
    restartBlockedBy: null,
    ...over,
  };
}

function input(over: Partial<UpdateBannerInput> = {}): UpdateBannerInput {
  return { status: status(), outcome: null, pending: 0, online: true, dismissedVersion: null, ...over };
}

describe('updateBanner', () => {
  it('shows a downloaded update, quietly', () => {
    expect(updateBanner(input())).toEqual({ version: '0.2.0', busy: false, message: null });
  });

  it('nothing in the browser host (mode off), in notify mode, or before the download is ready', () => {
    expect(updateBanner(input({ status: null }))).toBeNull();
    expect(updateBanner(input({ status: status({ mode: 'off', state: 'idle', version: null }) }))).toBeNull();
    expect(updateBanner(input({ status: status({ mode: 'notify', state: 'available' }) }))).toBeNull();
    for (const state of ['idle', 'checking', 'available', 'downloading', 'error'] as const) {
      expect(updateBanner(input({ status: status({ state }) }))).toBeNull();
    }
    expect(updateBanner(input({ status: status({ version: null }) }))).toBeNull();
  });

  it('refused because changes are unsent: says how many are left, online or offline', () => {
    const refused = { kind: 'refused', blockedBy: 'pending-changes' } as const;
    expect(updateBanner(input({ outcome: refused, pending: 3, status: status({ restartBlockedBy: 'pending-changes' }) }))?.message).toEqual({
      tone: 'warning',
      key: 'update.blockedPending',
      params: { count: 3 },
    });
    expect(updateBanner(input({ outcome: refused, pending: 3, online: false }))?.message).toEqual({
      tone: 'warning',
      key: 'update.blockedOffline',
      params: { count: 3 },
    });
  });

  it('once they are sent, says restarting is fine now', () => {
    const view = updateBanner(input({ outcome: { kind: 'refused', blockedBy: 'pending-changes' }, pending: 0 }));
    expect(view?.message).toEqual({ tone: 'info', key: 'update.unblocked' });
  });

  it('refused because a request is in flight with nothing unsent here', () => {
    const view = updateBanner(
      input({ outcome: { kind: 'refused', blockedBy: 'sending' }, pending: 0, status: status({ restartBlockedBy: 'sending' }) }),
    );
    expect(view?.message).toEqual({ tone: 'warning', key: 'update.blockedSending' });
  });

  it('refused for other reasons: installed on quit', () => {
    for (const blockedBy of ['no-update', 'not-supported'] as const) {
      expect(updateBanner(input({ outcome: { kind: 'refused', blockedBy } }))?.message).toEqual({
        tone: 'info',
        key: 'update.installOnQuit',
      });
    }
  });

  it('restarting: busy; an IPC failure: explained', () => {
    expect(updateBanner(input({ outcome: { kind: 'restarting' } }))).toEqual({
      version: '0.2.0',
      busy: true,
      message: { tone: 'info', key: 'update.restarting' },
    });
    expect(updateBanner(input({ outcome: { kind: 'error', error: 'boom' } }))?.message).toEqual({
      tone: 'error',
      key: 'update.failed',
      params: { error: 'boom' },
    });
  });

  it('"Later" hides that version only', () => {
    expect(updateBanner(input({ dismissedVersion: '0.2.0' }))).toBeNull();
    expect(updateBanner(input({ dismissedVersion: '0.1.5' }))).not.toBeNull();
  });

  it('the English texts the brief asks for', () => {
    expect(en['update.ready'].replace('{version}', '0.2.0')).toBe('Version 0.2.0 is ready.');
    expect(en['update.restart']).toBe('Restart to update');
    expect(en['update.blockedPending'].other.replace('{count}', '3')).toBe(
      '3 changes are still being sent; restart when they are done.',
    );
  });
});
