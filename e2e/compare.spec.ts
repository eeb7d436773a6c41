import AxeBuilder from './axe';
import { expect, test, type Page } from '@playwright/test';
import { diagramLabels, pageOverflow, smallTargets, smallTexts } from './measure';
import { Playground } from './playground';

test('compare two designs side by side: one fault, two outcomes, in a shareable link', async ({
  page,
  context,
}) => {
  test.slow(); // two engines and two diagrams, plus an axe scan, on a 2-core box
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive');
  await playground.openTab('Compare');
  const start = page.getByRole('button', { name: 'Compare side by side' });
  await expect(start).toBeDisabled();
  // Design B from a quick pick, plus one setting added by keyboard.
  const pick = page.getByRole('button', { name: 'Active-active regions' });
  await pick.click();
  await expect(pick).toHaveAttribute('aria-pressed', 'true');
  // The setting list names settings as the Settings tab does; each option's value is its path.
  await page.getByLabel('Setting', { exact: true }).selectOption({ label: 'DNS TTL' });
  const value = page.getByLabel('Value', { exact: true });
  await value.fill('-3');
  await value.press('Enter');
  await expect(page.getByRole('alert')).toContainText('trafficManager.dnsTtlS');
  await value.fill('30');
  await value.press('Enter');
  await expect(page.getByText('DNS TTL: 30 s')).toBeVisible();
  await start.click();

  const designB = page.getByRole('group', { name: 'Design B diagram' });
  await expect(designB).toBeVisible();
  await expect(page).toHaveURL(/compare=regions.mode=active-active,trafficManager.dnsTtlS=30/);
  await expect(playground.clockSeconds()).resolves.toBeLessThan(10);
  // Design B is for watching: no part of it is a button.
  await expect(designB.getByRole('button')).toHaveCount(0);
  await expect(designB).toContainText('us');

  // A fault caused on design A hits design B at the same instant.
  await playground.server('app-eu-a1').click();
  await playground.action('Kill').click();
  await expect(playground.serverIn('app-eu-a1', 'crashed')).toBeVisible();
  // Design B draws it down too (tiles at this size show a cross, not the word).
  await expect(designB.locator('g.node.down[data-id="app-eu-a1"]')).toBeVisible();

  // The scripted region kill at 1:00: active-passive interrupts everyone, active-active
  // only eu's users. The table says which design did better, in words.
  await playground.setSpeed('50');
  await expect.poll(() => playground.clockSeconds(), { timeout: 30_000 }).toBeGreaterThan(100);
  await playground.pauseButton.click();
  const table = page.getByRole('table', { name: /Design A and design B/ });
  const row = (label: string) => table.getByRole('row', { name: new RegExp(`^${label}`) });
  await expect(row('Availability, whole run \\(request-based\\)')).toContainText('B better');
  await expect(row('Seconds with errors, users-us')).toContainText('B better');

  // The link opens the same comparison.
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByRole('group', { name: 'Design B diagram' })).toBeVisible();
  await expect(other.getByText('Region mode: active-active; DNS TTL: 30 s').first()).toBeVisible();
  await other.close();

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);

  await page.getByRole('button', { name: 'Stop comparing' }).first().click();
  await expect(designB).toHaveCount(0);
  await expect(page).not.toHaveURL(/compare=/);
  await expect(page.getByRole('group', { name: 'Cluster diagram' })).toBeVisible();
});

// Issue 14: one dot scale for both designs. Design B's users send eight times design A's
// traffic, so each diagram sampling by its own traffic would state a different scale and
// the same density of dots would mean different traffic; both legends state the larger.
// The banner names the change as the Settings tab does, never by its raw key.
test('compare: both legends state the same "1 dot = N requests", the banner readable names', async ({
  page,
}) => {
  test.slow(); // two engines and two diagrams on a 2-core box
  await page.setViewportSize({ width: 1280, height: 800 });
  const playground = new Playground(page);
  await playground.goto('#scenario=two-regions&compare=traffic.arrivalRatePerS=400');
  await expect(page.getByRole('group', { name: 'Design B diagram' })).toBeVisible();
  const scales = page.locator('.compare-view .dots-scale');
  await expect(scales).toHaveCount(2);
  const perDot = async () =>
    (await scales.allInnerTexts()).map((text) => /^1 dot = (\d+) requests?/.exec(text)?.[1]);
  // Design B's traffic needs sampling: wait for it to be stated, then compare while paused.
  await expect.poll(async () => (await perDot())[1], { timeout: 20_000 }).not.toBe('1');
  await playground.pauseButton.click();
  const [a, b] = await perDot();
  expect(a, 'design A states its scale').toMatch(/^\d+$/);
  expect(a, 'the same scale in both legends').toBe(b);
  await expect(page.locator('.compare-bar')).toContainText('Arrival rate: 400 req/s');
  await expect(page.locator('.compare-bar')).not.toContainText('traffic.arrivalRatePerS');
});

// Issue 14 review: one link-width scale for both designs. Design B's users send eight times
// design A's traffic; each diagram scaling by its own traffic stated "full width = 50 req/s"
// beside "full width = 500 req/s", so equal widths meant 10x different traffic. Both now
// draw every measured link by the one scale both legends state: the same rate, the same width.
test('compare: both legends state one link-width scale, and one rate is one width in both', async ({
  page,
}) => {
  test.slow(); // two engines and two diagrams on a 2-core box
  await page.setViewportSize({ width: 1280, height: 800 });
  const playground = new Playground(page);
  await playground.goto('#scenario=one-region&compare=traffic.arrivalRatePerS=400');
  const diagrams = page.locator('.compare-view svg.topology');
  await expect(diagrams).toHaveCount(2);
  const links = (n: number) => diagrams.nth(n).locator('g.link[data-rate-per-s]');
  // Both designs' link rates measured (a 2 s window), then compared while paused.
  for (const n of [0, 1]) {
    await expect.poll(() => links(n).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  }
  await playground.pauseButton.click();
  const legends = page.locator('.compare-view .links-scale');
  await expect(legends).toHaveCount(2);
  const [legendA, legendB] = await legends.allInnerTexts();
  expect(legendB, 'one statement in both legends').toBe(legendA);
  expect(legendA).toContain('in both designs');
  const fullPerS = Number(/full width = (\d+) req\/s/.exec(legendA!)?.[1]);
  // Design B's users send 400 req/s: the shared scale is at least theirs.
  expect(fullPerS).toBeGreaterThanOrEqual(400);
  // Each legend says the window its link rates cover (rates.ts: 2 s of simulated time or more).
  const rateLines = await page
    .locator('.compare-view .diagram-legend li', { hasText: 'n/s:' })
    .allInnerTexts();
  expect(rateLines).toHaveLength(2);
  for (const line of rateLines) {
    const windowS = Number(/, over the last (\d+(?:\.\d)?) s$/.exec(line.trim())?.[1]);
    expect(windowS, line).toBeGreaterThanOrEqual(2);
  }

  const drawn = (n: number) =>
    links(n).evaluateAll((gs) =>
      gs.map((g) => ({
        id: g.getAttribute('data-link'),
        ratePerS: Number(g.getAttribute('data-rate-per-s')),
        width: parseFloat(g.querySelector<SVGPathElement>('path.line')!.style.strokeWidth),
      })),
    );
  // load.ts: hairline 1.5, full width 12, linear in between; widths are drawn to 0.1.
  const [hairline, full] = [1.5, 12];
  const widthPerReq: number[] = [];
  for (const n of [0, 1]) {
    const measured = await drawn(n);
    expect(measured.length).toBeGreaterThan(0);
    for (const { id, ratePerS, width } of measured) {
      const expected = hairline + (full - hairline) * Math.min(1, ratePerS / fullPerS);
      expect(Math.abs(width - expected), `design ${'AB'[n]} ${id}: ${ratePerS}/s`).toBeLessThan(
        0.06,
      );
    }
    // The busiest link's width above the hairline per request/s.
    const busiest = measured.reduce((x, y) => (y.ratePerS > x.ratePerS ? y : x));
    widthPerReq.push((busiest.width - hairline) / busiest.ratePerS);
  }
  // So a link carrying the same rate is as wide in B as in A (within the 0.1 rounding).
  expect(widthPerReq[1]! / widthPerReq[0]!).toBeGreaterThan(0.85);
  expect(widthPerReq[1]! / widthPerReq[0]!).toBeLessThan(1.15);
});

// Issue 14: both compared diagrams readable side by side. The laptop floor (MIN_FONT_PX,
// 11.2 px) for every label of both diagrams, at the laptop sizes and at 1024x768, for the
// default cloud (two regions, the widest rows) and the database scenario (replication arcs).
const LAPTOP_FLOOR_PX = 11.2;
const COMPARED = [
  { name: 'two-regions', hash: '#compare=balancer.algorithm=least-outstanding' },
  { name: 'database', hash: '#scenario=database&compare=database.replicationMode=sync' },
];
const SCREENS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
];

for (const { width, height } of SCREENS) {
  test(`compare at ${width}x${height}: both diagrams side by side, labels >= ${LAPTOP_FLOOR_PX} px`, async ({
    page,
  }) => {
    test.slow(); // two engines and two diagrams per scenario on a 2-core box
    await page.setViewportSize({ width, height });
    const playground = new Playground(page);
    for (const { name, hash } of COMPARED) {
      await playground.goto(hash);
      await playground.pauseButton.click();
      const report = await compareReport(page);
      expect(report.diagrams, name).toHaveLength(2);
      const [a, b] = report.diagrams;
      for (const d of report.diagrams) {
        // Drawn whole inside its box and on the screen, in the first screen's height.
        expectReadable(d, LAPTOP_FLOOR_PX, name);
        expect(d.right, `${name} ${d.name}`).toBeLessThanOrEqual(width);
        expect(d.top, `${name} ${d.name}`).toBeLessThan(height);
      }
      // Side by side and level.
      expect(b!.left, name).toBeGreaterThanOrEqual(a!.right);
      expect(Math.abs(a!.top - b!.top), name).toBeLessThanOrEqual(1);
      expect(report.sidewaysScroll, name).toBe(0);
      test.info().annotations.push({
        type: `smallest label ${name}`,
        description: report.diagrams.map((d) => `${d.smallestPx.toFixed(1)} px`).join(', '),
      });
    }
  });
}

// Compare is reachable in Present mode (the Present button, or `&present` on a compare
// link): one screen, both diagrams side by side filling it. Two diagrams cannot each have
// Present's 24 px at 1280x720 (each would need the whole width); the floors are the laptop's
// at 1024x768, and what half of each screen's width gives the tiles (41 text heights wide).
const ROOM = [
  { width: 1024, height: 768, floorPx: LAPTOP_FLOOR_PX },
  { width: 1280, height: 720, floorPx: 14 },
  { width: 1920, height: 1080, floorPx: 21 },
];

for (const { width, height, floorPx } of ROOM) {
  test(`compare in Present mode at ${width}x${height}: one screen, labels >= ${floorPx} px`, async ({
    page,
  }) => {
    test.slow();
    await page.setViewportSize({ width, height });
    const playground = new Playground(page);
    for (const { name, hash } of COMPARED) {
      await playground.goto(`${hash}&present`);
      await playground.pauseButton.click();
      const report = await compareReport(page);
      expect(report.diagrams, name).toHaveLength(2);
      for (const d of report.diagrams) {
        expectReadable(d, floorPx, name);
        expect(d.bottom, `${name} ${d.name}`).toBeLessThanOrEqual(height);
      }
      expect(report.sidewaysScroll, name).toBe(0);
      expect(report.downwardScroll, name).toBe(0);
      // Which is which, and the headline numbers, on the same screen.
      await expect(page.getByRole('heading', { name: 'Design B', exact: true })).toBeInViewport();
      const availability = page.getByRole('row', { name: /^Availability, whole run \(request/ });
      await expect(availability).toBeInViewport();
      if (name === 'two-regions') {
        await page.screenshot({ path: `test-results/compare-present-${width}x${height}.png` });
      }
    }
  });
}

// Issue 14 (phone): comparing on a phone shows one design at a time, full width, readable,
// with no sideways scrolling, and every control of the compare view a 44 px target. Stacked,
// design B started some 1,400 px down; the switch at the top brings it up with one tap.
test.describe('compare on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('at 390x844: one design at a time, design B one tap away, text >= 12 px, 44 px targets', async ({
    page,
  }) => {
    test.slow();
    const playground = new Playground(page);
    await playground.goto(COMPARED[1]!.hash);
    await playground.pauseButton.tap();
    const switcher = page.getByRole('group', { name: 'Design shown' });
    const designA = page.getByRole('group', { name: 'Cluster diagram' });
    const designB = page.getByRole('group', { name: 'Design B diagram' });
    await expect(designA).toBeVisible();
    await expect(designB).toBeHidden();
    // The hint speaks touch, as the run's diagram does on a phone.
    const hintA = page.locator('.compare-view .diagram .panel-head .hint').first();
    await expect(hintA).toContainText('Tap a part to break it');
    await expect(hintA).not.toContainText(/Click|Tab to/);
    for (const [button, shown, hidden] of [
      ['Design B', designB, designA],
      ['Design A', designA, designB],
    ] as const) {
      await switcher.getByRole('button', { name: button, exact: true }).tap();
      await expect(switcher.getByRole('button', { name: button, exact: true })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await expect(hidden).toBeHidden();
      // In the first screen, without scrolling.
      const top = await shown.evaluate((el) => el.getBoundingClientRect().top);
      expect(top, `${button} starts in the first screen`).toBeLessThan(844 / 2);
      const report = await compareReport(page, button === 'Design A' ? 0 : 1);
      const drawn = report.diagrams.filter((d) => d.right > d.left);
      expect(drawn.map((d) => d.name)).toEqual([
        button === 'Design A' ? 'Cluster diagram' : 'Design B diagram',
      ]);
      for (const d of drawn) {
        expectReadable(d, 12, button);
        expect(d.left, d.name).toBeGreaterThanOrEqual(0);
        expect(d.right, d.name).toBeLessThanOrEqual(390);
      }
      expect(report.sidewaysScroll).toBe(0);
      expect(report.smallText, 'text under 12 px in the compare view').toEqual([]);
      expect(report.smallTargets, 'compare controls under 44x44 px').toEqual([]);
      if (button === 'Design B')
        await page.screenshot({ path: 'test-results/compare-phone-390x844.png' });
    }
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    // Stopping works by tap.
    await page.getByRole('button', { name: 'Stop comparing' }).first().tap();
    await expect(page.getByRole('group', { name: 'Design B diagram' })).toHaveCount(0);
  });
});

/**
 * A compared diagram's labels read: its smallest at least `floorPx` on screen, none over
 * another, none cut at the diagram's edge (`where`: which case, for the messages).
 */
function expectReadable(
  d: Awaited<ReturnType<typeof compareReport>>['diagrams'][number],
  floorPx: number,
  where: string,
): void {
  expect(d.smallestPx, `${where} ${d.name}: "${d.smallestText}"`).toBeGreaterThanOrEqual(floorPx);
  expect(d.labelOverlaps, `${where} ${d.name}`).toEqual([]);
  expect(d.cut, `${where} ${d.name}`).toEqual([]);
}

/** Both compared diagrams as drawn, and the compare view's text and controls, measured. */
async function compareReport(page: Page, shown = 1) {
  // (A phone shows one design at a time: `shown` is the one to wait for, 0 for design A.)
  await expect(page.locator('.compare-view svg.topology').nth(shown)).toBeVisible();
  await expect(page.locator('svg.topology').nth(shown).locator('g.node').first()).toBeVisible();
  const diagrams = await diagramLabels(page, '.compare-view svg.topology');
  const overflow = await pageOverflow(page);
  return {
    diagrams: diagrams.map((d) => ({ ...d, labelOverlaps: d.overlaps })),
    // The compare view's own text (the diagrams aside) and controls.
    smallText: await smallTexts(page, { within: '.compare-view', skip: '.visually-hidden, svg' }),
    smallTargets: await smallTargets(page, { within: '.compare-view', minPx: 44 }),
    sidewaysScroll: overflow.sideways,
    downwardScroll: overflow.downward,
  };
}

// Issue 14: axe finds nothing in the compare layouts (tiles side by side, and the room's),
// in the light and the dark theme.
test('compare is axe clean in the light and dark themes, and in Present mode', async ({ page }) => {
  test.slow(); // three axe scans of two diagrams
  await page.setViewportSize({ width: 1280, height: 800 });
  const playground = new Playground(page);
  for (const suffix of ['&theme=light', '&theme=dark', '&theme=dark&present']) {
    await playground.goto(`${COMPARED[1]!.hash}${suffix}`);
    await expect(page.getByRole('group', { name: 'Design B diagram' })).toBeVisible();
    // A change of theme alone keeps the run, paused by the round before.
    if (await playground.pauseButton.isVisible()) await playground.pauseButton.click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, suffix).toEqual([]);
  }
});
