/**
 * English strings of the Pending changes page (the queue, conflicts and the sent history), kept beside the main dictionary (./en.ts spreads them in).
 */
import type { Message } from './types';

export const enPending = {
  // CONTRACT: "Cancel", "Retry", "Discard", "Apply mine anyway", "Keep server's".
  'pending.title': 'Pending changes',
  'pending.intro':
    'Changes saved on this computer that BizKitHub has not confirmed yet. They are sent automatically, oldest first.',
  'pending.none': 'Nothing waiting: every change has been sent.',
  'pending.offline': 'Offline: these changes are safe on this computer and will be sent when the connection is back.',
  'pending.caption': 'Unsent changes',
  'pending.complaint': 'Complaint',
  'pending.change': 'Change',
  'pending.state': 'State',
  'pending.made': 'Made',
  'pending.attempts': 'Attempts',
  'pending.problem': 'Problem',
  'pending.actions': 'Actions',
  'pending.from': 'from {status}',
  'pending.to': 'to {status}',
  'pending.nextAttempt': 'next try {when}',
  // Counts down live (clock.svelte.ts followDeadline) and goes when the window ends.
  'pending.undoWindow': {
    one: 'will be sent in {count} second (can still be undone)',
    other: 'will be sent in {count} seconds (can still be undone)',
  },
  'pending.serverSays': 'Server now says: {status}',
  'pending.conflictEventAt': 'BizKitHub: changed to {status} on {when}',
  'pending.conflictEvent': 'BizKitHub: changed to {status}',
  'pending.actionsHint':
    'Cancel takes back a change that has not been sent: nothing reaches BizKitHub. Discard gives up a change BizKitHub refused; it stays in the history below. In a conflict, choose whose status stays.',
  'pending.cancel': 'Cancel',
  'pending.retry': 'Retry',
  'pending.discard': 'Discard',
  'pending.applyMine': 'Apply mine anyway',
  'pending.keepServer': "Keep server's",
  'pending.export': 'Export for support',
  'pending.exportHint': 'Saves a JSON file with the queue and its history (no API key inside).',
  'pending.exported': 'Saved {file}.',
  'pending.exportCancelled': 'Export cancelled: nothing was saved.',
  'pending.exportFailed': 'The export was not saved: {detail}',
  'pending.exportDownloaded': 'Download started: {file}.',
  'pending.actionFailed': 'Could not do that: {detail}',
  'pending.cancelled': 'Cancelled the change to {id}.',
  'pending.retrying': 'Trying {id} again.',
  'pending.discarded': 'Discarded the change to {id}.',
  'pending.appliedMine': 'Your status for {id} will be sent.',
  'pending.keptServer': 'Kept the server’s status for {id}.',
  'pending.history': 'Recent sync history',
  'pending.historyCaption': 'Sent and discarded changes',
  'pending.historyNone': 'No history yet.',
  'pending.outcome': 'Outcome',
  'pending.when': 'When',
  // CONTRACT: the waiting state contains "Waiting for the key".
  'pending.waitingHeading': 'Waiting for another account',
  'pending.waitingIntro':
    'These changes were made for another API or for demo mode. They stay on this computer and go only where they were made for: never anywhere else.',
  'pending.waitingForKey': 'Waiting for the key for {host}',
  'pending.waitingForKeyHint': 'Save the API key for {host} in Settings to send them.',
  'pending.waitingForDemo': 'Waiting for demo mode',
  'pending.waitingForDemoHint': 'Made in demo mode: never sent to BizKitHub. Remove the key to see them in the sandbox again.',
  'pending.replaced': 'Replaced {list} within the undo window; only {status} will be sent.',
  'pending.historyLimit': 'Showing the latest {count}.',
  'history.reconciled': 'Sent (already applied on BizKitHub)',
  'history.appliedAnyway': 'Sent (applied anyway)',
  'history.keptServer': 'Discarded — kept the server’s status',
} as const satisfies Record<string, Message>;
