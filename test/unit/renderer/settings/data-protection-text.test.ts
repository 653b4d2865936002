/**
 * Settings → "Customers' data on this computer" in en and cs: where IT's policy requires
 * encrypted storage and the data key lives in memory only, it says why (the policy, and no
 * usable keychain) and that an unsent new complaint is lost when the app closes; the New
 * complaint form warns only then.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DataProtection } from '../../../../common/data-key';
import { loadLanguage, setLanguage, t } from '../../../../renderer/src/i18n/index.svelte';
import { dataProtectionText, unsentWorkInMemoryOnly } from '../../../../renderer/src/ui/settings/data-protection-text';

// The Czech strings load on demand (the first page carries English only).
beforeAll(() => loadLanguage('cs'));

afterEach(() => setLanguage('en', 'en-US'));

const POLICY_NO_KEYCHAIN: DataProtection = { kept: 'memory-only', reason: 'no-keychain', encryptionRequired: true };

describe('Settings: where customers\' data is protected', () => {
  it('English, under the policy without a keychain: the policy by IT, no keychain, and an unsent new complaint lost at closing', () => {
    expect(dataProtectionText(POLICY_NO_KEYCHAIN, 'linux')).toBe(
      "Your organisation's IT requires customers' data to be stored encrypted, and this computer has no keychain to keep the encryption key. " +
        "So nothing personal is saved on this computer unencrypted: customers' data stays only in memory and is downloaded again after a restart. " +
        'A new complaint that is not sent yet, or is still being filled in, is lost when the app closes.',
    );
    // No reason given (a store that never had a keychain) reads as no keychain.
    expect(dataProtectionText({ kept: 'memory-only', encryptionRequired: true }, 'linux')).toBe(dataProtectionText(POLICY_NO_KEYCHAIN, 'linux'));
  });

  it('Czech, under the policy: a locked keychain, then what to do', () => {
    setLanguage('cs', 'cs-CZ');
    expect(dataProtectionText({ kept: 'memory-only', reason: 'keychain-locked', encryptionRequired: true }, 'linux')).toBe(
      'IT vaší organizace vyžaduje, aby data zákazníků byla uložena šifrovaně, a systémová klíčenka je zamčená nebo neodpověděla. ' +
        'Nic osobního se proto do tohoto počítače neukládá nešifrovaně: data zákazníků zůstávají jen v paměti a po restartu se stáhnou znovu. ' +
        'Nová reklamace, která ještě nebyla odeslána nebo se teprve vyplňuje, se při zavření aplikace ztratí. ' +
        'Odemkněte klíčenku a aplikaci restartujte.',
    );
  });

  it('without the policy the memory-only text stays as it was; with a keychain the policy changes nothing', () => {
    expect(dataProtectionText({ kept: 'memory-only', reason: 'no-keychain' }, 'linux')).toBe(
      "No keychain: customers' data stays only in memory and is downloaded again after a restart; unsent new complaints are kept until sent, unencrypted.",
    );
    expect(dataProtectionText({ kept: 'keychain', encryptionRequired: true }, 'linux')).toBe(
      "Customers' data is encrypted on this computer with a key kept in the system keyring (Secret Service).",
    );
  });
});

describe('the New complaint form\'s warning', () => {
  it('shows only where the policy is in force and the key lives in memory only', () => {
    expect(unsentWorkInMemoryOnly(POLICY_NO_KEYCHAIN)).toBe(true);
    expect(unsentWorkInMemoryOnly({ kept: 'memory-only', reason: 'no-keychain' })).toBe(false);
    expect(unsentWorkInMemoryOnly({ kept: 'keychain', encryptionRequired: true })).toBe(false);
    expect(unsentWorkInMemoryOnly(null)).toBe(false);
  });

  it('says plainly, in en and cs, that the complaint is lost if the app closes before it is sent', () => {
    expect(t('dataProtection.newComplaintMemoryOnly')).toBe(
      "Your organisation's IT requires encrypted storage and this computer has no keychain it can use, so this complaint is kept in memory only until it is sent to BizKitHub. If the app closes before then, the complaint is lost.",
    );
    setLanguage('cs', 'cs-CZ');
    expect(t('dataProtection.newComplaintMemoryOnly')).toBe(
      'IT vaší organizace vyžaduje šifrované úložiště a tento počítač nemá použitelnou klíčenku, proto tato reklamace zůstává jen v paměti, dokud se neodešle do BizKitHubu. Pokud se aplikace do té doby zavře, reklamace se ztratí.',
    );
    expect(t('dataProtection.newComplaintIntro')).toBe('Do BizKitHubu se odešle, jakmile to spojení dovolí. Pole označená * jsou povinná.');
  });
});
