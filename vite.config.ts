import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { thirdPartyNotices } from './scripts/third-party-notices.mjs';

/**
 * Modules only what is loaded on demand uses: the views of ../renderer/src/ui/lazy-views.ts
 * and the Czech strings (../renderer/src/i18n/index.svelte.ts). Everything else is the first
 * page's: one chunk, so it loads and compresses as one file.
 */
const ON_DEMAND =
  /[\\/]renderer[\\/]src[\\/]ui[\\/](new-complaint|settings|help|pending|complaint)[\\/]|[\\/](ComplaintView|PendingView|SettingsView|HelpView)\.svelte|[\\/]i18n[\\/]([\w-]+\.)?cs\.ts$/;

// The renderer is built to static files served by the app:// protocol (Electron) or the
// browser host. Relative base so the same build works under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  // thirdPartyNotices: dist/renderer/third-party-notices.txt (Help → About), every shipped package.
  plugins: [svelte({ configFile: '../svelte.config.js' }), thirdPartyNotices()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // No inline scripts or styles: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'index', test: (id: string) => !ON_DEMAND.test(id) }] },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
