import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('after one visit the playground opens and runs with no network, share links included', async ({
  page,
  context,
  baseURL,
}) => {
  const playground = new Playground(page);
  // Every request the page makes stays on this site: fonts, icons and scripts are bundled.
  const foreign: string[] = [];
  const site = new URL(baseURL!).origin;
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && new URL(url).origin !== site) foreign.push(url);
  });
  await playground.goto();
  await playground.openTab('Share');
  await expect(page.getByText('Saved in this browser: the playground opens')).toBeVisible();
  // One cache, named by this copy's scope and build (another copy on the origin keeps its own).
  const cacheNames = await page.evaluate(() => caches.keys());
  expect(cacheNames).toHaveLength(1);
  expect(cacheNames[0]).toMatch(new RegExp(`^nines ${site}/ [0-9a-f]{12}$`));

  await context.setOffline(true);
  await page.goto('/#scenario=one-region&seed=7&faults=2:kill:app-b1');
  await expect(playground.server('app-b1')).toBeVisible();
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('7');
  await playground.setSpeed('10');
  await expect(playground.serverIn('app-b1', 'crashed')).toBeVisible();
  await expect(playground.eventLog).toContainText('app-b1 process crashed');
  await page.reload();
  await expect(playground.server('app-a1')).toBeVisible();
  // The parts whose code loads on first use were stored too (the first visit never
  // opened them): the first tab, and two opened now.
  await expect(page.getByRole('heading', { name: 'Charts over simulated time' })).toBeVisible();
  await playground.openTab('Lessons');
  await expect(page.getByRole('heading', { name: 'Lessons', exact: true })).toBeVisible();
  await playground.openTab('Calculator');
  await expect(page.getByRole('heading', { name: 'Availability calculator' })).toBeVisible();
  await context.setOffline(false);
  expect(foreign).toEqual([]);
});
