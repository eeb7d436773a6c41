/**
 * Monitoring end to end (issue 6, "Must show"): a zone outage dips the 1-minute
 * window, burns error budget and fires the fast-burn page; restoring resolves it;
 * with monitoring off nothing fires. Also the charts (markers, keyboard readout,
 * SVG/PNG/CSV downloads), the log <-> diagram link, the calculator, and axe.
 */
import AxeBuilder from './axe';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { smallTexts, wordOverlaps } from './measure';
import { Playground } from './playground';

// Independent tests: spread them over the workers so the file stays under a minute.
test.describe.configure({ mode: 'parallel' });

/** The zone tag on the diagram (the UI contract: `zone <id>: <state>`). */
function zone(page: Page, id: string, state = ''): Locator {
  return page.getByRole('button', { name: new RegExp(`^zone ${id}: ${state}`) });
}

/** The share of the period's error budget burnt, as the SLO tab shows it (percent). */
async function budgetBurntPercent(page: Page): Promise<number> {
  const text = await page.getByText(/of the period's budget/).innerText();
  const match = /([\d.]+)%/.exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

function alertsList(page: Page): Locator {
  return page.getByRole('list', { name: 'Alerts' });
}

test('after 5 s the headline shows its count and an interval (or too few requests yet)', async ({
  page,
}) => {
  // Issue 11: after a few seconds the headline claimed nines and a year's downtime.
  const playground = new Playground(page);
  await playground.goto();
  await playground.resetButton.click();
  await expect(playground.availability).toContainText('0:00.0');
  await playground.stepButton.focus();
  for (let s = 0; s < 5; s++) await page.keyboard.press('Enter');
  await expect(playground.availability).toContainText('0:05.0');
  const hero = playground.availability.getByRole('group', {
    name: 'Request-based availability, whole run',
  });
  await expect(hero).toContainText(/of \d[\d,]* finished requests/);
  await expect(hero).toContainText(/95% CI [\d.]+–[\d.]+%|too few requests yet/);
  await expect(hero).not.toContainText('∞');
  // The 1-min and 10-min windows say they are not full yet.
  await expect(
    playground.availability.getByRole('columnheader', { name: /^Last 1 min/ }),
  ).toContainText('only 5 s so far');
  await expect(playground.availability).toContainText(/\(an extrapolation\)|too few requests yet/);
});

test('a zone outage dips the last minute, burns budget and pages; restoring resolves it', async ({
  page,
}) => {
  // Stepping second by second through an outage is slow on a loaded 2-core machine.
  test.setTimeout(60_000);
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region&seed=1');
  // A replayable run: from 0:00, one simulated second per Step, the outage at 0:20.
  // (Time-based availability depends on whether a probe meets the dead zone.)
  await playground.resetButton.click();
  await expect(playground.availability).toContainText('0:00.0');
  await playground.stepButton.focus();
  for (let s = 0; s < 20; s++) await page.keyboard.press('Enter');
  await expect(playground.availability).toContainText('0:20.0');
  expect(await playground.windowPercent('Request-based', 1)).toBe(100);
  await playground.openTab('SLO & alerts');
  await zone(page, 'eu-b', 'up').click();
  await playground.action('Kill zone').click();
  await expect(zone(page, 'eu-b', 'down')).toBeVisible();
  const fastBurn = alertsList(page).getByRole('listitem').filter({ hasText: 'fast-burn-page' });
  for (let s = 0; s < 30 && (await fastBurn.count()) === 0; s++) {
    await playground.stepButton.click();
  }

  // The fast-burn page fired: in the alerts list, and announced from the availability panel.
  await expect(fastBurn).toContainText('page');
  await expect(fastBurn).toContainText('still firing');
  await expect(playground.availability).toContainText('fast-burn-page (page)');
  await expect(playground.availability.locator('[aria-live="polite"]')).toContainText(
    /alert .* fired/,
  );
  await expect(page.getByRole('row', { name: /^fast-burn-page/ })).toContainText('14.4×');
  await expect(page.getByRole('row', { name: /^fast-burn-page/ })).toContainText('firing');
  // The 1-minute window dips below 100% (request-based and time-based); budget burns.
  expect(await playground.windowPercent('Request-based', 1)).toBeLessThan(100);
  expect(await budgetBurntPercent(page)).toBeGreaterThan(0);
  // Probes wait for their timeout before they count as unanswered: a few seconds more.
  for (let s = 0; s < 20 && (await playground.windowPercent('Time-based', 1)) === 100; s++) {
    await playground.stepButton.click();
  }
  expect(await playground.windowPercent('Time-based', 1)).toBeLessThan(100);

  // Restore: the fast-burn page is resolved and the last minute is whole again.
  await zone(page, 'eu-b', 'down').click();
  await playground.action('Restore').click();
  await expect(zone(page, 'eu-b', 'up')).toBeVisible();
  await playground.setSpeed('50');
  await playground.playButton.click();
  await expect(fastBurn).toContainText(/resolved \d+:\d\d/);
  await expect(fastBurn).not.toContainText('still firing');
  await expect
    .poll(() => playground.windowPercent('Request-based', 1), { timeout: 15_000 })
    .toBe(100);
});

test('with monitoring off (keyboard), the same outage fires no alert', async ({ page }) => {
  test.setTimeout(60_000);
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.openTab('SLO & alerts');
  const monitoring = page.getByRole('switch', { name: 'Monitoring' });
  await expect(monitoring).toBeChecked();
  await monitoring.focus();
  await page.keyboard.press('Space');
  await expect(monitoring).not.toBeChecked();
  await expect(page.getByText('Off: no alert fires and nobody is paged.')).toBeVisible();
  await expect(playground.availability).toContainText('Monitoring off');
  await playground.setSpeed('20');

  await zone(page, 'eu-b', 'up').focus();
  await page.keyboard.press('Enter');
  await playground.pressUntilFocused('ArrowDown', /^Kill zone$/, 10);
  await page.keyboard.press('Enter');
  await expect(zone(page, 'eu-b', 'down')).toBeVisible();

  // Long enough that, with monitoring on, the fast-burn page would have fired: the
  // rule's windows both burn above its threshold.
  await expect.poll(() => playground.windowPercent('Request-based', 1)).toBeLessThan(100);
  await expect(playground.eventLog).toContainText('marked app-b2 unhealthy');
  await expect(
    page
      .getByRole('row', { name: /^fast-burn-page/ })
      .locator('.over')
      .first(),
  ).toBeVisible();
  await expect(page.getByText('Monitoring is off: no alert fires.')).toBeVisible();
  await expect(alertsList(page)).toHaveCount(0);
  await expect(page.getByRole('row', { name: /^fast-burn-page/ })).toContainText('quiet');
});

test('charts render with fault markers, read by keyboard, and download as SVG, PNG and CSV', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.setSpeed('20');
  await zone(page, 'eu-b', 'up').click();
  await playground.action('Kill zone').click();
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await playground.pauseButton.click();

  const titles = [
    'Outcomes per second',
    'Latency of answers',
    'Throughput',
    'Availability against the SLO',
  ];
  for (const title of titles) {
    const chart = page.getByRole('region', { name: title, exact: true });
    await expect(chart.locator('svg .marker text').first()).toHaveText('kill-zone eu-b');
    await expect(chart.locator('svg .x-label')).toHaveText('simulated time (m:ss)');
    expect(await chart.locator('svg .y-axis .tick').count()).toBeGreaterThan(2);
    await expect(chart.getByRole('list')).toContainText(/latest \d+:\d\d/);
  }
  await expect(page.getByRole('region', { name: 'Availability against the SLO' })).toContainText(
    'SLO 99.9%',
  );

  // Keyboard: focus a chart, arrows move a cursor; the values are read out.
  const outcomes = page.getByRole('group', { name: 'Outcomes per second: chart' });
  await outcomes.focus();
  await page.keyboard.press('Home');
  await expect(
    page.getByRole('region', { name: 'Outcomes per second' }).getByRole('list'),
  ).toContainText('at 0:00');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.charts-panel [aria-live="polite"]')).toContainText(
    'Outcomes per second, second 0:01: succeeded',
  );
  // The cursor is shared: every chart reads the same second.
  await expect(page.getByRole('region', { name: 'Throughput' }).getByRole('list')).toContainText(
    'at 0:01',
  );

  // Hover reads values too.
  const box = (await outcomes.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(
    page.getByRole('region', { name: 'Latency of answers' }).getByRole('list'),
  ).toContainText(/at \d+:\d\d/);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download metrics CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe('nines-one-region-seed1-metrics.csv');
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split(/\r\n/);
  expect(lines[0]).toBe('second,arrived,succeeded,degraded,failed,p50Ms,p95Ms,p99Ms,seconds');
  expect(lines.length).toBeGreaterThan(10);
  expect(lines[1]).toMatch(/^0,\d+,\d+,\d+,\d+,[\d.]*,[\d.]*,[\d.]*,1$/);

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download outcomes chart SVG' }).click();
  const svg = await readFile((await (await svgDownload).path())!, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('kill-zone eu-b');
  expect(svg).toContain('Outcomes per second');

  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download availability chart PNG' }).click();
  const png = await pngDownload;
  expect(png.suggestedFilename()).toBe('nines-one-region-seed1-availability.png');
  const bytes = await readFile((await png.path())!);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(5000);
});

test('eight faults and recoveries: each chart numbers them, keys them below, and keeps its plot height', async ({
  page,
}) => {
  const titles = [
    'Outcomes per second',
    'Latency of answers',
    'Throughput',
    'Availability against the SLO',
  ];
  const playground = new Playground(page);
  /** Each chart's plot height on screen (its y axis), once the run has passed `second`. */
  const plotHeights = async (hash: string, second: number) => {
    await playground.goto(hash);
    await playground.setSpeed('20');
    await expect.poll(() => playground.clockSeconds(), { timeout: 20_000 }).toBeGreaterThan(second);
    await playground.pauseButton.click();
    const heights: number[] = [];
    for (const title of titles) {
      const axis = page.getByRole('region', { name: title, exact: true }).locator('.y-axis path');
      heights.push((await axis.first().boundingBox())!.height);
    }
    return heights;
  };
  const bare = await plotHeights('#scenario=one-region', 36);
  // The faults of the fault script, one every 4 s: too many for words over a side-panel chart.
  const faults = [
    '4:kill:app-a1',
    '8:restore:app-a1',
    '12:kill-zone:eu-b',
    '16:kill:app-c1',
    '20:restore:eu-b',
    '24:restore:app-c1',
    '28:slow:app-a2:x10',
    '32:restore:app-a2',
  ];
  const marked = await plotHeights(`#scenario=one-region&faults=${faults.join(',')}`, 36);
  const expectedKey = faults.map((fault, i) => {
    const [, action, target] = fault.split(':');
    return `${i + 1} ${action} ${target}`;
  });
  for (const [i, title] of titles.entries()) {
    const chart = page.getByRole('region', { name: title, exact: true });
    await expect(chart.locator('svg g.marker')).toHaveCount(8);
    // Every marker keyed, in time order, under the chart; the plot as high as with none.
    const key = chart.getByRole('list', { name: `${title}: numbered marks`, exact: true });
    await expect(key.getByRole('listitem')).toHaveText(expectedKey);
    expect(Math.abs(marked[i]! - bare[i]!), title).toBeLessThanOrEqual(0.5);
    const keySelector = `.ts-numbered-marks[aria-label="${title}: numbered marks"]`;
    const overlaps = await wordOverlaps(page, `${keySelector} li`);
    expect(overlaps, `${title}: key entries over each other`).toEqual([]);
    const small = await smallTexts(page, { within: keySelector });
    expect(small, `${title}: key text under 12 px`).toEqual([]);
  }
});

test('choosing a log line selects its component; the log filters to the selection', async ({
  page,
}) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.setSpeed('20');
  await playground.server('app-b1').click();
  await playground.action('Kill').click();
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await playground.pauseButton.click();

  // Select something else first, then choose an app-b1 line in the log.
  await zone(page, 'eu-a').click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Show only eu-a' })).toBeVisible();
  const line = playground.eventLog.getByRole('button', { name: /app-b1.*marked app-b1 unhealthy/ });
  await line.click();
  await expect(line).toHaveAttribute('aria-current', 'true');
  await page.getByRole('button', { name: 'Show only app-b1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Showing only app-b1' })).toBeVisible();
  const shown = playground.eventLog.getByRole('button');
  expect(await shown.count()).toBeGreaterThan(1);
  for (const text of await shown.allInnerTexts()) expect(text).toContain('app-b1');

  // Keyboard: ↑ ↓ move between lines, Enter selects the focused line's component.
  await page.getByRole('button', { name: 'Show all' }).click();
  await zone(page, 'eu-a').click();
  await page.keyboard.press('Escape');
  await expect(line).not.toHaveAttribute('aria-current', 'true');
  await line.focus();
  await page.keyboard.press('ArrowUp');
  await expect(line).not.toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(line).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(line).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('button', { name: 'Show only app-b1' })).toBeVisible();
});

test('the calculator reproduces the reference example and recomputes', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.pauseButton.click();
  await playground.openTab('Calculator');
  const total = page.getByRole('group', { name: 'Total availability' });
  await expect(total).toContainText('99.9399%');
  await expect(total).toContainText('(316 min)');
  // The example's source is the reference page that ships with the site.
  await expect(page.getByRole('link', { name: 'reference example' })).toHaveAttribute(
    'href',
    'reference.html#availability-arithmetic',
  );

  await page.getByRole('button', { name: 'Remove server 3' }).click();
  await expect(total).not.toContainText('99.9399%');
  const field = page.getByLabel('Availability of DB');
  await field.fill('101');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(total).toContainText('Fix the highlighted fields');
  await page.getByRole('button', { name: 'Load the reference example' }).click();
  await expect(total).toContainText('99.9399%');
});

test('axe: no violations in the availability panel and the monitoring tabs', async ({ page }) => {
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region');
  await playground.setSpeed('20');
  await zone(page, 'eu-b', 'up').click();
  await playground.action('Kill zone').click();
  await expect(playground.eventLog).toContainText('marked app-b1 unhealthy');
  await playground.pauseButton.click();
  await playground.server('app-b1').click();
  await page.keyboard.press('Escape');

  // Axe is slow on a busy 2-core machine: three passes, each over the parts this spec owns.
  test.setTimeout(90_000);
  const check = async (...selectors: string[]) => {
    let builder = new AxeBuilder({ page });
    for (const selector of selectors) builder = builder.include(selector);
    const result = await builder.analyze();
    expect(result.violations).toEqual([]);
  };
  await page.getByText('More numbers').click();
  await playground.openTab('SLO & alerts');
  await check('.av-panel', '.side-tabpanel', '.log');
  for (const tab of ['Charts', 'Calculator']) {
    await playground.openTab(tab);
    await check('.side-tabpanel');
  }
});
