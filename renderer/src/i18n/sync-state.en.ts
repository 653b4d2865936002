/**
 * English strings of what the sync is doing right now (the header's line, a complaint's own
 * pending change) and of the changes waiting for another account; kept beside the main
 * dictionary (./en.ts spreads them in). Every text that names where changes go has a demo
 * variant: in demo mode nothing reaches BizKitHub, so no text says it does.
 */
export const enSyncState = {
  'syncState.serverProblem': 'BizKitHub is having problems — retrying in {seconds} s',
  'syncState.serverProblemDemo': 'The demo sandbox is having problems — retrying in {seconds} s',
  'syncState.serverProblemNow': 'BizKitHub is having problems — retrying now',
  'syncState.serverProblemNowDemo': 'The demo sandbox is having problems — retrying now',
  'syncState.rateLimited': 'Rate limited — resuming at {time} (about {minutes} min)',
  'syncState.changeNotSent': 'Not sent yet: {problem}',
  'syncState.changeOffline': 'Not sent yet: offline — it goes as soon as the connection is back',
  'syncState.demoError.server': 'The demo sandbox had a problem — will retry',
  'syncState.demoError.not-found': 'The demo sandbox does not know this complaint',
  'syncState.demoError.invalid': 'The demo sandbox refused this change',
  'syncState.demoError.malformed': 'The demo sandbox sent an answer the app does not understand — will check before resending',
  'detail.sentDemo': 'Status {status} sent to the demo sandbox.',
  // CONTRACT: "Discard" and "Send to this account" in the entries waiting for another account.
  'stranded.discard': 'Discard',
  'stranded.sendHere': 'Send to this account',
  'stranded.discardTitle': {
    one: 'Discard {count} change made for {from}?',
    other: 'Discard {count} changes made for {from}?',
  },
  'stranded.discardBody': 'These changes are never sent anywhere: {list}. They stay in the history as discarded.',
  'stranded.discardConfirm': 'Discard',
  'stranded.sendTitle': {
    one: 'Send {count} change to this account?',
    other: 'Send {count} changes to this account?',
  },
  'stranded.sendBody': {
    one: 'Made for {from}, it goes to {to} instead: {list}. It is checked against the complaint there first; if someone changed it, you choose.',
    other:
      'Made for {from}, they go to {to} instead: {list}. Each is checked against its complaint there first; if someone changed it, you choose.',
  },
  'stranded.sendConfirm': 'Send to this account',
  'stranded.sent': {
    one: '{count} change moved to {to}; it is sent from here.',
    other: '{count} changes moved to {to}; they are sent from here.',
  },
  'stranded.discarded': {
    one: '{count} change discarded.',
    other: '{count} changes discarded.',
  },
  'stranded.failed': 'Nothing was moved: {error}',
  'stranded.demoNeverLive': 'Changes made in demo mode never go to a live account.',
  'stranded.demoName': 'demo mode',
} as const;
