/**
 * The real Electron, where it can run (CI: ubuntu-latest under xvfb, windows-latest,
 * macos-latest; .github/workflows/electron-smoke.yml and release.yml). Not part of
 * `npm test` here: this machine cannot download the Electron binary (scripts/test-all.sh
 * says so and skips it).
 *
 * Projects:
 * - built: `electron .` on the built app (npm run build)
 * - packaged: the electron-builder --dir app, at DESK_PACKAGED_EXECUTABLE (set by the
 *   workflow); skipped when that is unset
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'built', metadata: { packaged: false } },
    { name: 'packaged', metadata: { packaged: true } },
  ],
});
