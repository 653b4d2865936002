import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../../common/result';
import type { DeskDatabase } from '../../../../renderer/src/data/db';
import { foldText, matchesQuery, queryWords, searchWordsOf } from '../../../../renderer/src/data/search-words';
import { addComplaints, refreshComplaint } from '../../../../renderer/src/data/worklist';
import { changeStatus } from '../../../../renderer/src/data/outbox';
import { keysMatchingSearch } from '../../../../renderer/src/data/worklist-query';
import { detailOf, freshDb } from '../../../support/desk-db';

let db: DeskDatabase | undefined;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
  db = undefined;
});

describe('search words (pure)', () => {
  it('folds case and diacritics', () => {
    expect(foldText('Šárka Růžičková')).toBe('sarka ruzickova');
    expect(foldText('ŽLUŤOUČKÝ kůň')).toBe('zlutoucky kun');
    expect(foldText('İstanbul')).toBe('istanbul');
  });

  it('indexes each word whole and from every point after punctuation', () => {
    const words = searchWordsOf('ABC-123', detailOf('ABC-123', 'new', {
      customerName: 'Jana  Nováková-Svobodová',
      orderNumber: 'OBJ-2024-17',
      email: 'jana.novakova@example.cz',
    }));
    expect(words.sort()).toEqual(
      [
        'abc-123', '123',
        'jana', 'novakova-svobodova', 'svobodova',
        'obj-2024-17', '2024-17', '17',
        'jana.novakova@example.cz', 'novakova@example.cz', 'example.cz', 'cz',
      ].sort(),
    );
  });

  it('each word once; no detail → the ID only; missing fields are skipped', () => {
    expect(searchWordsOf('X1', null)).toEqual(['x1']);
    expect(searchWordsOf('jana', detailOf('jana', 'new', { customerName: 'Jana', orderNumber: undefined, email: undefined }))).toEqual(['jana']);
  });

  it('query words: folded, split on whitespace, deduplicated', () => {
    expect(queryWords('  Nováková   OBJ-2024 nováková ')).toEqual(['novakova', 'obj-2024']);
    expect(queryWords('   ')).toEqual([]);
  });

  it('matchesQuery: every query word is the prefix of some word', () => {
    const words = searchWordsOf('A1', detailOf('A1', 'new'));
    expect(matchesQuery(words, queryWords('jana nov'))).toBe(true);
    expect(matchesQuery(words, queryWords('2024 cz'))).toBe(true);
    expect(matchesQuery(words, queryWords('akova'))).toBe(false); // not a word prefix
    expect(matchesQuery(words, queryWords('jana petr'))).toBe(false);
  });
});

describe('keysMatchingSearch (the *searchWords index)', () => {
  async function seed(database: DeskDatabase): Promise<void> {
    await addComplaints(database, ['K-1', 'K-2', 'K-3', 'Z-9'], 1);
    const details = {
      'K-1': detailOf('K-1', 'open', { customerName: 'Jana Nováková', orderNumber: 'OBJ-2024-17', email: 'jana@example.cz' }),
      'K-2': detailOf('K-2', 'new', { customerName: 'Jan Novák', orderNumber: 'OBJ-2025-3', email: 'jan.novak@example.com' }),
      'K-3': detailOf('K-3', 'wait', { customerName: 'Petr Dvořák', orderNumber: 'OBJ-2024-99', email: 'petr@firma.cz' }),
    } as const;
    for (const [id, detail] of Object.entries(details)) {
      await refreshComplaint(database, { getComplaint: async () => ok(detail) }, id, () => 2);
    }
  }

  it('finds by ID, customer (without diacritics), order number and email, by word prefix', async () => {
    db = freshDb();
    await seed(db);
    expect(await keysMatchingSearch(db, 'k-1')).toEqual(new Set(['K-1']));
    expect(await keysMatchingSearch(db, 'K-')).toEqual(new Set(['K-1', 'K-2', 'K-3']));
    expect(await keysMatchingSearch(db, 'novakova')).toEqual(new Set(['K-1']));
    expect(await keysMatchingSearch(db, 'Novák')).toEqual(new Set(['K-1', 'K-2']));
    expect(await keysMatchingSearch(db, 'obj-2024')).toEqual(new Set(['K-1', 'K-3']));
    expect(await keysMatchingSearch(db, '2025')).toEqual(new Set(['K-2']));
    expect(await keysMatchingSearch(db, 'example.c')).toEqual(new Set(['K-1', 'K-2']));
    expect(await keysMatchingSearch(db, 'nothing-like-it')).toEqual(new Set());
  });

  it('several words: all must match (any order), intersected', async () => {
    db = freshDb();
    await seed(db);
    expect(await keysMatchingSearch(db, 'jan obj-2025')).toEqual(new Set(['K-2']));
    expect(await keysMatchingSearch(db, 'obj-2025 jan')).toEqual(new Set(['K-2']));
    expect(await keysMatchingSearch(db, 'jan dvorak')).toEqual(new Set());
    // An empty query matches everything (the UI does not filter then).
    expect((await keysMatchingSearch(db, '  ')).size).toBe(4);
  });

  it('several words where one is common: the same matches, from the rare word checked against the others', async () => {
    db = freshDb();
    const ids = Array.from({ length: 40 }, (_, i) => `J-${i}`);
    await addComplaints(db, ids, 1);
    for (const id of ids) {
      const customerName = id === 'J-7' ? 'Jana Nováková' : id === 'J-8' ? 'Jan Novotný' : `Jana Svobodová ${id}`;
      await refreshComplaint(db, { getComplaint: async () => ok(detailOf(id, 'open', { customerName, email: `${id.toLowerCase()}@example.cz` })) }, id, () => 2);
    }
    expect(await db.complaints.where('searchWords').startsWith('jana').count()).toBe(39);
    expect(await keysMatchingSearch(db, 'jana novakova')).toEqual(new Set(['J-7']));
    expect(await keysMatchingSearch(db, 'novak jana')).toEqual(new Set(['J-7']));
    expect(await keysMatchingSearch(db, 'jan nov')).toEqual(new Set(['J-7', 'J-8']));
    expect(await keysMatchingSearch(db, 'jana svobodova j-12')).toEqual(new Set(['J-12']));
  });

  it('follows refreshed details, and survives the outbox rewriting the row', async () => {
    db = freshDb();
    await seed(db);
    await refreshComplaint(db, { getComplaint: async () => ok(detailOf('K-3', 'wait', { customerName: 'Eva Černá' })) }, 'K-3', () => 3);
    expect(await keysMatchingSearch(db, 'dvorak')).toEqual(new Set());
    expect(await keysMatchingSearch(db, 'cerna')).toEqual(new Set(['K-3']));
    await changeStatus(db, 'K-3', 'resolve', 4);
    expect(await keysMatchingSearch(db, 'cerna')).toEqual(new Set(['K-3']));
    expect((await db.complaints.get('K-3'))?.searchWords).toContain('eva');
  });
});
