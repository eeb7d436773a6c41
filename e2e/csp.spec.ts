import { expect, test, type Page } from '@playwright/test';
import { Playground, SIDE_GROUPS } from './playground';

/** The policy index.html declares (a meta tag: the built site brings it wherever it is hosted). */
const POLICY_PARTS = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
];

/** Collects every CSP violation the page reports: the DOM event and the console's error. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} ${event.sample}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) {
      violations.push(`console: ${message.text()}`);
    }
  });
  return violations;
}

test('the app runs under a strict Content-Security-Policy with zero violations', async ({
  page,
  context,
}) => {
  test.slow(); // a tour of every tab, present mode, compare, a lesson, an embed and exports
  const violations = await watchViolations(page);
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive&seed=3&faults=5:kill:app-eu-a1');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  for (const part of POLICY_PARTS) expect(policy).toContain(part);

  await playground.setSpeed('10');
  await expect(playground.serverIn('app-eu-a1', 'crashed')).toBeVisible();

  // Every tab of the side column: each group, and each panel inside it.
  for (const [group, panels] of Object.entries(SIDE_GROUPS)) {
    for (const tab of [group, ...panels]) {
      await playground.openTab(tab);
      await expect(page.getByRole('tab', { name: tab, exact: true })).toHaveAttribute(
        'aria-selected',
        'true',
      );
    }
  }

  // Chart exports: SVG and PNG (the PNG draws the SVG through an object URL).
  await playground.openTab('Charts');
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download outcomes chart SVG' }).click();
  await svgDownload;
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download availability chart PNG' }).click();
  await pngDownload;

  // A part's action menu and the timeline's details.
  await playground.server('app-eu-b1').click();
  await playground.action('Kill').click();
  await page
    .getByRole('button', { name: /^fault at / })
    .first()
    .press('Enter');

  // Compare two designs.
  await playground.openTab('Compare');
  await page.getByRole('button', { name: 'Active-active regions' }).click();
  await page.getByRole('button', { name: 'Compare side by side' }).click();
  await expect(page.getByRole('group', { name: 'Design B diagram' })).toBeVisible();

  // Present mode, then a lesson.
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Escape');
  await playground.openTab('Lessons');
  await page.getByRole('button', { name: 'Health checks route around a dead server' }).click();
  await expect(page.getByRole('region', { name: 'A healthy cluster' })).toBeVisible();

  // An embed, in its own page.
  const embedded = await context.newPage();
  const embeddedViolations = await watchViolations(embedded);
  await new Playground(embedded).goto('#scenario=one-region&embed');
  await expect(embedded.getByRole('link', { name: /Open in Nines/ })).toBeVisible();
  await expect(embedded.getByRole('region', { name: 'Availability', exact: true })).toBeVisible();
  await embedded.waitForTimeout(500);

  // Let the event loop deliver any late report.
  await page.waitForTimeout(500);
  expect(violations).toEqual([]);
  expect(embeddedViolations).toEqual([]);
});
