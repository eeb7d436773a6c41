import { describe, expect, it } from 'vitest';
import { usFromS } from '../sim';
import { createSimulation } from '../sim/runtime';
import {
  ACTIVE_ACTIVE_DATA,
  BUILTIN_SCENARIOS,
  DATABASE,
  ONE_REGION,
  TWO_REGIONS,
  builtinScenario,
  DEFAULT_SCENARIO_NAME,
} from './builtin';
import { parseScenario, SCRIPT_ENTRIES_MAX, simulationInput, type Scenario } from './scenario';

/** A deep copy of ONE_REGION as untrusted JSON, to break in one place per test. */
const oneRegionJson = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(ONE_REGION)) as Record<string, unknown>;

/** parseScenario must report problems as sentences, never throw, on any input. */
function errorsOf(data: unknown): string[] {
  let result: ReturnType<typeof parseScenario>;
  try {
    result = parseScenario(data);
  } catch (error) {
    throw new Error(`parseScenario threw instead of returning errors: ${String(error)}`);
  }
  expect(result.scenario).toBeNull();
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

describe('built-in scenarios', () => {
  it('are found by name, the default among them', () => {
    expect(builtinScenario(DEFAULT_SCENARIO_NAME)).toBe(TWO_REGIONS);
    expect(builtinScenario('one-region')).toBe(ONE_REGION);
    expect(builtinScenario('nope')).toBeUndefined();
    const names = BUILTIN_SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('all pass validation, also after a JSON round trip (as in a file or link)', () => {
    for (const scenario of BUILTIN_SCENARIOS) {
      expect(parseScenario(scenario)).toEqual({ scenario, errors: [] });
      const roundTripped = parseScenario(JSON.parse(JSON.stringify(scenario)));
      expect(roundTripped.errors).toEqual([]);
      expect(roundTripped.scenario).toEqual(scenario);
    }
  });
});

describe('simulationInput', () => {
  it('turns fault times in seconds into microseconds and keeps topology and settings', () => {
    const scenario: Scenario = {
      ...ONE_REGION,
      settings: { healthCheck: { intervalMs: 10_000 } },
      faults: [
        { atS: 30, command: { type: 'kill', target: 'app-b1' } },
        { atS: 90.5, command: { type: 'restore', target: 'app-b1' } },
      ],
    };
    const input = simulationInput(scenario);
    expect(input.topology).toBe(scenario.topology);
    expect(input.settings).toEqual({ healthCheck: { intervalMs: 10_000 } });
    expect(input.faults).toEqual([
      { atUs: 30_000_000, command: { type: 'kill', target: 'app-b1' } },
      { atUs: 90_500_000, command: { type: 'restore', target: 'app-b1' } },
    ]);
    const sim = createSimulation(input, { seed: 1, trackMessages: false });
    sim.runUntil(usFromS(31));
    expect(sim.settings().healthCheck.intervalMs).toBe(10_000);
    expect(sim.log().entries[0]).toMatchObject({
      type: 'kill',
      target: 'app-b1',
      atUs: 30_000_000,
    });
  });
});

describe('parseScenario', () => {
  it('fills defaults for optional fields', () => {
    const { scenario, errors } = parseScenario({ name: 'mine', topology: ONE_REGION.topology });
    expect(errors).toEqual([]);
    expect(scenario).toEqual({
      name: 'mine',
      title: 'mine',
      description: '',
      seed: 1,
      durationS: 120,
      topology: ONE_REGION.topology,
      settings: {},
      faults: [],
    });
  });

  it('rejects anything but an object', () => {
    for (const data of [null, undefined, 42, 'one-region', [], [ONE_REGION]]) {
      expect(errorsOf(data)).toEqual(['a scenario must be a JSON object']);
    }
  });

  it('names a bad name, seed or duration', () => {
    expect(errorsOf({ ...oneRegionJson(), name: 'One Region!' })).toEqual([
      expect.stringMatching(/^name /),
    ]);
    expect(errorsOf({ ...oneRegionJson(), seed: -1 })).toEqual([expect.stringMatching(/^seed /)]);
    expect(errorsOf({ ...oneRegionJson(), seed: 1.5 })).toEqual([expect.stringMatching(/^seed /)]);
    expect(errorsOf({ ...oneRegionJson(), durationS: 0 })).toEqual([
      expect.stringMatching(/^durationS /),
    ]);
    expect(errorsOf({ ...oneRegionJson(), durationS: '60' })).toEqual([
      expect.stringMatching(/^durationS /),
    ]);
  });

  it('names a missing topology', () => {
    const data = oneRegionJson();
    delete data.topology;
    expect(errorsOf(data)).toEqual([expect.stringMatching(/^topology /)]);
    expect(errorsOf({ ...oneRegionJson(), topology: [] })).toEqual([
      expect.stringMatching(/^topology /),
    ]);
  });

  it('names a duplicate id and where it is', () => {
    const data = oneRegionJson();
    const zones = (data.topology as { regions: Array<{ zones: Array<{ servers: string[] }> }> })
      .regions[0]!.zones;
    zones[1]!.servers[0] = 'app-a1';
    const errors = errorsOf(data);
    expect(errors).toEqual([expect.stringContaining('topology.regions[0].zones[1].servers[0]')]);
    expect(errors[0]).toMatch(/"app-a1" is used twice/);
  });

  it('names missing or empty server lists', () => {
    const data = oneRegionJson();
    const zones = (data.topology as { regions: Array<{ zones: Array<Record<string, unknown>> }> })
      .regions[0]!.zones;
    delete zones[0]!.servers;
    zones[2]!.servers = [];
    expect(errorsOf(data)).toEqual([
      expect.stringMatching(/^topology\.regions\[0\]\.zones\[0\]\.servers must list/),
      expect.stringMatching(/^topology\.regions\[0\]\.zones\[2\]\.servers must list/),
    ]);
  });

  it('names malformed ids, regions, zones and user groups', () => {
    const withTopology = (topology: unknown) => ({ ...oneRegionJson(), topology });
    const region = { id: 'eu', balancer: 'lb-1', zones: [{ id: 'eu-a', servers: ['app-a1'] }] };
    const users = [{ id: 'users', region: 'eu', share: 1 }];
    expect(errorsOf(withTopology({ regions: [], users }))).toEqual([
      expect.stringMatching(/^topology\.regions /),
    ]);
    expect(errorsOf(withTopology({ regions: [region], users: [] }))).toEqual([
      expect.stringMatching(/^topology\.users /),
    ]);
    expect(errorsOf(withTopology({ regions: [{ ...region, zones: [] }], users }))).toEqual([
      expect.stringMatching(/^topology\.regions\[0\]\.zones /),
    ]);
    expect(
      errorsOf(
        withTopology({
          regions: [{ ...region, zones: [{ id: 'eu-a', servers: ['App A1'] }] }],
          users,
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^topology\.regions\[0\]\.zones\[0\]\.servers\[0\]: id "App A1"/),
    ]);
    expect(
      errorsOf(
        withTopology({ regions: [region], users: [{ id: 'users', region: 'us', share: 1 }] }),
      ),
    ).toEqual([expect.stringMatching(/^topology\.users\[0\]\.region "us"/)]);
    expect(
      errorsOf(
        withTopology({ regions: [region], users: [{ id: 'users', region: 'eu', share: 0 }] }),
      ),
    ).toEqual([expect.stringMatching(/^topology\.users\[0\]\.share /)]);
  });

  it('reports null entries in topology lists as errors instead of throwing', () => {
    const region = { id: 'eu', balancer: 'lb-1', zones: [{ id: 'eu-a', servers: ['app-a1'] }] };
    const users = [{ id: 'users', region: 'eu', share: 1 }];
    const cases: Array<[unknown, string]> = [
      [{ regions: [null], users }, 'topology.regions[0]'],
      [{ regions: [{ ...region, zones: [null] }], users }, 'topology.regions[0].zones[0]'],
      [{ regions: [region], users: [null] }, 'topology.users[0]'],
      [{ regions: [region], users: ['users'] }, 'topology.users[0]'],
    ];
    for (const [topology, field] of cases) {
      const errors = errorsOf({ ...oneRegionJson(), topology });
      expect(errors.join('\n')).toContain(field);
    }
  });

  it('names a bad settings value or an unknown setting', () => {
    const errors = errorsOf({
      ...oneRegionJson(),
      settings: {
        healthCheck: { intervalMs: 50, unhealthyThreshold: 'two' },
        traffic: { arrivalsPerS: 5 },
        balancer: 7,
      },
    });
    expect(errors).toEqual([
      expect.stringMatching(/^settings: healthCheck\.intervalMs must be between/),
      expect.stringMatching(/^settings: healthCheck\.unhealthyThreshold must be a number/),
      expect.stringMatching(/^settings: unknown setting "traffic\.arrivalsPerS"/),
      expect.stringMatching(/^settings: unknown setting "balancer"/),
    ]);
    expect(errorsOf({ ...oneRegionJson(), settings: [] })).toEqual([
      expect.stringMatching(/^settings must be an object/),
    ]);
  });

  it('names a bad fault entry by its index', () => {
    const kill = { type: 'kill', target: 'app-b1' };
    const errors = errorsOf({
      ...oneRegionJson(),
      faults: [
        { atS: 30, command: kill },
        { atS: -1, command: kill },
        { command: kill },
        { atS: 5 },
        'kill',
      ],
    });
    expect(errors).toEqual([
      // A bad time is named down to the field, with its range.
      expect.stringMatching(/^faults\[1\]\.atS must be a number of seconds from 0 to 604800 /),
      expect.stringMatching(/^faults\[2\]\.atS must be a number of seconds from 0 to 604800 /),
      expect.stringMatching(/^faults\[3\] /),
      expect.stringMatching(/^faults\[4\] /),
    ]);
    expect(errorsOf({ ...oneRegionJson(), faults: { atS: 30 } })).toEqual([
      expect.stringMatching(/^faults must be a list/),
    ]);
  });

  it('names a fault whose command the engine would reject (unknown target or type, bad setting)', () => {
    // A scenario that passes validation must be runnable: otherwise a file or link
    // passes parseScenario and then fails later in createSimulation.
    const commands = [
      { type: 'kill', target: 'app-z9' },
      { type: 'kill', target: 'lb-1' },
      { type: 'explode', target: 'app-b1' },
      { type: 'set', path: 'healthCheck.intervalMs', value: 1 },
    ];
    const accepted = commands.filter(
      (command) => parseScenario({ ...oneRegionJson(), faults: [{ atS: 10, command }] }).scenario,
    );
    expect(accepted, 'fault commands parseScenario let through').toEqual([]);
    for (const command of commands) {
      const { errors } = parseScenario({ ...oneRegionJson(), faults: [{ atS: 10, command }] });
      expect(errors.join('\n'), JSON.stringify(command)).toMatch(/faults\[0\]/);
    }
  });

  it('judges a fault by the configuration, not by the state at 0 s: a scripted failback is valid', () => {
    // db-a1 is the primary at 0 s, but after it is killed, replaced by automatic
    // failover and restored it rejoins as a replica, which an operator may promote
    // (failing back). A throwaway engine at 0 s refused it: "already the primary".
    const failback = {
      ...JSON.parse(JSON.stringify(DATABASE)),
      settings: { traffic: { arrivalRatePerS: 20 }, database: { writeShare: 0.5 } },
      faults: [
        { atS: 10, command: { type: 'kill', target: 'db-a1' } },
        { atS: 70, command: { type: 'restore', target: 'db-a1' } },
        { atS: 150, command: { type: 'promote', target: 'db-a1' } },
      ],
    };
    const { scenario, errors } = parseScenario(failback);
    expect(errors).toEqual([]);
    for (const seed of [1, 2, 3]) {
      const sim = createSimulation(simulationInput(scenario!), { seed, trackMessages: false });
      sim.runUntil(usFromS(149));
      const roleOf = (id: string) => sim.snapshot().database!.nodes.find((n) => n.id === id)!.role;
      expect(roleOf('db-a1'), `seed ${seed}: rejoined as a replica`).toBe('replica');
      sim.runUntil(usFromS(170));
      expect(roleOf('db-a1'), `seed ${seed}: promoted back`).toBe('primary');
    }
  });

  it('runs a fault that is not possible when its time comes, and logs why', () => {
    const { scenario } = parseScenario({
      ...JSON.parse(JSON.stringify(DATABASE)),
      faults: [{ atS: 5, command: { type: 'promote', target: 'db-a1' } }],
    });
    const sim = createSimulation(simulationInput(scenario!), { seed: 1, trackMessages: false });
    sim.runUntil(usFromS(6));
    const refused = sim.log().entries.filter((e) => e.type === 'promote' && e.target === 'db-a1');
    expect(refused.map((e) => e.message)).toEqual(['db-a1: db-a1 is already the primary']);
  });

  it('refuses a fault that the configuration never allows, such as promoting in multi-primary', () => {
    const errors = errorsOf({
      ...JSON.parse(JSON.stringify(ACTIVE_ACTIVE_DATA)),
      faults: [{ atS: 5, command: { type: 'promote', target: 'db-us-a' } }],
    });
    expect(errors).toEqual([
      'faults[0].command: every region already has a writable primary (multi-primary)',
    ]);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({
      name: 'Bad Name',
      seed: -3,
      topology: { regions: [], users: [] },
      settings: { healthCheck: { intervalMs: 1 } },
      faults: [{ atS: 'soon' }],
    });
    expect(errors).toHaveLength(5);
  });

  it('gives a scenario the engine runs', () => {
    const { scenario } = parseScenario({
      name: 'two-servers',
      topology: {
        regions: [{ id: 'r', balancer: 'lb', zones: [{ id: 'z', servers: ['s-1', 's-2'] }] }],
        users: [{ id: 'u', region: 'r', share: 1 }],
      },
      settings: { traffic: { arrivalRatePerS: 20 } },
      faults: [{ atS: 5, command: { type: 'kill', target: 's-1' } }],
    });
    expect(scenario).not.toBeNull();
    const sim = createSimulation(simulationInput(scenario!), { seed: 1, trackMessages: false });
    sim.runUntil(usFromS(30));
    const m = sim.metrics();
    expect(m.requests.total).toBeGreaterThan(400);
    expect(m.requests.failed).toBeGreaterThan(0);
    expect(sim.log().entries.map((e) => e.type)).toContain('marked-unhealthy');
  });
});

describe('fault script cap', () => {
  const withFaults = (count: number) => ({
    ...ONE_REGION,
    faults: Array.from({ length: count }, (_, i) => ({
      atS: i + 1,
      command: { type: 'kill', target: 'app-a1' },
    })),
  });

  it('refuses a scenario file with more faults than SCRIPT_ENTRIES_MAX, naming the cap', () => {
    const { scenario, errors } = parseScenario(withFaults(5000));
    expect(scenario).toBeNull();
    expect(errors).toEqual([
      `faults: a fault script holds at most ${SCRIPT_ENTRIES_MAX} entries; this one would have 5,000`,
    ]);
  });

  it('takes one with exactly SCRIPT_ENTRIES_MAX', () => {
    expect(parseScenario(withFaults(SCRIPT_ENTRIES_MAX)).errors).toEqual([]);
  });
});
