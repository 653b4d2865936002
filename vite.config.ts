import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { thirdPartyNotices } from './scripts/third-party-notices.mjs';

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
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
