/**
 * The Data tab (issue 5 "Must show"): async vs sync primary kill (acknowledged writes
 * lost vs exactly none), split brain with fencing off and on, and a manual promotion by
 * keyboard from the nodes table. Scenarios come from the link; the engine runs at 50x.
 */
import AxeBuilder from './axe';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Playground } from './playground';

// Each test loads its own page: run them side by side.
test.describe.configure({ mode: 'parallel' });

function figures(page: Page): Locator {
  return page.getByRole('region', { name: 'Data at risk' });
}

/** A figure of "Data at risk" by its term, as a number. */
async function figure(page: Page, term: string): Promise<number> {
  const text = await figures(page)
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]')
    .locator('.kp-value')
    .innerText();
  return Number(text.replace(/,/g, ''));
}

function failovers(page: Page): Locator {
  return page.getByRole('table', { name: 'Failovers' });
}

async function start(page: Page, scenario: string): Promise<Playground> {
  const playground = new Playground(page);
  await playground.goto(`#scenario=${scenario}`);
  await playground.openTab('Data');
  return playground;
}

async function openSection(page: Page, title: string): Promise<void> {
  const button = page.getByRole('button', { name: title, exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
}

/**
 * Replicas apply writes 500 ms late (instead of 50 ms), so at 50 writes/s about 25
 * acknowledged writes are always in flight to them: under async replication a primary
 * kill loses some for certain, not only by chance.
 */
async function slowReplicas(page: Page, mode: 'async' | 'sync'): Promise<void> {
  await openSection(page, 'Replication');
  await page.getByRole('radio', { name: mode, exact: true }).check();
  const delay = page.getByLabel('Replica apply delay', { exact: true });
  await delay.fill('500');
  await delay.press('Enter');
  await expect(delay).toHaveValue('500');
  await expect(page.getByRole('radio', { name: mode, exact: true })).toBeChecked();
}

/** Runs to 10 s, kills the primary from the nodes table, and waits for the failover. */
async function killPrimaryAndFailOver(page: Page, playground: Playground): Promise<void> {
  await playground.setSpeed('50');
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(10);
  expect(await figure(page, 'Writes acknowledged')).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Kill db-a1', exact: true }).click();
  // Lease TTL 30 s + promotion 2 s + rediscovery 5 s: clients write to the new primary.
  await expect(failovers(page).getByRole('row', { name: /db-a1 → db-[bc]1 .* s/ })).toBeVisible({
    timeout: 20_000,
  });
  await expect(failovers(page)).not.toContainText('in progress', { timeout: 10_000 });
}

test('async replication: killing the primary loses acknowledged writes', async ({ page }) => {
  const playground = await start(page, 'database');
  await slowReplicas(page, 'async');
  await killPrimaryAndFailOver(page, playground);
  const lost = await figure(page, 'Acknowledged writes lost');
  expect(lost).toBeGreaterThan(0);
  const rpo = page.getByRole('group', { name: 'Data lost (RPO)' });
  await expect(rpo).toContainText(/[1-9][\d,]* writes?/);
  await expect(playground.eventLog).toContainText('acknowledged writes lost');
});

test('sync replication: killing the primary loses no acknowledged write', async ({ page }) => {
  const playground = await start(page, 'database');
  await slowReplicas(page, 'sync');
  await killPrimaryAndFailOver(page, playground);
  expect(await figure(page, 'Acknowledged writes lost')).toBe(0);
  await expect(page.getByRole('group', { name: 'Data lost (RPO)' })).toContainText('0 writes');
  await expect(page.getByRole('group', { name: 'Recovery time (RTO)' })).toContainText(/\d+\.\d s/);
});

test('split brain with fencing off: the isolated old primary keeps accepting writes', async ({
  page,
}) => {
  const playground = await start(page, 'split-brain');
  await expect(page.getByRole('switch', { name: 'Fencing' })).not.toBeChecked();
  await playground.setSpeed('50');
  // db-a1 is isolated at 30 s; db-b1 is promoted ~32 s later; the partition heals at 120 s.
  await expect
    .poll(() => figure(page, 'Split-brain writes'), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect.poll(() => playground.clockSeconds(), { timeout: 20_000 }).toBeGreaterThan(125);
  expect(await figure(page, 'Acknowledged writes lost')).toBeGreaterThan(0);
});

test('split brain with fencing on, by keyboard: no split-brain write', async ({ page }) => {
  const playground = await start(page, 'split-brain');
  const fencing = page.getByRole('switch', { name: 'Fencing' });
  await fencing.focus();
  await page.keyboard.press('Space');
  await expect(fencing).toBeChecked();
  await playground.setSpeed('50');
  await expect(failovers(page).getByRole('row', { name: /db-a1 → db-b1/ })).toBeVisible({
    timeout: 20_000,
  });
  await expect.poll(() => playground.clockSeconds(), { timeout: 20_000 }).toBeGreaterThan(125);
  expect(await figure(page, 'Split-brain writes')).toBe(0);
});

test('manual failover: the operator promotes db-b1 from the table by keyboard', async ({
  page,
}) => {
  const playground = await start(page, 'manual-failover');
  await playground.setSpeed('50');
  // db-a1 dies at 30 s; nothing is automated.
  await expect(page.getByRole('status').filter({ hasText: 'Primary db-a1 lost' })).toBeVisible({
    timeout: 20_000,
  });
  await playground.pauseButton.click();
  await expect(failovers(page)).toHaveCount(0);

  await page.getByRole('tab', { name: 'Data', exact: true }).focus();
  await playground.pressUntilFocused('Tab', /^Promote db-b1$/);
  await page.keyboard.press('Enter');
  await expect(playground.eventLog).toContainText('promotes db-b1');
  await playground.playButton.click();
  // Promotion takes 2 s, then clients rediscover the primary: the RTO is measured.
  await expect(failovers(page).getByRole('row', { name: /db-a1 → db-b1 \d+\.\d s/ })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByRole('button', { name: 'Promote db-b1', exact: true })).toHaveCount(0);
});

test('without a database, the tab offers the database scenario', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto();
  await playground.openTab('Data');
  await page.getByRole('link', { name: 'Open the database scenario' }).click();
  await expect(page).toHaveURL(/scenario=database/);
  await expect(page.getByRole('button', { name: 'Kill db-a1', exact: true })).toBeVisible();
});

test('axe finds no violations in the Data tab, every section open, after a failover', async ({
  page,
}) => {
  test.slow(); // axe checks contrast element by element: seconds on a busy machine
  const playground = await start(page, 'database');
  await playground.setSpeed('50');
  await page.getByRole('button', { name: 'Kill db-a1', exact: true }).click();
  await expect(failovers(page)).toBeVisible({ timeout: 20_000 });
  await playground.pauseButton.click();
  for (const title of [
    'Replication',
    'Quorum',
    'Failover',
    'Fencing',
    'Manual failover',
    'Workload',
  ]) {
    await openSection(page, title);
  }
  const results = await new AxeBuilder({ page }).include('#tabpanel-data').analyze();
  expect(results.violations).toEqual([]);
});
