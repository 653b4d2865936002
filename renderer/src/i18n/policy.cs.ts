/** Czech strings of IT policy (./policy.en.ts is the reference). */
import type { enPolicy } from './policy.en';
import type { Message } from './types';

export const csPolicy: { readonly [K in keyof typeof enPolicy]: Message } = {
  'policy.locked': 'Nastaveno vaší organizací',
  'policy.askItForKey': 'O API klíč požádejte své IT oddělení.',
  'policy.noKeyMode': 'Bez API klíče',
  'policy.apiUrlRefused':
    'Adresa API nastavená vaší organizací není platná, proto se nic neodesílá. Obraťte se na své IT oddělení.',
  'policy.sessionOnlyOff': 'Vaše organizace nedovoluje ponechat klíč jen pro toto spuštění.',
  'policy.concurrencyMax': 'Vaše organizace povoluje nejvýše {max}.',
  'policy.heading': 'Zásady nastavené vaší organizací',
  'policy.none': 'Pro tuto aplikaci nejsou nastavené žádné zásady.',
  'policy.enforced': 'uzamčeno',
  'policy.default': 'výchozí, můžete změnit',
  'policy.source': 'zdroj: {source}',
  'policy.refusedHeading': 'Odmítnuté zásady',
  'policy.refusedCount': {
    one: '{count} zásada byla odmítnuta a neplatí; ostatní platí.',
    few: '{count} zásady byly odmítnuty a neplatí; ostatní platí.',
    many: '{count} zásady bylo odmítnuto a neplatí; ostatní platí.',
    other: '{count} zásad bylo odmítnuto a neplatí; ostatní platí.',
  },
  'policy.refused': '{name} v {source}: {reason}',
  'policy.reason.unknown-policy': 'neznámá zásada',
  'policy.reason.enforced-only': 'lze ji jen vynutit, nikoli nastavit jako výchozí',
  'policy.reason.invalid-value': 'neplatná hodnota ({detail})',
  'policy.reason.unreadable': 'nelze přečíst ({detail})',
  'policy.value.true': 'zapnuto',
  'policy.value.false': 'vypnuto',
  'policy.name.apiUrl': 'Adresa API',
  'policy.name.demoMode': 'Ukázkový režim',
  'policy.name.updates': 'Aktualizace',
  'policy.name.syncConcurrencyMax': 'Nejvýše reklamací odesílaných najednou',
  'policy.name.historyRetentionDays': 'Uchovávat historii synchronizace (dny)',
  'policy.name.launchAtLogin': 'Spouštět po přihlášení',
  'policy.name.allowSessionOnlyKey': 'Klíč jen pro toto spuštění',
  'policy.name.requireEncryptedStorage': 'Vyžadováno šifrované úložiště',
  'policy.name.devTools': 'Vývojářské nástroje',
};
