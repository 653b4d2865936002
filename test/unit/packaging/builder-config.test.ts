/**
 * electron-builder.yml, checked against electron-builder's own configuration schema
 * (node_modules/app-builder-lib/scheme.json) and its own loader and validator, plus the
 * hardening this project requires of it: fuses, the deep-link protocol, targets, signing
 * only from the environment, and the update feed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../../electron/main/security';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const CONFIG_FILE = path.join(root, 'electron-builder.yml');

type LoadModule = {
  getConfig<T>(
    request: { packageKey: string; configFilename: string; projectDir: string; packageMetadata: null },
    configPath?: string | null,
  ): Promise<{ result: T; configFile: string | null } | null>;
};
type ConfigModule = {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
type BuilderUtil = { DebugLogger: new (enabled?: boolean) => unknown };

const load = builderRequire('./out/util/config/load.js') as LoadModule;
const configModule = builderRequire('./out/util/config/config.js') as ConfigModule;
const { DebugLogger } = builderRequire('builder-util') as BuilderUtil;

/** The file as electron-builder reads it (its own YAML loader), before defaults are merged. */
let raw: Configuration;
beforeAll(async () => {
  const loaded = await load.getConfig<Configuration>(
    { packageKey: 'build', configFilename: 'electron-builder', projectDir: root, packageMetadata: null },
    CONFIG_FILE,
  );
  if (!loaded) throw new Error('electron-builder.yml did not load');
  raw = loaded.result;
});

type TargetEntry = { target: string; arch?: string[] };
function targetsOf(platform: { target?: unknown } | null | undefined): TargetEntry[] {
  const t = platform?.target;
  const list = Array.isArray(t) ? t : t == null ? [] : [t];
  return list.map((x: unknown) => (typeof x === 'string' ? { target: x } : (x as TargetEntry)));
}

describe("electron-builder.yml against electron-builder's schema", () => {
  it('uses the same ajv major as electron-builder', () => {
    const ours = (require('ajv/package.json') as { version: string }).version;
    const theirs = (builderRequire('ajv/package.json') as { version: string }).version;
    expect(ours.split('.')[0]).toBe(theirs.split('.')[0]);
  });

  it('validates against node_modules/app-builder-lib/scheme.json (no type coercion, all errors)', () => {
    const schema = JSON.parse(readFileSync(builderRequire.resolve('./scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(raw);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("passes electron-builder's own loading, merging and validation", async () => {
    const merged = await configModule.getConfig(root, CONFIG_FILE, null);
    await expect(configModule.validateConfiguration(merged, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the generic HTTPS feed override of the release workflow merges into a valid config', async () => {
    const merged = await configModule.getConfig(root, CONFIG_FILE, {
      publish: { provider: 'generic', url: 'https://updates.example.com/desk' },
    });
    await expect(configModule.validateConfiguration(merged, new DebugLogger(false))).resolves.toBeUndefined();
    expect(merged.publish).toEqual([{ provider: 'generic', url: 'https://updates.example.com/desk' }]);
  });

  it('catches a mistake (the checks are not vacuous)', async () => {
    const broken = { ...raw, electronFuses: { ...raw.electronFuses, runAsNodee: false } } as Configuration;
    await expect(configModule.validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
    const schema = JSON.parse(readFileSync(builderRequire.resolve('./scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('runAsNodee');
  });
});

describe('identity', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { productName: string; main: string };
  const mainTs = readFileSync(path.join(root, 'electron/main/desk-app.ts'), 'utf8');

  it('appId is the AppUserModelID main sets (Windows notifications and taskbar)', () => {
    expect(raw.appId).toBe('com.bizkithub.complaintsdesk');
    expect(mainTs).toContain(`const APP_USER_MODEL_ID = '${raw.appId}';`);
  });

  it('productName matches package.json and main (it names the keychain entry: never rename lightly)', () => {
    expect(raw.productName).toBe(pkg.productName);
    expect(mainTs).toContain(`const PRODUCT_NAME = '${raw.productName}';`);
  });

  it('the entry point is inside the packed files', () => {
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(raw.files).toContain('dist/electron/**');
  });

  it('builds into release/, which git ignores', () => {
    expect(raw.directories?.output).toBe('release');
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toMatch(/^release\/\r?$/m);
  });
});

describe('hardening', () => {
  it('sets every Electron fuse the issue asks for', () => {
    expect(raw.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('packs into an asar, native modules unpacked, sources/maps/.env/tests excluded', () => {
    expect(raw.asar).toBe(true);
    expect(raw.asarUnpack).toContain('**/*.node');
    expect(raw.files).toEqual(
      expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map', '!**/.env', '!**/.env.*']),
    );
    const files = (raw.files as string[]).filter((f) => !f.startsWith('!'));
    expect(files.some((f) => /host|browser-host|src|test/.test(f))).toBe(false);
  });

  it('no signing secret or token in the file: signing comes from the environment only', () => {
    const text = readFileSync(CONFIG_FILE, 'utf8');
    const settings = text
      .split(/\r?\n/)
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    expect(raw.cscLink ?? null).toBeNull();
    expect(raw.cscKeyPassword ?? null).toBeNull();
    expect(settings).not.toMatch(/password|token|secret|cscLink|certificateFile|certificatePassword|-----BEGIN/i);
    expect(settings).not.toMatch(/[A-Za-z0-9+/]{120,}/); // no embedded base64 blob
    expect(raw.mac?.identity).toBeUndefined();
    expect(raw.mac?.notarize).toBe(true); // only acts when APPLE_* are in the environment
  });

  it('macOS: hardened runtime, with minimal entitlements (V8 JIT only)', () => {
    expect(raw.mac?.hardenedRuntime).toBe(true);
    for (const file of [raw.mac?.entitlements, raw.mac?.entitlementsInherit]) {
      expect(file).toMatch(/^build\/entitlements\.mac(\.inherit)?\.plist$/);
      const plist = readFileSync(path.join(root, file as string), 'utf8');
      expect(plist).toMatch(/^<\?xml[\s\S]*<plist version="1\.0">[\s\S]*<\/plist>\s*$/);
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
      expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });
});

describe('deep-link protocol on every target', () => {
  it('registers the scheme main handles', () => {
    expect(DEEP_LINK_SCHEME).toBe('bizkithub-complaints');
    const schemes = (raw.protocols as Array<{ schemes: string[] }>).flatMap((p) => p.schemes);
    expect(schemes).toEqual([DEEP_LINK_SCHEME]);
  });

  it('Linux: no hand-written MimeType duplicating what `protocols` generates', () => {
    expect(raw.linux?.mimeTypes ?? []).not.toContain(`x-scheme-handler/${DEEP_LINK_SCHEME}`);
  });

  it('Windows: the NSIS include registers it per user and removes it on uninstall', () => {
    expect(raw.nsis?.include).toBe('build/installer.nsh');
    const nsh = readFileSync(path.join(root, 'build/installer.nsh'), 'utf8');
    expect(nsh).toContain(`!define DESK_URL_SCHEME "${DEEP_LINK_SCHEME}"`);
    expect(nsh).toMatch(/!macro customInstall[\s\S]*"URL Protocol"[\s\S]*shell\\open\\command[\s\S]*"%1"[\s\S]*!macroend/);
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*DeleteRegKey SHCTX "Software\\Classes\\\$\{DESK_URL_SCHEME\}"[\s\S]*!macroend/);
  });

  it('main registers it at run time too (Windows portable, and after a manual re-install)', () => {
    const mainTs = readFileSync(path.join(root, 'electron/main/desk-app.ts'), 'utf8');
    expect(mainTs).toMatch(/app\.setAsDefaultProtocolClient\(DEEP_LINK_SCHEME\)/);
  });
});

describe('targets', () => {
  it('Windows: per-user NSIS (no admin) and portable, x64', () => {
    expect(targetsOf(raw.win)).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ]);
    expect(raw.nsis).toMatchObject({ oneClick: true, perMachine: false, deleteAppDataOnUninstall: false });
    expect(raw.nsis?.artifactName).not.toBe(raw.portable?.artifactName);
  });

  it('macOS: dmg and zip (the updater needs the zip) for x64 and arm64', () => {
    expect(targetsOf(raw.mac)).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
  });

  it('Linux: AppImage, deb and rpm', () => {
    expect(targetsOf(raw.linux).map((t) => t.target)).toEqual(['AppImage', 'deb', 'rpm']);
  });

  it('icons come from the committed set', () => {
    for (const icon of [raw.win?.icon, raw.mac?.icon, raw.linux?.icon]) {
      expect(icon).toMatch(/^build\//);
      expect(existsSync(path.join(root, icon as string))).toBe(true);
    }
  });

  it('artifact names carry no spaces (URLs, update metadata)', () => {
    for (const name of [raw.artifactName, raw.nsis?.artifactName, raw.portable?.artifactName, raw.dmg?.artifactName]) {
      expect(name).toMatch(/^\$\{name\}-\$\{version\}-[^ ]+\.\$\{ext\}$/);
    }
  });

  it('ships only the Electron locales of the app’s languages (en, cs)', () => {
    expect(raw.electronLanguages).toEqual(['en', 'cs']);
  });

  it('the afterPack hook exists', () => {
    expect(raw.afterPack).toBe('./scripts/after-pack.mjs');
    expect(existsSync(path.join(root, 'scripts/after-pack.mjs'))).toBe(true);
  });
});

describe('update feed', () => {
  it('publishes to GitHub releases by default, as a single `provider` key the CLI override can replace', () => {
    expect(raw.publish).toEqual([{ provider: 'github' }]);
  });
});

describe('update integrity and signing', () => {
  it('Windows updates are checked against the publisher, not only their sha512', () => {
    const publisher = raw.win?.signtoolOptions?.publisherName;
    expect(typeof publisher === 'string' ? publisher.trim() : publisher).toBeTruthy();
    // electron-updater verifies the signature unless this is switched off.
    expect(raw.win?.verifyUpdateCodeSignature).not.toBe(false);
  });

  it('the publisher name survives electron-builder’s own merging', async () => {
    const merged = await configModule.getConfig(root, CONFIG_FILE, null);
    expect(merged.win?.signtoolOptions?.publisherName).toBe(raw.win?.signtoolOptions?.publisherName);
  });

  it('signing is never switched off in the file (release tags add forceCodeSigning on the command line)', () => {
    expect(raw.forceCodeSigning).not.toBe(false);
    expect(raw.win?.signAndEditExecutable).not.toBe(false);
    expect(raw.mac?.identity).not.toBeNull();
  });
});
