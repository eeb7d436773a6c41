// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { playground } from '../../store';
import {
  chooseTheme,
  resolveTheme,
  startTheme,
  systemTheme,
  THEME_STORAGE_KEY,
  themeFromUrl,
} from './theme';

const none = () => false;
const only =
  (...queries: string[]) =>
  (query: string) =>
    queries.includes(query);

describe('theme choice', () => {
  it('reads `theme=` from the address, and names the allowed values for a bad one', () => {
    expect(themeFromUrl('https://x.test/#scenario=a&theme=dark')).toEqual({
      theme: 'dark',
      problem: null,
    });
    expect(themeFromUrl('https://x.test/?theme=high-contrast').theme).toBe('high-contrast');
    expect(themeFromUrl('https://x.test/#scenario=a')).toEqual({ theme: null, problem: null });
    const bad = themeFromUrl('https://x.test/#theme=purple');
    expect(bad.theme).toBeNull();
    expect(bad.problem).toContain('"purple"');
    for (const allowed of ['theme=light', 'theme=dark', 'theme=high-contrast']) {
      expect(bad.problem).toContain(allowed);
    }
  });

  it('follows the system: more contrast wins over dark, and light is the default', () => {
    expect(systemTheme(none)).toBe('light');
    expect(systemTheme(only('(prefers-color-scheme: dark)'))).toBe('dark');
    expect(systemTheme(only('(prefers-color-scheme: dark)', '(prefers-contrast: more)'))).toBe(
      'high-contrast',
    );
  });

  it('the address wins over the stored choice, which wins over the system', () => {
    const dark = only('(prefers-color-scheme: dark)');
    expect(resolveTheme('high-contrast', 'light', dark)).toBe('high-contrast');
    expect(resolveTheme(null, 'light', dark)).toBe('light');
    expect(resolveTheme(null, 'system', dark)).toBe('dark');
  });
});

describe('theme on the page', () => {
  afterEach(() => {
    window.localStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('applies the address theme, gives one notice for a bad one, and remembers a pick', () => {
    window.history.replaceState(null, '', '/#theme=dark');
    let stop = startTheme();
    expect(document.documentElement.dataset.theme).toBe('dark');
    stop();

    const before = playground.getState().ui.notices.length;
    window.history.replaceState(null, '', '/#theme=neon');
    stop = startTheme();
    // Keeps working, in the stored or system theme, with one notice naming the values.
    expect(document.documentElement.dataset.theme).toBe('light');
    const notices = playground.getState().ui.notices.slice(before);
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0])).toContain('theme=high-contrast');

    chooseTheme('high-contrast');
    expect(document.documentElement.dataset.theme).toBe('high-contrast');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('high-contrast');
    stop();
    // A new visit without `theme=` keeps the pick.
    window.history.replaceState(null, '', '/');
    stop = startTheme();
    expect(document.documentElement.dataset.theme).toBe('high-contrast');
    chooseTheme('system');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(document.documentElement.dataset.theme).toBe('light');
    stop();
  });

  it('a bad `theme=` leaves the address after its one notice; the rest stays', () => {
    const before = playground.getState().ui.notices.length;
    window.history.replaceState(null, '', '/?theme=neon#seed=4&theme=purple&present');
    const stop = startTheme();
    expect(playground.getState().ui.notices.length - before).toBe(1);
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#seed=4&present');
    // The same on a hashchange after load.
    window.location.hash = 'seed=4&theme=neon';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(playground.getState().ui.notices.length - before).toBe(2);
    expect(window.location.hash).toBe('#seed=4');
    stop();
  });

  it("a pick drops the address's `theme=`, so a reload keeps the pick", () => {
    window.history.replaceState(null, '', '/#seed=4&theme=dark');
    const stop = startTheme();
    chooseTheme('light');
    expect(window.location.hash).toBe('#seed=4');
    expect(document.documentElement.dataset.theme).toBe('light');
    stop();
  });
});
