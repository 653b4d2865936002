/**
 * English strings about this computer's storage (common/storage-errors.ts): a refused
 * change, the lasting banner after a storage failure, a database that cannot be opened,
 * Settings → Diagnostics. Kept beside the main dictionary (./en.ts spreads them in).
 * They name the cause the agent can act on; never "close other windows" when the disk is
 * the cause.
 */
import type { Message } from './types';

export const enStorage = {
  // What a failure is, as part of a sentence ("Could not do that: {detail}").
  'storage.cause.disk-full': 'this computer’s disk is full',
  'storage.cause.write-aborted': 'this computer’s storage refused to write, most often because the disk is full',
  'storage.cause.backing-store': 'the app’s data folder on this computer cannot be opened (the disk may be full, or the folder is damaged or read-only)',
  'storage.cause.closed': 'the app’s storage on this computer stopped after an error, most often a full disk',
  'storage.cause.newer-version': 'the data on this computer was written by a newer version of the app',
  'storage.cause.blocked': 'another window of the app keeps the local database open',
  'storage.cause.unavailable': 'this computer’s storage did not answer',

  // A change the storage refused: nothing was saved, nothing is shown as pending.
  'storage.refused.disk-full': 'Not saved: this computer’s disk is full. Free some space and choose again. Nothing saved earlier is lost.',
  'storage.refused.write-aborted':
    'Not saved: this computer’s storage refused the change, most often because the disk is full. Free some space and choose again. Nothing saved earlier is lost.',
  'storage.refused.backing-store':
    'Not saved: the app’s data folder on this computer cannot be written (the disk may be full, or the folder is damaged). Free some space and choose again. Nothing saved earlier is lost.',
  'storage.refused.closed':
    'Not saved: the app’s storage stopped after an error, most often a full disk. Free some space, then choose Try again in the banner at the top. Nothing saved earlier is lost.',
  'storage.refused.unavailable': 'Not saved: this computer’s storage did not take the change. Choose again in a moment. Nothing saved earlier is lost.',

  // The lasting banner (in the header) after a storage failure.
  'storage.banner.title': 'Changes are not being saved on this computer',
  'storage.banner.disk':
    'The disk is full, so the app takes no new changes until space is freed. Nothing saved earlier is lost.',
  'storage.banner.stopped':
    'The app’s storage stopped after an error, most often a full disk. The app takes no new changes until it works again. Free some space, then choose Try again.',
  'storage.banner.otherVersion':
    'Another window or version of the app took over this computer’s local database, so this window takes no new changes. Nothing saved is lost. Keep working in the other window, or close it and choose Try again.',
  'storage.banner.unsent': {
    one: 'Do not close the app before space is freed: {count} unsent change is kept only in this computer’s storage.',
    other: 'Do not close the app before space is freed: {count} unsent changes are kept only in this computer’s storage.',
  },
  'storage.banner.unsentUnknown': 'Do not close the app before space is freed: unsent changes may be kept only in this computer’s storage.',
  'storage.banner.closingSafe': 'Closing the app is safe: nothing unsent would be lost.',
  'storage.banner.closingSafeJournal': {
    one: 'Closing the app is safe: {count} unsent change is also kept in the app’s journal on this computer and comes back when the app starts again.',
    other: 'Closing the app is safe: {count} unsent changes are also kept in the app’s journal on this computer and come back when the app starts again.',
  },
  'storage.banner.closingSafeJournalUnknown':
    'Closing the app is safe: every unsent change is also kept in the app’s journal on this computer and comes back when the app starts again.',
  'storage.banner.retry': 'Try again',
  'storage.banner.retrying': 'Trying…',
  'storage.banner.stillFailing': 'Still not possible: {cause}.',
  'storage.banner.recovered': 'Storage works again: changes are saved as before.',

  // The database could not be opened (shown instead of the app).
  'storage.open.title.newer-version': 'A newer version of the app wrote this data',
  'storage.open.newer-version':
    'A newer version of BizKitHub Complaints Desk (data version {version}) used this computer’s local database. This version does not open it, so nothing in it is changed or lost. Install the newer version again to keep working with it.',
  'storage.open.title.blocked': 'Another window keeps the local database open',
  'storage.open.blocked':
    'Another window of the app keeps the local database open and does not let go. Close that window or quit the app there, then choose Try again.',
  'storage.open.blockedVersion':
    'A window of an older version of the app (data version {version}) keeps the local database open. Close that window or quit the older version, then choose Try again.',
  'storage.open.title.disk': 'The local database cannot be opened',
  'storage.open.disk':
    'The cause: {cause}. Free some space on this computer, then choose Try again. Nothing is deleted.',
  'storage.open.retry': 'Try again',
  'storage.open.export': 'Export unsent changes',
  'storage.open.exportHint':
    'Saves to a file the changes not yet sent to BizKitHub, as the app’s journal on this computer keeps them. Complaints you filed are in it with what you entered, so keep the file safe.',
  'storage.open.exported': {
    one: 'Saved {count} unsent change to {file}.',
    other: 'Saved {count} unsent changes to {file}.',
  },
  'storage.open.exportDownloaded': {
    one: 'The download of {file} started: {count} unsent change.',
    other: 'The download of {file} started: {count} unsent changes.',
  },
  'storage.open.exportCancelled': 'Not exported: the save was cancelled.',
  'storage.open.exportEmpty': 'Nothing to export: the journal on this computer holds no unsent changes for this workspace.',
  'storage.open.exportFailed': 'Could not export the unsent changes: {detail}',
  'storage.open.details': 'Details: {detail}',

  'storage.legacyWaiting': {
    one: '{count} unsent change from the earlier version of the app waits until the system keychain can be read: unlock it and restart the app. It is not sent in demo mode.',
    other: '{count} unsent changes from the earlier version of the app wait until the system keychain can be read: unlock it and restart the app. They are not sent in demo mode.',
  },
  'storage.unknownKind': 'A change made by a newer version of the app: kept as it is, never sent by this version.',
  // Settings → Diagnostics.
  'diagnostics.heading': 'Diagnostics',
  'diagnostics.persistent': 'Storage is persistent: the browser keeps the app’s data even when the disk runs low.',
  'diagnostics.notPersistent':
    'Storage is not persistent: when the disk runs low, the browser may delete the app’s data on this computer, with any unsent changes.',
  'diagnostics.persistenceUnknown': 'Whether storage is persistent is not known: this browser does not say.',
  'diagnostics.usage': 'Storage used: {used} of {quota} available to the app.',
  'diagnostics.storageError': 'Last storage error: {cause}.',
} as const satisfies Record<string, Message>;
