/** Launch at login (electron/main/autostart.ts) and export through main (export-file.ts). */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyLinuxAutostart,
  autostartDesktopEntry,
  autostartExec,
  BACKGROUND_ARG,
  linuxAutostartFile,
  loginItemSettings,
  quoteExecArg,
  startsHidden,
} from '../../../electron/main/autostart';
import { saveExportFile, type ExportPorts } from '../../../electron/main/export-file';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'desk-autostart-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const realFs = { mkdir: (d: string) => mkdir(d, { recursive: true }), writeFile: (f: string, t: string) => writeFile(f, t), rm: (f: string) => rm(f, { force: true }) };

describe('launch at login', () => {
  it('Linux: the autostart entry starts the app hidden in the tray, with Exec quoted per the spec', () => {
    const entry = autostartDesktopEntry({ name: 'BizKitHub Complaints Desk', exec: '/opt/BizKitHub Complaints Desk/bizkithub', args: [BACKGROUND_ARG] });
    expect(entry.split('\n')).toEqual(
      expect.arrayContaining([
        '[Desktop Entry]',
        'Type=Application',
        'Name=BizKitHub Complaints Desk',
        'Exec="/opt/BizKitHub Complaints Desk/bizkithub" --background',
        'X-GNOME-Autostart-enabled=true',
      ]),
    );
    expect(quoteExecArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArg('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
    expect(quoteExecArg('100%')).toBe('100%%');
  });

  it('Linux: written under $XDG_CONFIG_HOME/autostart (default ~/.config), removed when turned off', async () => {
    expect(linuxAutostartFile({}, '/home/agent')).toBe('/home/agent/.config/autostart/bizkithub-complaints-desk.desktop');
    expect(linuxAutostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/agent')).toBe('/cfg/autostart/bizkithub-complaints-desk.desktop');
    expect(linuxAutostartFile({ XDG_CONFIG_HOME: 'relative' }, '/h')).toBe('/h/.config/autostart/bizkithub-complaints-desk.desktop');
    const file = linuxAutostartFile({ XDG_CONFIG_HOME: tmp() }, '/nowhere');
    const entry = autostartDesktopEntry({ name: 'Desk', exec: '/usr/bin/desk', args: [BACKGROUND_ARG] });
    expect(await applyLinuxAutostart({ enabled: true, file, entry }, realFs)).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe(entry);
    expect(await applyLinuxAutostart({ enabled: false, file, entry }, realFs)).toBe('removed');
    expect(existsSync(file)).toBe(false);
    // Off again (nothing there): no error.
    expect(await applyLinuxAutostart({ enabled: false, file, entry }, realFs)).toBe('removed');
  });

  it('an AppImage starts the AppImage file, not its temporary mount', () => {
    expect(autostartExec('/tmp/.mount_desk123/bizkithub', { APPIMAGE: '/home/a/Desk.AppImage' })).toBe('/home/a/Desk.AppImage');
    expect(autostartExec('/opt/desk/bizkithub', {})).toBe('/opt/desk/bizkithub');
  });

  it('Windows/macOS login items, and starting hidden', () => {
    expect(loginItemSettings(true)).toEqual({ openAtLogin: true, args: ['--background'] });
    expect(loginItemSettings(false)).toEqual({ openAtLogin: false, args: [] });
    expect(startsHidden(['/app', '--background'], false)).toBe(true);
    expect(startsHidden(['/app'], true)).toBe(true);
    expect(startsHidden(['/app', 'bizkithub-complaints://complaint/x'], false)).toBe(false);
  });
});

describe('export for support through main', () => {
  function ports(answer: { canceled: boolean; filePath?: string } | Error, defaultDir = '/home/agent/Downloads') {
    const seen: { defaultPath?: string } = {};
    const p: ExportPorts = {
      showSaveDialog: async (o) => {
        seen.defaultPath = o.defaultPath;
        if (answer instanceof Error) throw answer;
        return answer;
      },
      writeFile: (f, c) => writeFile(f, c, 'utf8'),
      defaultDir,
    };
    return { p, seen };
  }

  it('saved: the file is written where the agent chose, and the value says where', async () => {
    const file = path.join(tmp(), 'chosen.json');
    const { p, seen } = ports({ canceled: false, filePath: file });
    const r = await saveExportFile(p, 'bizkithub-desk-outbox.json', '{"entries":[]}');
    expect(r).toEqual({ ok: true, value: { outcome: 'saved', path: file } });
    expect(readFileSync(file, 'utf8')).toBe('{"entries":[]}');
    expect(seen.defaultPath).toBe(path.join('/home/agent/Downloads', 'bizkithub-desk-outbox.json'));
  });

  it('cancelled: nothing written, and the value says so', async () => {
    const { p } = ports({ canceled: true });
    expect(await saveExportFile(p, 'x-export.json', '{}')).toEqual({ ok: true, value: { outcome: 'cancelled' } });
  });

  it('failed: an io error with the reason (a folder that does not exist)', async () => {
    const { p } = ports({ canceled: false, filePath: path.join(tmp(), 'missing', 'x.json') });
    const r = await saveExportFile(p, 'x-export.json', '{}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ kind: 'io', code: 'ENOENT' });
    expect(!r.ok && r.error.message).toMatch(/ENOENT|no such file/);
  });

  it('a name with folders in it cannot steer the default path', async () => {
    const { p, seen } = ports({ canceled: true });
    await saveExportFile(p, '../../etc/evil.json', '{}');
    expect(seen.defaultPath).toBe(path.join('/home/agent/Downloads', 'evil.json'));
  });

  it('a failing dialog is an io error, not a crash', async () => {
    const { p } = ports(new Error('no display'));
    const r = await saveExportFile(p, 'x-export.json', '{}');
    expect(!r.ok && r.error).toMatchObject({ kind: 'io', message: expect.stringContaining('no display') });
  });
});
