import { chromium, defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { findBrowser } from './scripts/browser.ts';

const CI = !!process.env.CI;
/**
 * Port and build folder of the site under test. Defaults: 4173 and dist/. Set both to
 * run several suites side by side (`NINES_E2E_PORT=4180 NINES_E2E_DIST=/tmp/d`, after
 * `vite build --outDir /tmp/d`).
 */
const PORT = Number(process.env.NINES_E2E_PORT ?? 4173);
const DIST = process.env.NINES_E2E_DIST ?? 'dist';

/**
 * $CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's cached Chromium (the order of
 * scripts/browser.ts; `npm run test:e2e` installs the last one when none is there).
 */
const executablePath = findBrowser({
  env: process.env,
  exists: existsSync,
  playwrightChromiumPath: () => chromium.executablePath(),
})?.path;

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two browsers at once on CI's 2 cores too: much of a test is waiting on simulated time
  // played in real time, which a second worker overlaps (the specs already allow for a
  // loaded 2-core box, and CI retries a failed test once).
  workers: 2,
  reporter: CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Tracing screencasts a page that animates every frame, which doubles the suite's
    // time on a 2-core machine: record only when CI retries a failed test.
    trace: 'on-first-retry',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  // Tests run against the built site (`vite build` first; see the test:e2e script).
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !CI,
  },
});
