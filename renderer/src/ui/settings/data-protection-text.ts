/**
 * What Settings says about where customers' data is protected (AppInfo.dataProtection,
 * common/data-key.ts), and whether the New complaint form must warn that an unsent
 * complaint lives in memory only. Pure over `t`, so both languages are checked by unit
 * tests without rendering Settings.
 */
import type { DataProtection } from '../../../../common/data-key';
import { t } from '../../i18n/index.svelte';

function storeName(platform: string | undefined): string {
  if (platform === 'win32') return t('dataProtection.store.win32');
  if (platform === 'darwin') return t('dataProtection.store.darwin');
  if (platform === 'linux') return t('dataProtection.store.linux');
  return t('dataProtection.store.other');
}

/** IT requires encrypted storage and the key lives in memory only: nothing personal outlives the app. */
export function unsentWorkInMemoryOnly(p: DataProtection | null | undefined): boolean {
  return p?.kept === 'memory-only' && p.encryptionRequired === true;
}

/** Why IT's policy keeps customers' data in memory only, then what that means for the agent. */
function byPolicy(p: DataProtection): string {
  if (p.reason === 'keychain-locked') {
    return [t('dataProtection.policy.locked'), t('dataProtection.policy.consequence'), t('dataProtection.policy.unlock')].join(' ');
  }
  const why = p.reason === 'stored-key-unreadable' ? t('dataProtection.policy.unreadable') : t('dataProtection.policy.noKeychain');
  return `${why} ${t('dataProtection.policy.consequence')}`;
}

export function dataProtectionText(p: DataProtection, platform: string | undefined): string {
  if (p.kept === 'keychain') return t('dataProtection.keychain', { store: storeName(platform) });
  if (p.kept === 'safe-storage') return t('dataProtection.safeStorage');
  if (unsentWorkInMemoryOnly(p)) return byPolicy(p);
  if (p.reason === 'keychain-locked') return t('dataProtection.locked');
  if (p.reason === 'stored-key-unreadable') return t('dataProtection.unreadable');
  return t('dataProtection.memoryOnly');
}
