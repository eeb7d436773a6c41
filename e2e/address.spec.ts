import { expect, test } from '@playwright/test';
import { Playground } from './playground';

/** Changes the hash as a user editing the address bar would (a hashchange, no reload). */
async function setHash(page: import('@playwright/test').Page, hash: string): Promise<void> {
  await page.evaluate((next) => {
    window.location.hash = next;
  }, hash);
}

test('lesson, step, present and embed follow the address after load, not only on load', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);

  await setHash(page, 'lesson=health-checks&step=2');
  await expect(page.getByRole('region', { name: 'Kill a server' })).toContainText('step 2 of 5');

  await setHash(page, 'lesson=region-failover');
  await expect(page.getByRole('region', { name: 'One region serves, one waits' })).toBeVisible();
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('active-passive');

  await setHash(page, 'scenario=one-region&present');
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
  await expect(page.locator('.lesson-card')).toHaveCount(0);

  await setHash(page, 'scenario=one-region');
  await expect(page.getByRole('region', { name: 'Presenter' })).toHaveCount(0);

  await setHash(page, 'scenario=one-region&embed');
  await expect(page.getByRole('link', { name: /Open in Nines/ })).toBeVisible();
  await expect(page.getByRole('tablist')).toHaveCount(0);

  await setHash(page, 'scenario=one-region');
  await expect(page.getByRole('tablist', { name: 'Panels', exact: true })).toBeVisible();
  // All of it without reloading the page.
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);
});

test('an unknown lesson or step in the address gets a notice, on load and on hashchange', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#lesson=no-such-lesson');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'This link asks for a lesson "no-such-lesson", which does not exist. Lessons: health-checks',
  );
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);

  await setHash(page, 'lesson=also-missing');
  await expect(page.getByRole('alert')).toContainText(
    'a lesson "also-missing", which does not exist',
  );

  await setHash(page, 'lesson=health-checks&step=9');
  await expect(page.getByRole('alert').last()).toContainText(
    'step "9" of the lesson "Health checks route around a dead server", which has steps 1 to 5: it opened step 5.',
  );
  await expect(page.locator('.lesson-card')).toContainText('step 5 of 5');
});
