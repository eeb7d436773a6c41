/**
 * The fault script and timeline, scenario picking and sharing, driven by role and
 * accessible name with the mouse and the keyboard.
 */
import AxeBuilder from './axe';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { Playground } from './playground';

// The tests are independent pages: let both workers share them. Travelling dots are
// not what these tests are about: reduced motion (counts instead) keeps the CPU for them.
test.describe.configure({ mode: 'parallel' });
test.use({ reducedMotion: 'reduce' });

/** The timeline panel and its controls (names from Timeline.tsx). */
class Timeline {
  readonly page: Page;
  readonly panel: Locator;
  readonly form: Locator;
  readonly action: Locator;
  readonly target: Locator;
  readonly at: Locator;
  readonly addButton: Locator;
  readonly details: Locator;
  readonly replayFromStart: Locator;
  readonly replayToNow: Locator;

  constructor(page: Page) {
    this.page = page;
    this.panel = page.getByRole('region', { name: 'Fault script' });
    this.form = this.panel.getByRole('form', { name: 'Add fault' });
    this.action = this.form.getByLabel('Action', { exact: true });
    this.target = this.form.getByLabel('Target', { exact: true });
    this.at = this.form.getByLabel('At', { exact: true });
    this.addButton = this.form.getByRole('button', { name: 'Add fault' });
    this.details = this.panel.getByRole('dialog');
    this.replayFromStart = this.panel.getByRole('button', { name: 'Replay from start' });
    this.replayToNow = this.panel.getByRole('button', { name: /^Replay to \d+:\d\d\.\d$/ });
  }

  /** Clicks a marker on its glyph (the label may sit over another marker's stem). */
  async clickMarker(marker: Locator): Promise<void> {
    await marker.locator('path.tl-glyph').click();
  }

  /** A marker by the start of its name, e.g. `fault at 0:08.0: kill app-b1`. */
  marker(name: string, status?: 'scheduled' | 'applied'): Locator {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.panel.getByRole('button', {
      name: new RegExp(`^${escaped} \\(${status ?? '(scheduled|applied)'}\\)$`),
    });
  }

  /** Every marker's name without its status, in time order. */
  async entries(): Promise<string[]> {
    const names = await this.panel
      .locator('g.tl-marker')
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    return names.map((n) => n.replace(/ \((scheduled|applied)\)$/, ''));
  }

  status(): Locator {
    return this.panel.getByRole('status').last();
  }
}

/** Opens the page at a hash and waits for the diagram (any scenario). */
async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.getByRole('button', { name: /^server / }).first()).toBeVisible();
}

/** The text of a log line at a simulated time, e.g. `0:08.0` (empty if none). */
function logLineAt(playground: Playground, time: string): Locator {
  return playground.eventLog.getByRole('listitem').filter({ hasText: time });
}

test('pick a scenario: its title, description, script and address', async ({ page }) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await playground.goto();
  await playground.pauseButton.click();
  const picker = page.getByLabel('Scenario', { exact: true });
  await expect(picker).toHaveValue('two-regions');

  await picker.selectOption({ label: 'Two regions, active-passive' });
  await expect(page.getByText('us is a warm standby')).toBeVisible();
  await expect(page.getByRole('button', { name: /^server app-eu-a1: / })).toBeVisible();
  await expect(timeline.marker('fault at 1:00.0: kill-region eu', 'scheduled')).toBeVisible();
  await expect(page).toHaveURL(/#scenario=active-passive&seed=1$/);

  // By keyboard: the next scenario in the list.
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(picker).toHaveValue('zone-overload');
  await expect(page).toHaveURL(/#scenario=zone-overload/);
  await expect(timeline.marker('fault at 1:00.0: kill-zone eu-b', 'scheduled')).toBeVisible();
  await expect(playground.clockSeconds()).resolves.toBeLessThan(10);
});

test('add a fault at a later time by keyboard and see it fire when time passes', async ({
  page,
}) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await playground.goto('#scenario=one-region');
  await playground.pauseButton.click();

  await timeline.action.focus();
  await expect(timeline.action).toHaveValue('kill');
  await page.keyboard.press('Tab');
  await expect(timeline.target).toBeFocused();
  // Typing in a closed select jumps to the option that starts with the text.
  await page.keyboard.type('server app-b1');
  await expect(timeline.target).toHaveValue('app-b1');
  await page.keyboard.press('Tab');
  await expect(timeline.at).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('0:06');
  await page.keyboard.press('Enter');
  await expect(timeline.status()).toHaveText('Scheduled kill app-b1 at 0:06.0.');
  const marker = timeline.marker('fault at 0:06.0: kill app-b1', 'scheduled');
  await expect(marker).toBeVisible();
  await expect(logLineAt(playground, '0:06.0')).toHaveCount(0);

  await playground.setSpeed('10');
  await playground.playButton.click();
  await expect(logLineAt(playground, '0:06.0')).toContainText('app-b1 process crashed');
  await expect(timeline.marker('fault at 0:06.0: kill app-b1', 'applied')).toBeVisible();
  await expect(playground.serverIn('app-b1', 'crashed')).toBeVisible();

  // A time in the past is refused, with the reason.
  await timeline.at.fill('0:01');
  await timeline.addButton.click();
  await expect(timeline.panel.getByRole('alert')).toContainText('0:01.0 is in the past');
  await expect(timeline.at).toHaveAttribute('aria-invalid', 'true');
});

test('remove a scheduled fault (mouse and keyboard): it does not fire', async ({ page }) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await playground.goto('#scenario=one-region');
  await playground.pauseButton.click();

  for (const [target, at] of [
    ['server app-a1', '4'],
    ['server app-c2', '5'],
  ] as const) {
    await timeline.target.selectOption({ label: target });
    await timeline.at.fill(at);
    await timeline.addButton.click();
  }
  // Mouse: open the marker, Remove.
  await timeline.clickMarker(timeline.marker('fault at 0:04.0: kill app-a1', 'scheduled'));
  await expect(timeline.details).toBeVisible();
  await timeline.details.getByRole('button', { name: 'Remove' }).click();
  await expect(timeline.status()).toHaveText('Removed kill app-a1 at 0:04.0: it will not happen.');
  await expect(timeline.marker('fault at 0:04.0: kill app-a1')).toHaveCount(0);
  // Focus went to the neighbouring marker; the keyboard removes that one.
  const other = timeline.marker('fault at 0:05.0: kill app-c2', 'scheduled');
  await expect(other).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(timeline.details.getByRole('button', { name: 'Remove' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(timeline.details).toBeHidden();
  await expect(other).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await expect(other).toHaveCount(0);

  await playground.setSpeed('10');
  await playground.playButton.click();
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(7);
  await expect(playground.eventLog).not.toContainText('app-a1 process crashed');
  await expect(playground.eventLog).not.toContainText('app-c2 process crashed');
  await expect(playground.serverIn('app-a1', 'up')).toBeVisible();
});

test('replay gives identical counts; clicks on the diagram are recorded', async ({ page }) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await playground.goto('#scenario=one-region&seed=5&faults=9:kill-zone:eu-b');
  await playground.pauseButton.click();
  await timeline.action.selectOption({ label: 'Make slow' });
  await timeline.target.selectOption('app-a1');
  await timeline.at.fill('6');
  await timeline.addButton.click();
  await playground.setSpeed('10');
  await playground.playButton.click();
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(2);
  // A click on the diagram joins the script at the instant it was applied.
  await playground.server('app-c1').click();
  await playground.action('Kill').click();
  const clicked = timeline.panel.getByRole('button', {
    name: /^fault at 0:\d\d\.\d: kill app-c1 \(applied\)$/,
  });
  await expect(clicked).toBeVisible();
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(12);
  await playground.pauseButton.click();

  const entries = await timeline.entries();
  expect(entries).toHaveLength(3);
  // The click landed before or after 0:06 depending on the machine's speed.
  expect(entries).toEqual(
    expect.arrayContaining([
      'fault at 0:06.0: slow app-a1 x10',
      'fault at 0:09.0: kill-zone eu-b',
      expect.stringMatching(/^fault at 0:\d\d\.\d: kill app-c1$/),
    ]),
  );
  const figures = await playground.availability.innerText();
  const clock = await playground.clockSeconds();
  expect(figures).toMatch(/Failed\s+[1-9]/);

  await timeline.replayToNow.click();
  await expect.poll(() => playground.clockSeconds()).toBe(clock);
  await expect.poll(() => playground.availability.innerText()).toBe(figures);
  expect(await timeline.entries()).toEqual(entries);

  // Replay from start: 0:00, playing, the same script.
  await timeline.replayFromStart.click();
  await expect(playground.pauseButton).toBeVisible();
  await expect.poll(() => playground.clockSeconds()).toBeLessThan(clock);
  expect(await timeline.entries()).toEqual(entries);
});

test('share link round trip: the same scenario, seed, settings and script', async ({
  page,
  context,
}) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await open(page, '#scenario=active-passive');
  await playground.pauseButton.click();
  await playground.seed.fill('77');
  await playground.seed.press('Enter');
  await timeline.action.selectOption({ label: 'Add latency' });
  await timeline.target.selectOption('lb-eu->app-eu-a1');
  await timeline.form.getByRole('spinbutton').fill('250');
  await timeline.at.fill('1:30');
  await timeline.addButton.click();
  // The scenario's own fault is removed: the link carries the whole script.
  await timeline.clickMarker(timeline.marker('fault at 1:00.0: kill-region eu'));
  await timeline.details.getByRole('button', { name: 'Remove' }).click();
  const entries = await timeline.entries();
  expect(entries).toEqual(['fault at 1:30.0: latency lb-eu->app-eu-a1 +250 ms']);

  await playground.openTab('Share');
  const link = await page.getByLabel('Share link').inputValue();
  // (Browsers escape ">" in an address: the link reads "-%3E" for "->".)
  expect(link).toContain(
    'scenario=active-passive&seed=77&faults=90:latency:lb-eu-%3Eapp-eu-a1:%2B250ms',
  );
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText(/Link copied|Could not copy/)).toBeVisible();
  // The address bar is the same link.
  expect(page.url()).toBe(link);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByLabel('Scenario', { exact: true })).toHaveValue('active-passive');
  await expect(other.getByLabel('Seed', { exact: true })).toHaveValue('77');
  // The timeline draws its markers once the link's script is loaded: read until it has.
  await expect.poll(() => new Timeline(other).entries()).toEqual(entries);
  await expect(other.getByRole('alert')).toHaveCount(0);
});

test('a broken link says what was ignored, once, and loads the rest', async ({ page }) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await page.goto(
    '/#scenario=nope&seed=abc&faults=5:kill:app-eu-b1,5:kill:app-zz,x:kill:app-eu-a1',
  );
  const notice = page.getByRole('alert');
  await expect(notice).toHaveCount(1);
  for (const part of [
    'scenario "nope"',
    'seed "abc"',
    'fault "5:kill:app-zz" (unknown target "app-zz")',
    'fault "x:kill:app-eu-a1"',
  ]) {
    await expect(notice).toContainText(part);
  }
  await expect(timeline.marker('fault at 0:05.0: kill app-eu-b1')).toBeVisible();
  expect(await timeline.entries()).toEqual(['fault at 0:05.0: kill app-eu-b1']);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(playground.server('app-eu-a1')).toBeVisible();
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(0.5);
});

test('scenario files: a broken file lists its errors and the run goes on; export re-imports', async ({
  page,
}) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await playground.goto('#scenario=one-region');
  await playground.openTab('Share');
  const fileInput = page.getByLabel('Import a scenario file (JSON)');

  await fileInput.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ name: 'Bad Name', seed: -1, topology: {}, faults: [{ atS: 'soon' }] }),
    ),
  });
  const errors = page.getByRole('alert').filter({ hasText: 'broken.json was not loaded' });
  await expect(errors).toBeVisible();
  await expect(errors.getByRole('listitem')).not.toHaveCount(0);
  await expect(errors).toContainText('name must be');
  await expect(errors).toContainText('seed must be');
  await fileInput.setInputFiles({
    name: 'notjson.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ "name": '),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible();
  // The run kept going, on the same scenario.
  const before = await playground.clockSeconds();
  await expect.poll(() => playground.clockSeconds()).toBeGreaterThan(before);
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('one-region');

  // Export (with an added fault), then import the file back.
  await timeline.at.fill('50');
  await timeline.addButton.click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export scenario (JSON)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('one-region.json');
  const text = await readFile(await file.path(), 'utf8');
  expect(JSON.parse(text).faults).toEqual([
    { atS: 50, command: { type: 'kill', target: 'app-a1' } },
  ]);
  await fileInput.setInputFiles({
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByText('Loaded “One region, three zones” from mine.json.')).toBeVisible();
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(':imported');
  expect(await timeline.entries()).toEqual(['fault at 0:50.0: kill app-a1']);
  await playground.openTab('CLI');
  await expect(page.locator('pre.command')).toContainText('--scenario one-region.json');
});

test('axe: the timeline, its details, the form and the share panel', async ({ page }) => {
  const playground = new Playground(page);
  const timeline = new Timeline(page);
  await open(page, '#scenario=active-passive&faults=1:kill:app-eu-a1,60:kill-region:eu');
  await playground.pauseButton.click();
  await playground.stepButton.click();
  await playground.stepButton.click();
  await expect(timeline.marker('fault at 0:01.0: kill app-eu-a1', 'applied')).toBeVisible();
  await timeline.clickMarker(timeline.marker('fault at 1:00.0: kill-region eu'));
  await expect(timeline.details).toBeVisible();
  await playground.openTab('Share');
  const results = await new AxeBuilder({ page })
    .include('section.timeline')
    .include('.scenario-picker')
    .include('.scenario-description')
    .include('section.share')
    .analyze();
  expect(results.violations).toEqual([]);
});
