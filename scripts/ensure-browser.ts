/**
 * `npm run test:e2e` runs this first: it makes sure the end-to-end tests have a Chromium
 * (see browser.ts for the order) and installs Playwright's when there is none. Exits 1
 * with one message naming the three ways to provide a browser when that fails (offline).
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ensureBrowser } from './browser.ts';

const require = createRequire(import.meta.url);

const browser = ensureBrowser({
  env: process.env,
  exists: existsSync,
  playwrightChromiumPath: () => chromium.executablePath(),
  install: () => {
    // The local Playwright's own CLI, so the browser matches the installed version.
    const cli = require.resolve('@playwright/test/cli');
    const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'inherit' });
    return result.status === 0;
  },
  log: (line) => console.log(line),
  // A blank line sets the message apart from the installer's own errors above it.
  error: (message) => console.error(`\n${message}`),
});

if (browser) console.log(`Chromium for the end-to-end tests: ${browser.path}`);
else process.exitCode = 1;
