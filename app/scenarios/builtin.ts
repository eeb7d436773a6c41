/** Scenarios that ship with Nines, by name. */
import type { Scenario } from './scenario';

/**
 * The first cluster: users, one regional load balancer, three zones with two app
 * servers each. Ids (`lb-1`, `app-a1` ... `app-c2`) are stable: tests, links and
 * lessons rely on them.
 */
export const ONE_REGION: Scenario = {
  name: 'one-region',
  title: 'One region, three zones',
  description:
    'Users reach one load balancer that spreads requests over six app servers in three availability zones. Kill a server and watch the health checks route around it.',
  seed: 1,
  durationS: 120,
  topology: {
    regions: [
      {
        id: 'eu',
        label: 'eu (one region)',
        balancer: 'lb-1',
        zones: [
          { id: 'eu-a', label: 'zone a', servers: ['app-a1', 'app-a2'] },
          { id: 'eu-b', label: 'zone b', servers: ['app-b1', 'app-b2'] },
          { id: 'eu-c', label: 'zone c', servers: ['app-c1', 'app-c2'] },
        ],
      },
    ],
    users: [{ id: 'users', region: 'eu', share: 1 }],
  },
  settings: {},
  faults: [],
};

/** Three zones of two servers in a region: `app-eu-a1` ... `app-eu-c2`. */
function regionSpec(region: string) {
  return {
    id: region,
    label: region,
    balancer: `lb-${region}`,
    zones: ['a', 'b', 'c'].map((zone) => ({
      id: `${region}-${zone}`,
      label: `zone ${zone}`,
      servers: [`app-${region}-${zone}1`, `app-${region}-${zone}2`],
    })),
  };
}

/**
 * Two regions behind a DNS-style global traffic manager (`dns`), with users in both.
 * Active-active by default: each region serves its own users.
 */
export const TWO_REGIONS: Scenario = {
  name: 'two-regions',
  title: 'Two regions, active-active',
  description:
    'Users in Europe and the US reach their own region through a DNS traffic manager. Kill a region and watch DNS move its users to the other one as cached answers expire.',
  seed: 1,
  durationS: 300,
  topology: {
    trafficManager: { id: 'dns' },
    regions: [regionSpec('eu'), regionSpec('us')],
    users: [
      { id: 'users-eu', region: 'eu', share: 1 },
      { id: 'users-us', region: 'us', share: 1 },
    ],
  },
  settings: {},
  faults: [],
};

/** The same two regions, but `us` is a warm standby that serves only after failover. */
export const ACTIVE_PASSIVE: Scenario = {
  ...TWO_REGIONS,
  name: 'active-passive',
  title: 'Two regions, active-passive',
  description:
    'Every user is served by eu; us is a warm standby. When eu fails, users wait for the traffic manager to notice and for their cached DNS answers to expire.',
  settings: { regions: { mode: 'active-passive' } },
  faults: [{ atS: 60, command: { type: 'kill-region', target: 'eu' } }],
};

/**
 * REFERENCE.md section 8: three zones at 70% utilisation; losing one puts 105% on the
 * other two. Capacity: 6 servers x 4 workers / 20 ms = 1200 req/s; 840 req/s is 70%.
 */
export const ZONE_OVERLOAD: Scenario = {
  ...ONE_REGION,
  name: 'zone-overload',
  title: 'N+1 in count is not N+1 in capacity',
  description:
    'Three zones run at 70% of capacity. When zone b dies at 60 s, the other two must carry 105%: queues grow and requests time out.',
  durationS: 180,
  settings: { traffic: { arrivalRatePerS: 840 } },
  faults: [{ atS: 60, command: { type: 'kill-zone', target: 'eu-b' } }],
};

export const BUILTIN_SCENARIOS: readonly Scenario[] = [
  ONE_REGION,
  TWO_REGIONS,
  ACTIVE_PASSIVE,
  ZONE_OVERLOAD,
];

/** The scenario the playground opens with. */
export const DEFAULT_SCENARIO_NAME = ONE_REGION.name;

/** A built-in scenario by name, or undefined. */
export function builtinScenario(name: string): Scenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.name === name);
}
