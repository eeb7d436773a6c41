import { describe, expect, it } from 'vitest';
import { ACTION_SPECS, createSimulation, type TargetKind } from '../sim';
import { ONE_REGION, simulationInput } from '../scenarios';
import { ACTION_PARAMETERS, actionCommand, actionDescription } from './actions';

/** A part of the one-region cluster of each kind an action can target. */
const TARGET_BY_KIND: Partial<Record<TargetKind, string>> = {
  server: 'app-b1',
  zone: 'eu-b',
  region: 'eu',
  link: 'lb-1->app-b1',
};

describe('actionCommand', () => {
  const sim = createSimulation(simulationInput(ONE_REGION), { seed: 1, trackMessages: false });

  it('builds a command the engine accepts for every action in the menu', () => {
    for (const spec of ACTION_SPECS) {
      for (const kind of spec.kinds) {
        const target = TARGET_BY_KIND[kind];
        if (!target) continue; // kinds this cluster does not have
        expect(sim.validate(actionCommand(spec.type, target)), `${spec.type} ${target}`).toBeNull();
      }
    }
  });

  it('puts the chosen number in the command', () => {
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
    expect(actionCommand('kill', 'app-b1')).toEqual({ type: 'kill', target: 'app-b1' });
  });

  it('starts each number inside the range the engine allows', () => {
    for (const parameter of Object.values(ACTION_PARAMETERS)) {
      expect(parameter.default).toBeGreaterThanOrEqual(parameter.min);
      expect(parameter.default).toBeLessThanOrEqual(parameter.max);
    }
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
