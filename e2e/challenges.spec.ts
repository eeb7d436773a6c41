import AxeBuilder from './axe';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('a challenge failed by the starting design, then passed after a design change', async ({
  page,
}) => {
  test.slow(); // three seeds of 70 simulated seconds, twice, and an axe scan
  const playground = new Playground(page);
  await playground.goto();
  await playground.openTab('Lessons');
  const list = page.getByRole('list', { name: 'Challenges' });
  const open = list.getByRole('button', { name: 'Stop the retry storm' });
  // By keyboard: focus the challenge's button and press Enter.
  await open.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: 'Stop the retry storm' });
  await expect(heading).toBeFocused();
  await expect(page).toHaveURL(/challenge=retry-storm/);
  await expect(page.getByText('load amplification on payments at most 2x').first()).toBeVisible();

  const run = page.getByRole('button', { name: 'Run the hidden scenario' });
  await run.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('progressbar', { name: 'Hidden scenario progress' })).toBeVisible();
  const verdict = page.locator('.challenge-verdict');
  await expect(verdict).toContainText('Failed. 3 of 3 seeds missed the goal', { timeout: 60_000 });
  await expect(verdict).toContainText(/The goal broke at 0:\d\d\.\d/);
  await expect(verdict).toContainText('payments answers 100% of requests with a fast error');

  // The learner turns on a retry budget: the link carries the design.
  await page.getByLabel('Retry budget').selectOption('percent');
  await expect(page).toHaveURL(/design=retries\.budget=percent/);
  await run.click();
  await expect(verdict).toContainText('Passed', { timeout: 60_000 });
  await expect(verdict).toContainText('Passed. All 3 seeds met the goal');

  const results = await new AxeBuilder({ page }).include('.challenge-panel').analyze();
  expect(results.violations).toEqual([]);

  await page.getByRole('button', { name: 'Back to the challenges' }).click();
  await expect(list.getByText('✓ Passed')).toHaveCount(1);
});

test('a challenge link opens the challenge with its design; an unknown one says so', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#challenge=gray-failure&design=outlier.enabled=on');
  await expect(
    page.getByRole('heading', { name: 'A server that lies to its health checks' }),
  ).toBeVisible();
  await expect(page.getByLabel('Outlier detection')).toHaveValue('on');

  await playground.goto('#challenge=no-such-challenge');
  await expect(page.getByText(/No challenge is called "no-such-challenge"/)).toBeVisible();

  // A link followed in an open page (another tab showing) opens the Lessons tab and the challenge.
  await playground.openTab('Settings');
  await page.evaluate(() => {
    window.location.hash = 'challenge=split-brain';
  });
  await expect(page.getByRole('heading', { name: 'Two primaries, one truth' })).toBeVisible();
});
