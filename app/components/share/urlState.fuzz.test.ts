/**
 * Fuzzing share links: hashes built from the real keys, setting paths, fault actions and
 * component ids, with random and garbage values. Property: the link loads a run (and a
 * design B) the engine builds and runs, with at most one sentence naming what was left
 * out; never a throw, which on the page is a white page. Fixed seed and run count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioWithSettings, simulationInput, type Scenario } from '../../scenarios';
import { expectClearMessage, FUZZ_RUN_S, SHARE_HASH } from '../../scenarios/fuzzSupport';
import { usFromS } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { readUrlState } from './urlState';

/** Builds and briefly runs the scenario with `changes`: throws if the engine refuses. */
function runBriefly(
  scenario: Scenario,
  seed: number,
  changes: ReadonlyArray<{ path: string; value: number | string }> = [],
) {
  const sim = createSimulation(
    { ...simulationInput(scenarioWithSettings(scenario, changes)), faults: [] },
    { seed, trackMessages: false },
  );
  return sim;
}

describe('fuzz: share links', () => {
  it('load a run the engine accepts, with at most one sentence naming what was left out', () => {
    fc.assert(
      fc.property(SHARE_HASH, (hash) => {
        const state = readUrlState(`https://x.test/nines/#${hash}`);
        expect(state.problems.length).toBeLessThanOrEqual(1);
        for (const problem of state.problems) expectClearMessage(problem);
        // What the page would load: the run, its script, and design B.
        const sim = runBriefly(state.scenario, state.seed, state.startSettings);
        for (const fault of state.faults ?? []) {
          const result = sim.schedule(usFromS(fault.atS), fault.command);
          if (!result.ok) expectClearMessage(result.error);
        }
        sim.runUntil(usFromS(FUZZ_RUN_S));
        if (state.compare) {
          runBriefly(state.scenario, state.seed, [
            ...state.startSettings,
            ...state.compare,
          ]).runUntil(usFromS(FUZZ_RUN_S));
        }
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});
