/**
 * The analytic prediction of chaos mode's availability (docs/reference.md, "Availability
 * arithmetic"): A = MTBF / (MTBF + MTTR) per component, parts in series multiply, and
 * independent parts in parallel are down only together (A = 1 - prod(1 - A_i)). It
 * assumes what the engine does not: detection and failover take no time, DNS caches
 * nothing, and failures are independent. The gap between this number and a measured one
 * is made of exactly those things.
 */
import type { ChaosSettings } from '../settings';
import type { TopologySpec } from '../topology';
import { chaosComponents, type FailureKind, type FailureMode } from './failureProcess';

/** Failure kinds that stop a part serving: slow servers and link blips are partial. */
const DOWN_KINDS: ReadonlySet<FailureKind> = new Set(['crash', 'host', 'zone', 'region']);

/**
 * Steady-state availability of one component with competing failure modes: the fraction
 * of time up, 1 / (1 + sum of MTTR_k / MTBF_k). With one mode it is MTBF / (MTBF + MTTR).
 * (While one failure is repaired no other starts, so the modes' down times never overlap.)
 */
export function componentAvailability(
  modes: readonly Pick<FailureMode, 'mtbfUs' | 'mttrUs'>[],
): number {
  let downPerUp = 0;
  for (const m of modes) downPerUp += m.mttrUs / m.mtbfUs;
  return 1 / (1 + downPerUp);
}

/** Parts in series: all must be up. */
export function seriesAvailability(parts: readonly number[]): number {
  return parts.reduce((a, b) => a * b, 1);
}

/** Independent parts in parallel: down only when all are down. */
export function parallelAvailability(parts: readonly number[]): number {
  return 1 - parts.reduce((q, a) => q * (1 - a), 1);
}

export interface AvailabilityPrediction {
  /** The design's predicted availability, 0..1. */
  availability: number;
  /** Each step of the formula in words, from a server up to the design. */
  lines: string[];
}

/** Enough digits to show the nines and one more (99.99990%, not 100.000%). */
const pct = (a: number): string => {
  if (a >= 1) return '100%';
  const nines = Math.floor(-Math.log10(1 - a));
  return `${(Math.floor(a * 10 ** (nines + 3)) / 10 ** (nines + 1)).toFixed(Math.max(1, nines))}%`;
};

/**
 * The series/parallel prediction for `topology` under `chaos`'s rates: a server is up
 * unless crashed or its host is down; a zone's servers are in parallel, in series with
 * the zone; a region's zones in parallel, in series with the region; behind a traffic
 * manager the regions are in parallel, else each user group has only its home region
 * (weighted by the groups' shares). Slow servers, link faults and the database are not
 * in it (they degrade or lose data rather than stop the request path).
 */
export function predictedAvailability(
  topology: TopologySpec,
  chaos: ChaosSettings,
): AvailabilityPrediction {
  const byId = new Map<string, number>();
  for (const component of chaosComponents(topology, chaos)) {
    const down = component.modes.filter((m) => DOWN_KINDS.has(m.kind));
    if (down.length > 0) byId.set(component.id, componentAvailability(down));
  }
  const lines: string[] = [];
  const regionAvailability = new Map<string, number>();
  for (const region of topology.regions) {
    const zoneTerms = region.zones.map((zone) => {
      const servers = parallelAvailability(zone.servers.map((id) => byId.get(id)!));
      return seriesAvailability([byId.get(zone.id)!, servers]);
    });
    const a = seriesAvailability([byId.get(region.id)!, parallelAvailability(zoneTerms)]);
    regionAvailability.set(region.id, a);
    const firstServer = region.zones[0]?.servers[0];
    if (firstServer !== undefined && lines.length === 0) {
      lines.push(
        `one server: ${pct(byId.get(firstServer)!)} = 1 / (1 + sum of MTTR/MTBF over crash and host failure)`,
      );
    }
    lines.push(
      `region ${region.id}: ${pct(a)} = A(region) x (1 - prod over ${region.zones.length} zones of (1 - A(zone) x (1 - prod over its servers of (1 - A(server)))))`,
    );
  }
  let availability: number;
  if (topology.trafficManager) {
    availability = parallelAvailability([...regionAvailability.values()]);
    lines.push(
      `design: ${pct(availability)} = 1 - prod over ${topology.regions.length} regions of (1 - A(region))`,
    );
  } else {
    const totalShare = topology.users.reduce((sum, g) => sum + g.share, 0);
    availability =
      topology.users.reduce((sum, g) => sum + g.share * regionAvailability.get(g.region)!, 0) /
      totalShare;
    lines.push(
      `design: ${pct(availability)} = each user group's home region, weighted by its share`,
    );
  }
  return { availability, lines };
}
