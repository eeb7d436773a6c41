/**
 * A design's monthly cost: a pure function of its topology and settings, priced with
 * the price table (prices.ts), with a line per kind of charge so the page can show
 * where the money goes. Traffic charges come from the simulated request rate
 * (`traffic.arrivalRatePerS`, user requests only: retries and probes are not counted)
 * and the table's payload sizes, routed the way the engine routes requests: users to
 * their home region (active-active) or all to the first region (active-passive),
 * spread evenly over that region's servers; each request makes one database call
 * when there is a database (a write with probability `database.writeShare`), to the
 * primary, or for reads from replicas to the nearest replica (same zone, then same
 * region); each write is shipped to every other node.
 */
import type { Settings, TopologySpec } from '../../sim';
import {
  BYTES_PER_GB,
  HOURS_PER_MONTH,
  PRICES,
  SECONDS_PER_MONTH,
  type PriceTable,
} from './prices';

export type CostLineId =
  | 'servers'
  | 'balancers'
  | 'database'
  | 'dns-checks'
  | 'internet-out'
  | 'cross-zone'
  | 'cross-region';

export interface CostLine {
  id: CostLineId;
  /** What is charged, e.g. "App servers (m5.large-like)". */
  label: string;
  /** How many units a month: servers, checks, or GB of traffic. */
  quantity: number;
  /** The unit of `quantity` and `unitPriceUsd`, e.g. "server-month", "GB". */
  unit: string;
  /** Price of one unit, in US dollars. */
  unitPriceUsd: number;
  usdPerMonth: number;
}

export interface DesignCost {
  usdPerMonth: number;
  /** Every kind of charge, in a fixed order (a line can be zero). */
  lines: CostLine[];
  /** The request rate the traffic lines assume, requests per second. */
  requestsPerS: number;
}

interface Place {
  zone: string;
  region: string;
}

/** Where each server and database node is, by id. */
function placesOf(topology: TopologySpec): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const region of topology.regions) {
    for (const zone of region.zones) {
      for (const server of zone.servers) places.set(server, { zone: zone.id, region: region.id });
      for (const node of topology.database?.nodes ?? []) {
        if (node.zone === zone.id) places.set(node.id, { zone: zone.id, region: region.id });
      }
    }
  }
  return places;
}

/** Share of all user requests each region serves (sums to 1). */
export function regionTrafficShares(
  topology: TopologySpec,
  mode: Settings['regions']['mode'],
): Map<string, number> {
  const shares = new Map<string, number>(topology.regions.map((r) => [r.id, 0]));
  if (mode === 'active-passive' || topology.regions.length === 1) {
    shares.set(topology.regions[0]!.id, 1);
    return shares;
  }
  const total = topology.users.reduce((sum, g) => sum + g.share, 0);
  for (const group of topology.users) {
    shares.set(group.region, (shares.get(group.region) ?? 0) + group.share / total);
  }
  return shares;
}

/** Distance rank for picking the nearest node: 0 same zone, 1 same region, 2 elsewhere. */
function distance(a: Place, b: Place): number {
  if (a.zone === b.zone) return 0;
  return a.region === b.region ? 1 : 2;
}

/** The node among `ids` nearest to `from` (first in preference order on a tie). */
function nearest(ids: readonly string[], from: Place, places: Map<string, Place>): string | null {
  let best: string | null = null;
  let bestRank = Infinity;
  for (const id of ids) {
    const rank = distance(from, places.get(id)!);
    if (rank < bestRank) {
      best = id;
      bestRank = rank;
    }
  }
  return best;
}

/** The monthly cost of a design (a valid topology and its settings), line by line. */
export function monthlyCost(
  topology: TopologySpec,
  settings: Settings,
  prices: PriceTable = PRICES,
): DesignCost {
  const servers = topology.regions.flatMap((r) => r.zones.flatMap((z) => z.servers));
  const nodes = topology.database?.nodes ?? [];
  const requestsPerS = settings.traffic.arrivalRatePerS;
  const gbPerMonth = (bytesPerS: number) => (bytesPerS * SECONDS_PER_MONTH) / BYTES_PER_GB;

  // Database calls and replication, in bytes per second by where they travel.
  let crossZoneBytesPerS = 0;
  let crossRegionBytesPerS = 0;
  if (topology.database && nodes.length > 0) {
    const places = placesOf(topology);
    const nodeIds = nodes.map((n) => n.id);
    const multiPrimary = settings.database.conflictMode === 'multi-primary-lww';
    const primary = topology.database.primary;
    const writeShare = settings.database.writeShare;
    const regionShares = regionTrafficShares(topology, settings.regions.mode);
    const charge = (from: Place, to: Place, bytesPerS: number) => {
      const rank = distance(from, to);
      if (rank === 1) crossZoneBytesPerS += bytesPerS;
      else if (rank === 2) crossRegionBytesPerS += bytesPerS;
    };
    for (const region of topology.regions) {
      const regionServers = region.zones.flatMap((z) => z.servers);
      const perServerPerS =
        (requestsPerS * (regionShares.get(region.id) ?? 0)) / regionServers.length;
      for (const server of regionServers) {
        const from = places.get(server)!;
        // Multi-primary: each region writes to its own primary (the nearest node).
        const writer = multiPrimary ? nearest(nodeIds, from, places)! : primary;
        const replicas = nodeIds.filter((id) => id !== writer);
        const reader =
          settings.database.readsFrom === 'replicas'
            ? (nearest(replicas, from, places) ?? writer)
            : writer;
        const bytes = prices.databaseCallBytes * perServerPerS;
        charge(from, places.get(writer)!, bytes * writeShare);
        charge(from, places.get(reader)!, bytes * (1 - writeShare));
        // Each write goes on to every other node. A managed database replicates inside
        // a region at no transfer charge (RDS); across regions the sender pays.
        for (const replica of replicas) {
          if (distance(places.get(writer)!, places.get(replica)!) === 2) {
            crossRegionBytesPerS += prices.replicationBytesPerWrite * perServerPerS * writeShare;
          }
        }
      }
    }
  }

  const fastChecks = settings.trafficManager.intervalMs < prices.dnsFastIntervalBelowMs;
  const checkPrice =
    prices.dnsHealthCheckUsdPerMonth + (fastChecks ? prices.dnsFastIntervalUsdPerMonth : 0);
  const checks = topology.trafficManager ? topology.regions.length : 0;
  const line = (
    id: CostLineId,
    label: string,
    quantity: number,
    unit: string,
    unitPriceUsd: number,
  ): CostLine => ({
    id,
    label,
    quantity,
    unit,
    unitPriceUsd,
    usdPerMonth: quantity * unitPriceUsd,
  });
  const lines: CostLine[] = [
    line(
      'servers',
      'App servers (2 vCPU VM)',
      servers.length,
      'server-month',
      prices.serverUsdPerHour * HOURS_PER_MONTH,
    ),
    line(
      'balancers',
      'Load balancers',
      topology.regions.length,
      'balancer-month',
      prices.balancerUsdPerHour * HOURS_PER_MONTH,
    ),
    line(
      'database',
      'Database nodes',
      nodes.length,
      'node-month',
      prices.databaseNodeUsdPerHour * HOURS_PER_MONTH,
    ),
    line(
      'dns-checks',
      fastChecks ? 'DNS health checks (fast, 10 s)' : 'DNS health checks',
      checks,
      'check-month',
      checkPrice,
    ),
    line(
      'internet-out',
      'Answers to users (internet out)',
      gbPerMonth(requestsPerS * prices.responseBytes),
      'GB',
      prices.internetOutUsdPerGb,
    ),
    line(
      'cross-zone',
      'Traffic between zones',
      gbPerMonth(crossZoneBytesPerS),
      'GB',
      2 * prices.crossZoneUsdPerGbEachWay,
    ),
    line(
      'cross-region',
      'Traffic between regions',
      gbPerMonth(crossRegionBytesPerS),
      'GB',
      prices.crossRegionUsdPerGb,
    ),
  ];
  return {
    usdPerMonth: lines.reduce((sum, l) => sum + l.usdPerMonth, 0),
    lines,
    requestsPerS,
  };
}

/** "$1,234/month" (whole dollars; cents only below $10). */
export function formatUsd(usd: number): string {
  const digits = Math.abs(usd) < 10 ? 2 : 0;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
