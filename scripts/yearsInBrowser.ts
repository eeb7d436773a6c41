/**
 * The Years tab's speed in the browser (issue 15's goal: 100 simulated years of the
 * default two-region design in under 60 s on a 2-core machine): opens the built site in
 * Chromium, runs "Simulate N years" from the tab as a person would, and prints the wall
 * time, years per second and the worker count (one per core).
 *
 * Not part of `npm test` (wall time depends on the machine). Environment:
 * NINES_BENCH_DIST (the build, default dist/), NINES_BENCH_PORT (default 4183),
 * NINES_BENCH_YEARS (default 100). Build first: `npx vite build`.
 */
import { openBuiltSite } from './builtSite.ts';

const DIST = process.env.NINES_BENCH_DIST ?? 'dist';
const PORT = Number(process.env.NINES_BENCH_PORT ?? 4183);
const YEARS = Number(process.env.NINES_BENCH_YEARS ?? 100);
const GOAL_S = 60;

const site = await openBuiltSite(DIST, PORT, 'run `npx vite build` first.');
try {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://localhost:${PORT}/#scenario=two-regions&panel=years`);
  const panel = page.getByRole('tabpanel', { name: 'Years' });
  await panel.getByLabel('Years to simulate').fill(String(YEARS));
  const startMs = Date.now();
  await panel.getByRole('button', { name: `Simulate ${YEARS} years` }).click();
  const done = page.getByRole('status').filter({ hasText: `Simulated ${YEARS} years` });
  await done.waitFor({ timeout: 10 * 60_000 });
  const wallS = (Date.now() - startMs) / 1000;
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  console.log(
    `Years tab, two-regions: ${YEARS} simulated years in ${wallS.toFixed(1)} s wall time ` +
      `(${(YEARS / wallS).toFixed(0)} years/s, ${cores} cores reported; goal: 100 years in under ${GOAL_S} s)`,
  );
  console.log(await done.textContent());
} finally {
  await site.close();
}
