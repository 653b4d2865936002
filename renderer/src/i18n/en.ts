/**
 * English: the reference dictionary. Its keys are the type of every message key; the
 * Czech dictionary must define each one (checked by TypeScript in cs.ts).
 *
 * Placeholders are written `{name}`. A value may be a plural object (CLDR categories,
 * `other` required); pick the form with the `count` parameter.
 *
 * Some English strings are part of the UI test contract (shared/ui-contract.md) and must
 * not change: marked CONTRACT.
 */
import { enNewComplaint } from './new-complaint.en';
import { enDataProtection } from './data-protection.en';
import { enPolicy } from './policy.en';
import { enStorage } from './storage.en';
import { enWorklist } from './worklist.en';
import { enComplaintPage } from './complaint-page.en';
import { enPending } from './pending.en';
import { enSettings } from './settings.en';
import { enHelp } from './help.en';
import { enSyncState } from './sync-state.en';
import type { Message } from './types';

export const en = {
  'app.name': 'BizKitHub Complaints Desk',
  'app.skipToContent': 'Skip to content',
  'app.loading': 'Opening the local database…',
  'app.demoBanner':
    'Demo mode: sample data from the built-in sandbox. Nothing reaches BizKitHub. Add your API key in Settings.',
  'app.viewLoadFailed': 'This view could not be loaded. Close the app and open it again.',
  'app.viewTitle': '{view} — BizKitHub Complaints Desk',

  'fatal.title': 'The app cannot start',
  'fatal.bridgeMissing': "The app's bridge to its main process is missing.",
  'fatal.bridgeExplain':
    'This window cannot reach the part of the app that talks to BizKitHub, so it stops here instead of showing data it cannot save. Close the app and open it again; if this keeps happening, reinstall it or contact support.',
  'fatal.dbFailed': 'The local database could not be opened.',
  'fatal.dbExplain':
    'Changes are kept in this computer’s browser storage, which is not available right now. Start the app again; if this keeps happening, contact support. Details: {detail}',

  // CONTRACT: nav names "Worklist", "Pending changes", "Settings".
  'nav.label': 'Main',
  'nav.worklist': 'Worklist',
  'nav.pending': 'Pending changes',
  'nav.settings': 'Settings',
  'nav.help': 'Help',

  // CONTRACT: "Online"/"Offline", "{n} pending", "Sync now".
  'sync.online': 'Online',
  'sync.offline': 'Offline',
  'sync.pending': '{n} pending',
  'sync.syncing': 'syncing…',
  // Conflicts and failures, counted apart from pending.
  'sync.needsYou': { one: '{count} needs you', other: '{count} need you' },
  'sync.lastSynced': 'last synced {when}',
  'sync.neverSynced': 'no changes sent yet',
  'sync.pausedAuth': 'API key rejected — fix it in Settings',
  'sync.pausedRateLimited': 'Rate limited, resuming at {time}',
  'sync.pausedRateLimitedSoon': 'Rate limited, resuming shortly',
  'sync.paced': 'Sending slowly to stay within the API limit: about {minutes} min left',
  'sync.stalled': 'Not sending for {minutes} min: {error}',
  'sync.stalledNoError': 'Not sending for {minutes} min',
  'sync.waitingForKey': {
    one: '{count} change waits for the key for {host}',
    other: '{count} changes wait for the key for {host}',
  },
  'sync.waitingForDemo': {
    one: '{count} demo change waits for demo mode',
    other: '{count} demo changes wait for demo mode',
  },
  'syncNow.localError': 'Could not read the changes on this computer: {error}',
  'syncNow.offline': 'Offline: nothing can be sent now. The changes are safe here and go when the connection is back.',
  'syncNow.busy': 'Another window of the app is sending right now.',
  'syncNow.pausedAuth': 'Not sent: the API key was rejected. Fix it in Settings.',
  'syncNow.rateLimited': 'Not sent yet: the API asks to wait (rate limit). Sending resumes at {time}.',
  'syncNow.needYou': { one: 'Sent {sent}; {count} change needs you in Pending changes.', other: 'Sent {sent}; {count} changes need you in Pending changes.' },
  'syncNow.sent': { one: 'Sent {count} change.', other: 'Sent {count} changes.' },
  'syncNow.waiting': { one: '{count} change waits for its next try.', other: '{count} changes wait for their next try.' },
  'syncNow.waitingElsewhere': { one: 'Nothing to send here; {count} change waits for its own API key.', other: 'Nothing to send here; {count} changes wait for their own API key.' },
  'syncNow.nothing': 'Nothing to send: every change has been sent.',
  'sync.now': 'Sync now',

  'time.justNow': 'just now',

  'status.new': 'New',
  'status.open': 'Open',
  'status.wait': 'Waiting',
  'status.resolve': 'Resolved',
  'status.reject': 'Rejected',
  'status.closed': 'Closed',
  'status.unknown': 'Unknown',
  'pending.unknownStatus': 'A status this app does not know: BizKitHub may have added it. Decide as for any other.',
  'status.notKnownHint': 'BizKitHub reports a status this app does not know; it is shown as sent',

  // CONTRACT: pending states "Queued", "Sending", "Needs check", "Conflict", "Failed".
  'state.queued': 'Queued',
  'state.sending': 'Sending',
  'state.needs-check': 'Needs check',
  'state.conflict': 'Conflict',
  'state.failed': 'Failed',
  'state.sent': 'Sent',
  'state.discarded': 'Discarded',

  'error.network': 'No connection — will retry automatically',
  'error.server': 'BizKitHub had a problem — will retry',
  'error.auth': 'API key rejected — fix it in Settings',
  'error.not-found': 'BizKitHub does not know this complaint',
  'error.invalid': 'BizKitHub refused this change',
  'error.rate-limited': 'Too many requests — waiting',
  'error.unknown-outcome': 'Sent but no answer — will check before resending',
  'error.malformed': 'BizKitHub sent an answer the app does not understand — will check before resending',
  'error.bad-request': 'The app sent something its main process refused',
  'error.forbidden': 'The app refused a request from this window',
  'error.no-keychain': 'The system keychain is not available',
  'error.not-configured': 'No API key yet — add one in Settings',
  'error.wrong-destination': 'Made for another account — waits for its own API key',
  'error.io': 'A file could not be written',
  'error.internal': 'Something went wrong inside the app',
  'error.declined': 'BizKitHub declined it ({server})',
  'error.declinedNoReason': 'no reason given',
  'error.answer-refused': 'BizKitHub’s answer was refused and nothing of it was kept: {why}',
  'refusal.wrong-id': 'it was about another complaint',
  'refusal.too-large': 'it was larger than {size}',
  'refusal.over-limit': 'a field in it was longer than allowed',

  // The one complaint ID rule (common/complaint-id.ts): what a refused ID broke.
  'idRule.rule': 'A complaint ID is 1–64 characters: letters A–Z without accents, digits, - and _.',
  'idRule.empty': 'empty',
  'idRule.tooLong': 'too long: {length} characters, at most {max}',
  'idRule.space': 'contains a space or a line break',
  'idRule.invisible': 'contains an invisible character ({char})',
  'idRule.accented': 'contains an accented or non-Latin character ({char})',
  'idRule.character': 'contains “{char}”, which an ID cannot have',
  'idRule.row': 'row {row}',
  'idRule.more': { one: '…and {count} more', other: '…and {count} more' },

  // CONTRACT: "Complaint IDs", "Add", list name "Worklist".
  'worklist.title': 'Worklist',
  'worklist.addLabel': 'Complaint IDs',
  'worklist.addHint': 'One or many, separated by spaces, commas or new lines. Ctrl+K jumps here.',
  'worklist.add': 'Add',
  'worklist.importCsv': 'Import CSV…',
  'worklist.importCsvHint': 'A column of IDs: the first column, or one named id or complaintId. At most {max} MB and {ids} IDs.',
  'worklist.nothingToAdd': 'Type or paste at least one complaint ID.',
  'worklist.added': { one: 'Added {count} complaint.', other: 'Added {count} complaints.' },
  'worklist.alreadyThere': {
    one: '{count} was already on the list.',
    other: '{count} were already on the list.',
  },
  'worklist.csvEmpty': 'No complaint IDs found in {file}.',
  'worklist.csvFailed': 'Could not read {file}: {detail}',
  'worklist.csvReading': 'Reading {file}…',
  'worklist.csvTooLarge': '{file} is {size} MB; a CSV file can be at most {max} MB. Split it and import the parts.',
  'worklist.csvTooMany': '{file} has more than {max} IDs; one import adds at most {max}. Split it and import the parts.',
  'worklist.csvRead': 'Read {count} IDs from {file}.',
  'worklist.addFailed': 'Could not add: {detail}',
  'worklist.refusedTyped': {
    one: '{count} not added — it stays in the box to be fixed:',
    other: '{count} not added — they stay in the box to be fixed:',
  },
  'worklist.refusedCsv': {
    one: '{count} cell of {file} not added:',
    other: '{count} cells of {file} not added:',
  },
  'worklist.search': 'Search',
  'worklist.searchHint': 'ID, customer or order number',
  'worklist.filter': 'Filter',
  'worklist.filterAll': 'All confirmed statuses',
  'worklist.onlyPending': 'Only with unsent changes',
  'worklist.sort': 'Sort',
  'worklist.sortNewest': 'Last changed first',
  'worklist.sortOldest': 'Last changed last',
  'worklist.sortCustomer': 'Customer name (A–Z)',
  'worklist.sortCreated': 'Created on BizKitHub, newest first',
  'worklist.count': {
    one: '{count} complaint on this computer',
    other: '{count} complaints on this computer',
  },
  'worklist.countFiltered': '{shown} of {total} shown',
  'worklist.empty': 'No complaints yet. Add complaint IDs above, or import a CSV file.',
  'worklist.demoOffer': 'Trying the app? The built-in sandbox has {count} demo complaints.',
  'worklist.demoAdd': 'Add the demo complaints',
  'worklist.demoAdded': { one: 'Added {count} demo complaint.', other: 'Added {count} demo complaints.' },
  'worklist.demoOfflineDesktop': 'Working without a connection? Keep going: changes are saved here and sent when it is back. Help says what the header tells you.',
  'worklist.demoOffline':
    'To try working offline: turn the network off in the browser (DevTools → Network → Offline), or use the sandbox’s switches. Help says how.',
  'worklist.noMatch': 'Nothing matches the search and filters.',
  'worklist.loading': 'Loading…',
  'worklist.searching': 'searching…',
  'worklist.needsConflict': 'Needs you: changed by someone else',
  'worklist.needsFailed': 'Needs you: not sent',
  'worklist.notFound': 'Not found on BizKitHub',
  'worklist.notFetched': 'Not downloaded yet',
  'worklist.fetchError': 'Could not refresh: {error}',
  'worklist.refreshed': 'refreshed {when}',
  'worklist.noCustomer': 'No customer name',
  'worklist.order': 'Order {number}',
  'worklist.pendingSuffix': 'pending',
  'worklist.keyboardHint': 'Arrow keys move, Enter opens, Space selects, Delete removes from the list.',
  'worklist.removed': 'Removed {id} from the list.',
  'worklist.removeRefused': {
    one: '{id} stays on the list: it has {count} unsent change. Send or cancel it first (Pending changes).',
    other: '{id} stays on the list: it has {count} unsent changes. Send or cancel them first (Pending changes).',
  },

  // Desktop notifications (renderer/src/sync/attention.ts).
  'attention.synced': {
    one: 'The waiting change reached BizKitHub',
    other: 'All {count} changes reached BizKitHub',
  },
  'attention.syncedBody': 'Nothing is waiting to be sent.',
  'attention.syncedPartly': {
    one: '{count} change reached BizKitHub',
    other: '{count} changes reached BizKitHub',
  },
  'attention.syncedPartlyBody': 'The changes you discarded were not sent. Nothing is waiting to be sent.',
  'attention.conflict': {
    one: 'A change needs your decision',
    other: '{count} changes need your decision',
  },
  'attention.conflictBody': {
    one: 'Someone else changed complaint {ids} meanwhile. Open Pending changes to choose which status to keep.',
    other: 'Someone else changed complaints {ids} meanwhile. Open Pending changes to choose which statuses to keep.',
  },
  'attention.failed': {
    one: 'A change could not be sent',
    other: '{count} changes could not be sent',
  },
  'attention.failedBody': {
    one: 'BizKitHub refused the change to complaint {ids}. Open Pending changes to see why, then retry or discard it.',
    other: 'BizKitHub refused the changes to complaints {ids}. Open Pending changes to see why, then retry or discard them.',
  },
  'attention.auth': 'API key rejected',
  'attention.authBody':
    'BizKitHub refused the API key. Your changes are safe on this computer and are sent once the key is fixed in Settings.',
  'attention.moreIds': '{ids} and {more} more',

  // The app's own update, ready to install (renderer/src/ui/UpdateBanner.svelte).
  'update.region': 'App update',
  'update.ready': 'Version {version} is ready.',
  'update.readyHint': 'Restarting takes a moment. If you keep working, it is installed when you quit the app.',
  'update.restart': 'Restart to update',
  'update.later': 'Later',
  'update.restarting': 'Restarting…',
  'update.blockedPending': {
    one: '{count} change is still being sent; restart when it is done.',
    other: '{count} changes are still being sent; restart when they are done.',
  },
  'update.blockedOffline': {
    one: '{count} change is waiting for the connection; restart once it has been sent.',
    other: '{count} changes are waiting for the connection; restart once they have been sent.',
  },
  'update.blockedSending': 'A change is being sent right now; restart when it is done.',
  'update.unblocked': 'All changes are sent. You can restart now.',
  'update.installOnQuit': 'The update cannot be installed right now. It is installed when you quit the app.',
  'update.failed': 'Could not restart: {error}',

  'notice.dismiss': 'Dismiss',
  'notice.region': 'Notifications',

  // The journal of unsent work restored what the browser's database lost (shown once).
  'journal.restored': {
    one: 'Restored {count} unsent change after this computer’s local database was lost.',
    other: 'Restored {count} unsent changes after this computer’s local database was lost.',
  },
  'journal.missing': {
    one: '{count} unsent change could not be restored after this computer’s local database was lost: what was filed cannot be read any more. Check on BizKitHub the complaints you filed recently.',
    other: '{count} unsent changes could not be restored after this computer’s local database was lost: what was filed cannot be read any more. Check on BizKitHub the complaints you filed recently.',
  },
  'journal.unchecked':
    'Unsent changes may be missing: when the app started, it could not compare this computer’s database with its journal of unsent work. “0 pending” does not mean everything was sent. Restart the app to check again.',
  // The header's short line for the same (links to Pending changes).
  'journal.gap.unchecked': 'unsent changes not checked',
  'journal.gap.missing': { one: '{count} unsent change not restored', other: '{count} unsent changes not restored' },
  ...enNewComplaint,
  ...enWorklist,
  ...enSyncState,
  ...enDataProtection,
  ...enPolicy,
  ...enStorage,
  ...enComplaintPage,
  ...enPending,
  ...enSettings,
  ...enHelp,
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
