import { describe, expect, it } from 'vitest';
import { ACTION_SPECS } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { BUILTIN_SCENARIOS, ONE_REGION, simulationInput } from '../../scenarios';
import { FORM_ACTIONS, formAction, formCommand, parseTimeText, targetOptions } from './faultForm';

const sim = createSimulation(simulationInput(ONE_REGION), { seed: 1 });

describe('form actions', () => {
  it('offers every action of ACTION_SPECS, cut one way, the arrival rate and settings', () => {
    const ids = FORM_ACTIONS.map((a) => a.id);
    for (const spec of ACTION_SPECS) expect(ids).toContain(spec.type);
    expect(ids).toEqual(expect.arrayContaining(['cut-oneway', 'rate', 'set']));
  });

  it('lists only the parts whose kind takes the action', () => {
    const kill = targetOptions(formAction('kill'), sim.components(), sim.links());
    expect(kill.map((t) => t.value)).toEqual([
      'app-a1',
      'app-a2',
      'app-b1',
      'app-b2',
      'app-c1',
      'app-c2',
    ]);
    const zone = targetOptions(formAction('kill-zone'), sim.components(), sim.links());
    expect(zone.map((t) => t.label)).toEqual(['zone eu-a', 'zone eu-b', 'zone eu-c']);
    const cut = targetOptions(formAction('cut-oneway'), sim.components(), sim.links());
    expect(cut.map((t) => t.value)).toContain('lb-1->app-b1');
    expect(cut.every((t) => t.value.includes('->'))).toBe(true);
    expect(targetOptions(formAction('rate'), sim.components(), sim.links())).toEqual([]);
  });

  it('builds commands the engine accepts, in every built-in scenario', () => {
    for (const scenario of BUILTIN_SCENARIOS) {
      const run = createSimulation(simulationInput(scenario), { seed: 1 });
      for (const action of FORM_ACTIONS) {
        const targets = targetOptions(action, run.components(), run.links());
        const candidates =
          action.id === 'set'
            ? ['healthCheck.intervalMs']
            : action.targets === 'none'
              ? ['']
              : targets.map((t) => t.value);
        const argument = action.id === 'set' ? '2000' : String(action.parameter?.default ?? '');
        // Promote depends on the database's state (a replica, not multi-primary): the
        // engine decides when it is applied or scheduled.
        if (action.id === 'promote') continue;
        const accepted = candidates.filter((target) => {
          const built = formCommand(action, target, argument);
          return 'command' in built && run.validate(built.command) === null;
        });
        expect(accepted.length > 0 || targets.length === 0, `${scenario.name} ${action.id}`).toBe(
          true,
        );
      }
    }
    expect(formCommand(formAction('cut-oneway'), 'lb-1->app-a1', '')).toEqual({
      command: { type: 'cut', target: 'lb-1->app-a1', oneWay: true },
    });
  });

  it('explains a missing or out-of-range argument', () => {
    expect(formCommand(formAction('slow'), 'app-a1', '0')).toEqual({
      error: 'Slowdown factor must be a number from 1 to 1000 ×',
    });
    expect(formCommand(formAction('loss'), 'lb-1->app-a1', '')).toMatchObject({
      error: expect.stringContaining('Loss must be'),
    });
    expect(formCommand(formAction('kill'), '', '')).toEqual({ error: 'Choose a target first' });
    expect(formCommand(formAction('set'), 'client.timeoutMs', 'abc')).toMatchObject({
      error: expect.stringContaining('client.timeoutMs must be a number'),
    });
  });
});

describe('parseTimeText', () => {
  it('accepts now, seconds and minutes:seconds, to the millisecond', () => {
    expect(parseTimeText('now')).toEqual({ atUs: null });
    expect(parseTimeText('  ')).toEqual({ atUs: null });
    expect(parseTimeText('90')).toEqual({ atUs: 90_000_000 });
    expect(parseTimeText('90s')).toEqual({ atUs: 90_000_000 });
    expect(parseTimeText('12.3456')).toEqual({ atUs: 12_346_000 });
    expect(parseTimeText('1:30')).toEqual({ atUs: 90_000_000 });
    expect(parseTimeText('0:05.5')).toEqual({ atUs: 5_500_000 });
    expect(parseTimeText('12:00')).toEqual({ atUs: 720_000_000 });
  });

  it('refuses anything else with a sentence', () => {
    for (const bad of ['-5', 'soon', '1:75', '1:2:3', '1e3']) {
      const parsed = parseTimeText(bad);
      expect('error' in parsed, bad).toBe(true);
    }
  });
});
