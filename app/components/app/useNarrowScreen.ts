/** Whether the page is on a phone-sized screen (the phone layout of app.css, issue 14). */
import { useSyncExternalStore } from 'react';

/** The same breakpoint as app.css's phone layout. */
const QUERY = '(max-width: 600px)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

const getSnapshot = (): boolean => window.matchMedia(QUERY).matches;

/** True at most 600 px wide: the diagram is laid out top to bottom there. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, getSnapshot, () => false);
}
