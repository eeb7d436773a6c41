/**
 * `npm run screenshots`: rewrites the README's pictures from the built site, so they show
 * the app as it is. Serves the build with `vite preview` on a port of its own, drives
 * Chromium at 1280x800 and writes:
 *
 * - docs/screenshot.png: the default scenario (two-regions) some seconds after region us
 *   was killed, once DNS has moved its users to eu;
 * - docs/compare.png: active-passive (design A) beside active-active (design B) after the
 *   scenario's own region failure.
 *
 * Not part of `npm test`. Options by environment: NINES_SCREENSHOT_DIST (the build,
 * default dist/), NINES_SCREENSHOT_PORT (default 4178), NINES_SCREENSHOT_OUT (default docs/).
 */
import { expect, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { openBuiltSite } from './builtSite.ts';

const DIST = process.env.NINES_SCREENSHOT_DIST ?? 'dist';
const PORT = Number(process.env.NINES_SCREENSHOT_PORT ?? 4178);
const OUT = process.env.NINES_SCREENSHOT_OUT ?? 'docs';
const VIEWPORT = { width: 1280, height: 800 };

/** A picture: which link to open, and how far to run it before taking it. */
interface Shot {
  file: string;
  hash: string;
  /** Simulated seconds to reach before pausing. */
  untilS: number;
  /** Waits for what the picture is meant to show, once paused. */
  ready: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  {
    // Region us dies at 0:10; DNS health checks notice and the cached answers expire, so
    // by 1:30 its users are on eu and the panel has counted what failed meanwhile.
    file: 'screenshot.png',
    hash: '#faults=10:kill-region:us',
    untilS: 90,
    ready: async (page) => {
      await expect(page.getByRole('button', { name: /^region us: down/ })).toBeVisible();
    },
  },
  {
    // active-passive kills region eu at 1:00 on its own; design B runs active-active.
    file: 'compare.png',
    hash: '#scenario=active-passive&compare=regions.mode=active-active',
    untilS: 110,
    ready: async (page) => {
      await expect(page.getByRole('group', { name: 'Design B diagram' })).toBeVisible();
      await expect(page.getByRole('table', { name: /Design A and design B/ })).toBeVisible();
    },
  },
];

/** The simulated clock in the availability panel, in seconds. */
async function clockSeconds(page: Page): Promise<number> {
  const text = await page
    .getByRole('region', { name: 'Availability', exact: true })
    .locator('time')
    .first()
    .innerText();
  const [minutes, seconds] = text.split(':');
  return Number(minutes) * 60 + Number(seconds);
}

async function take(page: Page, baseUrl: string, shot: Shot): Promise<string> {
  await page.goto(`${baseUrl}/${shot.hash}`);
  await expect(page.getByRole('button', { name: /^server / }).first()).toBeVisible();
  await page.getByLabel('Speed', { exact: true }).selectOption('20');
  await expect
    .poll(() => clockSeconds(page), { timeout: 120_000, intervals: [250] })
    .toBeGreaterThanOrEqual(shot.untilS);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await shot.ready(page);
  // Let the last frame after the pause be drawn.
  await page.waitForTimeout(500);
  const path = resolve(OUT, shot.file);
  await page.screenshot({ path });
  return path;
}

async function main(): Promise<void> {
  const site = await openBuiltSite(
    DIST,
    PORT,
    'run `vite build` first (npm run screenshots does).',
  );
  const launched = site.browser;
  try {
    const page = await launched.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    for (const shot of SHOTS) {
      console.log(`wrote ${await take(page, `http://localhost:${PORT}`, shot)}`);
    }
  } finally {
    await site.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
