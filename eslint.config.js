// Layering, as VS Code's `local/code-layering`: a file's folder says what it may import.
//   common/   → nothing but common/ (no DOM, no Node, no Electron)
//   electron/ → common/ and Node/Electron, never renderer/; inside it:
//     main/, preload/                          → may import 'electron' (the only ones)
//     services/, ipc/, sandbox/, browser-host/,
//     shared/                                  → plain Node: no 'electron' (nor packages that
//                                                need it), no main/ or preload/
//   renderer/ → common/ and the DOM, never electron/, 'electron' or node:*; inside src/:
//     runtime/ → nothing of the app (locks, timers, throttle, store)
//     data/    → runtime/ (Dexie lives here; no sync/, ui/, i18n/, Svelte)
//     sync/    → data/, runtime/ (background jobs; no ui/, i18n/, Svelte)
//     ui/, App.svelte, Workspace.svelte → all of the above
//   data/ is the only door to IndexedDB (dataDoor below): elsewhere in renderer/ no Dexie,
//   no liveQuery, no table; only data/'s named queries and writes.
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url',
  'util', 'events', 'stream', 'worker_threads', 'module', 'process', 'buffer', 'dns', 'tls',
];

const ELECTRON_ONLY =
  "Only electron/main/ and electron/preload/ may import Electron; services/, ipc/, sandbox/, browser-host/ and shared/ are plain Node.";

function restrict(groups, message) {
  return {
    'no-restricted-imports': [
      'error',
      { paths: [{ name: 'electron', message }], patterns: [{ group: groups, message }] },
    ],
  };
}

const FACADE_ONLY =
  'electron/main/ reaches Electron through the facade (electron-facade.ts); only electron-real.ts, main.ts and electron-logger.ts import it.';

const RENDERER_ONLY = 'renderer/ talks to main only through window.desk (the IPC contract in common/).';

/** The layers inside renderer/src/ (each block repeats renderer/'s own rule: a later block replaces it). */
function rendererLayers() {
  const layer = (folder, banned, message) => ({
    files: [`renderer/src/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: RENDERER_ONLY }],
          patterns: [
            { group: ['**/electron/**', ...NODE_BUILTINS], message: RENDERER_ONLY },
            { group: banned, message },
          ],
        },
      ],
    },
  });
  return [
    layer(
      'runtime',
      ['../data/*', '../sync/*', '../ui/*', '../ui/**', '../i18n/*', 'svelte', 'svelte/*'],
      'runtime/ is the bottom layer: locks, timers, a throttle and a store; it imports nothing of the app.',
    ),
    layer(
      'data',
      ['../sync/*', '../ui/*', '../ui/**', '../i18n/*', 'svelte', 'svelte/*'],
      'data/ (everything that touches Dexie) may not reach up into sync/, ui/ or i18n/, nor import Svelte.',
    ),
    layer(
      'sync',
      ['../ui/*', '../ui/**', '../i18n/*', 'svelte', 'svelte/*'],
      'sync/ (background jobs) imports no UI, no i18n and no Svelte: pass words in from ui/, or return codes.',
    ),
  ];
}

const DATA_DOOR =
  'renderer/src/data/ is the only door to IndexedDB: use (or add) a named query or write there, ' +
  'never Dexie, liveQuery or a table outside it.';

/**
 * data/ is the only door to IndexedDB: outside renderer/src/data/, no Dexie import, no
 * liveQuery, no table. Its own rule names (not the layers' `no-restricted-imports`), so the
 * layer blocks above, which replace each other's options, cannot switch it off.
 */
function dataDoor() {
  return {
    files: ['renderer/**'],
    ignores: ['renderer/src/data/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dexie', message: DATA_DOOR }],
          patterns: [
            { group: ['dexie/*'], message: DATA_DOOR },
            {
              // The schema module: its types, and isLocalOnly (a rule on a row, no read).
              group: ['**/data/db'],
              allowTypeImports: true,
              allowImportNames: ['isLocalOnly'],
              message: `${DATA_DOOR} From data/db only types (and isLocalOnly).`,
            },
            {
              // pacedQuery takes table names: a paced read is one of data/'s named queries.
              group: ['**/data/paced-query'],
              allowTypeImports: true,
              message: `${DATA_DOOR} From data/paced-query only types.`,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='liveQuery']", message: DATA_DOOR },
        { selector: "MemberExpression[property.name='liveQuery']", message: DATA_DOOR },
        // The tables by name: no other object in the renderer has these properties, however
        // they are reached (a member, a computed member, a destructuring).
        { selector: "MemberExpression[property.name=/^(complaints|outbox)$/]", message: DATA_DOOR },
        { selector: "MemberExpression[computed=true][property.value=/^(complaints|outbox|meta)$/]", message: DATA_DOOR },
        { selector: 'ObjectPattern > Property[key.name=/^(complaints|outbox|meta|transaction|table|tables)$/]', message: DATA_DOOR },
        // `meta` on anything but sync/'s in-memory state (`state.meta` is SyncMeta, no table):
        // an alias of the database is caught too.
        { selector: "MemberExpression[property.name='meta']:not([object.name='state'])", message: DATA_DOOR },
        // Dexie's transaction and table access, on whatever object.
        { selector: 'MemberExpression[property.name=/^(transaction|table|tables)$/]', message: DATA_DOOR },
        // Around Dexie altogether: a dynamic import of it, or IndexedDB itself.
        { selector: "ImportExpression[source.value=/^dexie/]", message: DATA_DOOR },
        { selector: "Identifier[name=/^(indexedDB|IDBKeyRange|IDBFactory)$/]", message: DATA_DOOR },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['common/**'],
    rules: restrict(
      ['**/renderer/**', '**/electron/**', ...NODE_BUILTINS],
      'common/ runs anywhere: it may not import renderer/, electron/, Electron or Node built-ins.',
    ),
  },
  {
    files: ['renderer/**'],
    rules: restrict(
      ['**/electron/**', ...NODE_BUILTINS],
      RENDERER_ONLY,
    ),
  },
  ...rendererLayers(),
  dataDoor(),
  {
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'electron/ may not import renderer/.' }] },
      ],
    },
  },
  {
    // Plain Node: both hosts run these (the browser host has no Electron at all).
    files: [
      'electron/services/**',
      'electron/ipc/**',
      'electron/sandbox/**',
      'electron/browser-host/**',
      'electron/shared/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: ELECTRON_ONLY }],
          patterns: [
            { group: ['electron/*', 'electron-log', 'electron-log/*', 'electron-updater'], message: ELECTRON_ONLY },
            {
              group: ['**/main/**', '**/preload/**'],
              message:
                'Plain-Node code may not import electron/main/ or electron/preload/ (Electron glue); ' +
                'what both hosts need goes to electron/shared/.',
            },
            { group: ['**/renderer/**'], message: 'electron/ may not import renderer/.' },
          ],
        },
      ],
    },
  },
  {
    // Main's startup runs against the Electron facade (a Node test drives it with a fake):
    // only the facade's implementation and the entry files import Electron itself.
    files: ['electron/main/**'],
    ignores: ['electron/main/electron-real.ts', 'electron/main/main.ts', 'electron/main/electron-logger.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: FACADE_ONLY, allowTypeImports: true }],
          patterns: [
            { group: ['electron/*', 'electron-log', 'electron-log/*', 'electron-updater'], message: FACADE_ONLY, allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // Unsafe BrowserWindow options are banned outright, whatever the file.
    files: ['electron/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='nodeIntegration'][value.value=true]",
          message: 'nodeIntegration must stay off.',
        },
        {
          selector: "Property[key.name='contextIsolation'][value.value=false]",
          message: 'contextIsolation must stay on.',
        },
        {
          selector: "Property[key.name='sandbox'][value.value=false]",
          message: 'The renderer sandbox must stay on.',
        },
        {
          selector: "Property[key.name='webSecurity'][value.value=false]",
          message: 'webSecurity must stay on.',
        },
      ],
    },
  },
);
