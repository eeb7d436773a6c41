import { describe, expect, it } from 'vitest';
import { ACTIVE_PASSIVE, ONE_REGION } from '../scenarios';
import { insertEntry, scenarioScript, scriptEntry } from './faultScript';
import { needsScenarioFile, reproduceCommand, secondsText, type ReproduceInput } from './reproduce';

const base: ReproduceInput = {
  scenario: ONE_REGION,
  seed: 7,
  startSettings: [],
  script: [],
  nowUs: 0,
  imported: false,
};

describe('reproduceCommand', () => {
  it('replays scenario, seed, start settings and the script to the current time', () => {
    let script = scenarioScript(ONE_REGION);
    script = insertEntry(
      script,
      scriptEntry(12_345_000, { type: 'kill', target: 'app-b1' }, 'recorded'),
    );
    script = insertEntry(
      script,
      scriptEntry(40_000_000, { type: 'restore', target: 'app-b1' }, 'added'),
    );
    script = insertEntry(
      script,
      scriptEntry(41_500_000, { type: 'cut', target: 'lb-1->app-a1', oneWay: false }, 'recorded'),
    );
    script = insertEntry(
      script,
      scriptEntry(50_000_000, { type: 'set', path: 'client.timeoutMs', value: 1000 }, 'recorded'),
    );
    const command = reproduceCommand({
      ...base,
      startSettings: [{ path: 'healthCheck.intervalMs', value: 30000 }],
      script,
      nowUs: 63_210_000,
    });
    expect(command).toBe(
      'npm run sim -- --scenario one-region --seed 7 --duration 63.210 ' +
        '--set healthCheck.intervalMs=30000 ' +
        '--fault 12.345:kill:app-b1 --fault 40:restore:app-b1 ' +
        "--fault '41.5:cut:lb-1->app-a1' --fault 50:set:client.timeoutMs=1000",
    );
  });

  it('leaves the scenario’s own fault script to the scenario', () => {
    const command = reproduceCommand({
      ...base,
      scenario: ACTIVE_PASSIVE,
      seed: 1,
      script: scenarioScript(ACTIVE_PASSIVE),
    });
    expect(command).toBe('npm run sim -- --scenario active-passive --seed 1 --duration 0.001');
  });

  it('asks for the exported file when the scenario was imported or lost one of its faults', () => {
    const imported = { ...base, imported: true, startSettings: [{ path: 'a.b', value: 1 }] };
    expect(needsScenarioFile(imported)).toBe(true);
    expect(reproduceCommand({ ...imported, nowUs: 5_000_000 })).toBe(
      'npm run sim -- --scenario one-region.json --seed 7 --duration 5.000',
    );
    const removed = { ...base, scenario: ACTIVE_PASSIVE, script: [] };
    expect(needsScenarioFile(removed)).toBe(true);
    expect(reproduceCommand(removed)).toContain('--scenario active-passive.json');
    expect(
      needsScenarioFile({
        ...base,
        scenario: ACTIVE_PASSIVE,
        script: scenarioScript(ACTIVE_PASSIVE),
      }),
    ).toBe(false);
  });

  it('writes seconds with millisecond precision', () => {
    expect(secondsText(1_000)).toBe('0.001');
    expect(secondsText(12_345_000)).toBe('12.345');
    expect(secondsText(90_000_000)).toBe('90.000');
  });

  it('adds --compare for design B while two designs are compared', () => {
    const command = reproduceCommand({
      ...base,
      nowUs: 30_000_000,
      compare: [{ path: 'balancer.algorithm', value: 'least-outstanding' }],
    });
    expect(command).toBe(
      'npm run sim -- --scenario one-region --seed 7 --duration 30.000' +
        ' --compare balancer.algorithm=least-outstanding',
    );
  });
});
