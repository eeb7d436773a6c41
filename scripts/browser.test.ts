import { describe, expect, it } from 'vitest';
import {
  DEBIAN_CHROMIUM_PATH,
  DEBIAN_CHROMIUM_PATH_ENV,
  ensureBrowser,
  findBrowser,
  INSTALLING_LINE,
  NO_BROWSER_MESSAGE,
  type EnsureBrowserSteps,
} from './browser.ts';

const CACHED = '/home/learner/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

/**
 * A machine in a test: the files that exist, the environment, and an install step that
 * (when it works) puts Playwright's Chromium into the cache. Records what was printed.
 */
function machine(options: {
  files?: string[];
  env?: Record<string, string>;
  installWorks?: boolean;
}) {
  const files = new Set(options.files ?? []);
  const printed: string[] = [];
  const errors: string[] = [];
  let installs = 0;
  const steps: EnsureBrowserSteps = {
    env: options.env ?? {},
    exists: (path) => files.has(path),
    playwrightChromiumPath: () => CACHED,
    install: () => {
      installs += 1;
      if (options.installWorks) files.add(CACHED);
      return !!options.installWorks;
    },
    log: (line) => printed.push(line),
    error: (message) => errors.push(message),
  };
  return { steps, printed, errors, installs: () => installs };
}

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, then the Debian package, then Playwright’s cache', () => {
    const all = ['/opt/chrome/chrome', DEBIAN_CHROMIUM_PATH, CACHED];
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    expect(findBrowser(machine({ files: all, env }).steps)).toEqual({
      path: '/opt/chrome/chrome',
      source: 'CHROMIUM_PATH',
    });
    expect(findBrowser(machine({ files: all }).steps)?.source).toBe('debian');
    expect(findBrowser(machine({ files: [CACHED] }).steps)).toEqual({
      path: CACHED,
      source: 'playwright',
    });
    expect(findBrowser(machine({}).steps)).toBeNull();
  });

  it('passes over a CHROMIUM_PATH with no file behind it', () => {
    const env = { CHROMIUM_PATH: '/nonexistent' };
    expect(findBrowser(machine({ files: [CACHED], env }).steps)?.source).toBe('playwright');
  });

  it('reads the Debian path from its override, so a test can hide the package', () => {
    const env = { [DEBIAN_CHROMIUM_PATH_ENV]: '/hidden/chromium' };
    expect(findBrowser(machine({ files: [DEBIAN_CHROMIUM_PATH], env }).steps)).toBeNull();
  });
});

describe('ensureBrowser', () => {
  it('installs nothing and prints nothing when a browser is there', () => {
    const run = machine({ files: [DEBIAN_CHROMIUM_PATH] });
    expect(ensureBrowser(run.steps)?.path).toBe(DEBIAN_CHROMIUM_PATH);
    expect(run.installs()).toBe(0);
    expect(run.printed).toEqual([]);
    expect(run.errors).toEqual([]);
  });

  it('installs Playwright’s Chromium when there is none, saying so in one line', () => {
    const run = machine({ installWorks: true });
    expect(ensureBrowser(run.steps)).toEqual({ path: CACHED, source: 'playwright' });
    expect(run.installs()).toBe(1);
    expect(run.printed).toEqual([INSTALLING_LINE]);
    expect(run.errors).toEqual([]);
  });

  it('says when CHROMIUM_PATH points nowhere, then still finds or installs a browser', () => {
    const run = machine({ env: { CHROMIUM_PATH: '/nonexistent' }, installWorks: true });
    expect(ensureBrowser(run.steps)?.path).toBe(CACHED);
    expect(run.printed).toHaveLength(2);
    expect(run.printed[0]).toContain(
      'CHROMIUM_PATH is set to /nonexistent, but there is no file there',
    );
    expect(run.printed[1]).toBe(INSTALLING_LINE);
  });

  it('when the install fails (offline), stops with one message naming the three ways', () => {
    const run = machine({ env: { CHROMIUM_PATH: '/nonexistent' }, installWorks: false });
    expect(ensureBrowser(run.steps)).toBeNull();
    expect(run.installs()).toBe(1);
    expect(run.errors).toEqual([NO_BROWSER_MESSAGE]);
    expect(NO_BROWSER_MESSAGE).toContain('CHROMIUM_PATH');
    expect(NO_BROWSER_MESSAGE).toContain('apt-get install chromium');
    expect(NO_BROWSER_MESSAGE).toContain('npx playwright install chromium');
  });

  it('does not trust an install that reports success but leaves no browser', () => {
    const run = machine({});
    run.steps.install = () => true;
    expect(ensureBrowser(run.steps)).toBeNull();
    expect(run.errors).toEqual([NO_BROWSER_MESSAGE]);
  });
});
