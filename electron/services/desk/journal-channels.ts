/**
 * The journal's channels: the renderer appends the agent's changes and the outcomes it
 * sees (an answer main never saw: found applied by a check, discarded, kept, linked), and
 * asks at a workspace's start what is unsent for its destination. Main records the sends
 * itself (./complaint-channels.ts). Without a journal (its file could not be opened), the
 * channels answer as an empty journal and say so in the log once.
 */
import type { DeskHandlers } from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import type { Journal } from '../journal/journal';
import type { Logger } from '../logger';

type JournalChannels = Pick<DeskHandlers, 'appendJournal' | 'getJournalUnsent'>;

export function journalChannels(journal: Journal | null, log: Logger): JournalChannels {
  return {
    appendJournal: async ({ records }) => {
      if (!journal) return ok({});
      try {
        await journal.append(records);
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
  };
}
