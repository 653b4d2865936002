/**
 * `npx tsx bench/budget-drain.ts [changes] [limit] [windowSec] [check on|off]`: only the
 * rate-budget drain of `npm run bench` (the app in Chromium through the browser host): the
 * sandbox allows `limit` requests per sliding `windowSec`, the queue is several windows
 * long; printed: the drain, the 429s it met (target 0) and the minimum that window allows.
 */
import { budgetFloorMs, measureBudgetDrain } from './budget';
import { startRendererSession } from './renderer';

const changes = Number(process.argv[2] ?? 200);
const limit = Number(process.argv[3] ?? 50);
const windowMs = Number(process.argv[4] ?? 20) * 1000;
const conflictCheck = (process.argv[5] ?? 'off') === 'on';

const session = await startRendererSession();
try {
  const r = await measureBudgetDrain(session, { changes, limit, windowMs, conflictCheck });
  const floor = budgetFloorMs(r.budgeted, limit, windowMs);
  console.log(
    `${changes} changes, ${limit} requests per ${windowMs / 1000} s, check ${conflictCheck ? 'on' : 'off'}: drain ${(r.ms / 1000).toFixed(1)} s, ` +
      `${r.requests} requests, ${r.rateLimited} answered 429; the window allows it in ${(floor / 1000).toFixed(1)} s at best ` +
      `(${((r.ms / floor - 1) * 100).toFixed(1)} % over)`,
  );
} finally {
  await session.close();
}
