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
import type { Secrets } from './secrets';

type JournalChannels = Pick<DeskHandlers, 'appendJournal' | 'getJournalUnsent' | 'reportJournalRestored'>;

/** What the journal's channels take secrets out with (./secrets.ts). */
export type JournalScrubbers = Pick<Secrets, 'scrub' | 'scrubValue'>;

const NO_SCRUB: JournalScrubbers = { scrub: (text) => text, scrubValue: (value) => value };

/**
 * The secrets main knows are taken out of what the renderer sends before it is written or
 * logged: a create body kept in clear (a memory-only data key) or a complaint ID in a log
 * line never carries the API key, even when the agent typed it into a description.
 */
export function journalChannels(journal: Journal | null, log: Logger, { scrub, scrubValue }: JournalScrubbers = NO_SCRUB): JournalChannels {
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
