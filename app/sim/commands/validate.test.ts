import { describe, expect, it } from 'vitest';
import { defaultSettings, withSetting } from '../settings';
import { THREE_ZONES } from '../testTopologies';
import type { TopologySpec } from '../topology';
import { COMMAND_SPECS, parameterRange, targetKinds } from './registry';
import { commandTargets, validateCommand } from './validate';

/** THREE_ZONES with a payments dependency and a three-node database, one per zone. */
const WITH_DATA: TopologySpec = {
  ...THREE_ZONES,
  dependency: { id: 'payments' },
  database: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a' },
      { id: 'db-b1', zone: 'eu-b' },
      { id: 'db-c1', zone: 'eu-c' },
    ],
    primary: 'db-a1',
  },
};

/** Two regions, to check that a balancer only reaches its own zones. */
const TWO_REGIONS: TopologySpec = {
  regions: [
    { id: 'eu', balancer: 'lb-1', zones: [{ id: 'eu-a', servers: ['app-a1'] }] },
    { id: 'us', balancer: 'lb-2', zones: [{ id: 'us-a', servers: ['app-u1'] }] },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
  trafficManager: { id: 'dns' },
};

const SETTINGS = defaultSettings();
const check = (command: unknown, topology: TopologySpec = WITH_DATA) =>
  validateCommand(command, topology, SETTINGS);

/** A target of each kind in WITH_DATA. */
const TARGET_OF: Record<string, string> = {
  server: 'app-b1',
  dependency: 'payments',
  database: 'db-b1',
  zone: 'eu-b',
  region: 'eu',
  link: 'lb-1->app-b1',
  users: 'users',
  balancer: 'lb-1',
};

/** A valid record of each command, built from its declaration. */
function recordOf(type: string, target: string): Record<string, unknown> {
  const spec = COMMAND_SPECS.find((s) => s.type === type)!;
  const record: Record<string, unknown> = { type, ...spec.fields };
  if (spec.targets === 'setting')
    Object.assign(record, { path: 'healthCheck.intervalMs', value: 2000 });
  else if (spec.targets !== 'none') record.target = target;
  if (spec.parameter) record[spec.parameter.field] = spec.parameter.default;
  return record;
}

describe('validateCommand (pure: topology + settings, no engine)', () => {
  it('accepts every command on every kind it declares, and refuses it on every other kind', () => {
    for (const spec of COMMAND_SPECS) {
      if (!Array.isArray(spec.targets)) {
        expect(check(recordOf(spec.type, '')), spec.type).toBeNull();
        continue;
      }
      for (const [kind, id] of Object.entries(TARGET_OF)) {
        const problem = check(recordOf(spec.type, id));
        if (targetKinds(spec).includes(kind as never))
          expect(problem, `${spec.type} ${id}`).toBeNull();
        else {
          expect(problem, `${spec.type} ${id}`).toBe(
            `cannot ${spec.type} ${kind} ${id} (${spec.type} applies to a ${targetKinds(spec).join(' or ')})`,
          );
        }
      }
    }
  });

  it('takes each number from its minimum to its maximum, and names the range and value outside it', () => {
    for (const spec of COMMAND_SPECS.filter((s) => s.parameter)) {
      const parameter = spec.parameter!;
      const target = TARGET_OF[targetKinds(spec)[0] ?? 'server']!;
      const at = (value: unknown) =>
        check({ ...recordOf(spec.type, target), [parameter.field]: value });
      for (const value of [parameter.min, parameter.max, parameter.default]) {
        expect(at(value), `${spec.type} ${value}`).toBeNull();
      }
      const below = parameter.min - Math.max(parameter.min * 0.5, 0.01);
      for (const value of [below, parameter.max + 1, Number.NaN, '5', null]) {
        expect(at(value), `${spec.type} ${String(value)}`).toBe(
          `${parameter.name} must be a number ${parameterRange(parameter)} (got ${JSON.stringify(value)})`,
        );
      }
    }
    expect(check({ type: 'slow', target: 'app-b1', factor: 0 })).toBe(
      'the slowdown factor must be a number from 1 to 1000 (got 0)',
    );
    expect(check({ type: 'latency', target: 'lb-1->app-b1', addedMs: 60001 })).toBe(
      'the added latency must be a number from 0 to 60000 ms (got 60001)',
    );
  });

  it('names an unknown command, target or link, and a missing target', () => {
    expect(check({ type: 'explode', target: 'app-b1' })).toBe('unknown command type "explode"');
    expect(check({ type: 'kill', target: 'app-z9' })).toBe('unknown target "app-z9"');
    expect(check({ type: 'cut', target: 'lb-1->app-z9', oneWay: false })).toBe(
      'unknown link "lb-1->app-z9"',
    );
    expect(check({ type: 'kill' })).toBe('kill needs a target');
    expect(check({ type: 'set', value: 3 })).toBe('set needs a setting path');
  });

  it('finds a link by either direction, and BALANCER->ZONE only into its own region', () => {
    const kindIn = (topology: TopologySpec, target: string) =>
      commandTargets(topology).kindOf(target);
    expect(kindIn(WITH_DATA, 'lb-1->app-a1')).toBe('link');
    expect(kindIn(WITH_DATA, 'app-a1->lb-1')).toBe('link');
    expect(kindIn(WITH_DATA, 'app-a1->payments')).toBe('link');
    expect(kindIn(WITH_DATA, 'db-a1->db-c1')).toBe('link');
    expect(kindIn(WITH_DATA, 'lb-1->eu-a')).toBe('link');
    expect(kindIn(TWO_REGIONS, 'lb-1->eu-a')).toBe('link');
    expect(kindIn(TWO_REGIONS, 'lb-2->eu-a')).toBeNull();
    expect(kindIn(TWO_REGIONS, 'users->lb-2')).toBe('link');
    expect(kindIn(TWO_REGIONS, 'dns->lb-2')).toBe('link');
    expect(kindIn(THREE_ZONES, 'app-a1->app-a2')).toBeNull();
    expect(kindIn(THREE_ZONES, 'users->lb-1->app-a1')).toBeNull();
  });

  it("checks a setting change against the settings in force and the database's rules", () => {
    expect(check({ type: 'set', path: 'healthCheck.intervalMs', value: 1 })).toMatch(
      /healthCheck\.intervalMs/,
    );
    expect(check({ type: 'set', path: 'database.conflictMode', value: 'single-primary' })).toMatch(
      /fixed for a run/,
    );
    // In quorum mode N copies must fit the cluster: 5 cannot, with three nodes.
    const quorum = withSetting(SETTINGS, 'database.replicationMode', 'quorum');
    const setN = { type: 'set', path: 'database.quorumN', value: 5 };
    expect(validateCommand(setN, WITH_DATA, quorum)).toMatch(
      /database\.quorumN.*from 1 to 3, the number of database nodes/,
    );
    expect(validateCommand(setN, WITH_DATA, SETTINGS)).toBeNull();
    // Without a database the database's rules do not apply.
    expect(validateCommand(setN, THREE_ZONES, quorum)).toBeNull();
  });

  it('refuses a promotion in multi-primary (every region has a primary); otherwise it waits for the moment', () => {
    const promote = { type: 'promote', target: 'db-a1' };
    expect(check(promote)).toBeNull();
    const lww = withSetting(SETTINGS, 'database.conflictMode', 'multi-primary-lww');
    expect(validateCommand(promote, WITH_DATA, lww)).toBe(
      'every region already has a writable primary (multi-primary)',
    );
  });

  it('gives a sentence, never a throw, on data of any shape', () => {
    for (const junk of [
      null,
      undefined,
      5,
      'kill',
      [],
      {},
      { type: null },
      { type: 'kill', target: 5 },
    ]) {
      expect(() => check(junk)).not.toThrow();
      expect(check(junk), JSON.stringify(junk)).toEqual(expect.any(String));
    }
  });
});
