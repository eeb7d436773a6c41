import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('follow one request: trace the next request from a user group and read its waterfall', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto();
  await playground.pauseButton.click();
  await playground.openTab('Trace');
  await page.getByRole('button', { name: 'Trace the next request from users-eu' }).click();
  const status = page.getByRole('status').filter({ hasText: 'users-eu' });
  await expect(status).toContainText('Waiting for the next request from users-eu.');
  await expect(status).toContainText('The run is paused');
  // One step of simulated time sends it and brings its answer back.
  await status.getByRole('button', { name: 'step' }).click();
  await expect(status).toContainText(/from users-eu succeeded after [\d.]+ ms: 1 attempt, 1 try/);

  const waterfall = page.getByRole('region', { name: /^Waterfall of (request|checkout) #\d+/ });
  await expect(waterfall).toBeVisible();
  const table = waterfall.getByRole('table');
  await expect(
    table.getByRole('rowheader', { name: /^(request|checkout) #\d+ from users-eu$/ }),
  ).toBeVisible();
  await expect(
    table.getByRole('rowheader', { name: /DNS answer \(dns, cached up to \d+ s\): region eu/ }),
  ).toBeVisible();
  await expect(table.getByRole('rowheader', { name: /^attempt 1 to lb-eu$/ })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: /^try 1: lb-eu picks app-eu-/ })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: /^app-eu-\w+ works on it$/ })).toBeVisible();
  await expect(table.getByRole('cell', { name: '✓ answered' }).first()).toBeVisible();

  // The waterfall is reachable by keyboard (a scrollable region) and passes axe.
  await waterfall.focus();
  await expect(waterfall).toBeFocused();
  const results = await new AxeBuilder({ page }).include('.trace-panel').analyze();
  expect(results.violations).toEqual([]);

  await page.getByRole('button', { name: 'Stop tracing' }).click();
  await expect(waterfall).toHaveCount(0);
});
