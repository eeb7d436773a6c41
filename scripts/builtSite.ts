/**
 * The built site served by `vite preview` and a Chromium to look at it, for the scripts
 * that are not tests (screenshots, soak). Playwright's test runner does the same for e2e.
 */
import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { findBrowser } from './browser.ts';

export interface BuiltSite {
  browser: Browser;
  /** Closes the browser and stops the server. */
  close: () => Promise<void>;
}

/** Serves `dist` on `port` and launches Chromium (the one `npm test` would use). */
export async function openBuiltSite(dist: string, port: number, hint: string): Promise<BuiltSite> {
  if (!existsSync(resolve(dist, 'index.html'))) {
    throw new Error(`No build in ${dist}/: ${hint}`);
  }
  const found = findBrowser({
    env: process.env,
    exists: existsSync,
    playwrightChromiumPath: () => chromium.executablePath(),
  });
  if (!found) throw new Error('No Chromium: run `npx tsx scripts/ensure-browser.ts` first.');
  const server = await preview({
    logLevel: 'warn',
    build: { outDir: dist },
    preview: { port, strictPort: true, open: false },
  });
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
