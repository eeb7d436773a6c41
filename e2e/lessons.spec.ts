import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('a guided lesson, step by step: explain, do, check, next', async ({ page }) => {
  test.slow(); // a minute of simulated time at 10x to 50x, and an axe scan
  const playground = new Playground(page);
  await playground.goto();
  await playground.openTab('Lessons');
  await page.getByRole('button', { name: 'Health checks route around a dead server' }).click();
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('one-region');
  await expect(page).toHaveURL(/lesson=health-checks/);

  const card = page.getByRole('region', { name: 'A healthy cluster' });
  await expect(card).toContainText('step 1 of 5');
  await expect(card.getByRole('heading', { name: 'A healthy cluster' })).toBeFocused();
  const next = () => page.getByRole('button', { name: 'Next step' });
  await expect(next()).toBeDisabled();
  await expect(card.getByRole('status')).toHaveText('Waiting for: the clock reaches 10 s.');
  await playground.setSpeed('10');
  await expect(card.getByRole('status')).toHaveText('✓ Done.', { timeout: 15_000 });
  await next().click();

  // Step 2: the learner does it, by mouse.
  const kill = page.getByRole('region', { name: 'Kill a server' });
  await expect(kill.getByRole('status')).toHaveText('Waiting for: app-b1 crashed.');
  await playground.server('app-b1').click();
  await playground.action('Kill').click();
  await expect(kill.getByRole('status')).toHaveText('✓ Done.');
  await next().click();

  // Step 3 completes when the balancer marks app-b1 unhealthy.
  const notices = page.getByRole('region', { name: 'The balancer notices' });
  await expect(notices.getByRole('status')).toHaveText('✓ Done.', { timeout: 15_000 });
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await next().click();
  await expect(page.getByRole('region', { name: 'Counting the damage' })).toContainText('✓ Done.');

  const results = await new AxeBuilder({ page }).include('.lesson-card').analyze();
  expect(results.violations).toEqual([]);

  // By keyboard: Next, then "Show me" does the task.
  await next().focus();
  await page.keyboard.press('Enter');
  const back = page.getByRole('region', { name: 'Bring it back' });
  await expect(back).toContainText('step 5 of 5');
  await back.getByRole('button', { name: 'Show me' }).click();
  await expect(playground.serverIn('app-b1', 'up')).toBeVisible();
  await playground.setSpeed('50');
  await expect(back.getByRole('status')).toHaveText('✓ Done.', { timeout: 20_000 });
  await back.getByRole('button', { name: 'Finish lesson' }).click();
  await expect(page.locator('.lesson-card')).toHaveCount(0);
  await expect(page).not.toHaveURL(/lesson=/);
});

test('a link opens a lesson at a step; a restart step changes the run', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/#lesson=region-failover&step=4');
  const card = page.getByRole('region', { name: 'Try active-active' });
  await expect(card).toContainText('step 4 of 4');
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('active-passive');
  // The step's restart: the same scenario, in active-active mode (both regions serve).
  await expect(page.getByRole('button', { name: /^region us: up$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back' })).toBeEnabled();
  await expect(playground.availability).toContainText('%');
});

test("a lesson's own fault joins the script, and its check follows the run", async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/#lesson=gray-failure');
  await expect(page.getByRole('region', { name: 'Slow, not down' })).toContainText('step 1 of 4');
  await expect(
    page.getByRole('button', { name: 'fault at 0:10.0: slow app-a1 x10 (scheduled)' }),
  ).toBeVisible();
  await playground.setSpeed('20');
  await expect(playground.serverIn('app-a1', 'slow x10')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Slow, not down' }).getByRole('status')).toHaveText(
    '✓ Done.',
    { timeout: 15_000 },
  );
});
