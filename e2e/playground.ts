/**
 * Page object for the playground: every locator goes by role and accessible name,
 * as the UI contract in docs/architecture.md promises to users of assistive technology.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The default scenario's servers: two regions of three zones with two servers each. */
export const DEFAULT_SERVERS = ['eu', 'us'].flatMap((region) =>
  ['a1', 'a2', 'b1', 'b2', 'c1', 'c2'].map((server) => `app-${region}-${server}`),
);

/** The side column's groups (tabs) and, in each, its panels' tabs, as the page labels them. */
export const SIDE_GROUPS: Record<string, readonly string[]> = {
  Observe: ['Charts', 'SLO & alerts', 'Trace', 'Years'],
  Design: ['Defences', 'Data', 'Settings', 'Compare', 'Editor'],
  Learn: ['Lessons', 'Calculator'],
  'Share & CLI': ['Share', 'CLI'],
};

export class Playground {
  readonly page: Page;
  readonly playButton: Locator;
  readonly pauseButton: Locator;
  readonly stepButton: Locator;
  readonly resetButton: Locator;
  readonly speed: Locator;
  readonly seed: Locator;
  /** The live availability figure (a region named "Availability"). */
  readonly availability: Locator;
  readonly eventLog: Locator;
  /** The open action menu, if any. */
  readonly menu: Locator;

  constructor(page: Page) {
    this.page = page;
    this.playButton = page.getByRole('button', { name: 'Play', exact: true });
    this.pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
    this.stepButton = page.getByRole('button', { name: 'Step', exact: true });
    this.resetButton = page.getByRole('button', { name: 'Reset', exact: true });
    this.speed = page.getByLabel('Speed', { exact: true });
    this.seed = page.getByLabel('Seed', { exact: true });
    this.availability = page.getByRole('region', { name: 'Availability', exact: true });
    this.eventLog = page.getByRole('list', { name: 'Events, newest last' });
    this.menu = page.getByRole('dialog');
  }

  /**
   * Opens the playground with a share-link hash and waits for the diagram. Without one,
   * the default design (two regions): the bare address would open the simplest cluster,
   * as every test's browser is on its first visit (mainScreen.spec tests that).
   */
  async goto(hash = '#scenario=two-regions'): Promise<void> {
    await this.page.goto(`/${hash}`);
    // A first load on a loaded 2-core box (two browsers, each running an engine) has taken
    // just over the default 5 s: the page was whole a moment later.
    await expect(this.page.getByRole('button', { name: /^server / }).first()).toBeVisible({
      timeout: 15_000,
    });
  }

  /** A server's node, whatever its state. */
  server(id: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^server ${id}: `) });
  }

  /** A server's node in a given state, e.g. `crashed` (the name starts `server ID: STATE`). */
  serverIn(id: string, state: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^server ${id}: ${state}(,|$)`) });
  }

  /** An action button of the open menu, by its verb. */
  action(verb: string): Locator {
    return this.menu.getByRole('button', { name: verb, exact: true });
  }

  /**
   * Opens a panel of the side column by its tab's label, e.g. `Defences`: first its
   * group's tab (unless the panel's tab shows already), then its own. A group's label
   * opens the group.
   */
  async openTab(label: string): Promise<void> {
    const group = Object.entries(SIDE_GROUPS).find(([, panels]) => panels.includes(label))?.[0];
    const tab = this.page.getByRole('tab', { name: label, exact: true });
    if (group !== undefined && !(await tab.isVisible())) {
      await this.page.getByRole('tab', { name: group, exact: true }).click();
    }
    await tab.click();
  }

  /** In the Editor tab, adds a server to zone `zone` and waits for its node `serverId`. */
  async addServerInEditor(zone: string, serverId: string): Promise<void> {
    await this.openTab('Editor');
    await this.page.getByRole('button', { name: `Add server to zone ${zone}` }).click();
    await expect(
      this.page.getByRole('status').filter({ hasText: 'Done: add a server' }),
    ).toBeVisible();
    await expect(this.server(serverId)).toBeVisible();
  }

  /**
   * The Share tab's link, which carries the edited design (`cloud=`), opened in a new page
   * of the same browser; waits there for the diagram's node `serverId`.
   */
  async openSharedDesign(serverId: string): Promise<Playground> {
    await this.openTab('Share');
    const link = await this.page.getByLabel('Share link', { exact: true }).inputValue();
    expect(link).toContain('cloud=');
    const other = new Playground(await this.page.context().newPage());
    await other.page.goto(link);
    await expect(other.server(serverId)).toBeVisible();
    return other;
  }

  async setSpeed(speed: string): Promise<void> {
    await this.speed.selectOption(speed);
  }

  /**
   * The monthly cost shown beside availability, as written ("$1,234"): it sits under the
   * headline's "A year at this rate, and the monthly cost" disclosure, opened if closed.
   */
  async monthlyCostText(): Promise<string> {
    const extra = this.availability.locator('details.av-extra');
    if ((await extra.getAttribute('open')) === null) {
      await extra.getByText('A year at this rate, and the monthly cost').click();
    }
    return this.availability
      .getByRole('group', { name: 'Monthly cost' })
      .locator('.cost-value')
      .innerText();
  }

  /** Request-based availability since the start, in percent (100 before any failure). */
  async availabilityPercent(): Promise<number> {
    const text = await this.availability
      .getByRole('group', { name: 'Request-based availability, whole run' })
      .innerText();
    const match = /(\d+(?:\.\d+)?)%/.exec(text);
    return match ? Number(match[1]) : Number.NaN;
  }

  /**
   * One figure of the availability table, in percent (NaN while it shows "–"):
   * `way` is `Request-based` or `Time-based`, `window` 0 (whole run), 1 (last 1 min)
   * or 2 (last 10 min).
   */
  async windowPercent(way: 'Request-based' | 'Time-based', window: 0 | 1 | 2): Promise<number> {
    const row = this.availability.getByRole('row', { name: new RegExp(`^${way}`) });
    const text = await row.getByRole('cell').nth(window).innerText();
    const match = /(\d+(?:\.\d+)?)%/.exec(text);
    return match ? Number(match[1]) : Number.NaN;
  }

  /** The simulated clock shown in the availability panel, in seconds. */
  async clockSeconds(): Promise<number> {
    const text = await this.availability.locator('time').first().innerText();
    const [minutes, seconds] = text.split(':');
    return Number(minutes) * 60 + Number(seconds);
  }

  /** Presses a key until the focused element's accessible name matches, like a keyboard user. */
  async pressUntilFocused(key: string, name: RegExp, maxPresses = 60): Promise<void> {
    for (let i = 0; i < maxPresses; i++) {
      await this.page.keyboard.press(key);
      const focusedName = await this.page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
      });
      if (name.test(focusedName)) return;
    }
    throw new Error(`pressing ${key} ${maxPresses} times never focused ${name}`);
  }
}
