/**
 * The header says what is happening, in en and cs: BizKitHub having problems with the
 * next retry, rate limited until a time with about how long, a complaint's own pending
 * change, and in demo mode the demo sandbox named instead of BizKitHub.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadLanguage, setLanguage, t } from '../../../renderer/src/i18n/index.svelte';
import type { SyncStatus } from '../../../renderer/src/sync/sync-meta';
import { changeProblem, explainSyncError, syncProblem } from '../../../renderer/src/ui/sync-problem';
import { en } from '../../../renderer/src/i18n/en';
import { cs } from '../../../renderer/src/i18n/cs';

// The Czech strings load on demand (the first page carries English only).
beforeAll(() => loadLanguage('cs'));

const NOW = new Date(2026, 5, 1, 14, 31, 0).getTime();

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    online: true,
    syncing: false,
    pausedReason: null,
    pausedUntil: null,
    lastSuccessAt: null,
    lastError: null,
    stalled: false,
    pending: 1,
    pendingKnown: true,
    pacedLeftMs: null,
    lastAttemptAt: null,
    retry: null,
    rateWaitUntil: null,
    ...over,
  };
}

// Czech is loaded on demand: loaded first, so that setLanguage('cs') switches at once.
beforeAll(() => loadLanguage('cs'));
afterEach(() => setLanguage('en', 'en-US'));

describe('the header says what is happening', () => {
  it('BizKitHub having problems: the next retry counts down', () => {
    setLanguage('en', 'en-US');
    const s = status({ retry: { at: NOW + 20_000, kind: 'server' }, lastError: { kind: 'server', message: '503' } });
    expect(syncProblem(s, null, NOW)?.text).toBe('BizKitHub is having problems — retrying in 20 s');
    expect(syncProblem(s, null, NOW + 19_500)?.text).toBe('BizKitHub is having problems — retrying in 1 s');
    expect(syncProblem(s, null, NOW + 20_000)?.text).toBe('BizKitHub is having problems — retrying now');
    setLanguage('cs', 'cs-CZ');
    expect(syncProblem(s, null, NOW)?.text).toBe('BizKitHub má potíže — znovu za 20 s');
  });

  it('offline says Offline, not "having problems"', () => {
    expect(syncProblem(status({ online: false, retry: { at: NOW + 20_000, kind: 'server' } }), null, NOW)).toBeNull();
  });

  it('rate limited: resuming at a time, and about how long', () => {
    setLanguage('en', 'en-US');
    const paused = status({ pausedReason: 'rate-limited', pausedUntil: NOW + 60_000 });
    expect(syncProblem(paused, null, NOW)?.text).toMatch(/^Rate limited — resuming at .*2:32.* \(about 1 min\)$/);
    // The pacer waiting inside a pass for the window's reset says the same (not only "syncing…").
    const waiting = status({ syncing: true, rateWaitUntil: NOW + 180_000 });
    expect(syncProblem(waiting, null, NOW)?.text).toMatch(/^Rate limited — resuming at .*2:34.* \(about 3 min\)$/);
    setLanguage('cs', 'cs-CZ');
    expect(syncProblem(paused, null, NOW)?.text).toBe('Překročen limit požadavků — pokračuji od 14:32 (asi za 1 min)');
  });

  it('in demo mode no text names BizKitHub', () => {
    setLanguage('en', 'en-US');
    const s = status({ retry: { at: NOW + 5000, kind: 'server' } });
    expect(syncProblem(s, null, NOW, true)?.text).toBe('The demo sandbox is having problems — retrying in 5 s');
    const stalled = status({ stalled: true, lastError: { kind: 'server', message: '503' }, lastSuccessAt: NOW - 600_000 });
    expect(syncProblem(stalled, null, NOW, true)?.text).not.toContain('BizKitHub');
    for (const kind of ['server', 'not-found', 'invalid', 'malformed'] as const) {
      expect(explainSyncError({ kind }, true)).not.toContain('BizKitHub');
      expect(explainSyncError({ kind }, true)).toContain('demo sandbox');
    }
    expect(t('detail.sentDemo', { status: 'Waiting' })).toBe('Status Waiting sent to the demo sandbox.');
    setLanguage('cs', 'cs-CZ');
    expect(syncProblem(s, null, NOW, true)?.text).toBe('Ukázkový sandbox má potíže — znovu za 5 s');
  });

  it('every new text exists in cs as well as en, with the same placeholders', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('syncState.') || k.startsWith('stranded.') || k === 'detail.sentDemo');
    expect(keys.length).toBeGreaterThan(20);
    const holes = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const key of keys) {
      const c = (cs as Record<string, unknown>)[key];
      expect(c, key).toBeDefined();
      expect(new Set(holes(c)), key).toEqual(new Set(holes((en as Record<string, unknown>)[key])));
    }
  });
});

describe("a complaint's page shows the problem of its own pending change", () => {
  const entry = (over: Partial<{ state: 'queued' | 'needs-check' | 'failed'; lastError: { kind: 'server' | 'network' | 'forbidden'; message: string } | null; nextAttemptAt: number }> = {}) => ({
    state: 'needs-check' as const,
    lastError: { kind: 'server' as const, message: '502' },
    nextAttemptAt: NOW + 20_000,
    ...over,
  });

  it('its own trouble and next try', () => {
    setLanguage('en', 'en-US');
    expect(changeProblem(entry(), status(), NOW)).toBe('Not sent yet: BizKitHub is having problems — retrying in 20 s');
    expect(changeProblem(entry(), status(), NOW, true)).toBe('Not sent yet: The demo sandbox is having problems — retrying in 20 s');
    setLanguage('cs', 'cs-CZ');
    expect(changeProblem(entry(), status(), NOW)).toBe('Zatím neodesláno: BizKitHub má potíže — znovu za 20 s');
  });

  it("the queue's problem when it has one; nothing while it simply goes", () => {
    setLanguage('en', 'en-US');
    expect(changeProblem(entry(), status({ online: false }), NOW)).toContain('offline');
    expect(changeProblem(entry({ lastError: null }), status({ pausedReason: 'auth' }), NOW)).toBe('Not sent yet: API key rejected — fix it in Settings');
    expect(changeProblem(entry({ state: 'queued', lastError: null, nextAttemptAt: 0 }), status(), NOW)).toBeNull();
    expect(changeProblem(entry({ state: 'failed' }), status(), NOW)).toBeNull(); // the page's own "failed" note says that
    expect(changeProblem(undefined, status(), NOW)).toBeNull();
  });
});
