import { describe, expect, it } from 'vitest';
import { ACTIVE_PASSIVE } from '../../scenarios';
import { insertEntry, scenarioScript, scriptEntry } from '../../store';
import { readScenarioFile, scenarioJson } from './scenarioFile';
import { readUrlState } from './urlState';
import { shareLink, shareState } from './urlSync';

const BASE = 'https://x.test/nines/#panel=charts';

describe('shareState', () => {
  it('leaves out the script while it is the scenario’s own', () => {
    const run = {
      scenario: ACTIVE_PASSIVE,
      seed: 3,
      startSettings: [],
      script: scenarioScript(ACTIVE_PASSIVE),
    };
    expect(shareState(run).faults).toBeNull();
    expect(shareLink(BASE, run)).toBe(
      'https://x.test/nines/#scenario=active-passive&seed=3&panel=charts',
    );
  });

  it('carries the whole script once it changed, and reads back to the same run', () => {
    const script = insertEntry(
      scenarioScript(ACTIVE_PASSIVE),
      scriptEntry(30_500_000, { type: 'kill', target: 'app-eu-a1' }, 'recorded'),
    );
    const run = {
      scenario: ACTIVE_PASSIVE,
      seed: 3,
      startSettings: [{ path: 'healthCheck.intervalMs', value: 10000 }],
      script,
    };
    const read = readUrlState(shareLink(BASE, run));
    expect(read.problems).toEqual([]);
    expect(read.scenario).toBe(ACTIVE_PASSIVE);
    expect(read.startSettings).toEqual(run.startSettings);
    expect(read.faults).toEqual([
      { atS: 30.5, command: { type: 'kill', target: 'app-eu-a1' } },
      { atS: 60, command: { type: 'kill-region', target: 'eu' } },
    ]);
  });

  it('spells out an imported scenario’s settings and script (the link cannot carry its cloud)', () => {
    const file = scenarioJson({
      ...ACTIVE_PASSIVE,
      settings: { ...ACTIVE_PASSIVE.settings, client: { timeoutMs: 1000 } },
    });
    const imported = readScenarioFile(file).scenario!;
    const state = shareState({
      scenario: imported,
      seed: 1,
      startSettings: [{ path: 'client.timeoutMs', value: 2000 }],
      script: scenarioScript(imported),
    });
    expect(state.startSettings).toEqual([
      { path: 'regions.mode', value: 'active-passive' },
      { path: 'client.timeoutMs', value: 2000 },
    ]);
    expect(state.faults).toEqual(imported.faults);
  });
});
