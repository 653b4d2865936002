/**
 * Launch at login (setting `launchAtLogin`, off by default), pure except for the file
 * writes it is given.
 *
 * - Windows and macOS: Electron's `app.setLoginItemSettings(loginItemSettings(enabled))`.
 * - Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<id>.desktop`
 *   (default `~/.config/autostart`), written when enabled and removed when disabled. For
 *   an AppImage, `Exec` is the AppImage file ($APPIMAGE), not the temporary mount.
 *
 * Started at login the app opens hidden, in the tray (`--background`): it sends what is
 * unsent without putting a window in front of the agent.
 */
import path from 'node:path';

export const BACKGROUND_ARG = '--background';
export const AUTOSTART_FILE = 'bizkithub-complaints-desk.desktop';

/** Quotes one Exec argument per the Desktop Entry specification. */
export function quoteExecArg(arg: string): string {
  const escapedPercent = arg.replace(/%/g, '%%');
  if (!/[\s"'\\`$<>~|&;*?#()]/.test(escapedPercent) && escapedPercent !== '') return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartDesktopEntry(o: { name: string; exec: string; args?: readonly string[] }): string {
  const exec = [o.exec, ...(o.args ?? [])].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${o.name.replace(/[\r\n]/g, ' ')}`,
    `Comment=Sends unsent complaint changes in the background`,
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Where the Linux autostart entry lives. */
export function linuxAutostartFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart', AUTOSTART_FILE);
}

/** The program to start at login: the AppImage file when running from one. */
export function autostartExec(execPath: string, env: Readonly<Record<string, string | undefined>>): string {
  return env.APPIMAGE && path.isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath;
}

export interface AutostartFs {
  mkdir(dir: string): Promise<unknown>;
  writeFile(file: string, text: string): Promise<void>;
  rm(file: string): Promise<void>;
}

/** Writes or removes the Linux entry. Resolves to what was done. */
export async function applyLinuxAutostart(
  o: { enabled: boolean; file: string; entry: string },
  fs: AutostartFs,
): Promise<'written' | 'removed'> {
  if (o.enabled) {
    await fs.mkdir(path.dirname(o.file));
    await fs.writeFile(o.file, o.entry);
    return 'written';
  }
  await fs.rm(o.file);
  return 'removed';
}

/** Windows and macOS: Electron's login item settings. */
export function loginItemSettings(enabled: boolean): { openAtLogin: boolean; args: string[] } {
  return { openAtLogin: enabled, args: enabled ? [BACKGROUND_ARG] : [] };
}

/** Started at login (or by anyone with --background): no window until the agent opens it. */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(BACKGROUND_ARG);
}
