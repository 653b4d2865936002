import { describe, expect, it } from 'vitest';
import type { JournalExport } from '../../../common/journal';
import type { DeskApi } from '../../../renderer/src/desk';
import { exportUnsentChanges, journalExportFileName } from '../../../renderer/src/ui/journal-export';

const LIVE = 'live:https://api.bizkithub.com';
const DOC: JournalExport = {
  format: 'bizkithub-desk-unsent',
  destination: LIVE,
  exportedAt: '2026-12-08T02:00:00.000Z',
  entries: [
    {
      destination: LIVE,
      seq: 1,
      kind: 'status',
      complaintId: 'RK-1',
      targetStatus: 'open',
      baseStatus: 'new',
      state: 'queued',
      attempts: 0,
      createdAt: 1,
      nextAttemptAt: 0,
      maybeSent: false,
      unreadable: false,
    },
  ],
};

function fakeDesk(doc: JournalExport, saved: Awaited<ReturnType<DeskApi['saveExport']>>) {
  const saves: { fileName: string; contents: string }[] = [];
  const desk = {
    exportJournal: async () => ({ ok: true, value: doc }),
    saveExport: async (input: { fileName: string; contents: string }) => (saves.push(input), saved),
  } as unknown as Pick<DeskApi, 'exportJournal' | 'saveExport'>;
  return { desk, saves };
}

describe('Export unsent changes (the journal, saved where the agent says)', () => {
  const now = new Date('2026-12-08T02:00:00.000Z');

  it('desktop app: main’s save dialog gets the journal’s entries as JSON; saved where, and how many', async () => {
    const { desk, saves } = fakeDesk(DOC, { ok: true, value: { outcome: 'saved', path: '/home/a/unsent.json' } });
    const outcome = await exportUnsentChanges({ desk, host: 'electron', download: () => expect.unreachable() }, LIVE, now);
    expect(outcome).toEqual({ outcome: 'saved', path: '/home/a/unsent.json', count: 1 });
    expect(saves).toHaveLength(1);
    expect(saves[0]?.fileName).toBe(journalExportFileName(now));
    expect(saves[0]?.fileName).toMatch(/^bizkithub-desk-unsent-2026-12-08T02-00-00-000Z\.json$/);
    expect(JSON.parse(saves[0]?.contents ?? '')).toEqual(DOC);
  });

  it('browser host: the page downloads it', async () => {
    const { desk, saves } = fakeDesk(DOC, { ok: true, value: { outcome: 'cancelled' } });
    const downloads: string[] = [];
    const outcome = await exportUnsentChanges({ desk, host: 'browser', download: (name, contents) => void downloads.push(`${name}:${contents.length}`) }, LIVE, now);
    expect(outcome).toMatchObject({ outcome: 'downloaded', count: 1 });
    expect(downloads).toHaveLength(1);
    expect(saves).toEqual([]);
  });

  it('an empty journal saves no file and says there is nothing to export', async () => {
    const { desk, saves } = fakeDesk({ ...DOC, entries: [] }, { ok: true, value: { outcome: 'cancelled' } });
    expect(await exportUnsentChanges({ desk, host: 'electron', download: () => undefined }, LIVE, now)).toEqual({ outcome: 'empty', count: 0 });
    expect(saves).toEqual([]);
  });
});
