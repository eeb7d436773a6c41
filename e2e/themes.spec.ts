/**
 * Issue 14: the light, dark and high-contrast themes (token blocks under [data-theme],
 * styles/tokens.css). axe finds nothing in each, on the main screen (a fault in the event
 * log, the Defences tab open) and in Present mode; the theme is switched by keyboard, remembered, and
 * set by `&theme=` (a bad value gets one notice and the page keeps working).
 */
import AxeBuilder from './axe';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

for (const theme of ['light', 'dark', 'high-contrast'] as const) {
  test(`the ${theme} theme: axe finds nothing on the main screen and in Present mode`, async ({
    page,
  }) => {
    test.slow(); // two whole-page axe scans on a loaded 2-core box
    const playground = new Playground(page);
    await playground.goto(`#faults=3:kill:app-eu-b1&theme=${theme}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    // Some traffic and a fault drawn (the cross, a failed count) before the scan.
    await expect(page.getByRole('button', { name: /^server app-eu-b1: crashed/ })).toBeVisible({
      timeout: 15_000,
    });
    await playground.pauseButton.click();
    await playground.openTab('Defences');
    await expect(page.getByRole('tabpanel', { name: 'Defences', exact: true })).toBeVisible();
    await expect(playground.eventLog).toContainText('app-eu-b1');
    const main = await new AxeBuilder({ page }).analyze();
    expect(main.violations).toEqual([]);

    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const present = await new AxeBuilder({ page }).analyze();
    expect(present.violations).toEqual([]);
  });
}

test('the theme is switched by keyboard, remembered, and a bad theme= gets one notice', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#theme=neon');
  // One notice naming the allowed values; the page works in its usual theme.
  await expect(page.getByText(/Unknown theme "neon"/)).toHaveCount(1);
  await expect(page.getByText(/theme=light, theme=dark, theme=high-contrast/)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  // Tab to the picker, then the arrow keys choose (a select changes on ArrowDown).
  const picker = page.getByLabel('Theme', { exact: true });
  await picker.focus();
  await expect(picker).toBeFocused();
  await picker.press('ArrowDown'); // System -> Light
  await picker.press('ArrowDown'); // Light -> Dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The diagram follows: its text uses the dark theme's text token.
  const titleFill = await page
    .locator('svg.topology .node .title')
    .first()
    .evaluate((el) => getComputedStyle(el).fill);
  expect(titleFill).toBe('rgb(230, 232, 235)');

  // Remembered across a reload without `theme=`.
  await playground.goto('');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByLabel('Theme', { exact: true })).toHaveValue('dark');
});
