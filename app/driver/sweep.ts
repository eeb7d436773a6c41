/**
 * Runs several designs headless, one after another, in a Web Worker of their own
 * (sweep.worker.ts), for the cost-against-nines chart: each run's counts are posted as
 * it finishes, and closing the sweep terminates the worker. This file does not import
 * the engine, so it stays out of the first load.
 */
import type { SimulationInput } from '../sim';

/** One design to run: the engine input, its seed and how long to run it. */
export interface SweepRun {
  input: SimulationInput;
  seed: number;
  durationS: number;
}

/** What one finished run counted, by its index in the list. */
export interface SweepResult {
  index: number;
  /** Succeeded requests, plus degraded ones when the run counts them as available. */
  good: number;
  /** Requests that finished: succeeded, degraded or failed. */
  finished: number;
}

export type SweepMessage =
  | { type: 'result'; result: SweepResult }
  | { type: 'error'; index: number; message: string }
  | { type: 'done' };

/** Starts the runs; returns a function that stops them (the worker is terminated). */
export function startSweep(
  runs: readonly SweepRun[],
  onMessage: (message: SweepMessage) => void,
): () => void {
  const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), {
    type: 'module',
    name: 'nines-sweep',
  });
  worker.addEventListener('message', (message: MessageEvent<SweepMessage>) =>
    onMessage(message.data),
  );
  worker.addEventListener('error', (error) =>
    onMessage({ type: 'error', index: -1, message: error.message || 'the worker failed' }),
  );
  worker.postMessage(runs);
  return () => worker.terminate();
}
