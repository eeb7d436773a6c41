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

export const BUILTIN_SCENARIOS: readonly Scenario[] = [ONE_REGION];

/** The scenario the playground opens with. */
export const DEFAULT_SCENARIO_NAME = ONE_REGION.name;

/** A built-in scenario by name, or undefined. */
export function builtinScenario(name: string): Scenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.name === name);
}
