import AxeBuilder from './axe';
import { expect, test, type Page } from '@playwright/test';
import { Playground } from './playground';

/** The monthly cost beside availability (opened under the headline), in dollars. */
async function monthlyCost(page: Page): Promise<number> {
  const text = await new Playground(page).monthlyCostText();
  return Number(text.replace(/[$,]/g, ''));
}

test('build a design with the editor, see its cost, share it and open the same design', async ({
  page,
}) => {
  test.slow(); // two pages and an axe scan on a 2-core box
  const playground = new Playground(page);
  await playground.goto('#scenario=database');
  await playground.pauseButton.click();
  const before = await monthlyCost(page);

  await playground.addServerInEditor('eu-a', 'app-a3');
  await page.getByLabel('Zone', { exact: true }).selectOption('eu-b');
  await page.getByRole('button', { name: 'Add replica' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Done: add a database node' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /^database db-eu-b/ })).toBeVisible();

  // One more server and one more database node: the cost rises by at least their price.
  const after = await monthlyCost(page);
  expect(after).toBeGreaterThan(before + 0.096 * 730 + 0.171 * 730 - 1);

  // A refused change names the rule and keeps the design.
  await page.getByRole('button', { name: 'Remove server from zone eu-c' }).click();
  await page.getByRole('button', { name: 'Remove server from zone eu-c' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'must list at least one server' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(playground.server('app-c2')).toBeVisible();
  expect(await monthlyCost(page)).toBe(after);

  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(accessibility.violations).toEqual([]);

  // The address is the share link: it carries the design.
  const other = (await playground.openSharedDesign('app-a3')).page;
  await expect(other.getByRole('button', { name: /^database db-eu-b/ })).toBeVisible();
  expect(await monthlyCost(other)).toBe(after);
});
