import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('the engine runs in a Web Worker: the page draws, the worker seeks', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive');
  await expect
    .poll(() => page.workers().map((worker) => new URL(worker.url()).pathname))
    .toContainEqual(expect.stringMatching(/\/assets\/engine\.worker-[\w-]+\.js$/));
  // The run plays from the worker's frames.
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(0);
  // A seek (Present mode's Page Down: 0:57, before the region fault) runs in the worker
  // and lands, playing on from there, with no engine notice on the page.
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  const presenter = page.getByRole('region', { name: 'Presenter' });
  await expect(presenter).toContainText('Next fault: kill-region eu at 1:00.0');
  await page.keyboard.press('PageDown');
  await expect(presenter.getByRole('status')).toHaveText(
    'Playing from 0:57.0: kill-region eu at 1:00.0 comes next.',
  );
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThanOrEqual(57);
  await expect(page.getByText('The engine runs on the page itself')).toHaveCount(0);
});
