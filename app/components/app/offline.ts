/**
 * Offline use, the page's side: registers the service worker the build writes (see
 * app/build/offlinePrecache.ts) and tells the Share panel whether the playground is
 * saved in this browser. Only the built site has a worker; `npm run dev` does not.
 */
import { useSyncExternalStore } from 'react';

export type OfflineStatus =
  | { kind: 'unsupported'; reason: string }
  | { kind: 'saving' }
  | { kind: 'ready' }
  | { kind: 'failed'; reason: string };

let status: OfflineStatus = { kind: 'saving' };
const listeners = new Set<() => void>();

function setStatus(next: OfflineStatus): void {
  status = next;
  for (const listener of listeners) listener();
}

/** Registers `sw.js` (beside index.html) and follows it until the site is cached. */
export function startOfflineCache(isBuiltSite: boolean): void {
  if (!isBuiltSite) {
    setStatus({ kind: 'unsupported', reason: 'the development server does not cache pages' });
    return;
  }
  if (!('serviceWorker' in navigator)) {
    setStatus({ kind: 'unsupported', reason: 'this browser has no service workers' });
    return;
  }
  navigator.serviceWorker
    .register('./sw.js')
    .then(() => navigator.serviceWorker.ready)
    // A worker is active only once it has stored every file (its install step).
    .then(() => setStatus({ kind: 'ready' }))
    .catch((error: unknown) =>
      setStatus({
        kind: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
}

/** The offline status, for React. */
export function useOfflineStatus(): OfflineStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
  );
}

/** One sentence for the Share panel. */
export function offlineStatusText(offline: OfflineStatus): string {
  switch (offline.kind) {
    case 'ready':
      return 'Saved in this browser: the playground opens and runs without a network.';
    case 'saving':
      return 'Saving the playground in this browser for use without a network…';
    case 'unsupported':
      return `Not saved for use without a network: ${offline.reason}.`;
    case 'failed':
      return `Could not save the playground for use without a network (${offline.reason}). It still works online.`;
  }
}
