import { describe, expect, it } from 'vitest';
import { checkApiAddress, type ApiAddressRefusal } from '../../../common/api-address';

describe('checkApiAddress: the raw text, never a parser-normalised one', () => {
  it.each([
    ['https://api.bizkithub.com', 'https://api.bizkithub.com', false],
    ['https://api.bizkithub.com/', 'https://api.bizkithub.com', false],
    ['https://API.BizKitHub.com:443', 'https://api.bizkithub.com', false],
    ['https://proxy.example.com/bizkithub', 'https://proxy.example.com', true],
    ['https://staging.example.com:8443', 'https://staging.example.com:8443', true],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', true],
    ['http://localhost:3000', 'http://localhost:3000', true],
    ['http://[::1]:9000', 'http://[::1]:9000', true],
  ])('accepts %s (origin %s, custom %s)', (text, origin, custom) => {
    const r = checkApiAddress(text);
    expect(r).toMatchObject({ ok: true, value: { origin, custom } });
  });

  it.each<[string, ApiAddressRefusal]>([
    ['', 'empty'],
    ['https://api.bizkithub.com\t.evil.com', 'invisible-characters'],
    ['https://api.bizkith\tub.com', 'invisible-characters'],
    [' https://api.bizkithub.com', 'invisible-characters'],
    ['https://api.bizkithub.com\n', 'invisible-characters'],
    ['https://api.bizkithub.com\u200b.evil.com', 'invisible-characters'],
    ['https://api.bizkithüb.com', 'invisible-characters'],
    ['api.bizkithub.com', 'not-a-url'],
    ['https:api.bizkithub.com', 'not-a-url'],
    ['https://api.bizkithub.com/../x', 'not-a-url'],
    ['https:\\\\evil.com', 'not-a-url'],
    ['ftp://api.bizkithub.com', 'not-https'],
    ['javascript:alert(1)', 'not-a-url'],
    ['http://api.bizkithub.com', 'http-not-local'],
    ['http://localhost.evil.com', 'http-not-local'],
    ['http://10.0.0.5', 'http-not-local'],
    ['https://user:pw@api.bizkithub.com', 'credentials'],
    ['https://api.bizkithub.com@evil.com', 'credentials'],
    ['https://api.bizkithub.com/?x=1', 'query-or-fragment'],
    ['https://api.bizkithub.com#x', 'query-or-fragment'],
    ['http://127.1', 'bad-host'],
    ['http://0x7f.0.0.1', 'bad-host'],
    ['http://127.0.0.256', 'bad-host'],
    ['https://-evil.com', 'bad-host'],
    ['https://api.bizkithub.com:0', 'bad-port'],
    ['https://api.bizkithub.com:99999', 'bad-port'],
    ['https://api.bizkithub.com:', 'bad-port'],
    ['https://' + 'a'.repeat(2100) + '.com', 'too-long'],
  ])('refuses %j: %s', (text, reason) => {
    expect(checkApiAddress(text)).toEqual({ ok: false, error: reason });
  });
});
