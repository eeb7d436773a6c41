import AxeBuilder from './axe';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('build a design with the editor, share it, open the link and simulate 20 years', async ({
  page,
}) => {
  test.slow(); // two pages and an axe scan on a 2-core box
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.pauseButton.click();

  // Build: one more server in zone eu-a.
  await playground.addServerInEditor('eu-a', 'app-a3');

  // Share it, and open the link in a new page.
  const second = await playground.openSharedDesign('app-a3');
  const other = second.page;
  await second.pauseButton.click();

  await second.openTab('Years');
  const panel = other.getByRole('tabpanel', { name: 'Years' });
  const years = panel.getByRole('textbox', { name: 'Years to simulate' });

  // A number outside the range is refused inline, naming the range.
  await years.fill('5000');
  await expect(panel.getByRole('alert')).toContainText('a whole number from 1 to 1,000');
  await expect(years).toHaveAttribute('aria-invalid', 'true');

  await years.fill('20');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Simulate 20 years' }).click();

  // The progress bar moves, then reaches every year.
  const progress = panel.getByRole('progressbar', { name: 'Years simulated' });
  await expect(progress).toHaveAttribute('aria-valuemax', '20');
  await expect
    .poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await expect(progress).toHaveAttribute('aria-valuenow', '20', { timeout: 60_000 });
  await expect(panel.getByRole('status').filter({ hasText: 'Simulated 20 years' })).toBeVisible();
  await expect(panel.getByRole('status')).toContainText('(edited)');

  // The histogram, the formula line and its legend, the honest counts and the cost.
  const histogram = panel.getByRole('img', { name: /^Histogram of 20 simulated years/ });
  await expect(histogram).toBeVisible();
  await expect(histogram.locator('rect.bar').first()).toBeVisible();
  await expect(histogram.locator('line.formula-line')).toHaveCount(1);
  await expect(panel.getByRole('list', { name: 'Legend' })).toContainText('Formula prediction');
  const results = panel.getByRole('region', { name: 'Years results' });
  await expect(results.getByRole('row', { name: /^Availability/ })).toContainText('over 20 years');
  await expect(results.getByRole('row', { name: /^Acknowledged writes lost/ })).toContainText(
    'no database in this design',
  );
  const cost = results.getByRole('group', { name: 'Monthly cost' });
  await expect(cost).toContainText('$');
  // The cost shown is the edited design's own: the same as beside its availability.
  await expect(cost.locator('.cost-value')).toHaveText(await second.monthlyCostText());

  const accessibility = await new AxeBuilder({ page: other }).include('.years-panel').analyze();
  expect(accessibility.violations).toEqual([]);
});
