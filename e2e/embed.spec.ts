import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('the Share tab gives embed code; the embedded run plays and links back', async ({
  page,
  context,
}) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive&seed=5&faults=20:kill:app-eu-a1');
  await playground.openTab('Share');
  const code = await page.getByLabel('Embed code').inputValue();
  expect(code).toMatch(
    /^<iframe src="[^"]*#scenario=active-passive&amp;seed=5&amp;faults=20:kill:app-eu-a1&amp;embed"/,
  );
  expect(code).toContain('title="Nines: Two regions, active-passive"');
  const src = code.match(/src="([^"]*)"/)![1]!.replace(/&amp;/g, '&');

  const embedded = await context.newPage();
  const inside = new Playground(embedded);
  await embedded.setViewportSize({ width: 760, height: 640 });
  await inside.goto(src.replace(/^.*#/, '#'));
  await expect(
    embedded.getByRole('heading', { name: 'Nines Two regions, active-passive' }),
  ).toBeVisible();
  // Just the run: no tabs, no log, no scenario picker, no presentation button.
  await expect(embedded.getByRole('tablist')).toHaveCount(0);
  await expect(inside.eventLog).toHaveCount(0);
  await expect(embedded.getByLabel('Scenario', { exact: true })).toHaveCount(0);
  await expect(embedded.getByRole('button', { name: 'Present' })).toHaveCount(0);
  await expect(inside.availability).toContainText('%');
  // The run is the shared one, and it plays.
  await expect(inside.seed).toHaveValue('5');
  await inside.setSpeed('10');
  await expect(inside.serverIn('app-eu-a1', 'crashed')).toBeVisible({ timeout: 15_000 });
  const open = embedded.getByRole('link', { name: /Open in Nines/ });
  await expect(open).toHaveAttribute('target', '_blank');
  const href = await open.getAttribute('href');
  expect(href).toContain('scenario=active-passive&seed=5&faults=20:kill:app-eu-a1');
  expect(href).not.toContain('embed');

  const results = await new AxeBuilder({ page: embedded }).analyze();
  expect(results.violations).toEqual([]);
});

test('an embedded lesson keeps its step card', async ({ page }) => {
  await page.goto('/#lesson=health-checks&embed');
  const card = page.getByRole('region', { name: 'A healthy cluster' });
  await expect(card).toContainText('step 1 of 5');
  await expect(page.getByRole('tablist')).toHaveCount(0);
});
