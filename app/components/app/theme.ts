/**
 * The colour theme (issue 14): light, dark or high contrast, set on the root element as
 * `data-theme` so the tokens in styles/tokens.css apply to the whole page, the charts
 * and the diagram (canvas views read the same tokens).
 *
 * Which theme: `&theme=` in the address while it is there (a teacher's link to a
 * projector), else the reader's choice remembered in localStorage, else the system's
 * (`prefers-contrast: more` gives high contrast, `prefers-color-scheme: dark` dark).
 * A bad `theme=` gets one notice naming the allowed values and leaves the address (so a
 * shared copy does not repeat it); the page keeps working.
 */
import { useSyncExternalStore } from 'react';
import { addNotice } from '../../store';
import { dropLinkParam, hashParam, withHashParam } from '../share/hashParams';

export const THEMES = ['light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];
/** What the reader picked: a theme, or `system` (follow the operating system). */
export type ThemeChoice = Theme | 'system';

/** The localStorage key of the reader's choice. */
export const THEME_STORAGE_KEY = 'nines-theme';

/** How each choice is named in the picker. */
export const THEME_LABELS: Readonly<Record<ThemeChoice, string>> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast',
};

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

/**
 * The `theme` parameter of an address: the theme, null when absent, or one sentence
 * saying what is wrong and what is allowed.
 */
export function themeFromUrl(href: string): { theme: Theme | null; problem: string | null } {
  const value = hashParam(href, 'theme');
  if (value === null) return { theme: null, problem: null };
  if (isTheme(value)) return { theme: value, problem: null };
  return {
    theme: null,
    problem: `Unknown theme "${value}" in the link: use theme=${THEMES.join(', theme=')}. The page keeps its usual theme.`,
  };
}

/** The system's theme: high contrast when asked for more contrast, else dark or light. */
export function systemTheme(matches: (query: string) => boolean): Theme {
  if (matches('(prefers-contrast: more)')) return 'high-contrast';
  return matches('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

/** The theme shown: the address's, else the reader's choice, else the system's. */
export function resolveTheme(
  fromUrl: Theme | null,
  choice: ThemeChoice,
  matches: (query: string) => boolean,
): Theme {
  if (fromUrl) return fromUrl;
  return choice === 'system' ? systemTheme(matches) : choice;
}

function storedChoice(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    return 'system'; // storage blocked (a sandboxed embed): the system's theme
  }
}

const mediaMatches = (query: string): boolean => window.matchMedia?.(query).matches ?? false;

/** The page's current state: the choice in the picker and the theme applied. */
interface ThemeState {
  choice: ThemeChoice;
  fromUrl: Theme | null;
  theme: Theme;
}

let state: ThemeState = { choice: 'system', fromUrl: null, theme: 'light' };
const listeners = new Set<() => void>();

function update(next: Omit<ThemeState, 'theme'>): void {
  const theme = resolveTheme(next.fromUrl, next.choice, mediaMatches);
  state = { ...next, theme };
  document.documentElement.dataset.theme = theme;
  for (const listener of listeners) listener();
}

/** The reader picks a theme (or `system`): applied and remembered; it overrides the address. */
export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not remembered where storage is blocked; still applied.
  }
  // The address no longer decides: drop its `theme` so a reload keeps the reader's pick.
  const href = window.location.href;
  if (hashParam(href, 'theme') !== null) {
    window.history.replaceState(window.history.state, '', withHashParam(href, 'theme', null));
  }
  update({ choice, fromUrl: null });
}

/**
 * Applies the theme now (before the first render, so nothing flashes) and follows the
 * address and the system's preference as they change; returns a function that stops.
 */
export function startTheme(): () => void {
  const follow = (): void => {
    const { theme, problem } = themeFromUrl(window.location.href);
    if (problem) {
      addNotice(problem);
      dropLinkParam('theme');
    }
    update({ choice: storedChoice(), fromUrl: theme });
  };
  follow();
  window.addEventListener('hashchange', follow);
  const queries = ['(prefers-contrast: more)', '(prefers-color-scheme: dark)'].map((q) =>
    window.matchMedia?.(q),
  );
  const onSystem = (): void => update({ choice: state.choice, fromUrl: state.fromUrl });
  for (const query of queries) query?.addEventListener?.('change', onSystem);
  return () => {
    window.removeEventListener('hashchange', follow);
    for (const query of queries) query?.removeEventListener?.('change', onSystem);
  };
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The theme state, for the picker. */
export function useTheme(): ThemeState {
  return useSyncExternalStore(subscribe, () => state);
}
