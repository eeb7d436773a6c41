/**
 * Topologies for view tests, written out here because views may not import scenarios
 * (they mirror app/scenarios/builtin.ts), and a helper that runs the real engine to get
 * snapshots and menus to draw.
 */
import {
  createSimulation,
  usFromS,
  type Command,
  type SettingsOverrides,
  type Snapshot,
  type TopologySpec,
} from '../sim';

/** The first cluster: users, lb-1, three zones of two servers. */
export const ONE_REGION_TOPOLOGY: TopologySpec = {
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
};

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

/** Two regions behind the `dns` traffic manager, users in both, the payments dependency. */
export const TWO_REGIONS_TOPOLOGY: TopologySpec = {
  trafficManager: { id: 'dns' },
  dependency: { id: 'payments' },
  regions: [regionSpec('eu'), regionSpec('us')],
  users: [
    { id: 'users-eu', region: 'eu', share: 1 },
    { id: 'users-us', region: 'us', share: 1 },
  ],
};

/** One region with a primary db-a1 and replicas db-b1, db-c1. */
export const DATABASE_TOPOLOGY: TopologySpec = {
  ...ONE_REGION_TOPOLOGY,
  database: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a' },
      { id: 'db-b1', zone: 'eu-b' },
      { id: 'db-c1', zone: 'eu-c' },
    ],
    primary: 'db-a1',
  },
};

/** Two regions, a writable primary in each (last writer wins). */
export const ACTIVE_ACTIVE_DATA_TOPOLOGY: TopologySpec = {
  ...TWO_REGIONS_TOPOLOGY,
  database: {
    nodes: [
      { id: 'db-eu-a', zone: 'eu-a' },
      { id: 'db-us-a', zone: 'us-a' },
    ],
    primary: 'db-eu-a',
  },
};

export const ACTIVE_ACTIVE_DATA_SETTINGS: SettingsOverrides = {
  database: { conflictMode: 'multi-primary-lww', writeShare: 0.5, keys: 50 },
};

/** A run of the real engine: its snapshot, menus and delivered messages at the end. */
export interface EngineRun {
  snapshot: Snapshot;
  actions: Record<string, string[]>;
}

/**
 * Runs `topology` with `settings` to `untilS`, applying each command at its time, and
 * returns what the diagram draws.
 */
export function runEngine(
  topology: TopologySpec,
  options: {
    settings?: SettingsOverrides;
    commands?: ReadonlyArray<{ atS: number; command: Command }>;
    untilS: number;
    seed?: number;
  },
): EngineRun {
  const sim = createSimulation(
    { topology, settings: options.settings },
    { seed: options.seed ?? 1, trackMessages: true },
  );
  for (const { atS, command } of options.commands ?? []) {
    sim.runUntil(usFromS(atS));
    const result = sim.apply(command);
    if (!result.ok) throw new Error(result.error);
  }
  sim.runUntil(usFromS(options.untilS));
  const actions: Record<string, string[]> = {};
  for (const c of sim.components()) actions[c.id] = sim.actionsFor(c.id);
  for (const l of sim.links()) actions[l.id] = sim.actionsFor(l.id);
  return { snapshot: sim.snapshot(), actions };
}
