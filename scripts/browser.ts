/**
 * Which Chromium the end-to-end tests and the screenshot script drive, and how to get one
 * on a machine that has none. Shared by playwright.config.ts, scripts/ensure-browser.ts
 * and scripts/screenshots.ts so all three agree on one order:
 *
 * 1. `$CHROMIUM_PATH`, when set (any Chromium or Chrome you point at);
 * 2. the Debian/Ubuntu `chromium` package at /usr/bin/chromium (what `.ci/run` installs);
 * 3. Playwright's own Chromium in its cache (`npx playwright install chromium`).
 *
 * Pure functions of what they are given (environment, a file-exists test, the path
 * Playwright would use), so a unit test can play every case without a browser.
 */

/** Where Debian and Ubuntu's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Overrides the Debian path above. Only for proving the no-browser path on a machine
 * that has the package (point it at a file that does not exist).
 */
export const DEBIAN_CHROMIUM_PATH_ENV = 'NINES_DEBIAN_CHROMIUM';

type BrowserSource = 'CHROMIUM_PATH' | 'debian' | 'playwright';

export interface FoundBrowser {
  path: string;
  source: BrowserSource;
}

export interface BrowserLookup {
  env: Readonly<Record<string, string | undefined>>;
  exists: (path: string) => boolean;
  /** Where Playwright's cached Chromium is or would be (`chromium.executablePath()`). */
  playwrightChromiumPath: () => string;
}

/**
 * The first of the three that is there, or null. A `$CHROMIUM_PATH` with no file behind
 * it is passed over like the other two (ensureBrowser says so), so a stale setting on a
 * fresh machine still ends in a working browser.
 */
export function findBrowser({
  env,
  exists,
  playwrightChromiumPath,
}: BrowserLookup): FoundBrowser | null {
  const chromiumPath = env.CHROMIUM_PATH;
  if (chromiumPath && exists(chromiumPath)) return { path: chromiumPath, source: 'CHROMIUM_PATH' };
  const debianPath = env[DEBIAN_CHROMIUM_PATH_ENV] || DEBIAN_CHROMIUM_PATH;
  if (exists(debianPath)) return { path: debianPath, source: 'debian' };
  const cachedPath = playwrightChromiumPath();
  if (cachedPath && exists(cachedPath)) return { path: cachedPath, source: 'playwright' };
  return null;
}

/** The one line printed before downloading Playwright's Chromium. */
export const INSTALLING_LINE =
  "No Chromium found ($CHROMIUM_PATH, /usr/bin/chromium, Playwright cache): installing Playwright's Chromium (npx playwright install chromium)...";

/** The one message when there is no browser and none could be installed. */
export const NO_BROWSER_MESSAGE = [
  'The end-to-end tests need Chromium and none could be found or installed.',
  'Provide one of these, then run the tests again:',
  '  1. set CHROMIUM_PATH to a Chromium or Chrome executable (CHROMIUM_PATH=/path/to/chrome npm test);',
  '  2. install the Debian/Ubuntu package, which puts it at /usr/bin/chromium (sudo apt-get install chromium);',
  "  3. download Playwright's Chromium, which needs the network (npx playwright install chromium).",
].join('\n');

export interface EnsureBrowserSteps extends BrowserLookup {
  /** Runs `playwright install chromium`; true when it exited with status 0. */
  install: () => boolean;
  log: (line: string) => void;
  error: (message: string) => void;
}

/**
 * Finds a browser; when there is none, installs Playwright's Chromium (one line says so)
 * and looks again. Returns the browser, or null after printing {@link NO_BROWSER_MESSAGE}.
 */
export function ensureBrowser(steps: EnsureBrowserSteps): FoundBrowser | null {
  const chromiumPath = steps.env.CHROMIUM_PATH;
  if (chromiumPath && !steps.exists(chromiumPath)) {
    steps.log(
      `CHROMIUM_PATH is set to ${chromiumPath}, but there is no file there: looking for another Chromium.`,
    );
  }
  const found = findBrowser(steps);
  if (found) return found;
  steps.log(INSTALLING_LINE);
  const installed = steps.install() ? findBrowser(steps) : null;
  if (installed) return installed;
  steps.error(NO_BROWSER_MESSAGE);
  return null;
}
