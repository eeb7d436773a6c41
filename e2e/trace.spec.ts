import AxeBuilder from './axe';
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

/**
 * Clicks a dot on the diagram's canvas, as a pointer would, in the same task as it is
 * found (dots move every frame): the canvas holds only dots, so any opaque pixel is part
 * of one. The click goes to the element under it, as a real click does. False when no
 * dot is drawn.
 */
async function clickADot(page: import('@playwright/test').Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.messages');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return false;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const rect = canvas.getBoundingClientRect();
    for (let y = 2; y < height - 2; y += 2) {
      for (let x = 2; x < width - 2; x += 2) {
        if (data[(y * width + x) * 4 + 3]! <= 200) continue;
        const clientX = rect.left + (x / width) * rect.width;
        const clientY = rect.top + (y / height) * rect.height;
        const under = document.elementFromPoint(clientX, clientY);
        if (!under) return false;
        const init = { bubbles: true, cancelable: true, clientX, clientY, button: 0 };
        under.dispatchEvent(new MouseEvent('click', init));
        return true;
      }
    }
    return false;
  });
}

test('follow a request in flight: click a dot on the diagram, or pick one by keyboard, and read its waterfall', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto();
  // Dot clicks follow requests only while the Trace tab shows (elsewhere a click on a busy
  // link is the link's): open it first.
  await playground.openTab('Trace');
  await expect(page.getByRole('heading', { name: 'Follow one request' })).toBeVisible();
  // Requests travel while the run plays (a paused diagram draws no dots).
  await expect.poll(() => clickADot(page), { timeout: 10_000 }).toBe(true);
  // The Trace tab opens on that request: in flight (followed from now) or, if its dot
  // replayed a hop already over, recorded whole by a replay. No action menu opened.
  await expect(page.getByRole('tab', { name: 'Trace', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(playground.menu).toHaveCount(0);
  const status = page.locator('.trace-summary');
  const picked =
    /Traced from [\d.]+ s, when it was picked in flight; earlier spans not recorded|It had already finished when it was picked/;
  await expect(status).toContainText(picked);
  const waterfall = page.getByRole('region', { name: /^Waterfall of (request|checkout) #\d+/ });
  await expect(waterfall).toBeVisible();
  const request = waterfall.getByRole('rowheader', {
    name: /^(request|checkout) #\d+ from users-(eu|us)$/,
  });
  await expect(request).toBeVisible();
  await expect(waterfall.getByRole('rowheader', { name: /^attempt \d+ to lb-/ })).toBeVisible();
  const first = await request.textContent();

  // By keyboard: choose a part, then the button follows the request drawn nearest it, a
  // new one (the clicked request's reply heads back past users-eu moments later, often the
  // nearest to them: how soon depends on how busy the machine is, so the old test raced it).
  const part = page.getByLabel('Request in flight nearest');
  await part.focus();
  await part.selectOption('users-eu');
  await page.keyboard.press('Tab');
  const pick = page.getByRole('button', { name: 'Trace a request in flight' });
  await expect(pick).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(request).not.toHaveText(first!);
  await expect(status).toContainText(picked);
  // Checked once the pick has been answered (before it, the note could not show yet).
  await expect(page.getByText('No request is on the wire now.')).toHaveCount(0);
  await playground.pauseButton.click();

  const results = await new AxeBuilder({ page }).include('.trace-panel').analyze();
  expect(results.violations).toEqual([]);
});
