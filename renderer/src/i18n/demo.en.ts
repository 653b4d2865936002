/**
 * English demo-mode variants of texts that name BizKitHub as where changes go or what
 * answered. In demo mode nothing reaches BizKitHub, so `t` (./index.svelte.ts) shows these
 * instead of the main dictionary's texts; every other key reads the same in both modes.
 */
import type { MessageKey } from './en';
import type { Message } from './types';

export const enDemo: Partial<Record<MessageKey, Message>> = {
  'error.server': 'The demo sandbox had a problem — will retry',
  'error.not-found': 'The demo sandbox does not know this complaint',
  'error.invalid': 'The demo sandbox refused this change',
  'error.malformed': 'The demo sandbox sent an answer the app does not understand — will check before resending',
  'worklist.notFound': 'Not found in the demo sandbox',
  'worklist.removeManyBody':
    'They are removed from this computer only: the demo sandbox keeps them and they can be added again. Complaints with unsent changes are kept.',
  'worklist.downloadNotFound': {
    one: '{count} is not known to the demo sandbox: “Select all not found” picks it.',
    other: '{count} are not known to the demo sandbox: “Select all not found” picks them.',
  },
  'worklist.downloadStopped':
    'Download stopped at {done} of {total}: {reason} The rest are downloaded in the background when the demo sandbox can be reached.',
  'detail.unknownId': 'The demo sandbox does not know this complaint ID.',
  'detail.resolved': 'Marked resolved by the demo sandbox',
  'detail.sent': 'Status {status} sent to the demo sandbox.',
  'detail.unverifiedTitle': 'Not yet verified with the demo sandbox',
  'detail.unverifiedBody':
    'Complaint {id} has never been downloaded, so the demo sandbox has not confirmed that it exists. If the ID has a typo, the change to {status} will fail when it is sent. Change it anyway?',
  'pending.intro':
    'Changes saved on this computer that the demo sandbox has not confirmed yet. They are sent automatically, oldest first.',
  'pending.conflictEventAt': 'Demo sandbox: changed to {status} on {when}',
  'pending.conflictEvent': 'Demo sandbox: changed to {status}',
  'pending.actionsHint':
    'Cancel takes back a change that has not been sent: nothing reaches the demo sandbox. Discard gives up a change the demo sandbox refused; it stays in the history below. In a conflict, choose whose status stays.',
  'history.reconciled': 'Sent (already applied in the demo sandbox)',
  'help.tryOfflineIntro':
    'Every change is saved on this computer first and sent when the demo sandbox can be reached. To see that without pulling the cable:',
  'attention.synced': {
    one: 'The waiting change reached the demo sandbox',
    other: 'All {count} changes reached the demo sandbox',
  },
  'attention.syncedPartly': {
    one: '{count} change reached the demo sandbox',
    other: '{count} changes reached the demo sandbox',
  },
  'attention.failedBody': {
    one: 'The demo sandbox refused the change to complaint {ids}. Open Pending changes to see why, then retry or discard it.',
    other: 'The demo sandbox refused the changes to complaints {ids}. Open Pending changes to see why, then retry or discard them.',
  },
  'newComplaint.intro':
    'Saved on this computer at once, then sent to the demo sandbox when the connection allows. Fields marked * are required.',
  'newComplaint.saved': 'Saved on this computer. It is sent to the demo sandbox when the connection allows.',
  'newComplaint.queued':
    'Saved on this computer. It is sent to the demo sandbox when the connection allows; status changes you make meanwhile are sent after it.',
  'newComplaint.sending': 'Being sent to the demo sandbox…',
  'newComplaint.failed': 'The demo sandbox refused this complaint: {error}',
  'newComplaint.uncertain': 'Needs check: may already exist in the demo sandbox',
  'newComplaint.uncertainExplain':
    'It was sent, but the answer was lost ({error}). The demo sandbox may have created it. The app never sends it again by itself, so it cannot be created twice. Look for it in the demo sandbox by the details below, then choose.',
  'newComplaint.createAgainHint': 'Only if you checked that the demo sandbox does not have it.',
  'newComplaint.linkNotFound': 'The demo sandbox has no complaint {id}.',
  'newComplaint.created': 'Complaint {id} created in the demo sandbox.',
  'newComplaint.lost.answer': 'the connection dropped before the demo sandbox answered',
  'newComplaint.lost.server': 'the demo sandbox answered with a server error',
  'newComplaint.lost.noId': 'the demo sandbox’s answer named no complaint ID',
  'newComplaint.editIntro':
    'Correct what the demo sandbox refused (or anything else), then save: it is sent again. Status changes made on it stay queued behind it.',
  'newComplaint.cannotEdit':
    'This complaint can no longer be corrected here: it is being sent, may already exist in the demo sandbox, or was created.',
  'newComplaint.corrected': 'Corrected. It is sent to the demo sandbox again.',
  'worklist.needsUncertain': 'Needs you: may already exist in the demo sandbox',
  'attention.uncertainBody': {
    one: 'The answer to sending it was lost: it may already exist in the demo sandbox. Open it to link it or create it again.',
    other: 'The answers to sending them were lost: they may already exist in the demo sandbox. Open each to link it or create it again.',
  },
  'worklist.sortCreated': 'Demo sandbox: newest first',
};
