/**
 * Helpers for the behaviour tests in this folder (not part of the app): run a
 * scenario with extra settings and faults, and read the log and counters back.
 */
import {
  usFromS,
  type Command,
  type LogEntry,
  type Metrics,
  type SettingsOverrides,
  type Simulation,
} from '../sim';
import { createSimulation } from '../sim/runtime';
import { ONE_REGION, TWO_REGIONS } from './builtin';
import { simulationInput, type Scenario } from './scenario';

/** Seeds 1..n. */
export const seeds = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** The six app servers of the one-region scenario. */
export const SERVERS = ['app-a1', 'app-a2', 'app-b1', 'app-b2', 'app-c1', 'app-c2'];

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * A headless run of `scenario` with `settings` merged over the scenario's (group by
 * group) and `faults` added to its script.
 */
export function simulate(
  scenario: Scenario,
  seed: number,
  settings: SettingsOverrides = {},
  faults: Array<{ atS: number; command: Command }> = [],
): Simulation {
  const input = simulationInput(scenario);
  const merged: SettingsOverrides = { ...input.settings };
  for (const [group, values] of Object.entries(settings)) {
    const key = group as keyof SettingsOverrides;
    merged[key] = { ...(merged[key] ?? {}), ...values } as never;
  }
  return createSimulation(
    {
      ...input,
      settings: merged,
      faults: [
        ...(input.faults ?? []),
        ...faults.map((f) => ({ atUs: usFromS(f.atS), command: f.command })),
      ],
    },
    { seed, trackMessages: false },
  );
}

/** Log entries of one type (and target). */
export const logged = (sim: Simulation, type: string, target?: string): LogEntry[] =>
  sim.log().entries.filter((e) => e.type === type && (target === undefined || e.target === target));

/** A log entry's time in seconds. */
export const atS = (e: LogEntry): number => e.atUs / 1e6;

/** Requests each one-region server was sent. */
export const routedBy = (sim: Simulation): number[] =>
  SERVERS.map((s) => sim.snapshot().targets.find((t) => t.server === s)!.routed);

/** Requests a component completed. */
export const servedBy = (sim: Simulation, id: string): number =>
  sim.snapshot().components.find((c) => c.id === id)!.served;

/** Start of the last whole second with a failed request, or -1. */
export const lastFailedSecond = (m: Metrics): number =>
  Math.max(-1, ...m.series.filter((p) => p.failed > 0).map((p) => p.startS));

/**
 * The two-regions scenario's routing shape only: users, traffic manager, regions and
 * payments, so region-outage tests stay about routing even if the scenario grows.
 */
export const REGIONS: Scenario = {
  ...TWO_REGIONS,
  topology: {
    regions: TWO_REGIONS.topology.regions,
    users: TWO_REGIONS.topology.users,
    trafficManager: TWO_REGIONS.topology.trafficManager,
    dependency: TWO_REGIONS.topology.dependency,
  },
};

/** One balancer in front of three servers (`app-1` .. `app-3`) in one zone. */
export const THREE_SERVERS: Scenario = {
  ...ONE_REGION,
  name: 'three-servers',
  topology: {
    regions: [
      {
        id: 'eu',
        label: 'eu',
        balancer: 'lb-1',
        zones: [{ id: 'eu-a', label: 'zone a', servers: ['app-1', 'app-2', 'app-3'] }],
      },
    ],
    users: [{ id: 'users', region: 'eu', share: 1 }],
  },
};
