/**
 * English strings of IT policy (common/policy.ts): locked settings, Settings → About's
 * list of the policies in force and of what was refused, and what the agent is told when
 * policy leaves no API to talk to. Kept beside the main dictionary (./en.ts spreads them in).
 */
import type { Message } from './types';

export const enPolicy = {
  /** CONTRACT: beside every setting IT has fixed. */
  'policy.locked': 'Set by your organisation',
  'policy.askItForKey': 'Ask your IT department for an API key.',
  'policy.noKeyMode': 'No API key',
  'policy.apiUrlRefused':
    'The API address set by your organisation is not valid, so nothing is sent. Contact your IT department.',
  'policy.sessionOnlyOff': 'Your organisation does not allow keeping the key for this session only.',
  'policy.concurrencyMax': 'Your organisation allows at most {max}.',
  'policy.heading': 'Policies set by your organisation',
  'policy.none': 'No policies are set for this app.',
  'policy.enforced': 'locked',
  'policy.default': 'default, you may change it',
  'policy.source': 'from {source}',
  'policy.refusedHeading': 'Refused policies',
  'policy.refusedCount': {
    one: '{count} policy was refused and does not apply; the others do.',
    other: '{count} policies were refused and do not apply; the others do.',
  },
  'policy.refused': '{name} in {source}: {reason}',
  'policy.reason.unknown-policy': 'unknown policy',
  'policy.reason.enforced-only': 'can only be enforced, never a default',
  'policy.reason.invalid-value': 'invalid value ({detail})',
  'policy.reason.unreadable': 'cannot be read ({detail})',
  'policy.value.true': 'on',
  'policy.value.false': 'off',
  'policy.name.apiUrl': 'API address',
  'policy.name.demoMode': 'Demo mode',
  'policy.name.updates': 'Updates',
  'policy.name.syncConcurrencyMax': 'Most complaints sent at once',
  'policy.name.historyRetentionDays': 'Keep sync history for (days)',
  'policy.name.launchAtLogin': 'Launch at login',
  'policy.name.allowSessionOnlyKey': 'Key for this session only',
  'policy.name.requireEncryptedStorage': 'Encrypted storage required',
  'policy.name.devTools': 'Developer tools',
} as const satisfies Record<string, Message>;
