/**
 * English strings of the worklist's place, selection and big imports, kept beside the main dictionary (./en.ts spreads them in).
 */
import type { Message } from './types';

export const enWorklist = {
  'worklist.orderChanged': {
    one: '{count} updated — refresh order',
    other: '{count} updated — refresh order',
  },
  'worklist.orderChangedHint':
    'The list keeps its order while you work through it. Refresh to sort it again and apply the filters to what changed.',
  'worklist.selectRow': 'Select {id}',
  'worklist.selectNotFound': 'Select all not found',
  'worklist.selected': { one: '{count} selected', other: '{count} selected' },
  'worklist.removeSelected': 'Remove selected',
  'worklist.clearSelection': 'Clear selection',
  'worklist.removeManyTitle': {
    one: 'Remove {count} complaint from the worklist?',
    other: 'Remove {count} complaints from the worklist?',
  },
  'worklist.removeManyBody':
    'They are removed from this computer only: BizKitHub keeps them and they can be added again. Complaints with unsent changes are kept.',
  'worklist.removeManyConfirm': 'Remove from the worklist',
  'worklist.removedMany': { one: 'Removed {count} complaint from the list.', other: 'Removed {count} complaints from the list.' },
  'worklist.keptUnsent': {
    one: '{count} kept, it has unsent changes (still selected): {ids}',
    other: '{count} kept, they have unsent changes (still selected): {ids}',
  },
  'worklist.andMore': '{ids} and {count} more',
  'worklist.downloading': 'Downloading {done} of {total}…',
  'worklist.downloadCancel': 'Cancel download',
  'worklist.downloadDone': 'Downloaded {done} of {total}.',
  'worklist.downloadNotFound': {
    one: '{count} is not known to BizKitHub: “Select all not found” picks it.',
    other: '{count} are not known to BizKitHub: “Select all not found” picks them.',
  },
  'worklist.downloadCancelled':
    'Download stopped at {done} of {total}. The rest stay on the list as “Not downloaded yet” and are downloaded in the background later, unless you remove them.',
  'worklist.downloadRateLimit':
    'Download paused at {done} of {total}: the rate limit is nearly used up (the rest is kept for your changes). The rest are downloaded in the background as the limit allows.',
  'worklist.downloadStopped':
    'Download stopped at {done} of {total}: {reason} The rest are downloaded in the background when BizKitHub can be reached.',
  'worklist.downloadDismiss': 'Close',
} as const satisfies Record<string, Message>;
