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
  ScriptRecorder,
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

describe('ScriptRecorder', () => {
  it('matches fired entries to the script and records commands applied by hand', () => {
    const recorder = new ScriptRecorder();
    const script = scenarioScript(SCRIPTED);
    const applied = [
      { atUs: 4_000_000, command: kill('app-c1') },
      { atUs: 10_000_000, command: kill('app-a1') },
    ];
    const next = recorder.record(script, applied);
    expect(next.map((e) => [e.atUs, e.origin])).toEqual([
      [4_000_000, 'recorded'],
      [10_000_000, 'scenario'],
      [30_000_000, 'scenario'],
    ]);
    // Nothing new: the same array comes back.
    expect(recorder.record(next, applied)).toBe(next);
  });

  it('does not record a removed entry again, and records a second identical click', () => {
    const recorder = new ScriptRecorder();
    const applied = [{ atUs: 10_000_000, command: kill('app-a1') }];
    const script = recorder.record(scenarioScript(SCRIPTED), applied);
    const removed = script.filter((e) => e.atUs !== 10_000_000);
    expect(recorder.record(removed, applied)).toBe(removed);
    // The same command again at the same instant (paused at 0:10): applied by hand.
    const twice = recorder.record(removed, [...applied, applied[0]!]);
    expect(twice.filter((e) => e.origin === 'recorded')).toHaveLength(1);
  });

  it('starts over when the engine’s list is shorter (a new run)', () => {
    const recorder = new ScriptRecorder();
    recorder.record([], [{ atUs: 1, command: kill('app-a1') }]);
    const next = recorder.record([], []);
    expect(next).toEqual([]);
    expect(recorder.record([], [{ atUs: 2, command: kill('app-a2') }])).toHaveLength(1);
  });
});
