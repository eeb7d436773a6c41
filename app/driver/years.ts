/**
 * "Simulate N years" on the page: the run's stretches (app/sim/chaos/yearsChunks.ts)
 * shared among Web Workers, one per core (years.worker.ts). Each idle worker is handed
 * the next stretch; each stretch's result is kept at its index, so the merged report is
 * the same whatever the number of workers or the order results arrive in. Progress
 * counts the years done in every worker; cancelling terminates them all.
 * This file does not import the engine, so it adds nothing to the first load.
 */
import type { Settings, TopologySpec } from '../sim';
import type { YearsChunk } from '../sim/chaos/yearsChunks';
import type { YearsPart } from '../sim/chaos/yearsReport';

/** Most workers a run starts, whatever the machine reports (each holds its own engine). */
export const YEARS_WORKERS_MAX = 8;

/** What the page sends a worker: one stretch of the design's years. */
export interface YearsChunkRequest {
  type: 'chunk';
  topology: TopologySpec;
  settings: Settings;
  chunk: YearsChunk;
}

/** What a worker sends back. */
export type YearsWorkerMessage =
  | { type: 'year'; index: number; yearsDone: number }
  | { type: 'part'; index: number; part: YearsPart }
  | { type: 'error'; index: number; message: string };

/** The part of a Worker the pool uses (a test passes its own). */
export interface YearsWorkerLike {
  postMessage(message: YearsChunkRequest): void;
  terminate(): void;
  onmessage: ((event: { data: YearsWorkerMessage }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** Workers for a run: one per core the browser reports (2 if it says nothing), at most one per stretch. */
export function yearsWorkerCount(hardwareConcurrency: number | undefined, chunks: number): number {
  const cores =
    hardwareConcurrency !== undefined &&
    Number.isFinite(hardwareConcurrency) &&
    hardwareConcurrency >= 1
      ? Math.floor(hardwareConcurrency)
      : 2;
  return Math.max(1, Math.min(cores, YEARS_WORKERS_MAX, chunks));
}

export interface YearsRunHandlers {
  /** Years finished so far, over all workers. */
  onProgress(yearsDone: number): void;
  /** Stretch `index` finished; `parts` holds every stretch in so far, by index. */
  onPart(parts: readonly (YearsPart | undefined)[]): void;
  onDone(): void;
  onError(message: string): void;
}

function browserWorker(): YearsWorkerLike {
  return new Worker(new URL('./years.worker.ts', import.meta.url), {
    type: 'module',
    name: 'nines-years',
  }) as unknown as YearsWorkerLike;
}

/**
 * Runs `chunks` of `topology` under `settings` on `workerCount` workers; returns the
 * function that cancels (terminates every worker; no handler is called after it).
 */
export function startYears(
  request: { topology: TopologySpec; settings: Settings; chunks: readonly YearsChunk[] },
  handlers: YearsRunHandlers,
  options: { workerCount: number; createWorker?: () => YearsWorkerLike },
): () => void {
  const { chunks } = request;
  const parts: (YearsPart | undefined)[] = chunks.map(() => undefined);
  const yearsDoneIn: number[] = chunks.map(() => 0);
  let next = 0;
  let finished = 0;
  let stopped = false;
  const workers: YearsWorkerLike[] = [];
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const worker of workers) worker.terminate();
  };
  const progress = () => handlers.onProgress(yearsDoneIn.reduce((sum, n) => sum + n, 0));
  const handOut = (worker: YearsWorkerLike) => {
    const chunk = chunks[next++];
    if (chunk === undefined) return;
    worker.postMessage({
      type: 'chunk',
      topology: request.topology,
      settings: request.settings,
      chunk,
    });
  };
  if (chunks.length === 0) {
    handlers.onDone();
    return stop;
  }
  const count = Math.max(1, Math.min(options.workerCount, chunks.length));
  for (let w = 0; w < count; w++) {
    const worker = (options.createWorker ?? browserWorker)();
    workers.push(worker);
    worker.onmessage = ({ data }) => {
      if (stopped) return;
      if (data.type === 'year') {
        yearsDoneIn[data.index] = data.yearsDone;
        progress();
      } else if (data.type === 'part') {
        parts[data.index] = data.part;
        yearsDoneIn[data.index] = chunks[data.index]!.years;
        finished++;
        progress();
        handlers.onPart([...parts]);
        if (finished === chunks.length) {
          stop();
          handlers.onDone();
        } else handOut(worker);
      } else {
        stop();
        handlers.onError(data.message);
      }
    };
    worker.onerror = (event) => {
      if (stopped) return;
      stop();
      handlers.onError(event.message || 'a worker failed');
    };
  }
  for (const worker of workers) handOut(worker);
  return stop;
}
