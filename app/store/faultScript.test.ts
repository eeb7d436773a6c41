import { describe, expect, it } from 'vitest';
import type { Command } from '../sim';
import { ACTIVE_PASSIVE, ONE_REGION, type Scenario } from '../scenarios';
import {
  commandKey,
  insertEntry,
  isScenarioScript,
  scenarioScript,
  scriptDiff,
  scriptEntry,
  scriptFaults,
  scriptFromFaults,
} from './faultScript';

const kill = (target: string): Command => ({ type: 'kill', target });
const restore = (target: string): Command => ({ type: 'restore', target });

const SCRIPTED: Scenario = {
  ...ONE_REGION,
  name: 'scripted',
  faults: [
    { atS: 30, command: kill('app-b1') },
    { atS: 10, command: kill('app-a1') },
  ],
};

describe('script order', () => {
  it('starts from the scenario faults in time order', () => {
    const script = scenarioScript(SCRIPTED);
    expect(script.map((e) => [e.atUs, e.origin])).toEqual([
      [10_000_000, 'scenario'],
      [30_000_000, 'scenario'],
    ]);
    expect(scriptFaults(script)).toEqual([
      { atS: 10, command: kill('app-a1') },
      { atS: 30, command: kill('app-b1') },
    ]);
  });

  it('inserts after every entry due at the same time (the engine’s tie order)', () => {
    let script = scenarioScript(SCRIPTED);
    const first = scriptEntry(30_000_000, restore('app-a1'), 'added');
    const second = scriptEntry(30_000_000, kill('app-c1'), 'added');
    const early = scriptEntry(5_000_000, kill('app-c2'), 'added');
    script = insertEntry(insertEntry(insertEntry(script, first), second), early);
    expect(script.map((e) => e.command)).toEqual([
      kill('app-c2'),
      kill('app-a1'),
      kill('app-b1'),
      restore('app-a1'),
      kill('app-c1'),
    ]);
  });

  it('compares commands whatever the order of their fields', () => {
    expect(commandKey({ type: 'cut', target: 'lb-1->app-a1', oneWay: false })).toBe(
      commandKey({ oneWay: false, target: 'lb-1->app-a1', type: 'cut' } as Command),
    );
  });
});

describe('scriptDiff', () => {
  it('names entries beyond the scenario’s and scenario faults that were removed', () => {
    const script = scenarioScript(SCRIPTED).filter((e) => e.atUs !== 10_000_000);
    const added = insertEntry(script, scriptEntry(45_000_000, restore('app-b1'), 'added'));
    const diff = scriptDiff(SCRIPTED, added);
    expect(diff.extra.map((e) => e.command)).toEqual([restore('app-b1')]);
    expect(diff.missing).toEqual([{ atS: 10, command: kill('app-a1') }]);
    expect(isScenarioScript(SCRIPTED, scenarioScript(SCRIPTED))).toBe(true);
    expect(isScenarioScript(SCRIPTED, added)).toBe(false);
  });

  it('marks link entries that are the scenario’s own as the scenario’s', () => {
    const script = scriptFromFaults(ACTIVE_PASSIVE, [
      { atS: 20, command: kill('app-eu-a1') },
      { atS: 60, command: { type: 'kill-region', target: 'eu' } },
    ]);
    expect(script.map((e) => e.origin)).toEqual(['added', 'scenario']);
  });
});
