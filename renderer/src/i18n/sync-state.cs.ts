/** Czech strings of what the sync is doing right now and of changes waiting for another account (see ./sync-state.en.ts). */
import type { Message } from './types';
import type { enSyncState } from './sync-state.en';

export const csSyncState: { readonly [K in keyof typeof enSyncState]: Message } = {
  'syncState.serverProblem': 'BizKitHub má potíže — znovu za {seconds} s',
  'syncState.serverProblemDemo': 'Ukázkový sandbox má potíže — znovu za {seconds} s',
  'syncState.serverProblemNow': 'BizKitHub má potíže — zkouším to znovu',
  'syncState.serverProblemNowDemo': 'Ukázkový sandbox má potíže — zkouším to znovu',
  'syncState.rateLimited': 'Překročen limit požadavků — pokračuji od {time} (asi za {minutes} min)',
  'syncState.changeNotSent': 'Zatím neodesláno: {problem}',
  'syncState.changeOffline': 'Zatím neodesláno: jste offline — odejde, jakmile bude spojení zpět',
  'syncState.demoError.server': 'Ukázkový sandbox měl potíže — zkusí se znovu',
  'syncState.demoError.not-found': 'Ukázkový sandbox tuto reklamaci nezná',
  'syncState.demoError.invalid': 'Ukázkový sandbox tuto změnu odmítl',
  'syncState.demoError.malformed': 'Ukázkový sandbox poslal odpověď, které aplikace nerozumí — před dalším odesláním se ověří',
  'detail.sentDemo': 'Stav {status} odeslán do ukázkového sandboxu.',
  'stranded.discard': 'Zahodit',
  'stranded.sendHere': 'Odeslat do tohoto účtu',
  'stranded.discardTitle': {
    one: 'Zahodit {count} změnu vytvořenou pro {from}?',
    few: 'Zahodit {count} změny vytvořené pro {from}?',
    other: 'Zahodit {count} změn vytvořených pro {from}?',
  },
  'stranded.discardBody': 'Tyto změny se nikam neodešlou: {list}. V historii zůstanou jako zahozené.',
  'stranded.discardConfirm': 'Zahodit',
  'stranded.sendTitle': {
    one: 'Odeslat {count} změnu do tohoto účtu?',
    few: 'Odeslat {count} změny do tohoto účtu?',
    other: 'Odeslat {count} změn do tohoto účtu?',
  },
  'stranded.sendBody': {
    one: 'Vznikla pro {from}, odejde ale do {to}: {list}. Nejdřív se tam ověří stav reklamace; pokud ji mezitím někdo změnil, rozhodnete vy.',
    few: 'Vznikly pro {from}, odejdou ale do {to}: {list}. U každé se nejdřív ověří stav reklamace tam; pokud ji mezitím někdo změnil, rozhodnete vy.',
    other: 'Vzniklo pro {from}, odejde ale do {to}: {list}. U každé se nejdřív ověří stav reklamace tam; pokud ji mezitím někdo změnil, rozhodnete vy.',
  },
  'stranded.sendConfirm': 'Odeslat do tohoto účtu',
  'stranded.sent': {
    one: '{count} změna přesunuta do {to}; odešle se odsud.',
    few: '{count} změny přesunuty do {to}; odešlou se odsud.',
    other: '{count} změn přesunuto do {to}; odešlou se odsud.',
  },
  'stranded.discarded': {
    one: 'Zahozena {count} změna.',
    few: 'Zahozeny {count} změny.',
    other: 'Zahozeno {count} změn.',
  },
  'stranded.failed': 'Nic se nepřesunulo: {error}',
  'stranded.demoNeverLive': 'Změny z ukázkového režimu nikdy neodejdou do živého účtu.',
  'stranded.demoName': 'ukázkový režim',
};
