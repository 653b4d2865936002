/** Czech strings of Settings → where customers' data is protected (see ./data-protection.en.ts). */
import type { enDataProtection } from './data-protection.en';
import type { Message } from './types';

export const csDataProtection: { readonly [K in keyof typeof enDataProtection]: Message } = {
  'dataProtection.heading': 'Data zákazníků v tomto počítači',
  'dataProtection.keychain': 'Data zákazníků jsou v tomto počítači šifrována klíčem uloženým v {store}.',
  'dataProtection.safeStorage': 'Data zákazníků jsou v tomto počítači šifrována klíčem, který chrání operační systém.',
  'dataProtection.store.win32': 'Správci pověření Windows',
  'dataProtection.store.darwin': 'Klíčence macOS',
  'dataProtection.store.linux': 'systémové klíčence (Secret Service)',
  'dataProtection.store.other': 'systémové klíčence',
  'dataProtection.memoryOnly':
    'Žádná klíčenka: data zákazníků zůstávají jen v paměti a po restartu se stáhnou znovu; neodeslané nové reklamace se uchovají, dokud se neodešlou, a to nešifrované.',
  'dataProtection.locked':
    'Systémová klíčenka je zamčená nebo neodpověděla: data zákazníků zatím zůstávají jen v paměti a po restartu se stáhnou znovu; neodeslané nové reklamace se uchovají, dokud se neodešlou, a to nešifrované. Klíč uložený v klíčence zůstává beze změny: odemkněte klíčenku a aplikaci restartujte.',
  'dataProtection.unreadable':
    'Systémová klíčenka obsahuje klíč k datům, který aplikace neumí přečíst (zůstává beze změny): data zákazníků zůstávají jen v paměti a po restartu se stáhnou znovu; neodeslané nové reklamace se uchovají, dokud se neodešlou, a to nešifrované.',
};
