/**
 * Settings' refusals in the UI's language: which rule a typed API key broke
 * (common/api-key-rule.ts), why the OS keychain cannot be used (main gives a reason
 * code; its English sentence with the raw D-Bus or OS error is only for the details
 * and the log), and an API address main refused for a reason the app knows.
 */
import { API_ADDRESS_REFUSALS, type ApiAddressRefusal } from '../../../../common/api-address';
import type { ApiKeyProblem } from '../../../../common/api-key-rule';
import type { DeskError } from '../../../../common/errors';
import type { KeyStatus } from '../../../../common/ipc-contract';
import { formatNumber, t } from '../../i18n/index.svelte';

/** "It contains an invisible character (U+200B). An API key is 32 characters: …" */
export function apiKeyRefusalText(problem: ApiKeyProblem): string {
  const params = { length: formatNumber(problem.length), char: problem.char ?? '', upper: (problem.char ?? '').toUpperCase() };
  const reason = ((): string => {
    switch (problem.reason) {
      case 'empty':
        return t('settings.keyEmpty');
      case 'too-long':
        return t('keyRule.tooLong', params);
      case 'too-short':
        return t('keyRule.tooShort', params);
      case 'space':
        return t('keyRule.space');
      case 'invisible':
        return t('keyRule.invisible', params);
      case 'accented':
        return t('keyRule.accented', params);
      case 'character':
        return t('keyRule.character', params);
      case 'lowercase-prefix':
        return t('keyRule.lowercasePrefix', params);
      case 'prefix':
        return t('keyRule.prefix');
    }
  })();
  return problem.reason === 'empty' ? reason : `${reason} ${t('settings.keyInvalid')}`;
}

/** The keychain banner's sentence, in the UI's language, by main's reason code and the OS. */
export function keychainProblemText(keychain: KeyStatus['keychain'], platform: string | undefined): string {
  if (platform === 'darwin') return t('keychain.macos');
  if (platform === 'win32') return t('keychain.windows');
  if (platform !== 'linux') return t('keychain.other');
  switch (keychain.reason) {
    case 'timeout':
      return t('keychain.linuxTimeout');
    case 'locked':
      return t('keychain.linuxLocked');
    default:
      return t('keychain.linuxUnavailable');
  }
}

/** Main refused an API address (`api-address:<reason>` in its issues): the app knows the reason, so it says it. */
export function addressRefusalOf(error: DeskError): ApiAddressRefusal | null {
  for (const text of [...(error.issues ?? []), error.message ?? '']) {
    const code = /api-address:([a-z-]+)/.exec(text)?.[1] ?? /^apiUrl: ([a-z-]+)$/.exec(text)?.[1] ?? text;
    const known = API_ADDRESS_REFUSALS.find((r) => r === code);
    if (known) return known;
  }
  return null;
}
