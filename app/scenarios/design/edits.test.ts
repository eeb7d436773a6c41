import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usFromS } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import {
  ACTIVE_PASSIVE,
  BUILTIN_SCENARIOS,
  DATABASE,
  ONE_REGION,
  TWO_REGIONS,
  configuredSettings,
  simulationInput,
} from '..';
import { monthlyCost, PRICES } from '../cost';
import { expectClearMessage, FUZZ_RUN_S } from '../fuzzSupport';
import { designProblem, designScenario, editTopology, type DesignEdit } from '.';
import type { TopologySpec } from '../../sim';

/** Applies an edit that must name something in the design. */
function edited(topology: TopologySpec, edit: DesignEdit): TopologySpec {
  const next = editTopology(topology, edit);
  if (typeof next === 'string') throw new Error(next);
  return next;
}

const servers = (t: TopologySpec) => t.regions.flatMap((r) => r.zones.flatMap((z) => z.servers));

describe('design edits', () => {
  it('adds a server with the next id of its zone, and it costs one server more', () => {
    const next = edited(ONE_REGION.topology, { type: 'add-server', zone: 'eu-a' });
    expect(next.regions[0]!.zones[0]!.servers).toEqual(['app-a1', 'app-a2', 'app-a3']);
    expect(designProblem(ONE_REGION, next)).toBeNull();
    const settings = configuredSettings(ONE_REGION);
    const added =
      monthlyCost(next, settings).usdPerMonth -
      monthlyCost(ONE_REGION.topology, settings).usdPerMonth;
    expect(added).toBeCloseTo(PRICES.serverUsdPerHour * 730, 6);
  });

  it('refuses an empty zone with the share link’s own message', () => {
    let topology = ONE_REGION.topology;
    topology = edited(topology, { type: 'remove-server', zone: 'eu-b' });
    expect(designProblem(ONE_REGION, topology)).toBeNull();
    topology = edited(topology, { type: 'remove-server', zone: 'eu-b' });
    expect(designProblem(ONE_REGION, topology)).toBe(
      'topology.regions[0].zones[1].servers must list at least one server',
    );
  });

  it('adds a region with its own users, balancer and the traffic manager it needs', () => {
    const next = edited(ONE_REGION.topology, { type: 'add-region' });
    expect(next.regions.map((r) => r.id)).toEqual(['eu', 'us']);
    expect(next.trafficManager).toEqual({ id: 'dns' });
    expect(next.users.map((g) => g.region)).toEqual(['eu', 'us']);
    expect(designProblem(ONE_REGION, next)).toBeNull();
    // Removing the first region leaves its users nowhere to go: they go with it.
    const back = edited(next, { type: 'remove-region', region: 'eu' });
    expect(back.users.map((g) => g.id)).toEqual(['users-us']);
    expect(designProblem(ONE_REGION, back)).toBeNull();
  });

  it('adds a database with its first replica, and a removed primary hands over to the next node', () => {
    let topology = edited(ONE_REGION.topology, { type: 'add-replica', zone: 'eu-a' });
    expect(topology.database).toEqual({
      nodes: [{ id: 'db-eu-a', zone: 'eu-a' }],
      primary: 'db-eu-a',
    });
    topology = edited(topology, { type: 'add-replica', zone: 'eu-b' });
    expect(designProblem(ONE_REGION, topology)).toBeNull();
    topology = edited(topology, { type: 'remove-replica', node: 'db-eu-a' });
    expect(topology.database).toEqual({
      nodes: [{ id: 'db-eu-b', zone: 'eu-b' }],
      primary: 'db-eu-b',
    });
    topology = edited(topology, { type: 'remove-replica', node: 'db-eu-b' });
    expect(topology.database).toBeUndefined();
  });

  it('checks the database rules between settings: quorum needs enough nodes', () => {
    // N = 3 with W = R = 2: one node fewer than N breaks the quorum rule, named.
    const start = [{ path: 'database.replicationMode', value: 'quorum' }];
    const two = edited(DATABASE.topology, { type: 'remove-replica', node: 'db-c1' });
    const problem = designProblem(DATABASE, two, start);
    expect(problem).toMatch(/quorumN/);
    expectClearMessage(problem);
  });

  it('keeps the scenario’s faults that still name parts of the design', () => {
    // Active-passive kills region eu at 60 s: without eu, that fault has no target.
    const withoutEu = edited(ACTIVE_PASSIVE.topology, { type: 'remove-region', region: 'eu' });
    expect(designScenario(ACTIVE_PASSIVE, withoutEu).faults).toEqual([]);
    const more = edited(ACTIVE_PASSIVE.topology, { type: 'add-server', zone: 'us-a' });
    const scenario = designScenario(ACTIVE_PASSIVE, more);
    expect(scenario.faults).toEqual(ACTIVE_PASSIVE.faults);
    expect(scenario.title).toBe(`${ACTIVE_PASSIVE.title} (edited)`);
    // The same cloud is the same scenario, not an edited copy.
    expect(designScenario(TWO_REGIONS, TWO_REGIONS.topology)).toBe(TWO_REGIONS);
  });

  it('names what an edit refers to when it is not in the design', () => {
    expect(editTopology(ONE_REGION.topology, { type: 'add-server', zone: 'nope' })).toBe(
      'zone "nope" is not in this design',
    );
    expect(editTopology(ONE_REGION.topology, { type: 'remove-dependency' })).toBe(
      'the design has no dependency to remove',
    );
  });

  it('random edit sequences give designs the engine runs, or one clear message', () => {
    const scenarioArb = fc.constantFrom(...BUILTIN_SCENARIOS);
    const editArb = (t: TopologySpec): fc.Arbitrary<DesignEdit> => {
      const zones = t.regions.flatMap((r) => r.zones.map((z) => z.id));
      const regions = t.regions.map((r) => r.id);
      const nodes = (t.database?.nodes ?? []).map((n) => n.id);
      const options: Array<fc.Arbitrary<DesignEdit>> = [
        fc.constant({ type: 'add-region' } as const),
        fc.constant({ type: 'add-dependency' } as const),
        fc.constant({ type: 'remove-dependency' } as const),
        fc.constantFrom(...zones).map((zone) => ({ type: 'add-server', zone }) as const),
        fc.constantFrom(...zones).map((zone) => ({ type: 'remove-server', zone }) as const),
        fc.constantFrom(...zones).map((zone) => ({ type: 'remove-zone', zone }) as const),
        fc.constantFrom(...zones).map((zone) => ({ type: 'add-replica', zone }) as const),
        fc.constantFrom(...regions).map((region) => ({ type: 'add-zone', region }) as const),
        fc.constantFrom(...regions).map((region) => ({ type: 'remove-region', region }) as const),
      ];
      if (nodes.length > 0)
        options.push(
          fc.constantFrom(...nodes).map((node) => ({ type: 'remove-replica', node }) as const),
        );
      return fc.oneof(...options);
    };
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 6 }),
        (base, picks) => {
          let topology = base.topology;
          for (const pick of picks) {
            // Each step picks an edit valid for the design so far (as the editor's buttons do).
            const [edit] = fc.sample(editArb(topology), { seed: pick, numRuns: 1 });
            const next = editTopology(topology, edit!);
            if (typeof next === 'string') {
              expectClearMessage(next);
              continue;
            }
            const problem = designProblem(base, next);
            if (problem !== null) {
              expectClearMessage(problem);
              continue; // the editor refuses it and keeps the design it had
            }
            topology = next;
          }
          const scenario = designScenario(base, topology);
          const sim = createSimulation(simulationInput(scenario), { seed: 1 });
          sim.runUntil(usFromS(FUZZ_RUN_S));
          const m = sim.metrics().requests;
          expect(servers(topology).length).toBeGreaterThan(0);
          // Conservation: every request that entered is finished or still in flight.
          expect(m.succeeded + m.degraded + m.failed + m.inFlight).toBe(m.total);
        },
      ),
      { seed: 15, numRuns: 60 },
    );
  });
});
