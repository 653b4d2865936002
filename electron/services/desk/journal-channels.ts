/**
 * The journal's channels: the renderer appends the agent's changes and the outcomes it
 * sees (an answer main never saw: found applied by a check, discarded, kept, linked), and
 * asks at a workspace's start what is unsent for its destination. Main records the sends
 * itself (./complaint-channels.ts). When the browser's database cannot be opened, the
 * agent can save the journal's unsent entries as a file (`exportJournal`). Without a journal (its file could not be opened), the
 * channels answer as an empty journal and say so in the log once.
 */
import type { DeskHandlers } from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import type { Journal } from '../journal/journal';
import type { Logger } from '../logger';
import type { Secrets } from './secrets';

type JournalChannels = Pick<DeskHandlers, 'appendJournal' | 'getJournalUnsent' | 'reportJournalRestored' | 'exportJournal'>;

/** What the journal's channels take secrets out with (./secrets.ts), and their clock. */
export interface JournalChannelOptions extends Partial<Pick<Secrets, 'scrub' | 'scrubValue'>> {
  now?: () => number;
}

/**
 * The secrets main knows are taken out of what the renderer sends before it is written or
 * logged: a create body kept in clear (a memory-only data key) or a complaint ID in a log
 * line never carries the API key, even when the agent typed it into a description.
 */
export function journalChannels(journal: Journal | null, log: Logger, options: JournalChannelOptions = {}): JournalChannels {
  const { scrub = (text: string) => text, scrubValue = <T>(value: T): T => value, now = Date.now } = options;
  return {
    appendJournal: async ({ records }) => {
      if (!journal) return ok({});
      try {
        await journal.append(scrubValue(records));
        return ok({});
      } catch (e) {
        log.error('journal append failed', { error: e });
        return err({ kind: 'io', message: `The journal of unsent work could not be written: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    getJournalUnsent: async ({ destination }) => {
      if (!journal) return ok({ entries: [], lastSeq: 0 });
      const reply = await journal.unsent(destination);
      log.info('journal: unsent entries asked for', { destination, unsent: reply.entries.length, lastSeq: reply.lastSeq });
      return ok(reply);
    },
    exportJournal: async ({ destination }) => {
      const { entries } = journal ? await journal.unsent(destination) : { entries: [] };
      // Counts only: what the entries hold stays out of the log.
      log.info('journal: unsent entries exported for the agent to save', {
        destination,
        entries: entries.length,
        creates: entries.filter((e) => e.kind === 'create').length,
        unreadable: entries.filter((e) => e.unreadable).length,
      });
      return ok({ format: 'bizkithub-desk-unsent', destination, exportedAt: new Date(now()).toISOString(), entries });
    },
    reportJournalRestored: async ({ destination, restored, missing, adopted, closed }) => {
      if (restored.length > 0 || missing > 0) {
        log.warn('journal: unsent work restored after the browser database lost it', {
          destination,
          restored: restored.length,
          missing,
          entries: scrub(restored.map((e) => `#${e.seq} ${e.kind} ${e.complaintId} → ${e.state}`).join(', ')).slice(0, 4000),
        });
      }
      if (adopted > 0 || closed > 0) log.info('journal reconciled', { destination, adopted, closed });
      return ok({});
    },
  };
}
