/**
 * `npm run sandbox [-- --port 8787] [--control-port 8788] [--empty]`
 * Starts a sandbox for manual testing and demos and keeps it up until Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_DEMO_KEY } from './demo-key';
import { startSandboxWithControl } from './control-api';

const USAGE = `Usage: npm run sandbox -- [--port N] [--control-port N] [--empty]
  --port          API port (default: $PORT or 8787)
  --control-port  control API port (default: $SANDBOX_CONTROL_PORT or API port + 1)
  --empty         start without the demo complaints`;

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name} must be a port number (0–65535), got "${value}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'control-port': { type: 'string' },
      empty: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = portFrom(values.port ?? process.env.PORT, 8787, '--port');
  const controlPort = portFrom(
    values['control-port'] ?? process.env.SANDBOX_CONTROL_PORT,
    port === 0 ? 0 : port + 1,
    '--control-port',
  );

  // A development tool: driving faults by hand is its point, so the control API is on.
  const sandbox = await startSandboxWithControl({ port, controlPort, seed: !values.empty });
  const sample = sandbox.seedComplaintIds.slice(0, 5);
  console.log(`BizKitHub sandbox API  ${sandbox.url}`);
  console.log(`Control API            ${sandbox.controlUrl ?? ''}/__sandbox/state`);
  // The demo key opens only this local sandbox, so printing it is the point.
  console.log(`Demo key               ${SANDBOX_DEMO_KEY}`);
  if (sample.length > 0) {
    console.log(`Seed complaints        ${sandbox.seedComplaintIds.length}, e.g. ${sample.join(', ')}`);
    console.log(
      `Try: curl '${sandbox.url}/api/v1/shop/complaint/detail?id=${sample[0]}' -H 'Authorization: Bearer ${SANDBOX_DEMO_KEY}'`,
    );
  }
  console.log('Ctrl+C to stop.');

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second Ctrl+C: don't wait
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
