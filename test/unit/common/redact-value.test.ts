import { describe, expect, it } from 'vitest';
import { REDACTED, redactValue } from '../../../common/redact';

const KEY = 'PRODabcdefghijklmnopqrstuvwxyz12';

describe('redactValue: successful values crossing to the renderer', () => {
  it('scrubs the known key and key-shaped text in every string, keys of objects included, at any depth', () => {
    const value = {
      id: 'a1',
      description: `pasted ${KEY} twice ${KEY}`,
      events: [{ message: `DEV_${'x'.repeat(28)}`, nested: { [KEY]: KEY } }],
      count: 3,
      ok: true,
      nothing: null,
    };
    const out = redactValue(value, ['SECRETsecretSECRET']);
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.description).toBe(`pasted ${REDACTED} twice ${REDACTED}`);
    expect(out.events[0]!.message).toBe(REDACTED);
    expect(out).toMatchObject({ id: 'a1', count: 3, ok: true, nothing: null });
  });

  it('scrubs an exact known secret even when it is not key-shaped; leaves customer words alone', () => {
    const out = redactValue({ a: 'x-SECRETsecretSECRET-y', b: 'Bearer of bad news; apiKey=none' }, ['SECRETsecretSECRET']);
    expect(out).toEqual({ a: `x-${REDACTED}-y`, b: 'Bearer of bad news; apiKey=none' });
  });

  it('does not change the input', () => {
    const value = { a: KEY };
    redactValue(value);
    expect(value.a).toBe(KEY);
  });
});
