import { describe, expect, it } from 'vitest';
import { SETTING_SPECS } from '../sim';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS, DATABASE, ONE_REGION } from './builtin';
import { keepValidChanges, validateConfiguration } from './configuration';
import { scenarioWithSettings, simulationInput } from './scenario';

/** Whether the engine accepts the scenario with `changes` (the authority the rules mirror). */
function engineAccepts(
  scenario: typeof DATABASE,
  changes: Array<{ path: string; value: number | string }>,
): boolean {
  try {
    createSimulation(simulationInput(scenarioWithSettings(scenario, changes)), { seed: 1 });
    return true;
  } catch {
    return false;
  }
}

describe('validateConfiguration', () => {
  it('accepts every built-in scenario as it is', () => {
    for (const scenario of BUILTIN_SCENARIOS) expect(validateConfiguration(scenario)).toEqual([]);
  });

  it('names the database setting that breaks a rule between settings, with its range', () => {
    expect(validateConfiguration(DATABASE, [{ path: 'database.quorumW', value: 5 }])).toEqual([
      expect.stringMatching(
        /database\.quorumW\) must be a whole number from 1 to database\.quorumN \(3\) \(got 5\)/,
      ),
    ]);
    expect(validateConfiguration(DATABASE, [{ path: 'database.quorumR', value: 4 }])[0]).toMatch(
      /database\.quorumR\) must be a whole number from 1 to database\.quorumN \(3\)/,
    );
    expect(
      validateConfiguration(DATABASE, [{ path: 'database.retryTimeoutMs', value: 10_001 }])[0],
    ).toMatch(
      /database\.loopWaitMs \+ 2 x database\.retryTimeoutMs must be at most database\.leaseTtlMs/,
    );
    // N has to fit the three nodes only in quorum mode.
    expect(validateConfiguration(DATABASE, [{ path: 'database.quorumN', value: 5 }])).toEqual([]);
    expect(
      validateConfiguration(DATABASE, [
        { path: 'database.quorumN', value: 5 },
        { path: 'database.replicationMode', value: 'quorum' },
      ])[0],
    ).toMatch(
      /database\.quorumN\) must be a whole number from 1 to 3, the number of database nodes/,
    );
  });

  it('leaves database settings alone in a cloud without a database (they do nothing there)', () => {
    expect(validateConfiguration(ONE_REGION, [{ path: 'database.quorumW', value: 5 }])).toEqual([]);
  });

  it('lists every setting out of its range, each with the allowed range', () => {
    const problems = validateConfiguration(ONE_REGION, [
      { path: 'healthCheck.intervalMs', value: 1 },
      { path: 'regions.mode', value: 'sideways' },
      { path: 'no.such', value: 1 },
    ]);
    expect(problems).toEqual([
      'healthCheck.intervalMs must be between 100 and 300000 ms (got 1)',
      'regions.mode must be one of active-active, active-passive (got "sideways")',
      'unknown setting "no.such" (see --list)',
    ]);
  });

  it('agrees with the engine on every quorum triple and Patroni timing it is asked about', () => {
    const values = [1, 2, 3, 4];
    for (const mode of ['async', 'quorum']) {
      for (const n of values) {
        for (const w of values) {
          for (const r of values) {
            const changes = [
              { path: 'database.replicationMode', value: mode },
              { path: 'database.quorumN', value: n },
              { path: 'database.quorumW', value: w },
              { path: 'database.quorumR', value: r },
            ];
            expect(validateConfiguration(DATABASE, changes).length === 0).toBe(
              engineAccepts(DATABASE, changes),
            );
          }
        }
      }
    }
    for (const retryTimeoutMs of [5000, 10_000, 10_001, 20_000]) {
      const changes = [{ path: 'database.retryTimeoutMs', value: retryTimeoutMs }];
      expect(validateConfiguration(DATABASE, changes).length === 0).toBe(
        engineAccepts(DATABASE, changes),
      );
    }
  });

  it('never throws on data of the wrong shape', () => {
    const odd = [null, 5, 'x', [], {}, { regions: null, users: null }];
    for (const topology of odd) {
      for (const settings of odd) {
        const problems = validateConfiguration({ topology, settings } as never);
        expect(problems.length).toBeGreaterThan(0);
      }
    }
    // Every setting path with a value of each wrong type is named, not thrown on.
    for (const spec of SETTING_SPECS) {
      for (const value of [null, {}, [], Number.NaN, 1e308, -1e308, 'nope']) {
        const problems = validateConfiguration(DATABASE, [{ path: spec.path, value }]);
        for (const problem of problems) expect(problem).toContain(spec.path);
      }
    }
  });
});

describe('keepValidChanges', () => {
  it('keeps each change that leaves the configuration valid, in order, and names the rest', () => {
    const { kept, dropped } = keepValidChanges(
      DATABASE,
      [],
      [
        { path: 'database.quorumW', value: 3 },
        { path: 'database.quorumN', value: 2 },
        { path: 'healthCheck.intervalMs', value: 10_000 },
      ],
    );
    // N = 2 would leave W = 3 above it, so it is the one left out.
    expect(kept).toEqual([
      { path: 'database.quorumW', value: 3 },
      { path: 'healthCheck.intervalMs', value: 10_000 },
    ]);
    expect(dropped).toEqual([
      {
        change: { path: 'database.quorumN', value: 2 },
        problem: expect.stringMatching(
          /database\.quorumW\) must be a whole number from 1 to database\.quorumN \(2\)/,
        ),
      },
    ]);
  });

  it('checks the changes on top of a base (design B on top of the run)', () => {
    const base = [{ path: 'database.quorumN', value: 2 }];
    expect(keepValidChanges(DATABASE, base, [{ path: 'database.quorumW', value: 3 }]).kept).toEqual(
      [],
    );
    expect(keepValidChanges(DATABASE, base, [{ path: 'database.quorumW', value: 2 }]).kept).toEqual(
      [{ path: 'database.quorumW', value: 2 }],
    );
  });
});
