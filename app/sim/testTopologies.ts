/**
 * Topologies for the engine's own tests (not part of the app). app/sim may not import
 * app/scenarios (docs/architecture.md "Layers"), so these mirror the built-in one-region shape.
 */
import type { TopologySpec } from './topology';

/** Users -> lb-1 -> four servers in two zones. */
export const TWO_ZONES: TopologySpec = {
  regions: [
    {
      id: 'eu',
      balancer: 'lb-1',
      zones: [
        { id: 'eu-a', servers: ['app-a1', 'app-a2'] },
        { id: 'eu-b', servers: ['app-b1', 'app-b2'] },
      ],
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
};

/** The shape of the built-in ONE_REGION scenario: users -> lb-1 -> six servers in three zones. */
export const THREE_ZONES: TopologySpec = {
  regions: [
    {
      id: 'eu',
      balancer: 'lb-1',
      zones: [
        { id: 'eu-a', servers: ['app-a1', 'app-a2'] },
        { id: 'eu-b', servers: ['app-b1', 'app-b2'] },
        { id: 'eu-c', servers: ['app-c1', 'app-c2'] },
      ],
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
};
