/**
 * Designs the chaos and years tests run: regions of zones of two servers each, named as
 * the built-in scenarios name them (`app-eu-a1`), one place instead of a copy per test.
 */
import type { TopologySpec } from '../topology';

/** A region `id` with a zone per letter, two servers in each, behind `lb-<id>`. */
export function chaosRegion(id: string, zoneLetters: readonly string[] = ['a', 'b', 'c']) {
  return {
    id,
    balancer: `lb-${id}`,
    zones: zoneLetters.map((z) => ({
      id: `${id}-${z}`,
      servers: [`app-${id}-${z}1`, `app-${id}-${z}2`],
    })),
  };
}

/** The default design's shape: two regions (eu, us) behind DNS, users in each. */
export function twoRegionsTopology(zoneLetters?: readonly string[]): TopologySpec {
  return {
    trafficManager: { id: 'dns' },
    regions: [chaosRegion('eu', zoneLetters), chaosRegion('us', zoneLetters)],
    users: [
      { id: 'users-eu', region: 'eu', share: 1 },
      { id: 'users-us', region: 'us', share: 1 },
    ],
  };
}

/** One region (eu) with no DNS in front: a region outage is down until repaired. */
export function oneRegionTopology(): TopologySpec {
  return { regions: [chaosRegion('eu')], users: [{ id: 'users-eu', region: 'eu', share: 1 }] };
}
