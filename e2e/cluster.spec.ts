import AxeBuilder from './axe';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_SERVERS, Playground } from './playground';

/** Console errors and uncaught exceptions, collected from before the page loads. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('opens two regions behind the traffic manager, all up, no console errors', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto();
  await expect(page.getByLabel('Scenario')).toHaveValue('two-regions');
  for (const id of DEFAULT_SERVERS) await expect(playground.serverIn(id, 'up')).toBeVisible();
  for (const name of ['region eu: up', 'region us: up', 'dependency payments: up']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText('dns', { exact: true })).toBeVisible();
  await expect(playground.availability).toContainText('%');
  // Let it run a little so any error in the animation loop would show up.
  await expect(playground.availability).toContainText(/0:0[1-9]\.\d/);
  expect(errors).toEqual([]);
});

test('kill a server with the mouse: crashed, availability drops, balancer reacts', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.setSpeed('50');

  await playground.server('app-b1').click();
  await expect(playground.action('Restore')).toHaveCount(0);
  await playground.action('Kill').click();
  await expect(playground.serverIn('app-b1', 'crashed')).toBeVisible();
  await expect(playground.serverIn('app-b1', 'crashed')).toContainText('crashed');

  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await expect(playground.serverIn('app-b1', 'crashed')).toHaveAccessibleName(
    'server app-b1: crashed, marked unhealthy by lb-1',
  );
  await expect.poll(() => playground.availabilityPercent()).toBeLessThan(100);

  await playground.server('app-b1').click();
  await expect(playground.action('Kill')).toHaveCount(0);
  await playground.action('Restore').click();
  await expect(playground.serverIn('app-b1', 'up')).toBeVisible();
  await expect(playground.eventLog).toContainText('marked app-b1 healthy');
  await expect(playground.serverIn('app-b1', 'up')).toHaveAccessibleName('server app-b1: up');
});

test('kill and restore with the keyboard only', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');

  await playground.pressUntilFocused('Tab', /^server app-b1: up$/);
  await page.keyboard.press('Enter');
  await expect(playground.menu).toBeVisible();
  await expect(playground.action('Kill')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(playground.menu).toBeHidden();
  // Focus comes back to the server, now crashed.
  await expect(playground.serverIn('app-b1', 'crashed')).toBeFocused();

  // Step (1 simulated second per press) until the health checks catch it.
  await playground.pressUntilFocused('Shift+Tab', /Step$/);
  for (let i = 0; i < 15; i++) await page.keyboard.press('Enter');
  await expect(playground.playButton).toBeVisible();
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await expect.poll(() => playground.availabilityPercent()).toBeLessThan(100);

  await playground.pressUntilFocused('Tab', /^server app-b1: crashed/);
  await page.keyboard.press('Space');
  await expect(playground.menu).toBeVisible();
  await playground.pressUntilFocused('ArrowDown', /^Restore$/, 10);
  await page.keyboard.press('Enter');
  await expect(playground.serverIn('app-b1', 'up')).toBeFocused();

  await playground.pressUntilFocused('Shift+Tab', /Step$/);
  for (let i = 0; i < 20; i++) await page.keyboard.press('Enter');
  await expect(playground.eventLog).toContainText('marked app-b1 healthy');
});

test('Escape closes the menu and returns focus to the server', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.server('app-c2').focus();
  await page.keyboard.press('Enter');
  await expect(playground.action('Kill')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(playground.menu).toBeHidden();
  await expect(playground.server('app-c2')).toBeFocused();
});

test('step, reset and the seed in the link', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto('#seed=42');
  await expect(playground.seed).toHaveValue('42');
  await playground.pauseButton.click();
  const before = await playground.clockSeconds();
  await playground.stepButton.click();
  await expect.poll(() => playground.clockSeconds()).toBeCloseTo(before + 1, 5);

  await playground.seed.fill('7');
  await playground.seed.press('Enter');
  await expect(page).toHaveURL(/seed=7/);
  await expect(playground.availability).toContainText('0:00.0');

  await playground.stepButton.click();
  await playground.resetButton.click();
  await expect(playground.availability).toContainText('0:00.0');
});

test('a broken link shows a message and falls back to the defaults', async ({ page }) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#seed=abc&scenario=nope');
  // One message names every part of the link that was ignored.
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('"nope"');
  await expect(alerts).toContainText('"abc"');
  await expect(playground.seed).toHaveValue('1');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alerts).toHaveCount(0);
  await expect(page.getByLabel('Scenario')).toHaveValue('two-regions');
  for (const id of DEFAULT_SERVERS) await expect(playground.serverIn(id, 'up')).toBeVisible();
  expect(errors).toEqual([]);
});

test('with reduced motion, links show counts instead of moving dots', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const playground = new Playground(page);
  await playground.goto();
  await expect(page.getByText('Reduced motion: each link shows')).toBeVisible();
  await expect(
    // The users' link always shows its count; links inside the region only when non-zero.
    page
      .getByRole('group', { name: 'Cluster diagram' })
      .getByText(/^\d+ on the wire$/)
      .first(),
  ).toBeVisible();
});

// The page without a menu is scanned in every theme by themes.spec.ts.
test('axe finds no accessibility violations with a menu open', async ({ page }) => {
  // A whole-page axe scan of a page with four charts takes ~10 s on a loaded 2-core box.
  test.setTimeout(120_000);
  const playground = new Playground(page);
  await playground.goto();
  await playground.pauseButton.click();

  await playground.openTab('Settings');
  await playground.server('app-eu-a1').click();
  await expect(playground.menu).toBeVisible();
  const open = await new AxeBuilder({ page }).analyze();
  expect(open.violations).toEqual([]);
});

test('the Settings tab names each setting, its default and real values, linked to the reference page', async ({
  page,
  context,
}) => {
  const errors = collectErrors(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.pauseButton.click();
  await playground.openTab('Settings');
  // Open in its own tab: the settings show without another click.
  const panel = page.locator('details.settings');
  await expect(panel).toHaveAttribute('open', '');

  // A readable name with its unit beside the field, not the raw key.
  const interval = page.getByLabel('Health-check interval', { exact: true });
  await expect(interval).toHaveValue('5000');
  const row = panel.locator('.setting').filter({ has: interval });
  await expect(row.locator('.unit')).toHaveText('ms');
  await expect(row).toContainText('Default here: 5000 ms.');
  const alb = row.getByRole('link', { name: 'AWS ALB 30000 ms (5000 to 300000 ms)' });
  await expect(alb).toHaveAttribute('href', 'reference.html#aws-alb-health-checks');

  // The reference ships with the site: the link opens its section, on this site.
  const [reference] = await Promise.all([context.waitForEvent('page'), alb.click()]);
  await reference.waitForLoadState();
  expect(new URL(reference.url()).origin).toBe(new URL(page.url()).origin);
  await expect(reference.locator('#aws-alb-health-checks')).toHaveText('AWS ALB health checks');
  await expect(reference.locator('main')).toContainText('every 30 s by default');
  expect(errors).toEqual([]);
});
