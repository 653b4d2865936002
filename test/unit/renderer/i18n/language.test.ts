import { describe, expect, it } from 'vitest';
import { language, loadLanguage, setLanguage, t } from '../../../../renderer/src/i18n/index.svelte';

describe('the UI language', () => {
  it('Czech strings are loaded when Czech is chosen; English shows until they are there', async () => {
    setLanguage('en', 'en-US');
    expect(t('app.name')).toBe('BizKitHub Complaints Desk');
    setLanguage('cs', 'cs-CZ');
    expect(t('app.name')).toBe('BizKitHub Complaints Desk');
    await loadLanguage('cs');
    expect(language()).toBe('cs');
    expect(t('app.name')).toBe('BizKitHub Reklamace');
    setLanguage('en', 'cs-CZ');
    expect(t('app.name')).toBe('BizKitHub Complaints Desk');
  });

  it('the last choice wins, whatever finishes loading first', async () => {
    setLanguage('en', 'en-US');
    setLanguage('cs', 'en-US');
    setLanguage('en', 'en-US');
    await loadLanguage('cs');
    expect(language()).toBe('en');
    expect(t('app.name')).toBe('BizKitHub Complaints Desk');
  });
});
