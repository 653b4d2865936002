/**
 * Czech demo-mode variants of texts that name BizKitHub as where changes go or what
 * answered (see ./demo.en.ts): in demo mode they name the demo sandbox instead.
 */
import type { MessageKey } from './en';
import type { Message } from './types';

export const csDemo: Partial<Record<MessageKey, Message>> = {
  'error.server': 'Ukázkový sandbox měl potíže — zkusí se znovu',
  'error.not-found': 'Ukázkový sandbox tuto reklamaci nezná',
  'error.invalid': 'Ukázkový sandbox tuto změnu odmítl',
  'error.malformed': 'Ukázkový sandbox poslal odpověď, které aplikace nerozumí — před dalším odesláním se ověří',
  'worklist.notFound': 'Ukázkový sandbox ji nezná',
  'worklist.removeManyBody':
    'Odeberou se jen z tohoto počítače: ukázkový sandbox je má dál a lze je znovu přidat. Reklamace s neodeslanými změnami zůstanou.',
  'worklist.downloadNotFound': {
    one: '{count} ukázkový sandbox nezná: vybere ji „Vybrat všechny nenalezené“.',
    few: '{count} ukázkový sandbox nezná: vybere je „Vybrat všechny nenalezené“.',
    other: '{count} ukázkový sandbox nezná: vybere je „Vybrat všechny nenalezené“.',
  },
  'worklist.downloadStopped':
    'Stahování zastaveno na {done} z {total}: {reason} Zbytek se stáhne na pozadí, až bude ukázkový sandbox dostupný.',
  'detail.unknownId': 'Ukázkový sandbox toto ID reklamace nezná.',
  'detail.resolved': 'Ukázkový sandbox ji označil jako vyřešenou',
  'detail.sent': 'Stav {status} odeslán do ukázkového sandboxu.',
  'detail.unverifiedTitle': 'Ukázkový sandbox ji zatím nepotvrdil',
  'detail.unverifiedBody':
    'Reklamace {id} ještě nebyla stažena, takže ukázkový sandbox nepotvrdil, že existuje. Pokud je v ID překlep, změna na {status} při odeslání selže. Přesto změnit?',
  'pending.intro':
    'Změny uložené na tomto počítači, které ukázkový sandbox zatím nepotvrdil. Odesílají se automaticky, od nejstarší.',
  'pending.conflictEventAt': 'Ukázkový sandbox: změněno na {status} {when}',
  'pending.conflictEvent': 'Ukázkový sandbox: změněno na {status}',
  'pending.actionsHint':
    'Zrušit vezme zpět změnu, která ještě nebyla odeslána: do ukázkového sandboxu nic nedorazí. Zahodit vzdá změnu, kterou ukázkový sandbox odmítl; zůstane v historii níže. Při konfliktu zvolte, čí stav platí.',
  'history.reconciled': 'Odesláno (v ukázkovém sandboxu už bylo)',
  'help.tryOfflineIntro':
    'Každá změna se nejdřív uloží v tomto počítači a odešle se, jakmile je ukázkový sandbox dostupný. Vyzkoušíte si to i bez vytažení kabelu:',
  'attention.synced': {
    one: 'Čekající změna dorazila do ukázkového sandboxu',
    few: 'Všechny {count} změny dorazily do ukázkového sandboxu',
    other: 'Všech {count} změn dorazilo do ukázkového sandboxu',
  },
  'attention.syncedPartly': {
    one: '{count} změna dorazila do ukázkového sandboxu',
    few: '{count} změny dorazily do ukázkového sandboxu',
    other: '{count} změn dorazilo do ukázkového sandboxu',
  },
  'attention.failedBody': {
    one: 'Ukázkový sandbox odmítl změnu reklamace {ids}. V Neodeslaných změnách uvidíte proč; pak ji zkuste znovu, nebo zahoďte.',
    other: 'Ukázkový sandbox odmítl změny reklamací {ids}. V Neodeslaných změnách uvidíte proč; pak je zkuste znovu, nebo zahoďte.',
  },
  'newComplaint.intro':
    'Uloží se hned na tomto počítači a do ukázkového sandboxu se odešle, jakmile to spojení dovolí. Pole označená * jsou povinná.',
  'newComplaint.saved': 'Uloženo na tomto počítači. Do ukázkového sandboxu se odešle, jakmile to spojení dovolí.',
  'newComplaint.queued':
    'Uloženo na tomto počítači. Do ukázkového sandboxu se odešle, jakmile to spojení dovolí; změny stavu provedené mezitím se odešlou po ní.',
  'newComplaint.sending': 'Odesílá se do ukázkového sandboxu…',
  'newComplaint.failed': 'Ukázkový sandbox tuto reklamaci odmítl: {error}',
  'newComplaint.uncertain': 'Ke kontrole: v ukázkovém sandboxu už možná existuje',
  'newComplaint.uncertainExplain':
    'Byla odeslána, ale odpověď se ztratila ({error}). Ukázkový sandbox ji mohl založit. Aplikace ji sama znovu neodešle, takže nemůže vzniknout dvakrát. Vyhledejte ji v ukázkovém sandboxu podle údajů níže a pak zvolte.',
  'newComplaint.createAgainHint': 'Jen pokud jste ověřili, že ji ukázkový sandbox nemá.',
  'newComplaint.linkNotFound': 'Ukázkový sandbox reklamaci {id} nemá.',
  'newComplaint.created': 'Reklamace {id} byla založena v ukázkovém sandboxu.',
  'newComplaint.lost.answer': 'spojení se přerušilo dřív, než ukázkový sandbox odpověděl',
  'newComplaint.lost.server': 'ukázkový sandbox odpověděl chybou serveru',
  'newComplaint.lost.noId': 'odpověď ukázkového sandboxu neobsahovala ID reklamace',
  'newComplaint.editIntro':
    'Opravte, co ukázkový sandbox odmítl (nebo cokoli jiného), a uložte: odešle se znovu. Změny stavu provedené u ní zůstávají ve frontě za ní.',
  'newComplaint.cannotEdit':
    'Tuto reklamaci už zde opravit nelze: právě se odesílá, v ukázkovém sandboxu už možná existuje, nebo byla založena.',
  'newComplaint.corrected': 'Opraveno. Do ukázkového sandboxu se odešle znovu.',
  'worklist.needsUncertain': 'Čeká na vás: v ukázkovém sandboxu už možná existuje',
  'attention.uncertainBody': {
    one: 'Odpověď na odeslání se ztratila: v ukázkovém sandboxu už možná existuje. Otevřete ji a propojte ji, nebo ji založte znovu.',
    other: 'Odpovědi na odeslání se ztratily: v ukázkovém sandboxu už možná existují. Otevřete každou a propojte ji, nebo ji založte znovu.',
  },
  'worklist.sortCreated': 'Nejnovější ukázkové',
};
