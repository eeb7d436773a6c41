/**
 * The state of "Simulate N years" on the page: the request as it was when started (the
 * design, the settings with their chaos rates, the seed), the years done, and the report
 * over the stretches in so far. It lives outside the panel, so switching tabs neither
 * stops a run nor loses its results.
 */
import type { Settings, TopologySpec } from '../../sim';
import { mergeChunks, yearsChunks } from '../../sim/chaos/yearsChunks';
import type { YearsReport } from '../../sim/chaos/yearsReport';
import { startYears, yearsWorkerCount, type YearsWorkerLike } from '../../driver/years';

export interface YearsRequest {
  /** The design's title as the page shows it (with " (edited)" for an edited one). */
  title: string;
  topology: TopologySpec;
  settings: Settings;
  seed: number;
  years: number;
}

export type YearsStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface YearsRunState {
  status: YearsStatus;
  request: YearsRequest | null;
  workerCount: number;
  /** Years finished, over all workers. */
  yearsDone: number;
  /** Over the stretches in so far (all of them when done); null before the first. */
  report: YearsReport | null;
  error: string | null;
}

export const IDLE: YearsRunState = {
  status: 'idle',
  request: null,
  workerCount: 0,
  yearsDone: 0,
  report: null,
  error: null,
};

export interface YearsRunner {
  getState(): YearsRunState;
  subscribe(listener: () => void): () => void;
  start(request: YearsRequest): void;
  /** Stops the workers; the years in so far stay on screen, marked as cancelled. */
  cancel(): void;
}

/** A runner; `createWorker` and `hardwareConcurrency` are for tests. */
export function createYearsRunner(
  options: {
    createWorker?: () => YearsWorkerLike;
    hardwareConcurrency?: () => number | undefined;
  } = {},
): YearsRunner {
  let state = IDLE;
  let stop: (() => void) | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Partial<YearsRunState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  const cores =
    options.hardwareConcurrency ??
    (() => (typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency));
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(request) {
      stop?.();
      const chunks = yearsChunks(request.seed, request.years);
      const workerCount = yearsWorkerCount(cores(), chunks.length);
      set({ ...IDLE, status: 'running', request, workerCount });
      let current: (() => void) | null = null;
      current = startYears(
        { topology: request.topology, settings: request.settings, chunks },
        {
          onProgress: (yearsDone) => set({ yearsDone }),
          onPart: (parts) =>
            set({ report: mergeChunks(request.topology, request.settings, request.seed, parts) }),
          onDone: () => {
            if (stop === current) stop = null;
            set({ status: 'done' });
          },
          onError: (message) => {
            if (stop === current) stop = null;
            set({ status: 'failed', error: message });
          },
        },
        { workerCount, createWorker: options.createWorker },
      );
      // A run with nothing to do finishes inside startYears: keep no stop for it.
      if (state.status === 'running') stop = current;
    },
    cancel() {
      if (!stop) return;
      stop();
      stop = null;
      set({ status: 'cancelled' });
    },
  };
}

/** The page's runner. */
export const yearsRunner = createYearsRunner();
