/** Czech strings about this computer's storage; the English ones (./storage.en.ts) say what each is for. */
import type { Message } from './types';
import type { enStorage } from './storage.en';

export const csStorage = {
  'storage.cause.disk-full': 'disk tohoto počítače je plný',
  'storage.cause.write-aborted': 'úložiště tohoto počítače odmítlo zápis, nejčastěji kvůli plnému disku',
  'storage.cause.backing-store': 'složku s daty aplikace na tomto počítači nelze otevřít (disk může být plný nebo je složka poškozená či jen pro čtení)',
  'storage.cause.closed': 'úložiště aplikace na tomto počítači se po chybě zastavilo, nejčastěji kvůli plnému disku',
  'storage.cause.newer-version': 'data na tomto počítači zapsala novější verze aplikace',
  'storage.cause.blocked': 'jiné okno aplikace drží místní databázi otevřenou',
  'storage.cause.unavailable': 'úložiště tohoto počítače neodpovídá',

  'storage.refused.disk-full': 'Neuloženo: disk tohoto počítače je plný. Uvolněte místo a zvolte znovu. Nic z dříve uloženého se neztratilo.',
  'storage.refused.write-aborted':
    'Neuloženo: úložiště tohoto počítače změnu odmítlo, nejčastěji kvůli plnému disku. Uvolněte místo a zvolte znovu. Nic z dříve uloženého se neztratilo.',
  'storage.refused.backing-store':
    'Neuloženo: do složky s daty aplikace na tomto počítači nelze zapisovat (disk může být plný nebo je složka poškozená). Uvolněte místo a zvolte znovu. Nic z dříve uloženého se neztratilo.',
  'storage.refused.closed':
    'Neuloženo: úložiště aplikace se po chybě zastavilo, nejčastěji kvůli plnému disku. Uvolněte místo a pak v pruhu nahoře zvolte Zkusit znovu. Nic z dříve uloženého se neztratilo.',
  'storage.refused.unavailable': 'Neuloženo: úložiště tohoto počítače změnu nepřijalo. Za chvíli zvolte znovu. Nic z dříve uloženého se neztratilo.',

  'storage.banner.title': 'Změny se na tomto počítači neukládají',
  'storage.banner.disk': 'Disk je plný, a proto aplikace nepřijímá nové změny, dokud se neuvolní místo. Nic z dříve uloženého se neztratilo.',
  'storage.banner.stopped':
    'Úložiště aplikace se po chybě zastavilo, nejčastěji kvůli plnému disku. Aplikace nepřijímá nové změny, dokud nebude znovu fungovat. Uvolněte místo a pak zvolte Zkusit znovu.',
  'storage.banner.otherVersion':
    'Místní databázi na tomto počítači převzalo jiné okno nebo jiná verze aplikace, a proto toto okno nepřijímá nové změny. Nic z uloženého se neztratilo. Pokračujte v práci v tom druhém okně, nebo ho zavřete a zvolte Zkusit znovu.',
  'storage.banner.unsent': {
    one: 'Nezavírejte aplikaci, dokud neuvolníte místo: {count} neodeslaná změna je uložena jen v úložišti tohoto počítače.',
    few: 'Nezavírejte aplikaci, dokud neuvolníte místo: {count} neodeslané změny jsou uloženy jen v úložišti tohoto počítače.',
    many: 'Nezavírejte aplikaci, dokud neuvolníte místo: {count} neodeslané změny je uloženo jen v úložišti tohoto počítače.',
    other: 'Nezavírejte aplikaci, dokud neuvolníte místo: {count} neodeslaných změn je uloženo jen v úložišti tohoto počítače.',
  },
  'storage.banner.unsentUnknown': 'Nezavírejte aplikaci, dokud neuvolníte místo: neodeslané změny mohou být uloženy jen v úložišti tohoto počítače.',
  'storage.banner.closingSafe': 'Aplikaci můžete bezpečně zavřít: nic neodeslaného by se neztratilo.',
  'storage.banner.closingSafeJournal': {
    one: 'Aplikaci můžete bezpečně zavřít: {count} neodeslaná změna je uložena i v deníku aplikace na tomto počítači a po dalším spuštění se vrátí.',
    few: 'Aplikaci můžete bezpečně zavřít: {count} neodeslané změny jsou uloženy i v deníku aplikace na tomto počítači a po dalším spuštění se vrátí.',
    many: 'Aplikaci můžete bezpečně zavřít: {count} neodeslané změny je uloženo i v deníku aplikace na tomto počítači a po dalším spuštění se vrátí.',
    other: 'Aplikaci můžete bezpečně zavřít: {count} neodeslaných změn je uloženo i v deníku aplikace na tomto počítači a po dalším spuštění se vrátí.',
  },
  'storage.banner.closingSafeJournalUnknown':
    'Aplikaci můžete bezpečně zavřít: všechny neodeslané změny jsou uloženy i v deníku aplikace na tomto počítači a po dalším spuštění se vrátí.',
  'storage.banner.retry': 'Zkusit znovu',
  'storage.banner.retrying': 'Zkouším…',
  'storage.banner.stillFailing': 'Stále to nejde: {cause}.',
  'storage.banner.recovered': 'Úložiště opět funguje: změny se ukládají jako dřív.',

  'storage.open.title.newer-version': 'Tato data zapsala novější verze aplikace',
  'storage.open.newer-version':
    'Místní databázi tohoto počítače používala novější verze aplikace BizKitHub Complaints Desk (verze dat {version}). Tato verze ji neotevře, takže se v ní nic nezmění ani neztratí. Abyste s ní mohli dál pracovat, nainstalujte znovu novější verzi.',
  'storage.open.title.blocked': 'Místní databázi drží otevřenou jiné okno',
  'storage.open.blocked':
    'Jiné okno aplikace drží místní databázi otevřenou a neuvolní ji. Zavřete to okno nebo v něm aplikaci ukončete a pak zvolte Zkusit znovu.',
  'storage.open.blockedVersion':
    'Místní databázi drží otevřenou okno starší verze aplikace (verze dat {version}). Zavřete to okno nebo ukončete starší verzi a pak zvolte Zkusit znovu.',
  'storage.open.title.disk': 'Místní databázi nelze otevřít',
  'storage.open.disk': 'Příčina: {cause}. Uvolněte na tomto počítači místo a pak zvolte Zkusit znovu. Nic se nesmaže.',
  'storage.open.retry': 'Zkusit znovu',
  'storage.open.export': 'Exportovat neodeslané změny',
  'storage.open.exportHint':
    'Uloží do souboru změny, které ještě nebyly odeslány do BizKitHubu, tak jak je uchovává deník aplikace na tomto počítači. Jsou v něm i podané reklamace se vším, co jste zadali, proto soubor dobře uschovejte.',
  'storage.open.exported': {
    one: '{count} neodeslaná změna byla uložena do {file}.',
    few: '{count} neodeslané změny byly uloženy do {file}.',
    many: '{count} neodeslané změny bylo uloženo do {file}.',
    other: '{count} neodeslaných změn bylo uloženo do {file}.',
  },
  'storage.open.exportDownloaded': {
    one: 'Stahování {file} začalo: {count} neodeslaná změna.',
    few: 'Stahování {file} začalo: {count} neodeslané změny.',
    many: 'Stahování {file} začalo: {count} neodeslané změny.',
    other: 'Stahování {file} začalo: {count} neodeslaných změn.',
  },
  'storage.open.exportCancelled': 'Nic se neexportovalo: ukládání bylo zrušeno.',
  'storage.open.exportEmpty': 'Není co exportovat: deník na tomto počítači nemá pro tento pracovní prostor žádné neodeslané změny.',
  'storage.open.exportFailed': 'Neodeslané změny se nepodařilo exportovat: {detail}',
  'storage.open.details': 'Podrobnosti: {detail}',

  'storage.legacyWaiting': {
    one: '{count} neodeslaná změna z dřívější verze aplikace čeká, až půjde číst systémová klíčenka: odemkněte ji a aplikaci spusťte znovu. V ukázkovém režimu se neodešle.',
    few: '{count} neodeslané změny z dřívější verze aplikace čekají, až půjde číst systémová klíčenka: odemkněte ji a aplikaci spusťte znovu. V ukázkovém režimu se neodešlou.',
    many: '{count} neodeslané změny z dřívější verze aplikace čeká, až půjde číst systémová klíčenka: odemkněte ji a aplikaci spusťte znovu. V ukázkovém režimu se neodešlou.',
    other: '{count} neodeslaných změn z dřívější verze aplikace čeká, až půjde číst systémová klíčenka: odemkněte ji a aplikaci spusťte znovu. V ukázkovém režimu se neodešlou.',
  },
  'storage.unknownKind': 'Změna z novější verze aplikace: zůstává, jak je, tato verze ji neodešle.',
  'diagnostics.heading': 'Diagnostika',
  'diagnostics.persistent': 'Úložiště je trvalé: prohlížeč data aplikace zachová, i když na disku dochází místo.',
  'diagnostics.notPersistent':
    'Úložiště není trvalé: když na disku dojde místo, prohlížeč může data aplikace na tomto počítači smazat, včetně neodeslaných změn.',
  'diagnostics.persistenceUnknown': 'Není známo, zda je úložiště trvalé: tento prohlížeč to neuvádí.',
  'diagnostics.usage': 'Využité úložiště: {used} z {quota}, které má aplikace k dispozici.',
  'diagnostics.storageError': 'Poslední chyba úložiště: {cause}.',
} as const satisfies Record<keyof typeof enStorage, Message>;
