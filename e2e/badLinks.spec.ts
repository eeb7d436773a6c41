import { expect, test, type Page } from '@playwright/test';
import { Playground } from './playground';

/** Console errors and uncaught exceptions, collected from before the page loads. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const QUORUM_W_RULE =
  'database.quorumW) must be a whole number from 1 to database.quorumN (3) (got 5)';

/** The page still works: the clock runs, and a server can be killed from its menu. */
async function expectWorkingPage(playground: Playground, server: string): Promise<void> {
  const before = await playground.clockSeconds();
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(before);
  await playground.server(server).click();
  await playground.action('Kill').click();
  await expect(playground.serverIn(server, 'crashed')).toBeVisible();
}

test('a link with a database setting that breaks a rule: one notice naming it, the page works', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto(
    '#scenario=database&settings=healthCheck.intervalMs=10000,database.quorumW=5',
  );
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('setting "database.quorumW=5"');
  await expect(alerts).toContainText(QUORUM_W_RULE);
  await expect(page.getByLabel('Scenario')).toHaveValue('database');
  // The rest of the link was loaded; the broken setting left the address.
  await expect
    .poll(() => page.evaluate(() => window.location.hash))
    .toContain('settings=healthCheck.intervalMs=10000');
  expect(await page.evaluate(() => window.location.hash)).not.toContain('quorumW');
  await expectWorkingPage(playground, 'app-a1');
  expect(errors).toEqual([]);
});

test('the same inside design B of a comparison', async ({ page }) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=database&compare=database.quorumW=5');
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('compare change "database.quorumW=5"');
  await expect(alerts).toContainText(QUORUM_W_RULE);
  await expectWorkingPage(playground, 'app-a1');
  expect(errors).toEqual([]);
});

test('through hashchange: one notice, and the run on screen goes on as it was', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=database&settings=healthCheck.intervalMs=10000');
  await expectWorkingPage(playground, 'app-b1');
  const clockBefore = await playground.clockSeconds();
  await page.evaluate(() => {
    window.location.hash = window.location.hash.replace(
      'settings=healthCheck.intervalMs=10000',
      'settings=healthCheck.intervalMs=10000,database.quorumW=5',
    );
  });
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText(QUORUM_W_RULE);
  // Nothing the user did is lost: the run was not restarted, the killed server is down.
  await expect(playground.serverIn('app-b1', 'crashed')).toBeVisible();
  expect(await playground.clockSeconds()).toBeGreaterThanOrEqual(clockBefore);
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('quorumW');
  await expectWorkingPage(playground, 'app-a1');
  expect(errors).toEqual([]);
});

test('a link to a panel that does not exist: one notice listing the panels, the page works', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region&panel=nope');
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('Unknown panel "nope"');
  await expect(alerts).toContainText('charts');
  await expect(page.getByRole('tab', { name: 'Observe', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expectWorkingPage(playground, 'app-a1');
  expect(errors).toEqual([]);
});

test('bad theme, panel and lesson: one notice each, and each leaves the address', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region&seed=4&theme=neon&panel=nope&lesson=no-such');
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(3);
  await expect(alerts.filter({ hasText: 'Unknown theme "neon"' })).toHaveCount(1);
  await expect(alerts.filter({ hasText: 'Unknown panel "nope"' })).toHaveCount(1);
  await expect(alerts.filter({ hasText: 'a lesson "no-such"' })).toHaveCount(1);
  // Sharing the address now does not repeat the errors; the run's own parts stay.
  await expect
    .poll(() => page.evaluate(() => window.location.hash))
    .toBe('#scenario=one-region&seed=4');
  await expectWorkingPage(playground, 'app-a1');
  expect(errors).toEqual([]);
});

test('unknown keys and a cut-short encoding: one notice listing the keys a link can carry', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region&seed=4&years=abc&scen&%E0%A4%A');
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('unknown keys "years", "scen"');
  await expect(alerts).toContainText('badly encoded text "%E0%A4%A"');
  await expect(alerts).toContainText('A link can carry scenario, seed, settings, faults');
  await expect(page.getByLabel('Seed')).toHaveValue('4');
  await expect
    .poll(() => page.evaluate(() => window.location.hash))
    .toBe('#scenario=one-region&seed=4');
  await expectWorkingPage(playground, 'app-a1');
  expect(errors).toEqual([]);
});
