/**
 * The command-line switches (and environment variables) a packaged app refuses to start
 * with, because they redirect or expose its network traffic, which carries the API key and
 * customers' personal data: a proxy or PAC file of someone else's choosing, host resolver
 * rules that send the API's name elsewhere, certificate errors ignored (a man in the middle
 * goes unnoticed), a debugging port or inspector that can read every request, TLS session
 * keys or a network log written to a file. Development builds are not checked, so
 * `--inspect` keeps working there.
 *
 * Pure (no Electron): ./desk-app.ts calls it first thing in a packaged app. The answer
 * names the switch, never its value (a proxy URL may carry a password).
 *
 * Not checked here, because Electron's fuses in the packaged binary already make it ignore
 * them (electron-builder.yml `electronFuses`): ELECTRON_RUN_AS_NODE (runAsNode off; were it
 * honoured, this code would never run), NODE_OPTIONS (enableNodeOptionsEnvironmentVariable
 * off). The Node inspector arguments are refused here as well as by their fuse.
 */
import type { AppLanguage } from '../../common/language';

/** Switches refused by name (compared lower case, without the leading dashes or the value). */
const REFUSED_NAMES: ReadonlySet<string> = new Set([
  'proxy-server',
  'proxy-pac-url',
  'host-resolver-rules',
  'host-rules',
  'ssl-key-log-file',
  'log-net-log',
  'debug',
  'debug-brk',
]);

/** Switches refused by prefix: every variant of these families. */
const REFUSED_PREFIXES: readonly string[] = ['ignore-certificate-errors', 'remote-debugging-', 'inspect'];

/** Environment variables with the same effect that Chromium honours. */
const REFUSED_VARIABLES: readonly string[] = ['SSLKEYLOGFILE'];

export interface RefusedSwitch {
  /** As the agent would type it: `--proxy-server`, or the variable's name. */
  name: string;
  source: 'argument' | 'environment';
}

/**
 * The switch name of one argument, or null when it is not a switch. Chromium reads `--x`
 * and `-x` everywhere, and `/x` on Windows as well.
 */
function switchName(arg: string, platform: NodeJS.Platform): string | null {
  const m = /^(--?|\/)([^=\s]+)/.exec(arg);
  if (!m?.[1] || !m[2]) return null;
  if (m[1] === '/' && platform !== 'win32') return null;
  return m[2].toLowerCase();
}

const isRefusedName = (name: string): boolean =>
  REFUSED_NAMES.has(name) || REFUSED_PREFIXES.some((prefix) => name.startsWith(prefix));

/**
 * What in the arguments (without argv[0], the executable) and the environment the app
 * refuses to start with; empty when it may start.
 */
export function refusedStartupSwitches(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): RefusedSwitch[] {
  const found = new Map<string, RefusedSwitch>();
  for (const arg of args) {
    const name = switchName(arg, platform);
    if (name !== null && isRefusedName(name)) found.set(`--${name}`, { name: `--${name}`, source: 'argument' });
  }
  for (const variable of REFUSED_VARIABLES) {
    const set = Object.keys(env).some((k) => (platform === 'win32' ? k.toUpperCase() === variable : k === variable) && env[k] !== undefined);
    if (set) found.set(variable, { name: variable, source: 'environment' });
  }
  return [...found.values()];
}

/** The error box the agent sees before the app quits. */
export function refusedSwitchesText(language: AppLanguage, refused: readonly RefusedSwitch[]): string {
  const names = refused.map((r) => r.name).join(', ');
  return language === 'cs'
    ? `Aplikace byla spuštěna s nastavením, které by mohlo přesměrovat nebo zpřístupnit její síťový provoz (${names}). Takto se nespustí: spusťte ji obvyklým způsobem, bez tohoto nastavení.`
    : `The app was started with settings that could redirect or expose its network traffic (${names}). It does not start that way: start it the usual way, without them.`;
}
