/**
 * Years fast: chaos mode with traffic as a fluid. The request-level engine simulates a
 * year of the default design as about 1.6e9 requests; between two failures nothing
 * changes but the count, so this model keeps only what decides availability: the same
 * failures at the same microseconds (`failureProcess.ts`, the same seeded streams), the
 * same detection (health-check interval x threshold, plus the check timeout when nothing
 * answers), the same return to service (healthy threshold), the traffic manager's
 * detection plus the DNS TTL, the balancer's fail-open and its retries; and integrates
 * the share of traffic served over time, piece by piece.
 *
 * Its simplifications (each one a documented source of the gap to the engine, measured
 * in `fluid.test.ts`): a detection takes its mean time (the first check comes half an
 * interval after the failure on average) instead of the engine's random phase; users
 * leave a dead region at the mean of their cached answers' expiry (half a TTL after
 * detection); slow servers count as serving (their requests are slower, not failed, unless
 * the slowness overloads them); the payments dependency is not modelled. The database
 * (failover time, acknowledged writes lost) is `fluidDatabase.ts`.
 */
import type { SimTimeUs } from '../engine/time';
import type { Settings } from '../settings';
import type { TopologySpec } from '../topology';
import { linkId } from '../topology';
import {
  chaosComponents,
  failureIntervals,
  type FailureInterval,
  type FailureKind,
} from './failureProcess';
import { runFluidDatabase, type FluidFailover } from './fluidDatabase';

/** A 365-day year of simulated time. */
export const US_PER_YEAR = (365 * 86_400 * 1e6) as SimTimeUs;

/** `years` years of simulated time (whole microseconds for whole years). */
export const usFromYears = (years: number): SimTimeUs => (years * US_PER_YEAR) as SimTimeUs;

/** One simulated year's figures. */
export interface FluidYear {
  /** Traffic-weighted share of time served, 0..1 (request-based availability for steady traffic). */
  availability: number;
  /** Equivalent full downtime: (1 - availability) x the year, seconds. */
  downtimeS: number;
  /** Episodes of less than full service that started this year. */
  incidents: number;
  /** Acknowledged writes lost at this year's promotions (expected count); null without a database. */
  writesLost: number | null;
}

export interface FluidResult {
  years: FluidYear[];
  /** Availability over the whole run (the mean of the years, weighted by time). */
  availability: number;
  /** Failures the failure process produced (all kinds, all components). */
  failures: number;
  /**
   * Acknowledged writes lost over the run (`fluidDatabase.ts`: the writes each promoted
   * node never had, an expected count); null without a (single-primary) database.
   */
  writesLost: number | null;
  /** The database's promotions, in time order (empty without a database). */
  failovers: FluidFailover[];
  /** The same failures counted by kind (kinds with none are absent). */
  failuresByKind: Partial<Record<FailureKind, number>>;
}

/**
 * Detection and return-to-service times the fluid model uses, from the settings. They are
 * means (half a check interval and the like), so they need not be whole microseconds and
 * stay plain numbers; they are added to the failures' `SimTimeUs` instants.
 */
export interface FluidTimings {
  /** A refused (crashed) server is marked unhealthy after this, on average. */
  detectRefusedUs: number;
  /** A server that answers nothing (host, zone, link) is marked unhealthy after this. */
  detectSilentUs: number;
  /** A repaired server gets traffic again after this, on average. */
  returnUs: number;
  /** A region that cannot serve is marked unhealthy in DNS and its users have moved, on average. */
  dnsMoveUs: number;
}

/** Mean detection times from the settings: the first check is half an interval away. */
export function fluidTimings(settings: Settings): FluidTimings {
  const hc = settings.healthCheck;
  const intervalUs = hc.intervalMs * 1000;
  const tm = settings.trafficManager;
  return {
    detectRefusedUs: (hc.unhealthyThreshold - 0.5) * intervalUs,
    detectSilentUs:
      (hc.unhealthyThreshold - 0.5) * Math.max(intervalUs, hc.timeoutMs * 1000) +
      hc.timeoutMs * 1000,
    returnUs: (hc.healthyThreshold - 0.5) * intervalUs,
    dnsMoveUs: (tm.failureThreshold - 0.5) * tm.intervalMs * 1000 + (tm.dnsTtlS * 1e6) / 2,
  };
}

/** A server's state for its balancer: serving, failing requests sent to it (not yet detected), or out. */
type ServerView = 'serving' | 'failing' | 'out' | 'up-unmarked';

interface ServerEntry {
  id: string;
  zone: string;
  region: string;
  /** Failures that take this server out: its own, its zone's, its link from the balancer. */
  intervals: FailureInterval[];
  /** Index of the first interval not yet over (time only moves forward). */
  cursor: number;
}

/**
 * Probability a request fails when the balancer picks among `candidates` of which `bad`
 * fail it, trying up to `tries` different servers, and the user tries `attempts` times.
 */
function failProbability(candidates: number, bad: number, tries: number, attempts: number): number {
  if (candidates === 0) return 1;
  let p = 1;
  for (let i = 0; i < tries && i < candidates; i++) p *= Math.max(0, bad - i) / (candidates - i);
  return p ** attempts;
}

/**
 * Runs the fluid model of `topology` under `settings` (chaos rates included, whatever
 * `chaos.mode` says) for `years` years from `seed`. `untilUs` overrides the length (for
 * comparing with a request-level run of a few hours).
 */
export function runFluid(
  topology: TopologySpec,
  settings: Settings,
  seed: number,
  years: number,
  untilUs: SimTimeUs = usFromYears(years),
  options: {
    /** Detection and DNS times to use instead of the settings' (zero: the formula's instant ones). */
    timings?: FluidTimings;
    /** Called after each simulated year with the number done (for a progress bar). */
    onYear?: (yearsDone: number) => void;
  } = {},
): FluidResult {
  const timings = options.timings ?? fluidTimings(settings);
  const components = chaosComponents(topology, settings.chaos);
  const intervalsOf = new Map<string, FailureInterval[]>();
  let failures = 0;
  const failuresByKind: Partial<Record<FailureKind, number>> = {};
  for (const component of components) {
    const list = failureIntervals(seed, component, untilUs);
    failures += list.length;
    for (const iv of list) failuresByKind[iv.kind] = (failuresByKind[iv.kind] ?? 0) + 1;
    intervalsOf.set(component.id, list);
  }
  const database = runFluidDatabase(topology, settings, intervalsOf, untilUs);
  // Share of requests failing for the database's sake, as steps in time order.
  const dbSteps: Array<{ atUs: number; delta: number }> = [];
  for (const o of database?.outages ?? []) {
    if (o.toUs <= o.fromUs) continue;
    dbSteps.push(
      { atUs: o.fromUs, delta: o.failingShare },
      { atUs: o.toUs, delta: -o.failingShare },
    );
  }
  dbSteps.sort((a, b) => a.atUs - b.atUs);
  let dbCursor = 0;
  let dbFailing = 0;
  const servers: ServerEntry[] = [];
  for (const region of topology.regions) {
    for (const zone of region.zones) {
      for (const id of zone.servers) {
        const intervals = [
          ...intervalsOf.get(id)!,
          ...intervalsOf.get(zone.id)!,
          ...intervalsOf.get(linkId(region.balancer, id))!,
          // A repaired region's targets are checked again before they get traffic.
          ...intervalsOf.get(region.id)!,
        ].sort((a, b) => a.failUs - b.failUs);
        servers.push({ id, zone: zone.id, region: region.id, intervals, cursor: 0 });
      }
    }
  }

  // Every instant at which some view can change: failures, detections, repairs, returns.
  const points = new Set<number>([0, untilUs]);
  for (const list of intervalsOf.values()) {
    for (const iv of list) {
      points.add(iv.failUs);
      points.add(iv.failUs + timings.detectRefusedUs);
      points.add(iv.failUs + timings.detectSilentUs);
      points.add(iv.repairUs);
      points.add(iv.repairUs + timings.returnUs);
    }
  }
  for (const step of dbSteps) points.add(step.atUs);
  for (let y = 1; y < years; y++) points.add(y * US_PER_YEAR);
  const times = [...points].filter((t) => t <= untilUs).sort((a, b) => a - b);

  const RANK: Record<ServerView, number> = { serving: 0, 'up-unmarked': 1, failing: 2, out: 3 };
  const returnUs = timings.returnUs;
  const viewAt = (server: ServerEntry, t: number): ServerView => {
    const list = server.intervals;
    // Time only moves forward: skip the failures long over for good.
    while (server.cursor < list.length && list[server.cursor]!.repairUs + returnUs <= t)
      server.cursor++;
    let view: ServerView = 'serving';
    for (let k = server.cursor; k < list.length; k++) {
      const iv = list[k]!;
      if (iv.failUs > t) break;
      if (t >= iv.repairUs + returnUs) continue;
      let v: ServerView;
      if (t >= iv.repairUs) v = 'up-unmarked';
      else if (iv.kind === 'slow') continue;
      else if (iv.kind === 'region') v = 'out';
      else {
        const detectUs = iv.kind === 'crash' ? timings.detectRefusedUs : timings.detectSilentUs;
        v = t < iv.failUs + detectUs ? 'failing' : 'out';
      }
      if (RANK[v] > RANK[view]) view = v;
    }
    return view;
  };
  const regionCursor = new Map<string, number>();
  const regionDown = (regionId: string, t: number): boolean => {
    const list = intervalsOf.get(regionId)!;
    let k = regionCursor.get(regionId) ?? 0;
    while (k < list.length && list[k]!.repairUs <= t) k++;
    regionCursor.set(regionId, k);
    return k < list.length && list[k]!.failUs <= t;
  };
  const serversOf = new Map<string, ServerEntry[]>(
    topology.regions.map((r) => [r.id, servers.filter((s) => s.region === r.id)]),
  );

  const tries = settings.retries.balancerMaxAttempts;
  const attempts = settings.retries.clientMaxAttempts;
  /** Share of a region's requests that succeed at time t (0 if the region is down). */
  const regionServes = (regionId: string, t: number): number => {
    if (regionDown(regionId, t)) return 0;
    let marked = 0;
    let bad = 0;
    let working = 0;
    let all = 0;
    for (const s of serversOf.get(regionId)!) {
      const v = viewAt(s, t);
      all++;
      if (v === 'serving') {
        marked++;
        working++;
      } else if (v === 'failing') {
        marked++;
        bad++;
      } else if (v === 'up-unmarked') working++;
    }
    // Fail-open (ALB; Envoy's panic threshold at 0): with none healthy it tries them all.
    if (marked === 0) return 1 - failProbability(all, all - working, tries, attempts);
    return 1 - failProbability(marked, bad, tries, attempts);
  };

  const regionIds = topology.regions.map((r) => r.id);
  const totalShare = topology.users.reduce((sum, g) => sum + g.share, 0);
  const unfitSince = new Map<string, number>();
  const activePassive = settings.regions.mode === 'active-passive';
  const serves = new Map<string, number>();

  const years_: FluidYear[] = [];
  let yearIndex = 0;
  let yearUpUs = 0;
  let yearIncidents = 0;
  let totalUpUs = 0;
  let wasFull = true;
  const closeYear = (lengthUs: number): void => {
    const availability = lengthUs > 0 ? yearUpUs / lengthUs : 1;
    const startUs = yearIndex * US_PER_YEAR;
    years_.push({
      availability,
      downtimeS: ((1 - availability) * lengthUs) / 1e6,
      incidents: yearIncidents,
      writesLost: database
        ? database.failovers
            .filter((f) => f.atUs >= startUs && f.atUs < startUs + lengthUs)
            .reduce((sum, f) => sum + f.writesLost, 0)
        : null,
    });
    yearUpUs = 0;
    yearIncidents = 0;
    yearIndex++;
    options.onYear?.(yearIndex);
  };

  // Extra points where users finish moving away from a region DNS gave up on.
  const dnsPoints: number[] = [];
  let i = 0;
  let t = 0;
  while (t < untilUs) {
    // Serve shares at t: regions first, then users through DNS.
    for (const id of regionIds) {
      const q = regionServes(id, t);
      serves.set(id, q);
      // The traffic manager checks "at least one healthy target" (and a live balancer).
      const fit = q > 0;
      if (!fit && !unfitSince.has(id)) {
        unfitSince.set(id, t);
        dnsPoints.push(t + timings.dnsMoveUs);
      } else if (fit) unfitSince.delete(id);
    }
    const dnsHealthy = (id: string): boolean => {
      const since = unfitSince.get(id);
      return since === undefined || t < since + timings.dnsMoveUs;
    };
    let served = 0;
    if (topology.trafficManager) {
      const firstHealthy = regionIds.find(dnsHealthy);
      for (const g of topology.users) {
        let region = activePassive ? regionIds[0]! : g.region;
        if (!dnsHealthy(region)) region = firstHealthy ?? region;
        served += g.share * serves.get(region)!;
      }
    } else {
      for (const g of topology.users) served += g.share * serves.get(g.region)!;
    }
    // The database: requests that need a primary fail while none serves.
    while (dbCursor < dbSteps.length && dbSteps[dbCursor]!.atUs <= t)
      dbFailing += dbSteps[dbCursor++]!.delta;
    const a = (served / totalShare) * (1 - Math.min(1, Math.max(0, dbFailing)));
    if (a < 1 && wasFull) yearIncidents++;
    wasFull = a >= 1;

    // The next instant anything can change.
    while (i < times.length && times[i]! <= t) i++;
    let next = i < times.length ? times[i]! : untilUs;
    // Keep only the DNS moves still to come (a handful at most).
    for (let k = dnsPoints.length - 1; k >= 0; k--) {
      const p = dnsPoints[k]!;
      if (p <= t) dnsPoints.splice(k, 1);
      else if (p < next) next = p;
    }
    const yearEnd = (yearIndex + 1) * US_PER_YEAR;
    if (yearEnd < next && yearEnd < untilUs) next = yearEnd;
    yearUpUs += a * (next - t);
    totalUpUs += a * (next - t);
    t = next;
    if (t === yearEnd && t < untilUs) closeYear(US_PER_YEAR);
  }
  closeYear(untilUs - yearIndex * US_PER_YEAR);
  return {
    years: years_,
    availability: totalUpUs / untilUs,
    failures,
    writesLost: database ? database.writesLost : null,
    failovers: database?.failovers ?? [],
    failuresByKind,
  };
}
