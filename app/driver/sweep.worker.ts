/**
 * The sweep's Web Worker: runs each design it is sent to its end, headless, and posts
 * its counts (sweep.ts). The same engine and seeds as the page, so a run here is the
 * run the page would show.
 */
import { usFromS } from '../sim';
import { createSimulation } from '../sim/runtime';
import type { SweepMessage, SweepRun } from './sweep';

const scope = self as unknown as {
  postMessage(message: SweepMessage): void;
  addEventListener(type: 'message', listener: (message: MessageEvent<SweepRun[]>) => void): void;
};

scope.addEventListener('message', (message) => {
  message.data.forEach((run, index) => {
    try {
      const sim = createSimulation(run.input, { seed: run.seed, trackMessages: false });
      sim.runUntil(usFromS(run.durationS));
      const { requests } = sim.metrics();
      const degradedCounts = sim.settings().degradation.countsAsAvailable === 'on';
      scope.postMessage({
        type: 'result',
        result: {
          index,
          good: requests.succeeded + (degradedCounts ? requests.degraded : 0),
          finished: requests.succeeded + requests.degraded + requests.failed,
        },
      });
    } catch (error) {
      scope.postMessage({ type: 'error', index, message: String(error) });
    }
  });
  scope.postMessage({ type: 'done' });
});
