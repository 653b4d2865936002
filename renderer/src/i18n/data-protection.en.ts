/**
 * English strings of Settings → where customers' data is protected (the data key's place,
 * common/data-key.ts), kept beside the main dictionary (./en.ts spreads them in).
 */
import type { Message } from './types';

export const enDataProtection = {
  'dataProtection.heading': "Customers' data on this computer",
  'dataProtection.keychain': "Customers' data is encrypted on this computer with a key kept in {store}.",
  'dataProtection.safeStorage': "Customers' data is encrypted on this computer with a key protected by the operating system.",
  'dataProtection.store.win32': 'Windows Credential Manager',
  'dataProtection.store.darwin': 'the macOS Keychain',
  'dataProtection.store.linux': 'the system keyring (Secret Service)',
  'dataProtection.store.other': 'the system keychain',
  'dataProtection.memoryOnly':
    "No keychain: customers' data stays only in memory and is downloaded again after a restart; unsent new complaints are kept until sent, unencrypted.",
  'dataProtection.locked':
    "The system keychain is locked or did not answer: customers' data stays only in memory for now and is downloaded again after a restart; unsent new complaints are kept until sent, unencrypted. The key kept in the keychain is left alone: unlock the keychain and restart the app.",
  'dataProtection.unreadable':
    "The system keychain holds a data key this app cannot read (it is left alone): customers' data stays only in memory and is downloaded again after a restart; unsent new complaints are kept until sent, unencrypted.",
  'dataProtection.policy.noKeychain':
    "Your organisation's IT requires customers' data to be stored encrypted, and this computer has no keychain to keep the encryption key.",
  'dataProtection.policy.locked':
    "Your organisation's IT requires customers' data to be stored encrypted, and the system keychain is locked or did not answer.",
  'dataProtection.policy.unreadable':
    "Your organisation's IT requires customers' data to be stored encrypted, and the system keychain holds a data key this app cannot read (it is left alone).",
  'dataProtection.policy.consequence':
    "So nothing personal is saved on this computer unencrypted: customers' data stays only in memory and is downloaded again after a restart. A new complaint that is not sent yet, or is still being filled in, is lost when the app closes.",
  'dataProtection.policy.unlock': 'Unlock the keychain and restart the app.',
  'dataProtection.newComplaintIntro': 'Sent to BizKitHub when the connection allows. Fields marked * are required.',
  'dataProtection.newComplaintMemoryOnly':
    "Your organisation's IT requires encrypted storage and this computer has no keychain it can use, so this complaint is kept in memory only until it is sent to BizKitHub. If the app closes before then, the complaint is lost.",
} as const satisfies Record<string, Message>;
