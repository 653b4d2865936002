/**
 * In demo mode nothing reaches BizKitHub, so no text the agent sees there names it: every
 * text that names BizKitHub as where changes go or what answered has a demo variant in en
 * and cs, `t` picks it while the app is in demo mode, and the app's mode sets that.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setDemoWording, loadLanguage, setLanguage, t, type MessageKey } from '../../../../renderer/src/i18n/index.svelte';
import { en } from '../../../../renderer/src/i18n/en';
import { cs } from '../../../../renderer/src/i18n/cs';
import { enDemo } from '../../../../renderer/src/i18n/demo.en';
import { csDemo } from '../../../../renderer/src/i18n/demo.cs';
import type { Message } from '../../../../renderer/src/i18n/types';
import { AppState } from '../../../../renderer/src/ui/app-state.svelte';
import type { AppInfo } from '../../../../common/ipc-contract';

// The Czech strings load on demand (the first page carries English only).
beforeAll(() => loadLanguage('cs'));

function texts(message: Message | undefined): string[] {
  if (message === undefined) return [];
  return typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string');
}

/** Texts an agent sees in demo mode that must not claim anything reaches BizKitHub. */
const MUST_HAVE_DEMO_VARIANT: MessageKey[] = [
  'worklist.notFound',
  'history.reconciled',
  'pending.conflictEvent',
  'pending.conflictEventAt',
  'pending.intro',
  'pending.actionsHint',
  'detail.sent',
  'detail.unknownId',
  'detail.resolved',
  'detail.unverifiedTitle',
  'detail.unverifiedBody',
  'error.server',
  'error.not-found',
  'error.invalid',
  'error.malformed',
  'help.tryOfflineIntro',
  'attention.synced',
  'attention.syncedPartly',
  'attention.failedBody',
  'attention.uncertainBody',
  'newComplaint.intro',
  'newComplaint.created',
  'newComplaint.sending',
  'worklist.needsUncertain',
  'worklist.downloadNotFound',
  'worklist.downloadStopped',
  'worklist.removeManyBody',
];

afterEach(() => {
  setDemoWording(false);
  setLanguage('en', 'en-US');
});

describe('demo wording', () => {
  it.each([
    ['en', enDemo, en],
    ['cs', csDemo, cs],
  ] as const)('every %s demo variant names the demo sandbox, never BizKitHub, and keeps the placeholders', (_lang, demo, main) => {
    for (const [key, message] of Object.entries(demo)) {
      const demoTexts = texts(message);
      expect(demoTexts.length, key).toBeGreaterThan(0);
      for (const text of demoTexts) {
        expect(text, key).not.toMatch(/BizKitHub/);
        expect(text, key).toMatch(/demo sandbox|ukázkov/i);
      }
      const placeholders = (list: string[]) => [...new Set(list.join(' ').match(/\{\w+\}/g) ?? [])].sort();
      expect(placeholders(demoTexts), key).toEqual(placeholders(texts(main[key as MessageKey])));
    }
  });

  it('every text an agent sees in demo mode that names BizKitHub has a demo variant in en and cs', () => {
    for (const key of MUST_HAVE_DEMO_VARIANT) {
      expect(texts(en[key]).join(' '), key).toMatch(/BizKitHub/);
      expect(enDemo[key], `en ${key}`).toBeDefined();
      expect(csDemo[key], `cs ${key}`).toBeDefined();
    }
    expect(Object.keys(csDemo).sort()).toEqual(Object.keys(enDemo).sort());
  });

  it('t picks the demo variant only in demo mode, in the chosen language', () => {
    expect(t('worklist.notFound')).toBe('Not found on BizKitHub');
    setDemoWording(true);
    expect(t('worklist.notFound')).toBe('Not found in the demo sandbox');
    expect(t('history.reconciled')).toBe('Sent (already applied in the demo sandbox)');
    expect(t('pending.conflictEvent', { status: 'Open' })).toBe('Demo sandbox: changed to Open');
    expect(t('attention.synced', { count: 3 })).toBe('All 3 changes reached the demo sandbox');
    setLanguage('cs', 'cs-CZ');
    expect(t('history.reconciled')).toBe('Odesláno (v ukázkovém sandboxu už bylo)');
    expect(t('attention.synced', { count: 3 })).toBe('Všechny 3 změny dorazily do ukázkového sandboxu');
    setDemoWording(false);
    expect(t('history.reconciled')).toBe('Odesláno (v BizKitHubu už bylo)');
  });

  it('the app’s mode sets the wording when main says what it is', () => {
    const app = new AppState();
    app.appInfo = { mode: 'demo' } as AppInfo;
    expect(t('pending.intro')).not.toMatch(/BizKitHub/);
    app.appInfo = { mode: 'live' } as AppInfo;
    expect(t('pending.intro')).toMatch(/BizKitHub/);
    expect(app.appInfo.mode).toBe('live');
  });
});
