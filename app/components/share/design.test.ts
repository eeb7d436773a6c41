/**
 * The share link's `design` parameter (issue 15, design editor): an edited cloud goes
 * into the link and comes back the same; links without it read as before; a broken
 * design is left out with one sentence and the scenario's own cloud loads. Fuzzed with
 * edited designs and with broken text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, ONE_REGION, TWO_REGIONS, simulationInput } from '../../scenarios';
import { editTopology, type DesignEdit } from '../../scenarios/design';
import { expectClearMessage, FUZZ_RUN_S, GARBAGE } from '../../scenarios/fuzzSupport';
import { usFromS, type TopologySpec } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { initialState, scenarioScript } from '../../store';
import { linkTopology, readUrlState, urlWithState } from './urlState';
import { shareLink } from './urlSync';

const BASE = 'https://x.test/nines/';

const edited = (topology: TopologySpec, edit: DesignEdit): TopologySpec => {
  const next = editTopology(topology, edit);
  if (typeof next === 'string') throw new Error(next);
  return next;
};

describe('share link: design', () => {
  it('carries an edited cloud and brings it back the same, with the scenario’s name', () => {
    let topology = edited(TWO_REGIONS.topology, { type: 'add-server', zone: 'eu-a' });
    topology = edited(topology, { type: 'add-replica', zone: 'eu-b' });
    const link = urlWithState(BASE, { scenarioName: 'two-regions', seed: 7, topology });
    expect(link).toContain('#scenario=two-regions&seed=7&cloud=');
    const state = readUrlState(link);
    expect(state.problems).toEqual([]);
    expect(state.scenario.name).toBe('two-regions');
    expect(state.scenario.topology).toEqual(topology);
    expect(state.scenario.title).toBe('Two regions, active-active (edited)');
    expect(linkTopology(state.scenario)).toEqual(topology);
  });

  it('leaves the link as it was when the cloud is the built-in one (older links read the same)', () => {
    expect(linkTopology(TWO_REGIONS)).toBeNull();
    const link = shareLink(BASE, initialState(TWO_REGIONS).run);
    expect(link).toBe(`${BASE}#scenario=two-regions&seed=1`);
    expect(readUrlState(link).scenario).toBe(TWO_REGIONS);
  });

  it('writes the edited run’s address with the design, and reading it gives the same address', () => {
    const topology = edited(ONE_REGION.topology, { type: 'add-server', zone: 'eu-c' });
    const scenario = readUrlState(
      urlWithState(BASE, { scenarioName: 'one-region', seed: 1, topology }),
    ).scenario;
    const run = { ...initialState(scenario).run, script: scenarioScript(scenario) };
    const link = shareLink(BASE, run);
    // Neither settings nor faults are spelled out: only the cloud differs.
    expect(link).not.toMatch(/settings=|faults=/);
    expect(shareLink(BASE, { ...run, scenario: readUrlState(link).scenario })).toBe(link);
  });

  it('leaves out a broken design with one sentence naming the rule, and loads the scenario', () => {
    const empty = edited(ONE_REGION.topology, { type: 'remove-server', zone: 'eu-a' });
    const broken = edited(empty, { type: 'remove-server', zone: 'eu-a' });
    const state = readUrlState(
      urlWithState(BASE, { scenarioName: 'one-region', seed: 1, topology: broken }),
    );
    expect(state.scenario).toBe(ONE_REGION);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]).toContain(
      'cloud (topology.regions[0].zones[0].servers must list at least one server',
    );
    const garbled = readUrlState(`${BASE}#scenario=one-region&cloud=%7B%22regions`);
    expect(garbled.scenario).toBe(ONE_REGION);
    expect(garbled.problems[0]).toMatch(/cloud \(not valid JSON/);
  });

  it('fuzz: edited designs and broken text load a run the engine accepts, or one clear sentence', () => {
    const edit = fc.oneof(
      fc.constant<DesignEdit>({ type: 'add-region' }),
      fc.constant<DesignEdit>({ type: 'add-dependency' }),
      fc.constant<DesignEdit>({ type: 'remove-dependency' }),
      fc
        .constantFrom('eu-a', 'eu-b', 'us-a', 'eu-c')
        .map((zone): DesignEdit => ({ type: 'add-server', zone })),
      fc
        .constantFrom('eu-a', 'eu-b', 'us-a')
        .map((zone): DesignEdit => ({ type: 'remove-server', zone })),
      fc.constantFrom('eu-a', 'us-b').map((zone): DesignEdit => ({ type: 'add-replica', zone })),
      fc.constantFrom('eu', 'us').map((region): DesignEdit => ({ type: 'remove-region', region })),
    );
    const designText = fc.oneof(
      fc
        .tuple(fc.constantFrom(...BUILTIN_SCENARIOS), fc.array(edit, { maxLength: 5 }))
        .map(([scenario, edits]) => {
          let topology = scenario.topology;
          for (const e of edits) {
            const next = editTopology(topology, e);
            if (typeof next !== 'string') topology = next;
          }
          return { name: scenario.name, text: encodeURIComponent(JSON.stringify(topology)) };
        }),
      fc
        .tuple(fc.constantFrom(...BUILTIN_SCENARIOS), GARBAGE, fc.nat(400))
        .map(([scenario, garbage, cut]) => {
          const json = JSON.stringify(scenario.topology);
          const text =
            json.slice(0, cut % json.length) + String(garbage) + json.slice(cut % json.length);
          return { name: scenario.name, text: encodeURIComponent(text) };
        }),
      GARBAGE.map((garbage) => ({ name: 'one-region', text: String(garbage) })),
    );
    fc.assert(
      fc.property(designText, ({ name, text }) => {
        const state = readUrlState(`${BASE}#scenario=${name}&cloud=${text}`);
        expect(state.problems.length).toBeLessThanOrEqual(1);
        for (const problem of state.problems) expectClearMessage(problem);
        const sim = createSimulation(simulationInput(state.scenario), {
          seed: 1,
          trackMessages: false,
        });
        sim.runUntil(usFromS(FUZZ_RUN_S));
        // What loaded goes back into a link that reads the same again.
        const again = readUrlState(
          urlWithState(BASE, {
            scenarioName: state.scenario.name,
            seed: 1,
            topology: linkTopology(state.scenario),
          }),
        );
        expect(again.problems).toEqual([]);
        expect(again.scenario.topology).toEqual(state.scenario.topology);
      }),
      { seed: 15, numRuns: 120 },
    );
  });
});
