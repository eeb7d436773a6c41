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
    dependency: { id: 'payments' },
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
 * docs/reference.md "Overload and queues": three zones at 70% utilisation; losing one puts 105% on the
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

/** One region whose app servers call an external payments dependency (checkout). */
export const CHECKOUT: Scenario = {
  ...ONE_REGION,
  name: 'checkout',
  title: 'Checkout: app servers call a payments dependency',
  description:
    'Three requests in ten are checkouts that charge a card at an external payments service. Make payments slow or failing, then turn on timeouts, retries, idempotency keys, a circuit breaker and a fallback.',
  topology: { ...ONE_REGION.topology, dependency: { id: 'payments' } },
};

/**
 * docs/reference.md "Timeouts, retries, backoff, jitter": retries at three layers (users, balancer, servers) with
 * three attempts each and no budget put up to 3^3 = 27x the load on a failing
 * dependency.
 */
export const RETRY_STORM: Scenario = {
  ...CHECKOUT,
  name: 'retry-storm',
  title: 'Retry storm: 3 layers x 3 attempts',
  description:
    'Every request charges a card. Users, the balancer and the app servers each try 3 times. When payments fails at 30 s, it receives up to 27 calls per user request. Turn on a retry budget and watch the load amplification fall.',
  durationS: 90,
  settings: {
    dependency: { callShare: 1 },
    retries: {
      clientMaxAttempts: 3,
      balancerMaxAttempts: 3,
      serverMaxAttempts: 3,
      backoffBaseMs: 10,
      backoffCapMs: 100,
    },
  },
  faults: [{ atS: 30, command: { type: 'errors', target: 'payments', percent: 100 } }],
};

/**
 * docs/reference.md "Overload and queues": offered load at 150% of capacity (6 servers x 4 workers /
 * 20 ms = 1200 req/s; 1800 req/s offered). Without shedding the queues grow until
 * nearly everything times out; with it, accepted requests stay fast.
 */
export const OVERLOAD: Scenario = {
  ...ONE_REGION,
  name: 'overload',
  title: 'Overload: 150% of capacity',
  description:
    'Users send 1.5 times what the servers can process. Without load shedding, queues grow until nearly every request times out; turn shedding on and goodput holds near capacity.',
  durationS: 60,
  settings: { traffic: { arrivalRatePerS: 1800 } },
  faults: [],
};

/**
 * One region with a replicated database: primary db-a1, replicas db-b1 and db-c1 in
 * the other zones. Asynchronous replication and automatic failover (Patroni timings).
 */
export const DATABASE: Scenario = {
  ...ONE_REGION,
  name: 'database',
  title: 'A replicated database',
  description:
    'App servers read and write a database: primary db-a1, replicas db-b1 and db-c1. Kill the primary and count the acknowledged writes lost under asynchronous replication; switch to synchronous and lose none.',
  durationS: 180,
  topology: {
    ...ONE_REGION.topology,
    database: {
      nodes: [
        { id: 'db-a1', zone: 'eu-a' },
        { id: 'db-b1', zone: 'eu-b' },
        { id: 'db-c1', zone: 'eu-c' },
      ],
      primary: 'db-a1',
    },
  },
  settings: { traffic: { arrivalRatePerS: 100 }, database: { writeShare: 0.5 } },
  faults: [],
};

/** Split brain: the primary is cut from its peers and the failure detector, fencing off. */
export const SPLIT_BRAIN: Scenario = {
  ...DATABASE,
  name: 'split-brain',
  title: 'Split brain without fencing',
  description:
    'At 30 s db-a1 is partitioned from the other database nodes but app servers still reach it. Without fencing it keeps accepting writes after db-b1 is promoted; those writes are lost when the partition heals at 120 s. Turn fencing on: none are.',
  settings: { ...DATABASE.settings, database: { writeShare: 0.5, fencing: 'off' } },
  faults: [
    { atS: 30, command: { type: 'isolate', target: 'db-a1' } },
    { atS: 120, command: { type: 'restore', target: 'db-a1' } },
  ],
};

/** Manual failover: nobody promotes a replica but an operator (you). */
export const MANUAL_FAILOVER: Scenario = {
  ...DATABASE,
  name: 'manual-failover',
  title: 'Manual failover',
  description:
    'No automation: when db-a1 dies at 30 s, an alert fires after a minute (if monitoring is on) and writes fail until you promote a replica. Turn monitoring off and nobody is told.',
  settings: { ...DATABASE.settings, database: { writeShare: 0.5, failover: 'manual' } },
  faults: [{ atS: 30, command: { type: 'kill', target: 'db-a1' } }],
};

/** Active-active data: a writable primary per region, async cross-region, last writer wins. */
export const ACTIVE_ACTIVE_DATA: Scenario = {
  ...TWO_REGIONS,
  name: 'active-active-data',
  title: 'Active-active data: last writer wins',
  description:
    'Both regions accept writes to their own primary and replicate asynchronously across the ocean. Concurrent updates to the same key within the replication delay overwrite each other: lost updates.',
  topology: {
    ...TWO_REGIONS.topology,
    database: {
      nodes: [
        { id: 'db-eu-a', zone: 'eu-a' },
        { id: 'db-us-a', zone: 'us-a' },
      ],
      primary: 'db-eu-a',
    },
  },
  settings: { database: { conflictMode: 'multi-primary-lww', writeShare: 0.5, keys: 50 } },
};

export const BUILTIN_SCENARIOS: readonly Scenario[] = [
  ONE_REGION,
  TWO_REGIONS,
  ACTIVE_PASSIVE,
  ZONE_OVERLOAD,
  CHECKOUT,
  RETRY_STORM,
  OVERLOAD,
  DATABASE,
  SPLIT_BRAIN,
  MANUAL_FAILOVER,
  ACTIVE_ACTIVE_DATA,
];

/** The scenario the playground opens with: two active-active regions behind a traffic manager. */
export const DEFAULT_SCENARIO = TWO_REGIONS;
export const DEFAULT_SCENARIO_NAME = DEFAULT_SCENARIO.name;

/** A built-in scenario by name, or undefined. */
export function builtinScenario(name: string): Scenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.name === name);
}

/** True when the scenario came from a file rather than the built-in list. */
export function isImported(scenario: Scenario): boolean {
  return builtinScenario(scenario.name) !== scenario;
}
