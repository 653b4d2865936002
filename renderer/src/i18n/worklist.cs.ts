/** Czech strings of the worklist's place, selection and big imports (see ./worklist.en.ts). */
import type { Message } from './types';
import type { enWorklist } from './worklist.en';

export const csWorklist: { readonly [K in keyof typeof enWorklist]: Message } = {
  'worklist.orderChanged': {
    one: '{count} změněna — seřadit znovu',
    few: '{count} změněny — seřadit znovu',
    other: '{count} změněno — seřadit znovu',
  },
  'worklist.orderChangedHint':
    'Seznam drží pořadí, dokud s ním pracujete. Seřaďte znovu, aby se pořadí a filtry uplatnily i na to, co se změnilo.',
  'worklist.selectRow': 'Vybrat {id}',
  'worklist.selectNotFound': 'Vybrat všechny nenalezené',
  'worklist.selected': { one: '{count} vybrána', few: '{count} vybrány', other: '{count} vybráno' },
  'worklist.removeSelected': 'Odebrat vybrané',
  'worklist.clearSelection': 'Zrušit výběr',
  'worklist.removeManyTitle': {
    one: 'Odebrat {count} reklamaci ze seznamu?',
    few: 'Odebrat {count} reklamace ze seznamu?',
    other: 'Odebrat {count} reklamací ze seznamu?',
  },
  'worklist.removeManyBody':
    'Odeberou se jen z tohoto počítače: BizKitHub je má dál a lze je znovu přidat. Reklamace s neodeslanými změnami zůstanou.',
  'worklist.removeManyConfirm': 'Odebrat ze seznamu',
  'worklist.removedMany': {
    one: 'Ze seznamu odebrána {count} reklamace.',
    few: 'Ze seznamu odebrány {count} reklamace.',
    other: 'Ze seznamu odebráno {count} reklamací.',
  },
  'worklist.keptUnsent': {
    one: '{count} zůstává, má neodeslané změny (zůstává vybraná): {ids}',
    few: '{count} zůstávají, mají neodeslané změny (zůstávají vybrané): {ids}',
    other: '{count} zůstává, mají neodeslané změny (zůstávají vybrané): {ids}',
  },
  'worklist.andMore': { one: '{ids} a {count} další', few: '{ids} a {count} další', other: '{ids} a {count} dalších' },
  'worklist.downloading': 'Stahuji {done} z {total}…',
  'worklist.downloadCancel': 'Zrušit stahování',
  'worklist.downloadDone': 'Staženo {done} z {total}.',
  'worklist.downloadNotFound': {
    one: '{count} BizKitHub nezná: vybere ji „Vybrat všechny nenalezené“.',
    few: '{count} BizKitHub nezná: vybere je „Vybrat všechny nenalezené“.',
    other: '{count} BizKitHub nezná: vybere je „Vybrat všechny nenalezené“.',
  },
  'worklist.downloadCancelled':
    'Stahování zastaveno na {done} z {total}. Zbytek zůstává v seznamu jako „Zatím nestaženo“ a stáhne se později na pozadí, pokud ho neodeberete.',
  'worklist.downloadRateLimit':
    'Stahování přerušeno na {done} z {total}: limit požadavků je skoro vyčerpaný (zbytek je pro vaše změny). Zbytek se stáhne na pozadí, jak limit dovolí.',
  'worklist.downloadStopped':
    'Stahování zastaveno na {done} z {total}: {reason} Zbytek se stáhne na pozadí, až bude BizKitHub dostupný.',
  'worklist.downloadDismiss': 'Zavřít',
};
