import { describe, expect, it } from 'vitest';
import { apiKeyProblem, describeApiKeyProblem } from '../../../common/api-key-rule';
import { ApiKeySchema } from '../../../common/api-schemas';
import { keychainProblemReason } from '../../../electron/services/keychain';

const body = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4';

describe('apiKeyProblem: each refusal names the rule it broke', () => {
  it('accepts the three prefixes with 28 letters or digits, forgiving surrounding whitespace', () => {
    for (const key of [`PROD${body}`, `DEV_${body}`, `ROOT${body}`, `  PROD${body}\n`]) expect(apiKeyProblem(key)).toBeNull();
  });

  it('says which rule', () => {
    expect(apiKeyProblem('')?.reason).toBe('empty');
    expect(apiKeyProblem(' \n')?.reason).toBe('empty');
    expect(apiKeyProblem(`PROD${body.slice(1)}`)).toEqual({ reason: 'too-short', length: 31 });
    expect(apiKeyProblem(`PROD${body}x`)).toEqual({ reason: 'too-long', length: 33 });
    expect(apiKeyProblem(`PROD${body.slice(0, 10)} ${body.slice(10)}`)?.reason).toBe('space');
    expect(apiKeyProblem(`PROD${body.slice(0, 10)}\u200b${body.slice(10)}`)).toMatchObject({ reason: 'invisible', char: 'U+200B' });
    expect(apiKeyProblem(`prod${body}`)).toEqual({ reason: 'lowercase-prefix', length: 32, char: 'prod' });
    expect(apiKeyProblem(`Dev_${body}`)?.reason).toBe('lowercase-prefix');
    expect(apiKeyProblem(`KEYS${body}`)?.reason).toBe('prefix');
    expect(apiKeyProblem(`PROD${body.slice(0, 27)}ž`)).toMatchObject({ reason: 'accented', char: 'ž' });
    expect(apiKeyProblem(`PROD${body.slice(0, 27)}-`)).toMatchObject({ reason: 'character', char: '-' });
    expect(apiKeyProblem(`PROD_${body.slice(1)}`)).toMatchObject({ reason: 'character', char: '_' });
  });

  it('a 10 KB paste is too long, with its full length: nothing is cut', () => {
    const paste = `PROD${body} `.repeat(320);
    expect(apiKeyProblem(paste)).toEqual({ reason: 'too-long', length: paste.trim().length });
  });

  it('main says the same in English', () => {
    const parsed = ApiKeySchema.safeParse(`prod${body}`);
    expect(parsed.error?.issues[0]?.message).toContain('the prefix is upper case');
    expect(describeApiKeyProblem({ reason: 'too-short', length: 31 })).toContain('31 characters');
  });
});

describe('keychainProblemReason', () => {
  it('gives the UI a code to word in its own language', () => {
    expect(keychainProblemReason(new Error('Keychain read timed out after 20000 ms'))).toBe('timeout');
    expect(keychainProblemReason(new Error('Collection is locked'))).toBe('locked');
    expect(keychainProblemReason(new Error('org.freedesktop.DBus.Error.ServiceUnknown'))).toBe('unavailable');
  });
});
