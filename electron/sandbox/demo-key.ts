/**
 * The key the app uses when it talks to its embedded sandbox in demo mode. It is not a
 * secret: it only opens the local sandbox, whose default `keys: 'any-well-formed'`
 * accepts it. The name says "demo" so nobody mistakes it for a real key in a log.
 */
export const SANDBOX_DEMO_KEY = 'DEV_DemoSandboxKey00000000000000';
