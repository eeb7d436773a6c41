import AxeBuilder from './axe';
import { expect, test } from '@playwright/test';
import { Playground } from './playground';

test('a guided lesson, step by step: explain, do, check, next', async ({ page }) => {
  test.slow(); // a minute of simulated time at 10x to 50x, and an axe scan
  const playground = new Playground(page);
  await playground.goto();
  await playground.openTab('Lessons');
  await page
    .getByRole('list', { name: 'Course map' })
    .getByRole('button', { name: 'Health checks route around a dead server' })
    .click();
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('one-region');
  await expect(page).toHaveURL(/lesson=health-checks/);

  const card = page.getByRole('region', { name: 'A healthy cluster' });
  await expect(card).toContainText('step 1 of 5');
  await expect(card.getByRole('heading', { name: 'A healthy cluster' })).toBeFocused();
  const next = () => page.getByRole('button', { name: 'Next step' });
  await expect(next()).toBeDisabled();
  await expect(card.getByRole('status')).toHaveText('Waiting for: the clock reaches 10 s.');
  await playground.setSpeed('10');
  await expect(card.getByRole('status')).toHaveText('✓ Done.', { timeout: 15_000 });
  await next().click();

  // Step 2: predict first, by keyboard; the run waits for the guess.
  const kill = page.getByRole('region', { name: 'Kill a server' });
  await expect(kill.getByText('Predict first:')).toBeVisible();
  await expect(playground.playButton).toBeVisible(); // held paused while asking
  // A wrong guess on purpose (0 s: no check has run yet), so this test pins the "not
  // quite" reveal; the course lesson below pins a right one.
  const slider = kill.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(slider).toHaveValue('0');
  await page.keyboard.press('Tab');
  await expect(kill.getByRole('button', { name: 'Lock in my guess and play' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(kill.getByText('Your guess: 0 s')).toBeVisible();
  // Then the learner does the task, by mouse.
  await playground.server('app-b1').click();
  await playground.action('Kill').click();
  // The run pauses by itself when lb-1 marks app-b1 unhealthy, with the spotlight on it.
  await expect(kill.getByText(/Paused at 0:\d\d\.\d:/)).toBeVisible({ timeout: 20_000 });
  await expect(playground.playButton).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^Look here: lb-1 health-checks app-b1/ }),
  ).toBeVisible();
  await expect(page.locator('svg.spotlight .spotlight-ring')).toHaveCount(2);
  // The reveal: the guess beside the number measured in this run.
  const measured = kill.locator('.lesson-measured');
  await expect(measured).toHaveText(/^\d+(\.\d)? s$/);
  const seconds = Number((await measured.innerText()).replace(' s', ''));
  expect(seconds).toBeGreaterThanOrEqual(5);
  expect(seconds).toBeLessThanOrEqual(15);
  // Interval x threshold is at least 5 s, beyond the 2 s tolerance of a 0 s guess.
  await expect(kill.locator('.lesson-verdict')).toContainText('✗ Not quite.');
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  // Resume on the learner's word: the button has focus, Enter goes on.
  await expect(kill.getByRole('button', { name: 'Resume' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(playground.pauseButton).toBeVisible();
  await expect(kill.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await next().click();

  // Step 3 is done already: the balancer noticed during step 2.
  const notices = page.getByRole('region', { name: 'The balancer notices' });
  await expect(notices.getByRole('status')).toHaveText('✓ Done.', { timeout: 15_000 });
  await next().click();
  await expect(page.getByRole('region', { name: 'Counting the damage' })).toContainText('✓ Done.');

  const results = await new AxeBuilder({ page }).include('.lesson-card').analyze();
  expect(results.violations).toEqual([]);

  // By keyboard: Next, then "Show me" does the task.
  await next().focus();
  await page.keyboard.press('Enter');
  const back = page.getByRole('region', { name: 'Bring it back' });
  await expect(back).toContainText('step 5 of 5');
  await back.getByRole('button', { name: 'Show me' }).click();
  await expect(playground.serverIn('app-b1', 'up')).toBeVisible();
  await playground.setSpeed('50');
  await expect(back.getByRole('status')).toHaveText('✓ Done.', { timeout: 20_000 });
  await back.getByRole('button', { name: 'Finish lesson' }).click();
  await expect(page.locator('.lesson-card')).toHaveCount(0);
  await expect(page).not.toHaveURL(/lesson=/);

  // The course map keeps it: done, a prediction answered, and where to go next.
  await playground.openTab('Lessons');
  const map = page.getByRole('list', { name: 'Course map' });
  await expect(map.getByRole('listitem').first()).toContainText('✓ Done');
  await expect(map.getByRole('listitem').first()).toContainText('predictions right');
  await expect(page.getByRole('button', { name: 'Where to go next' })).toBeVisible();
  await expect(map.getByRole('listitem').nth(1)).toContainText('→ Next');
});

test('a step link opens mid-lesson at the instant a learner would be there', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/#lesson=health-checks&step=3');
  const card = page.getByRole('region', { name: 'The balancer notices' });
  await expect(card).toContainText('step 3 of 5');
  // Fast-forwarded from the seed: app-b1 was killed at step 2 and lb-1 has marked it down.
  await expect(playground.serverIn('app-b1', 'crashed')).toBeVisible({ timeout: 20_000 });
  await expect(card.locator('.lesson-status')).toHaveText('✓ Done.', { timeout: 20_000 });
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await expect(playground.playButton).toBeVisible();
  // Step 2 is complete when lb-1 has marked app-b1 down: 10 s (step 1) + at most 15 s.
  const atS = await playground.clockSeconds();
  expect(atS).toBeGreaterThan(10);
  expect(atS).toBeLessThanOrEqual(26);
});

test('a step link is the same run every time it is opened: same kill, same instant, same count', async ({
  page,
}) => {
  const playground = new Playground(page);
  // What a reader of the opened link sees: when app-b1 was killed and marked down, where
  // the run stands, and availability with its count.
  const landing = async () => {
    await page.goto('about:blank');
    await page.goto('/#lesson=health-checks&step=3');
    const card = page.getByRole('region', { name: 'The balancer notices' });
    await expect(card.locator('.lesson-status')).toHaveText('✓ Done.', { timeout: 20_000 });
    await expect(playground.playButton).toBeVisible();
    const lineAt = async (text: string) => {
      const line = playground.eventLog.getByRole('listitem').filter({ hasText: text });
      await expect(line).toHaveCount(1);
      return line.locator('time').innerText();
    };
    const hero = playground.availability.getByRole('group', {
      name: 'Request-based availability, whole run',
    });
    return {
      killedAt: await lineAt('app-b1 process crashed'),
      markedAt: await lineAt('marked app-b1 unhealthy'),
      clockS: await playground.clockSeconds(),
      availability: (await hero.innerText()).replace(/\s+/g, ' '),
    };
  };
  const first = await landing();
  // The lesson's step 2 kills app-b1 as it opens, when step 1 is complete (0:10 with the
  // scenario's seed: its prediction measures 10 s of traffic).
  expect(first.killedAt).toBe('0:10.0');
  // The page's own loop and the worker's chunks race differently on each load: several
  // loads give several chances to catch an order-dependent run.
  for (let i = 0; i < 4; i++) expect(await landing(), `load ${i + 2}`).toEqual(first);
});

test('first visit: Start here opens the simplest lesson; the lesson card and spotlight (screenshots)', async ({
  page,
}, testInfo) => {
  const playground = new Playground(page);
  // A first visit to the bare address (a link to a scenario shows that scenario instead).
  await playground.goto('');
  const start = page.getByRole('region', { name: 'New here? Start here' });
  await start.getByRole('link', { name: 'Start the first lesson' }).click();
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('one-region');
  await expect(page.getByRole('region', { name: 'A healthy cluster' })).toBeVisible();
  await page.goto('/#lesson=health-checks&step=3');
  const card = page.getByRole('region', { name: 'The balancer notices' });
  await expect(card.locator('.lesson-status')).toHaveText('✓ Done.', { timeout: 20_000 });
  const ring = page.locator('svg.spotlight .spotlight-ring');
  await expect(ring).toHaveCount(1);
  // The ring pulses, except for a reader who asked for less motion.
  const animation = () => ring.evaluate((el) => getComputedStyle(el).animationName);
  expect(await animation()).toBe('spotlight-pulse');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');
  const results = await new AxeBuilder({ page }).include('.lesson-card').analyze();
  expect(results.violations).toEqual([]);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    // The card never covers the ringed part.
    const a = (await card.boundingBox())!;
    const b = (await ring.boundingBox())!;
    const overlap =
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    // On a phone the card follows the diagram: both in view from the diagram's top.
    await page.getByRole('region', { name: 'Cluster' }).evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: testInfo.outputPath(`lesson-${size.width}x${size.height}.png`) });
  }
});

test('a link opens a lesson at a step; a restart step changes the run', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/#lesson=region-failover&step=4');
  const card = page.getByRole('region', { name: 'Try active-active' });
  await expect(card).toContainText('step 4 of 4');
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('active-passive');
  // The step's restart: the same scenario, in active-active mode (both regions serve).
  await expect(page.getByRole('button', { name: /^region us: up$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back' })).toBeEnabled();
  await expect(playground.availability).toContainText('%');
});

test("a lesson's own fault joins the script, and its check follows the run", async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/#lesson=gray-failure');
  await expect(page.getByRole('region', { name: 'Slow, not down' })).toContainText('step 1 of 4');
  await expect(
    page.getByRole('button', { name: 'fault at 0:10.0: slow app-a1 x10 (scheduled)' }),
  ).toBeVisible();
  // Step 1 asks first; the run waits for the answer.
  const slow = page.getByRole('region', { name: 'Slow, not down' });
  await slow.getByRole('radio', { name: 'Never: it still passes its checks' }).check();
  await slow.getByRole('button', { name: 'Lock in my guess and play' }).click();
  await playground.setSpeed('20');
  await expect(playground.serverIn('app-a1', 'slow x10')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Slow, not down' }).getByRole('status')).toHaveText(
    '✓ Done.',
    { timeout: 15_000 },
  );
  // Revealed with what this run measured: lb-1 never marked the slow server down.
  await expect(slow.locator('.lesson-measured')).toHaveText('0 times');
  await expect(slow.locator('.lesson-verdict')).toContainText('✓ Right.');
});

test('a course lesson from the course map, by keyboard: predict, pause, reveal', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto();
  await playground.openTab('Lessons');
  const start = page
    .getByRole('list', { name: 'Course map' })
    .getByRole('button', { name: 'Redundancy and the nines: series and parallel' });
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/lesson=redundancy-and-nines/);
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('checkout');
  const card = page.getByRole('region', { name: 'Six servers, each 90% available' });
  await expect(card).toContainText('step 1 of 4');
  await expect(card.getByText('Predict first:')).toBeVisible();
  await expect(playground.playButton).toBeVisible(); // held paused while asking
  // Choose "About 90%" with the arrow keys, then lock it in with Enter.
  const radios = card.getByRole('radio');
  await radios.first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(card.getByRole('radio', { name: 'About 90%' })).toBeChecked();
  await card.getByRole('button', { name: 'Lock in my guess and play' }).focus();
  await page.keyboard.press('Enter');
  await playground.setSpeed('50');
  // The run pauses by itself at 1:00, the servers' zones ringed on the diagram.
  await expect(card.getByText(/Paused at 1:0\d\.\d:/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('img', { name: /^Look here: each server 90%/ })).toBeVisible();
  // The reveal: this run's measured share beside the guess, judged by that number.
  const measured = card.locator('.lesson-measured');
  await expect(measured).toHaveText(/^\d+(\.\d)? %$/);
  const percent = Number((await measured.innerText()).replace(' %', ''));
  expect(percent).toBeGreaterThan(85);
  expect(percent).toBeLessThan(95);
  await expect(card.locator('.lesson-verdict')).toContainText('✓ Right.');
});
