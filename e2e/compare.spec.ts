import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('compare two designs side by side: one fault, two outcomes, in a shareable link', async ({
  page,
  context,
}) => {
  test.slow(); // two engines and two diagrams, plus an axe scan, on a 2-core box
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive');
  await playground.openTab('Compare');
  const start = page.getByRole('button', { name: 'Compare side by side' });
  await expect(start).toBeDisabled();
  // Design B from a quick pick, plus one setting added by keyboard.
  const pick = page.getByRole('button', { name: 'Active-active regions' });
  await pick.click();
  await expect(pick).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('Setting', { exact: true }).selectOption('trafficManager.dnsTtlS');
  const value = page.getByLabel('Value', { exact: true });
  await value.fill('-3');
  await value.press('Enter');
  await expect(page.getByRole('alert')).toContainText('trafficManager.dnsTtlS');
  await value.fill('30');
  await value.press('Enter');
  await expect(page.getByText('trafficManager.dnsTtlS = 30 s')).toBeVisible();
  await start.click();

  const designB = page.getByRole('group', { name: 'Design B diagram' });
  await expect(designB).toBeVisible();
  await expect(page).toHaveURL(/compare=regions.mode=active-active,trafficManager.dnsTtlS=30/);
  await expect(playground.clockSeconds()).resolves.toBeLessThan(10);
  // Design B is for watching: no part of it is a button.
  await expect(designB.getByRole('button')).toHaveCount(0);
  await expect(designB).toContainText('us');

  // A fault caused on design A hits design B at the same instant.
  await playground.server('app-eu-a1').click();
  await playground.action('Kill').click();
  await expect(playground.serverIn('app-eu-a1', 'crashed')).toBeVisible();
  await expect(designB.getByText('crashed')).toBeVisible();

  // The scripted region kill at 1:00: active-passive interrupts everyone, active-active
  // only eu's users. The table says which design did better, in words.
  await playground.setSpeed('50');
  await expect.poll(() => playground.clockSeconds(), { timeout: 30_000 }).toBeGreaterThan(100);
  await playground.pauseButton.click();
  const table = page.getByRole('table', { name: /Design A and design B/ });
  const row = (label: string) => table.getByRole('row', { name: new RegExp(`^${label}`) });
  await expect(row('Availability, whole run \\(request-based\\)')).toContainText('B better');
  await expect(row('Seconds with errors, users-us')).toContainText('B better');

  // The link opens the same comparison.
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByRole('group', { name: 'Design B diagram' })).toBeVisible();
  await expect(
    other.getByText('regions.mode = active-active, trafficManager.dnsTtlS = 30 s').first(),
  ).toBeVisible();
  await other.close();

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);

  await page.getByRole('button', { name: 'Stop comparing' }).first().click();
  await expect(designB).toHaveCount(0);
  await expect(page).not.toHaveURL(/compare=/);
  await expect(page.getByRole('group', { name: 'Cluster diagram' })).toBeVisible();
});
