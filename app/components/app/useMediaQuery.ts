/** Media queries the page follows as they change: one hook, and the queries it is used with. */
import { useCallback, useSyncExternalStore } from 'react';

/** The phone layout's breakpoint (app.css): the diagram top to bottom, panels in a sheet. */
export const PHONE_QUERY = '(max-width: 600px)';

/** Whether a CSS media query matches, kept up to date (false where matchMedia is missing). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia?.(query);
      if (!list) return () => {};
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia?.(query).matches ?? false,
    () => false,
  );
}

/** True on a phone-sized screen (at most 600 px wide). */
export const useNarrowScreen = (): boolean => useMediaQuery(PHONE_QUERY);

/** True when the user asked for less motion: travelling dots give way to counts. */
export const useReducedMotion = (): boolean => useMediaQuery('(prefers-reduced-motion: reduce)');
