import { describe, expect, it } from 'vitest';
import { ACTION_SPECS, type TargetKind } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { DATABASE, ONE_REGION, simulationInput, TWO_REGIONS } from '../../scenarios';
import {
  ACTION_PARAMETERS,
  actionCommand,
  actionDescription,
  menuEntries,
  parameterValid,
} from './actions';

/** A part of each kind an action can target, and the scenario that has it. */
const TARGETS: Array<{ kind: TargetKind; id: string; scenario: typeof ONE_REGION }> = [
  { kind: 'server', id: 'app-b1', scenario: ONE_REGION },
  { kind: 'zone', id: 'eu-b', scenario: ONE_REGION },
  { kind: 'region', id: 'eu', scenario: ONE_REGION },
  { kind: 'link', id: 'lb-1->app-b1', scenario: ONE_REGION },
  { kind: 'dependency', id: 'payments', scenario: TWO_REGIONS },
  { kind: 'database', id: 'db-b1', scenario: DATABASE },
];

const simOf = (scenario: typeof ONE_REGION) =>
  createSimulation(simulationInput(scenario), { seed: 1, trackMessages: false });

describe('actionCommand', () => {
  it('builds a command the engine accepts for every action in the menu', () => {
    for (const { kind, id, scenario } of TARGETS) {
      const sim = simOf(scenario);
      for (const spec of ACTION_SPECS.filter((s) => s.kinds.includes(kind))) {
        if (spec.type === 'restore') continue; // needs something broken first
        expect(sim.validate(actionCommand(spec.type, id)), `${spec.type} ${id}`).toBeNull();
      }
    }
  });

  it('puts the chosen number in the command, and one-way cuts their direction', () => {
    expect(actionCommand('slow', 'app-b1', 4)).toEqual({
      type: 'slow',
      target: 'app-b1',
      factor: 4,
    });
    expect(actionCommand('cut', 'lb-1->app-b1')).toEqual({
      type: 'cut',
      target: 'lb-1->app-b1',
      oneWay: false,
    });
    expect(actionCommand('cut', 'app-b1->lb-1', undefined, { oneWay: true })).toEqual({
      type: 'cut',
      target: 'app-b1->lb-1',
      oneWay: true,
    });
    expect(actionCommand('kill', 'app-b1')).toEqual({ type: 'kill', target: 'app-b1' });
  });
});

// The ranges are the command registry's own (no copy to drift from the engine's):
// commandRegistry.test.ts proves the menus, the form and the script derive from it.
describe('ACTION_PARAMETERS', () => {
  it('start at the defaults the course uses: x10, 20 s, 200 ms, 20% loss, 100% errors', () => {
    expect(ACTION_PARAMETERS.slow!.default).toBe(10);
    expect(ACTION_PARAMETERS.flap!.default).toBe(20);
    expect(ACTION_PARAMETERS.latency!.default).toBe(200);
    expect(ACTION_PARAMETERS.loss!.default).toBe(20);
    expect(ACTION_PARAMETERS.errors!.default).toBe(100);
  });

  it('parameterValid accepts numbers in range only', () => {
    const slow = ACTION_PARAMETERS.slow!;
    expect(parameterValid(slow, '10')).toBe(true);
    expect(parameterValid(slow, '0.5')).toBe(false);
    expect(parameterValid(slow, '1001')).toBe(false);
    expect(parameterValid(slow, '')).toBe(false);
    expect(parameterValid(slow, 'x')).toBe(false);
  });
});

describe('menuEntries', () => {
  it('offers exactly the actions the engine offers now', () => {
    const sim = simOf(ONE_REGION);
    const verbs = (id: string, kind: TargetKind) =>
      menuEntries(id, kind, sim.actionsFor(id)).map((e) => e.verb);
    expect(verbs('app-b1', 'server')).toEqual([
      'Kill',
      'Host down',
      'Make slow',
      'Flap',
      'Make failing',
    ]);
    sim.apply({ type: 'kill', target: 'app-b1' });
    expect(verbs('app-b1', 'server')).toEqual([
      'Host down',
      'Make slow',
      'Flap',
      'Make failing',
      'Restore',
    ]);
    expect(verbs('eu-b', 'zone')).toEqual(['Kill zone']);
    expect(verbs('eu', 'region')).toEqual(['Kill region']);
  });

  it('offers both one-way cuts of a link while each direction is open', () => {
    const sim = simOf(ONE_REGION);
    const ends = { from: 'lb-1', to: 'app-b1', cutForward: false, cutBackward: false };
    const entries = menuEntries('lb-1->app-b1', 'link', sim.actionsFor('lb-1->app-b1'), ends);
    expect(entries.map((e) => e.verb)).toEqual([
      'Cut',
      'Cut one way',
      'Cut one way back',
      'Add latency',
      'Make lossy',
    ]);
    const back = entries.find((e) => e.verb === 'Cut one way back')!;
    const command = actionCommand('cut', back.target, undefined, { oneWay: back.oneWay });
    expect(sim.apply(command)).toEqual({ ok: true });
    const link = sim.snapshot().links.find((l) => l.id === 'lb-1->app-b1')!;
    expect([link.cutForward, link.cutBackward]).toEqual([false, true]);
    const after = menuEntries('lb-1->app-b1', 'link', sim.actionsFor('lb-1->app-b1'), link);
    expect(after.map((e) => e.verb)).toEqual([
      'Cut',
      'Cut one way',
      'Add latency',
      'Make lossy',
      'Restore',
    ]);
  });

  it('offers database actions, Promote only where the engine allows it', () => {
    const sim = simOf(DATABASE);
    const verbs = (id: string) =>
      menuEntries(id, 'database', sim.actionsFor(id)).map((e) => e.verb);
    expect(verbs('db-a1')).toEqual(['Kill', 'Fail disk', 'Isolate']);
    expect(verbs('db-b1')).toContain('Promote');
  });
});

describe('actionDescription', () => {
  it('fills in the chosen number', () => {
    expect(actionDescription('slow', 'every request takes FACTOR times longer', '10')).toBe(
      'every request takes 10 times longer',
    );
    expect(actionDescription('errors', 'Answers PERCENT of requests', '50')).toBe(
      'Answers 50% of requests',
    );
    expect(actionDescription('kill', 'Crash the process', '')).toBe('Crash the process');
  });
});
