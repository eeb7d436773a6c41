/**
 * `npm run screenshots`: rewrites the README's pictures from the built site, so they show
 * the app as it is. Serves the build with `vite preview` on a port of its own, drives
 * Chromium at 1280x800 and writes:
 *
 * - docs/screenshot.png: the default scenario (two-regions) some seconds after region us
 *   was killed, once DNS has moved its users to eu;
 * - docs/compare.png: active-passive (design A) beside active-active (design B) after the
 *   scenario's own region failure;
 * - docs/lesson-pause.png: the health-checks lesson paused at its key moment (lb-1 has
 *   just marked the killed app-b1 unhealthy), with the spotlight on the diagram;
 * - docs/course-map.png: the Lessons tab's course map.
 *
 * Not part of `npm test`. Options by environment: NINES_SCREENSHOT_DIST (the build,
 * default dist/), NINES_SCREENSHOT_PORT (default 4178), NINES_SCREENSHOT_OUT (default docs/),
 * NINES_SCREENSHOT_ONLY (comma-separated file names: take only these).
 */
import { expect, type Locator, type Page } from '@playwright/test';
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
  /** Only this part of the window (the side column's panel), instead of all of it. */
  part?: (page: Page) => Locator;
  /** Instead of playing to `untilS`: what a learner does to get there (lessons). */
  drive?: (page: Page) => Promise<void>;
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
  {
    // Step 2 of the first lesson: guess, kill app-b1, and the run pauses by itself when
    // lb-1 marks it unhealthy, with the ring and label on the diagram.
    file: 'lesson-pause.png',
    hash: '#lesson=health-checks&step=2',
    untilS: 0,
    drive: async (page) => {
      const card = page.getByRole('region', { name: 'Kill a server' });
      await card.getByRole('button', { name: 'Lock in my guess and play' }).click();
      await page.getByLabel('Speed', { exact: true }).selectOption('5');
      await page.getByRole('button', { name: /^server app-b1: / }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Kill', exact: true }).click();
      await expect(card.getByText(/Paused at 0:\d\d\.\d:/)).toBeVisible({ timeout: 60_000 });
    },
    ready: async (page) => {
      await expect(page.getByRole('img', { name: /^Look here: / })).toBeVisible();
    },
  },
  {
    // The course map, in the Learn group's Lessons tab, scrolled into the 1280x800 window.
    file: 'course-map.png',
    hash: '',
    untilS: 0,
    drive: async (page) => {
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByRole('tab', { name: 'Learn', exact: true }).click();
      await page.getByRole('tab', { name: 'Lessons', exact: true }).click();
      const map = page.getByRole('list', { name: 'Course map' });
      await expect(map).toBeVisible();
      // The tab's panel at the top of the window: the map fills the side column.
      await map.evaluate((el) => el.closest('[role="tabpanel"]')?.scrollIntoView());
    },
    ready: async (page) => {
      await expect(page.getByRole('list', { name: 'Course map' })).toBeInViewport();
    },
    // The side column alone: beside it the window shows only the page's empty background.
    part: (page) => page.getByRole('tabpanel', { name: 'Lessons', exact: true }),
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
  if (shot.drive) {
    await shot.drive(page);
  } else {
    await page.getByLabel('Speed', { exact: true }).selectOption('20');
    await expect
      .poll(() => clockSeconds(page), { timeout: 120_000, intervals: [250] })
      .toBeGreaterThanOrEqual(shot.untilS);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
  }
  await shot.ready(page);
  // Let the last frame after the pause be drawn.
  await page.waitForTimeout(500);
  const path = resolve(OUT, shot.file);
  const box = shot.part ? await shot.part(page).boundingBox() : null;
  if (box) {
    // Clipped to what the window shows of that part (window coordinates).
    const top = Math.max(0, box.y);
    const clip = {
      x: box.x,
      y: top,
      width: box.width,
      height: Math.min(box.y + box.height, VIEWPORT.height) - top,
    };
    await page.screenshot({ path, clip });
  } else {
    await page.screenshot({ path });
  }
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
    const only = process.env.NINES_SCREENSHOT_ONLY?.split(',');
    for (const shot of SHOTS.filter((s) => !only || only.includes(s.file))) {
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
