import { describe, expect, it } from 'vitest';
import { ACTIVE_PASSIVE, ONE_REGION } from '../../scenarios';
import { insertEntry, scenarioScript, scriptEntry } from '../../store';
import { isImported } from '../../scenarios';
import { exportedScenario, readScenarioFile, scenarioJson } from './scenarioFile';

describe('scenario files', () => {
  it('exports the run (settings, seed, whole script) and reads it back unchanged', () => {
    const script = insertEntry(
      scenarioScript(ACTIVE_PASSIVE),
      scriptEntry(12_345_000, { type: 'slow', target: 'app-eu-a1', factor: 10 }, 'added'),
    );
    const exported = exportedScenario({
      scenario: ACTIVE_PASSIVE,
      seed: 42,
      startSettings: [{ path: 'healthCheck.intervalMs', value: 10000 }],
      script,
    });
    expect(exported.seed).toBe(42);
    expect(exported.settings).toEqual({
      regions: { mode: 'active-passive' },
      healthCheck: { intervalMs: 10000 },
    });
    expect(exported.faults).toEqual([
      { atS: 12.345, command: { type: 'slow', target: 'app-eu-a1', factor: 10 } },
      { atS: 60, command: { type: 'kill-region', target: 'eu' } },
    ]);
    const read = readScenarioFile(scenarioJson(exported));
    expect(read.errors).toEqual([]);
    expect(read.scenario).toEqual(exported);
    expect(isImported(read.scenario!)).toBe(true);
    expect(isImported(ACTIVE_PASSIVE)).toBe(false);
  });

  it('lists every problem of a broken file', () => {
    expect(readScenarioFile('{ "name": ').errors[0]).toMatch(/^the file is not valid JSON/);
    // The place of a mistake, by line and column; a byte order mark is no mistake.
    expect(readScenarioFile('{\n  "name": "x",\n  oops\n}').errors).toEqual([
      'the file is not valid JSON at line 3, column 3: expected a property name in double quotes',
    ]);
    const file = scenarioJson(ACTIVE_PASSIVE);
    expect(readScenarioFile(`\uFEFF${file}`)).toEqual(readScenarioFile(file));
    const broken = {
      ...ONE_REGION,
      name: 'Bad Name',
      seed: -1,
      settings: { healthCheck: { intervalMs: -5 } },
    };
    const { scenario, errors } = readScenarioFile(JSON.stringify(broken));
    expect(scenario).toBeNull();
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toContain('name must be');
    expect(errors.join('\n')).toContain('seed must be');
    expect(errors.join('\n')).toContain('healthCheck.intervalMs');
    const badTarget = {
      ...ONE_REGION,
      faults: [{ atS: 5, command: { type: 'kill', target: 'app-z9' } }],
    };
    expect(readScenarioFile(JSON.stringify(badTarget)).errors).toEqual([
      'faults[0].command: unknown target "app-z9"',
    ]);
  });
});
