/**
 * Issue 16: new complaints hold personal data (names, emails, phones, bank accounts,
 * descriptions). Main's log never contains any of it: not for a valid create, not for one
 * refused by the schema, main or the sandbox, not on fault paths (5xx, lost answer, 429).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DESTINATION } from '../../common/destination';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox-server';
import { startMainSide, type MainSide } from '../support/real-stack';

const PERSONAL = {
  customerName: 'Bohumila Přílišžluťoučká',
  email: 'bohumila.secret@example.cz',
  phone: '+420 777 123 456',
  refundBankAccount: '19-2000145399/0800',
  refundVariableSymbol: '7788990011',
  description: 'Soukromý popis: rodné číslo 785412/3698 😀',
  orderNumber: 'OBJ-PRIVATE-42',
};
const SECRETS = [
  'Přílišžluťoučká',
  'bohumila.secret',
  '777 123 456',
  '2000145399',
  '7788990011',
  'rodné číslo',
  '785412',
  'OBJ-PRIVATE-42',
];

let sandbox: Sandbox;
let main: MainSide;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  main = await startMainSide(sandbox, { name: 'desk-personal-data', timeoutMs: 1500 });
});
afterAll(async () => {
  await main?.dispose();
  await sandbox?.close();
});

describe('personal data of new complaints never reaches the log', () => {
  it('valid, refused and faulted creates', async () => {
    let n = 0;
    const ref = () => `local-${'abcdefghjk'.slice(0, 9)}${'abcdefghjk'[n++ % 10]}`;
    const create = (request: Record<string, unknown>) =>
      main.desk.createComplaint({ request, destination: DEMO_DESTINATION, ref: ref() } as Parameters<
        typeof main.desk.createComplaint
      >[0]);

    expect(await create({ variantCode: 'reklamace', ...PERSONAL })).toMatchObject({ ok: true });
    // Refused by the IPC schema (bad email, oversized text), by the sandbox (unknown type).
    expect(await create({ variantCode: 'reklamace', ...PERSONAL, email: `${PERSONAL.email}@@` })).toMatchObject({ ok: false });
    expect(await create({ variantCode: 'reklamace', ...PERSONAL, description: `${PERSONAL.description}${'x'.repeat(30_000)}` })).toMatchObject({ ok: false });
    expect(await create({ variantCode: 'no-such-type', ...PERSONAL })).toMatchObject({ ok: false });
    for (const faults of [{ errorRate: 1 }, { applyThenDrop: 1 }, { rateLimited: { retryAfterSec: 5 } }, { latencyMs: 3000 }]) {
      await sandbox.setFaults(faults);
      expect(await create({ variantCode: 'reklamace', ...PERSONAL })).toMatchObject({ ok: false });
      await sandbox.setFaults({ errorRate: 0, applyThenDrop: 0, rateLimited: null, latencyMs: 0 });
    }
    const log = main.log.lines.join('\n');
    expect(log).toContain('create');
    for (const secret of SECRETS) expect(log, `the log contains ${secret}`).not.toContain(secret);
  });
});
