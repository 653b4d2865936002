/**
 * Shared generators and checks for the property-based bad-input tests (fast-check).
 *
 * Runs are reproducible: every property uses FUZZ_SEED (default below). On a failure
 * fast-check prints the seed and the shrunk counterexample path; re-run with
 * `FUZZ_SEED=<seed> npx vitest run test/unit/fuzz`, or `FUZZ_SEED=random` to explore.
 */
import fc from 'fast-check';
import { ERROR_KINDS, type DeskError } from '../../../common/errors';

const DEFAULT_SEED = 20_260_701;

function seedFromEnv(): number | undefined {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) ? n : DEFAULT_SEED;
}

/** fast-check parameters: bounded runs and a fixed seed (unless FUZZ_SEED=random). */
export function runs(numRuns: number): fc.Parameters<unknown> {
  const seed = seedFromEnv();
  return { numRuns, ...(seed !== undefined ? { seed } : {}) };
}

/** A key in the documented format, used to detect leaks (distinctive, never in random text). */
export const FUZZ_KEY = 'PRODzQ7xW2vN9mK4pL8rT1yB6cH3jF5d';

/**
 * True if `text` carries the key or a recognisable part of it (12+ consecutive
 * characters): a truncated key is still a leak.
 */
export function leaksKey(text: string, key: string = FUZZ_KEY, minPart = 12): boolean {
  for (let i = 0; i + minPart <= key.length; i++) {
    if (text.includes(key.slice(i, i + minPart))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Strings

/** C0 and C1 controls, DEL, line/paragraph separators, BOM, zero-width characters. */
export const CONTROL_CHARS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\x7f',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
  '\u200e',
  '\u202e',
];

export const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00'];

/** Any UTF-16 code unit, lone surrogates included (invalid UTF-16). */
export const codeUnitString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

export const controlString = (maxLength = 20): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...CONTROL_CHARS), minLength: 1, maxLength });

/** A bounded mix of the nasty string families. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  codeUnitString(),
  controlString(),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...LONE_SURROGATES), fc.string({ maxLength: 10 }))
    .map(([a, s, b]) => `${a}${s}${b}`),
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'null',
    'undefined',
    'NaN',
    '-0',
    '1e309',
    '../../etc/passwd',
    '%00',
    '%E0%A4%A',
    '<script>alert(1)</script>',
    "'; DROP TABLE complaints; --",
    '${process.exit(1)}',
    '\u202egnp.exe',
    'A'.repeat(65),
    `apiKey=${FUZZ_KEY}`,
    `Bearer ${FUZZ_KEY}`,
    FUZZ_KEY,
  ),
);

/** Text carrying the key after 0–300 characters of padding: length limits cut it anywhere. */
export const keyEcho: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 0, max: 300 }),
    fc.constantFrom('', ' ', 'apiKey=', 'Bearer ', 'key:'),
    fc.string({ maxLength: 10 }),
  )
  .map(([pad, before, after]) => `${'p'.repeat(pad)}${before}${FUZZ_KEY}${after}`);

/** 1 MiB strings: built once and shared (generating them per run would dominate the time). */
export const MEGABYTE = 1024 * 1024;
const BIG = {
  ascii: 'x'.repeat(MEGABYTE),
  keyLike: `${'y'.repeat(MEGABYTE - 40)}${FUZZ_KEY}`,
  controls: '\u0000\u0001\n\r\t'.repeat(MEGABYTE / 5),
  surrogates: '\ud800'.repeat(MEGABYTE),
};
export const OVERSIZED: readonly string[] = Object.values(BIG);
export const oversizedString: fc.Arbitrary<string> = fc.constantFrom(...OVERSIZED);

// ---------------------------------------------------------------------------------------
// Prototype pollution

/**
 * JSON texts whose parse yields own `__proto__` / `constructor` / `prototype` keys
 * (an object literal would set the prototype instead, which is not what a hostile
 * JSON body or a structured clone delivers).
 */
export const POLLUTION_JSON = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}',
  '{"__proto__":null}',
  '{"__proto__":[1,2,3]}',
  '{"toString":"not a function","valueOf":1,"hasOwnProperty":null}',
];

/** An object with an own `__proto__` (or similar) key, as JSON.parse makes it. */
export const pollutedObject: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...POLLUTION_JSON)
  .map((text) => JSON.parse(text) as Record<string, unknown>);

/** Merges a pollution payload into `base` as own keys (what a crafted JSON body does). */
export function withPollution(base: object, pollutionJson: string): Record<string, unknown> {
  const baseJson = JSON.stringify(base);
  const extra = pollutionJson.slice(1, -1);
  const joined = baseJson === '{}' ? `{${extra}}` : `${baseJson.slice(0, -1)},${extra}}`;
  return JSON.parse(joined) as Record<string, unknown>;
}

const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

/** Own property names of the built-in prototypes, to compare before and after. */
export function prototypeSnapshot(): Record<string, string[]> {
  return Object.fromEntries(
    PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]),
  );
}

export function expectPrototypesClean(before: Record<string, string[]>): void {
  const after = prototypeSnapshot();
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || JSON.stringify(after) !== JSON.stringify(before)) {
    throw new Error(`A built-in prototype was modified: ${JSON.stringify({ before, after }).slice(0, 2000)}`);
  }
}

// ---------------------------------------------------------------------------------------
// Values

/**
 * Whatever a renderer could pass through Electron's structured clone (no functions,
 * proxies or getters survive it): every primitive, Map/Set/Date/typed arrays, sparse
 * arrays, boxed values, null-prototype objects, prototype-pollution keys.
 */
export const anyClonable: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    maxKeys: 5,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype')),
  }),
  fc.jsonValue({ maxDepth: 3 }),
  pollutedObject,
  hostileString,
);

/** True if `v` is a `Result` carrying a typed `DeskError`. */
export function isTypedResult(v: unknown): v is { ok: true; value: unknown } | { ok: false; error: DeskError } {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { ok?: unknown; value?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r;
  if (r.ok !== false) return false;
  const e = r.error as { kind?: unknown; message?: unknown } | undefined;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.kind === 'string' &&
    (ERROR_KINDS as readonly string[]).includes(e.kind) &&
    typeof e.message === 'string'
  );
}
