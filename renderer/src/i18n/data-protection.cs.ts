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
  'dataProtection.policy.noKeychain':
    'IT vaší organizace vyžaduje, aby data zákazníků byla uložena šifrovaně, a tento počítač nemá klíčenku, ve které by mohl být šifrovací klíč uložen.',
  'dataProtection.policy.locked':
    'IT vaší organizace vyžaduje, aby data zákazníků byla uložena šifrovaně, a systémová klíčenka je zamčená nebo neodpověděla.',
  'dataProtection.policy.unreadable':
    'IT vaší organizace vyžaduje, aby data zákazníků byla uložena šifrovaně, a systémová klíčenka obsahuje klíč k datům, který aplikace neumí přečíst (zůstává beze změny).',
  'dataProtection.policy.consequence':
    'Nic osobního se proto do tohoto počítače neukládá nešifrovaně: data zákazníků zůstávají jen v paměti a po restartu se stáhnou znovu. Nová reklamace, která ještě nebyla odeslána nebo se teprve vyplňuje, se při zavření aplikace ztratí.',
  'dataProtection.policy.unlock': 'Odemkněte klíčenku a aplikaci restartujte.',
  'dataProtection.newComplaintIntro': 'Do BizKitHubu se odešle, jakmile to spojení dovolí. Pole označená * jsou povinná.',
  'dataProtection.newComplaintMemoryOnly':
    'IT vaší organizace vyžaduje šifrované úložiště a tento počítač nemá použitelnou klíčenku, proto tato reklamace zůstává jen v paměti, dokud se neodešle do BizKitHubu. Pokud se aplikace do té doby zavře, reklamace se ztratí.',
};
