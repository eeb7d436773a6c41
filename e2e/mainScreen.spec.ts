import { expect, test, type Locator, type Page } from '@playwright/test';
import { Playground, SIDE_GROUPS } from './playground';

/** Issue 14 (The main screen): the laptop screens the page is designed for. */
const LAPTOP = { width: 1280, height: 800 };
const WIDE = { width: 1920, height: 1080 };

/** The group tabs (the top row of the side column). */
function groupTabs(page: Page): Locator {
  return page.getByRole('tablist', { name: 'Panels', exact: true }).getByRole('tab');
}

/** Kills a server and runs a few simulated seconds, so the log has lines. */
async function runAFault(playground: Playground): Promise<void> {
  await playground.setSpeed('10');
  await playground.server('app-eu-a1').click();
  await playground.action('Kill').click();
  await expect(playground.eventLog).toContainText('marked app-eu-a1 unhealthy', {
    timeout: 20_000,
  });
  await playground.pauseButton.click();
}

test.describe('main screen at 1280x800', () => {
  test.use({ viewport: LAPTOP });

  test('the event log shows beside the diagram without scrolling; the groups fit one row', async ({
    page,
  }, testInfo) => {
    const playground = new Playground(page);
    await playground.goto();
    await runAFault(playground);
    const diagram = (await page.locator('.diagram-box').boundingBox())!;
    const log = (await playground.eventLog.boundingBox())!;
    // Beside the diagram (to its right), and wholly inside the first screen.
    expect(log.x).toBeGreaterThanOrEqual(diagram.x + diagram.width);
    expect(log.y + log.height).toBeLessThanOrEqual(LAPTOP.height);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await expect(
      playground.eventLog.getByRole('button', { name: /marked app-eu-a1 unhealthy/ }),
    ).toBeInViewport();
    // The groups on one row (ten tabs used to take three).
    const tops = await groupTabs(page).evaluateAll((tabs) =>
      tabs.map((tab) => Math.round(tab.getBoundingClientRect().top)),
    );
    expect(tops.length).toBe(Object.keys(SIDE_GROUPS).length);
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: testInfo.outputPath('main-1280x800.png') });

    // "Show more lines" makes the log taller, and says so.
    const more = page.getByRole('button', { name: 'Show more lines' });
    await more.click();
    await expect(page.getByRole('button', { name: 'Show fewer lines' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect((await playground.eventLog.boundingBox())!.height).toBeGreaterThan(log.height * 1.5);
  });

  test('the side tabs show at load, and an open Trace tab leaves the diagram in view', async ({
    page,
  }, testInfo) => {
    const playground = new Playground(page);
    await playground.goto();
    // The review found the tabs at y=1261 of an 800 px screen.
    await expect(page.getByRole('tablist', { name: 'Panels', exact: true })).toBeInViewport({
      ratio: 1,
    });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await playground.openTab('Trace');
    const trace = page.getByRole('tabpanel', { name: 'Trace', exact: true });
    await expect(trace).toBeVisible();
    // The reader scrolls the side column (here with the wheel over it): it scrolls on its
    // own, so the waterfall and the diagram show together.
    const side = (await page.locator('.col-side').boundingBox())!;
    await page.mouse.move(side.x + side.width / 2, 400);
    for (let i = 0; i < 4; i += 1) await page.mouse.wheel(0, 300);
    await expect(trace.getByRole('heading', { name: 'Follow one request' })).toBeInViewport();
    await expect(page.locator('.diagram-box')).toBeInViewport({ ratio: 0.9 });
    await expect(playground.server('app-eu-a1')).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath('main-1280x800-trace.png') });
  });

  test('the groups hold every panel the page object knows, as tabs', async ({ page }) => {
    const playground = new Playground(page);
    await playground.goto();
    expect(await groupTabs(page).allInnerTexts()).toEqual(Object.keys(SIDE_GROUPS));
    for (const [group, panels] of Object.entries(SIDE_GROUPS)) {
      await page.getByRole('tab', { name: group, exact: true }).click();
      const inside = page.getByRole('tablist', { name: `${group} panels`, exact: true });
      expect(await inside.getByRole('tab').allInnerTexts()).toEqual(panels);
    }
  });

  test('a chosen tab opens where it can be read: its panel heading in the first screen', async ({
    page,
  }) => {
    const playground = new Playground(page);
    await playground.goto();
    const top = () =>
      page.evaluate(() => {
        window.scrollTo(0, 0);
        document.querySelector('.col-side')?.scrollTo(0, 0);
      });
    for (const [group, panels] of Object.entries(SIDE_GROUPS)) {
      // From the page as it loads (the tabs low in the column), a click on the group.
      await top();
      await page.getByRole('tab', { name: group, exact: true }).click();
      await expect(
        page.getByRole('tabpanel', { name: panels[0], exact: true }).getByRole('heading').first(),
        group,
      ).toBeInViewport();
      for (const name of panels) {
        await page.getByRole('tab', { name, exact: true }).click();
        // Its first heading (the Years tab has none: its first lines) shows on the screen.
        const panel = page.getByRole('tabpanel', { name, exact: true });
        await expect(panel).toBeVisible();
        const heading = panel.getByRole('heading');
        await expect(
          (await heading.count()) > 0 ? heading.first() : panel.locator('p').first(),
          `${group} / ${name}`,
        ).toBeInViewport();
        await expect(page.getByRole('tab', { name, exact: true })).toBeInViewport();
      }
    }
  });

  test('changing the reduced-motion preference alone scrolls nothing', async ({ page }) => {
    const playground = new Playground(page);
    await playground.goto();
    const scrolled = () =>
      page.evaluate(() => ({
        page: window.scrollY,
        side: document.querySelector('.col-side')?.scrollTop ?? 0,
      }));
    // A chosen tab brings the tabs up (the test above); the reader then scrolls back.
    await page.getByRole('tab', { name: 'Design', exact: true }).click();
    await expect(page.getByRole('tabpanel', { name: 'Defences', exact: true })).toBeInViewport();
    await expect.poll(async () => Object.values(await scrolled()).some((y) => y > 0)).toBe(true);
    // Let the smooth scroll finish (page and column: one may start a frame after the
    // other on a busy machine) before scrolling back, or it carries on after the reset.
    let last = JSON.stringify(await scrolled());
    await expect
      .poll(async () => {
        await page.waitForTimeout(250);
        const now = JSON.stringify(await scrolled());
        const settled = now === last;
        last = now;
        return settled;
      })
      .toBe(true);
    await page.evaluate(() => {
      window.scrollTo({ top: 0, behavior: 'instant' });
      document.querySelector('.col-side')?.scrollTo({ top: 0, behavior: 'instant' });
    });
    expect(await scrolled()).toEqual({ page: 0, side: 0 });
    // The preference changes (both ways) with no tab chosen: the page stays where it is.
    const frames = () =>
      page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      await page.emulateMedia({ reducedMotion });
      await frames();
      // A smooth scroll would have moved within half a second.
      await page.waitForTimeout(500);
      expect(await scrolled(), reducedMotion).toEqual({ page: 0, side: 0 });
    }
  });

  test('keyboard: arrows and Home/End move through groups and through panels', async ({ page }) => {
    const playground = new Playground(page);
    await playground.goto();
    const tab = (name: string) => page.getByRole('tab', { name, exact: true });
    await tab('Observe').focus();
    await page.keyboard.press('ArrowRight');
    await expect(tab('Design')).toBeFocused();
    await expect(tab('Design')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name: 'Defences', exact: true })).toBeVisible();
    await page.keyboard.press('End');
    await expect(tab('Share & CLI')).toBeFocused();
    await page.keyboard.press('ArrowRight'); // wraps to the first
    await expect(tab('Observe')).toBeFocused();
    await page.keyboard.press('ArrowLeft'); // and back to the last
    await expect(tab('Share & CLI')).toBeFocused();
    await page.keyboard.press('Home');
    await expect(tab('Observe')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');

    // Tab moves into the group's own row of panels, one tab stop, on the chosen panel.
    await page.keyboard.press('Tab');
    await expect(tab('Defences')).toBeFocused();
    await page.keyboard.press('End');
    const lastDesignPanel = SIDE_GROUPS['Design']!.at(-1)!;
    await expect(tab(lastDesignPanel)).toBeFocused();
    await expect(page.getByRole('tabpanel', { name: lastDesignPanel, exact: true })).toBeVisible();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect(tab('Data')).toHaveAttribute('aria-selected', 'true');
    // A group remembers its panel.
    await tab('Learn').click();
    await tab('Design').click();
    await expect(tab('Data')).toHaveAttribute('aria-selected', 'true');
  });

  test('links open the right panel: #panel=ID, a group, and a challenge', async ({ page }) => {
    const playground = new Playground(page);
    await playground.goto('#panel=settings');
    await expect(page.getByRole('tab', { name: 'Design', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByRole('tab', { name: 'Settings', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await playground.goto('#scenario=one-region&panel=cli');
    await expect(page.getByRole('tabpanel', { name: 'CLI', exact: true })).toBeVisible();
    await playground.goto('#challenge=retry-storm');
    await expect(page.getByRole('tabpanel', { name: 'Lessons', exact: true })).toBeVisible();
  });
});

/**
 * How far `locator`'s box reaches outside the viewport or outside any ancestor that clips
 * it (overflow other than visible), in CSS px: 0 when all of it shows.
 */
async function hiddenPx(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    let worst = Math.max(0, -box.top, -box.left, box.bottom - innerHeight, box.right - innerWidth);
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowY === 'visible') continue;
      const clip = up.getBoundingClientRect();
      worst = Math.max(worst, clip.top - box.top, box.bottom - clip.bottom);
    }
    return worst;
  });
}

// Issue 14 review: the headline card scrolled inside itself and cut the durability line.
test('at 1280x800 the headline, its count and the durability line show unscrolled', async ({
  page,
}, testInfo) => {
  await page.setViewportSize(LAPTOP);
  const playground = new Playground(page);
  for (const scenario of ['database', 'split-brain']) {
    await playground.goto(`#scenario=${scenario}`);
    await playground.setSpeed('10');
    await expect.poll(() => playground.clockSeconds(), { timeout: 20_000 }).toBeGreaterThan(20);
    await playground.pauseButton.click();
    // A link to a scenario shows the scenario, not the newcomer's card.
    await expect(page.getByRole('region', { name: 'New here? Start here' })).toHaveCount(0);
    const hero = playground.availability.getByRole('group', {
      name: 'Request-based availability, whole run',
    });
    await expect(hero).toContainText(/of \d[\d,]* finished requests/);
    const durability = playground.availability.locator('.av-durability');
    await expect(durability).toContainText(/acknowledged writes lost/);
    expect(await hiddenPx(hero), `${scenario}: headline`).toBeLessThanOrEqual(0.5);
    expect(await hiddenPx(durability), `${scenario}: durability`).toBeLessThanOrEqual(0.5);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.screenshot({ path: testInfo.outputPath(`main-1280x800-${scenario}.png`) });
  }
  // The extrapolation and the cost, one click away.
  await playground.availability.getByText('A year at this rate, and the monthly cost').click();
  await expect(playground.availability.getByRole('group', { name: 'Monthly cost' })).toBeVisible();
  await expect(playground.availability).toContainText('(an extrapolation)');
});

test.describe('main screen at 1920x1080', () => {
  test.use({ viewport: WIDE });

  test('the log and the headline figure beside the diagram, nothing overflowing', async ({
    page,
  }, testInfo) => {
    const playground = new Playground(page);
    await playground.goto();
    await runAFault(playground);
    await expect(playground.eventLog).toBeInViewport({ ratio: 1 });
    await expect(
      playground.availability.getByRole('group', { name: 'Request-based availability, whole run' }),
    ).toBeInViewport({ ratio: 1 });
    expect(
      await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath('main-1920x1080.png') });
  });
});

/** How much of the chosen title the scenario picker cuts, in CSS px (0: all of it shows). */
async function pickerCutPx(page: Page): Promise<number> {
  return page.getByLabel('Scenario', { exact: true }).evaluate((el) => {
    const select = el as HTMLSelectElement;
    const probe = document.createElement('span');
    probe.style.font = getComputedStyle(select).font;
    probe.style.whiteSpace = 'pre';
    probe.style.position = 'absolute';
    probe.textContent = select.selectedOptions[0]!.text;
    document.body.append(probe);
    const textPx = probe.getBoundingClientRect().width;
    probe.remove();
    const style = getComputedStyle(select);
    const roomPx =
      select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(0, textPx - roomPx);
  });
}

for (const viewport of [LAPTOP, { width: 360, height: 740 }]) {
  test(`the longest scenario title is not cut at ${viewport.width}x${viewport.height}`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const playground = new Playground(page);
    await playground.goto('#scenario=checkout');
    await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('checkout');
    if (viewport.width > 600) {
      expect(await pickerCutPx(page)).toBe(0);
    } else {
      // A phone has no room for it in the picker: the description line under it says it whole.
      await expect(page.locator('.scenario-description')).toContainText(
        'Checkout: app servers call a payments dependency',
      );
    }
    expect(
      await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  });
}

test('a first visit to the bare address opens the simplest cluster; richer ones are one choice away', async ({
  page,
}) => {
  await page.goto('/');
  const picker = page.getByLabel('Scenario', { exact: true });
  await expect(picker).toHaveValue('one-region');
  await expect(page.getByRole('button', { name: /^region / })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'New here? Start here' })).toBeVisible();
  // Gone after the first break: the newcomer has found the diagram's menus.
  await page.getByRole('button', { name: /^server app-a1: / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Kill', exact: true }).click();
  await expect(page.getByRole('region', { name: 'New here? Start here' })).toHaveCount(0);
  // The richer designs: one choice in the picker.
  await picker.selectOption('two-regions');
  await expect(page.getByRole('button', { name: /^region / })).toHaveCount(2);

  // Once the newcomer has said "No thanks", the bare address opens the default design.
  await page.goto('/');
  await page.getByRole('button', { name: 'No thanks' }).click();
  await page.goto('/');
  await expect(picker).toHaveValue('two-regions');
});

/**
 * Each rule's id in the SLO tab's table, as laid out: its lines (distinct line boxes of
 * its text), whether its cell cuts it (its text wider than the cell shows), and how far
 * the table reaches past its panel sideways, in CSS px.
 */
async function ruleNames(page: Page) {
  return page.locator('.slo-panel').evaluate((panel) => {
    const names = [...panel.querySelectorAll('table.slo-rules tbody th')].map((th) => {
      // The id is the cell's first piece (the severity line follows it).
      const name = th.firstChild!;
      const range = document.createRange();
      range.selectNodeContents(name);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      const cell = th as HTMLElement;
      return { text: name.textContent, lines, cut: cell.scrollWidth > cell.clientWidth + 0.5 };
    });
    const table = panel.querySelector('table.slo-rules')!.getBoundingClientRect();
    const inner = panel.getBoundingClientRect();
    return { names, past: Math.max(0, table.right - inner.right, inner.left - table.left) };
  });
}

// Issue 14 review: at 1280x800 the SLO tab's rule ids broke at each hyphen, three lines
// ("slow-" / "burn-" / "ticket") beside the wordy window and state cells. Measured on load
// (every window says how much of it has run) and while a rule fires (its state says why).
for (const viewport of [LAPTOP, WIDE]) {
  test(`the SLO tab's rule names read in at most two lines at ${viewport.width}x${viewport.height}`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(viewport);
    const playground = new Playground(page);
    await playground.goto('#scenario=one-region&faults=3:kill-zone:eu-b');
    await playground.openTab('SLO & alerts');
    const table = page.getByRole('table', { name: /^Multiwindow burn-rate rules/ });
    const fastBurn = table.getByRole('row', { name: /^fast-burn-page/ });
    const check = async (when: string) => {
      const { names, past } = await ruleNames(page);
      expect(names.map((n) => n.text)).toEqual([
        'fast-burn-page',
        'slow-burn-page',
        'slow-burn-ticket',
      ]);
      for (const { text, lines, cut } of names) {
        expect(lines, `${when}: ${text}`).toBeGreaterThanOrEqual(1);
        expect(lines, `${when}: ${text}`).toBeLessThanOrEqual(2);
        expect(cut, `${when}: ${text} cut by its cell`).toBe(false);
      }
      expect(past, `${when}: the table past its panel`).toBeLessThanOrEqual(0.5);
    };
    await playground.pauseButton.click();
    await expect(table).toContainText('so far, counted against the whole window');
    await check('on load');
    await playground.setSpeed('10');
    await playground.playButton.click();
    await expect(fastBurn).toContainText('firing', { timeout: 30_000 });
    await playground.pauseButton.click();
    await check('firing');
    await table.screenshot({ path: testInfo.outputPath(`slo-rules-${viewport.width}.png`) });
  });
}
