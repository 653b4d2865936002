import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../../common/ipc-contract';
import { pluralForm, type PluralForms } from '../../../../common/plural';
import { journalChannels } from '../../../../electron/services/desk/journal-channels';
import { openJournal, type Journal } from '../../../../electron/services/journal/journal';
import type { Logger } from '../../../../electron/services/logger';
import { openDeskDatabase, type DeskDatabase } from '../../../../renderer/src/data/db';
import { journalHoldsAllUnsent } from '../../../../renderer/src/data/journal-coverage';
import { attachJournal, journalUpToDate } from '../../../../renderer/src/data/journal-writer';
import { fileComplaint } from '../../../../renderer/src/data/new-complaints';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { cs } from '../../../../renderer/src/i18n/cs';
import { en } from '../../../../renderer/src/i18n/en';
import { OTHER_DATA_KEY, TEST_DATA_KEY } from '../../../support/data-key';
import { seedComplaint } from '../../../support/desk-db';

const LIVE = 'live:https://api.bizkithub.com';
const BODY = { variantCode: 'reklamace', description: 'Prasklý displej', customerName: 'Jana Nováková', orderNumber: 'OBJ-17' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

let dir: string | undefined;
const journals: Journal[] = [];
const dbs: DeskDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete().catch(() => undefined);
  }
  for (const j of journals.splice(0)) await j.close().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

let counter = 0;
function newDb(): DeskDatabase {
  const db = openDeskDatabase(`journal-coverage-${process.pid}-${Date.now()}-${++counter}`, LIVE, TEST_DATA_KEY);
  dbs.push(db);
  return db;
}

type JournalDesk = Pick<DeskApi, 'getJournalUnsent' | 'appendJournal'>;
async function mainSide(key = TEST_DATA_KEY): Promise<{ desk: JournalDesk; journal: Journal }> {
  dir ??= mkdtempSync(join(tmpdir(), 'desk-journal-coverage-'));
  const journal = await openJournal({ path: join(dir, 'unsent-work.journal'), dataKey: async () => key, log: quiet });
  journals.push(journal);
  const handlers = journalChannels(journal, quiet);
  return { desk: { appendJournal: handlers.appendJournal, getJournalUnsent: handlers.getJournalUnsent } as unknown as JournalDesk, journal };
}

function attach(db: DeskDatabase, desk: JournalDesk): void {
  attachJournal(db, async (records) => {
    const r = await desk.appendJournal({ records });
    if (!r.ok) throw new Error(r.error.message);
  });
}

async function twoPending(db: DeskDatabase): Promise<void> {
  await seedComplaint(db, 'RK-1', 'new');
  await changeStatus(db, 'RK-1', 'open', 10);
  await fileComplaint(db, BODY, 11, () => 'local-abcdefghjk');
}

describe('closing is safe when main’s journal holds every unsent entry (the storage banner)', () => {
  it('every change journaled as it was made: true, with the database readable and with it closed (the engine’s count)', async () => {
    const { desk } = await mainSide();
    const db = newDb();
    attach(db, desk);
    await twoPending(db);
    expect(await journalHoldsAllUnsent(db, desk, 2)).toBe(true);
    expect(await journalHoldsAllUnsent(db, desk, null)).toBe(true);

    db.close(); // what the browser does after a full disk
    expect(await journalHoldsAllUnsent(db, desk, 2)).toBe(true);
    // Closed and the count unknown: nothing to compare with.
    expect(await journalHoldsAllUnsent(db, desk, null)).toBe(false);
    // More unsent than the journal holds.
    expect(await journalHoldsAllUnsent(db, desk, 3)).toBe(false);
  });

  it('an unsent entry the journal lacks (made before it was attached): false', async () => {
    const { desk } = await mainSide();
    const db = newDb();
    await twoPending(db); // no journal yet
    attach(db, desk);
    await changeStatus(db, 'RK-1', 'wait', 12);
    expect(await journalHoldsAllUnsent(db, desk, 3)).toBe(false);
  });

  it('a write to the journal failed since the workspace started: false', async () => {
    const { desk } = await mainSide();
    const db = newDb();
    attach(db, desk);
    await twoPending(db);
    const refusing: JournalDesk = {
      ...desk,
      appendJournal: async () => ({ ok: false, error: { kind: 'io', message: 'ENOSPC: no space left on device' } }),
    } as JournalDesk;
    attach(db, refusing);
    await seedComplaint(db, 'RK-2', 'new');
    await changeStatus(db, 'RK-2', 'open', 13);
    expect(journalUpToDate(db)).toBe(false);
    expect(await journalHoldsAllUnsent(db, desk, 3)).toBe(false);
  });

  it('a create the journal cannot restore (sealed with a key that is gone): false', async () => {
    const first = await mainSide(TEST_DATA_KEY);
    const db = newDb();
    attach(db, first.desk);
    await twoPending(db);
    await first.journal.close();
    journals.splice(0);
    const other = await mainSide(OTHER_DATA_KEY);
    expect(await journalHoldsAllUnsent(db, other.desk, 2)).toBe(false);
  });

  it('main does not answer: false', async () => {
    const { desk } = await mainSide();
    const db = newDb();
    attach(db, desk);
    await twoPending(db);
    const silent = { getJournalUnsent: async () => Promise.reject(new Error('IPC closed')) } as unknown as JournalDesk;
    expect(await journalHoldsAllUnsent(db, silent, 2)).toBe(false);
    const refusing = { getJournalUnsent: async () => ({ ok: false, error: { kind: 'internal', message: 'x' } }) } as unknown as JournalDesk;
    expect(await journalHoldsAllUnsent(db, refusing, 2)).toBe(false);
  });

  it('the banner says so in English and in Czech, declined by count', () => {
    const say = (message: unknown, count: number, locale: string) => pluralForm(message as PluralForms, count, locale).replace('{count}', String(count));
    expect(say(en['storage.banner.closingSafeJournal'], 3, 'en')).toBe(
      'Closing the app is safe: 3 unsent changes are also kept in the app’s journal on this computer and come back when the app starts again.',
    );
    expect(say(cs['storage.banner.closingSafeJournal'], 1, 'cs')).toMatch(/^Aplikaci můžete bezpečně zavřít: 1 neodeslaná změna je uložena i v deníku/);
    expect(say(cs['storage.banner.closingSafeJournal'], 3, 'cs')).toMatch(/: 3 neodeslané změny jsou uloženy i v deníku/);
    expect(say(cs['storage.banner.closingSafeJournal'], 5, 'cs')).toMatch(/: 5 neodeslaných změn je uloženo i v deníku/);
  });
});
