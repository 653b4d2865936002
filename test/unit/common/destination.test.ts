import { describe, expect, it } from 'vitest';
import {
  DEMO_DESTINATION,
  DestinationSchema,
  destinationHost,
  destinationOrigin,
  liveDestination,
  routeEntry,
  type EntryRoute,
} from '../../../common/destination';

const DEMO = DEMO_DESTINATION;
const BIZKITHUB = liveDestination('https://api.bizkithub.com');
const STAGING = liveDestination('https://staging.example.com');
const LOCAL = liveDestination('http://127.0.0.1:9000');
const LOCAL_OTHER_PORT = liveDestination('http://127.0.0.1:9001');
const ALL = [DEMO, BIZKITHUB, STAGING, LOCAL, LOCAL_OTHER_PORT];

describe('routeEntry: every pair of entry destination and current destination', () => {
  // Rows: the entry's destination; columns: the one configured now, in ALL's order.
  const table: Record<string, EntryRoute[]> = {
    [DEMO]: ['send', 'wait-for-demo', 'wait-for-demo', 'wait-for-demo', 'wait-for-demo'],
    [BIZKITHUB]: ['wait-for-key', 'send', 'wait-for-key', 'wait-for-key', 'wait-for-key'],
    [STAGING]: ['wait-for-key', 'wait-for-key', 'send', 'wait-for-key', 'wait-for-key'],
    [LOCAL]: ['wait-for-key', 'wait-for-key', 'wait-for-key', 'send', 'wait-for-key'],
    [LOCAL_OTHER_PORT]: ['wait-for-key', 'wait-for-key', 'wait-for-key', 'wait-for-key', 'send'],
  };
  for (const entry of ALL) {
    ALL.forEach((current, i) => {
      const expected = table[entry]![i]!;
      it(`made for ${entry}, ${current} configured → ${expected}`, () => {
        expect(routeEntry(entry, current)).toBe(expected);
      });
    });
  }

  it('sends only to the same destination: a demo change never reaches a live API, a live change never the sandbox', () => {
    for (const entry of ALL) {
      for (const current of ALL) expect(routeEntry(entry, current) === 'send').toBe(entry === current);
    }
  });
});

describe('destination names', () => {
  it('origin and host for sentences; none for demo', () => {
    expect(destinationOrigin(BIZKITHUB)).toBe('https://api.bizkithub.com');
    expect(destinationHost(BIZKITHUB)).toBe('api.bizkithub.com');
    expect(destinationHost(LOCAL)).toBe('127.0.0.1:9000');
    expect(destinationOrigin(DEMO)).toBeNull();
    expect(destinationHost(DEMO)).toBeNull();
  });

  it.each(['', 'live', 'live:', 'live:ftp://x', 'Demo', 'live:https://a b', 'live:https://x/path', 'demo '])('refuses %j', (text) => {
    expect(DestinationSchema.safeParse(text).success).toBe(false);
  });

  it.each(ALL)('accepts %s', (text) => {
    expect(DestinationSchema.parse(text)).toBe(text);
  });
});
