/**
 * The engine's shared state: the types of its events and entities, and `World`, the
 * one record every part of the engine reads and writes (built once from the topology).
 */
import { objectArray } from './arrays';
import type { ScheduledCommand } from '../commands';
import { EventQueue, TimeoutFifo } from './eventQueue';
import { usFromS, type SimTimeUs } from './time';
import { LatencyHistogram } from '../output/histogram';
import type { LogEntry } from '../output/log';
import {
  createOutlierDetector,
  type OutlierDetectionOptions,
} from '../mechanisms/models/outlierDetection';
import { createRandom, normaliseSeed, type Random } from './random';
import { createTokenBucket } from '../mechanisms/models/retryBudget';
import { createRetryRatioBudget } from '../mechanisms/models/retryRatioBudget';
import { emptyFailureCounts, Series, type FailureReason } from '../output/series';
import {
  defaultSettings,
  flattenOverrides,
  validateSetting,
  withSetting,
  type Settings,
} from '../settings';
import type { MessageView } from '../output/snapshot';
import type { SimulationInput, SimulationOptions } from '../simulationTypes';
import { createUptimeTracker } from '../output/timeAvailability';
import { createTracer, type Tracer } from '../output/trace';
import {
  linkId,
  topologyComponents,
  topologyLinks,
  type ComponentInfo,
  type LinkInfo,
  type TopologySpec,
} from '../topology';

import {
  type PooledEvent,
  type SimEvent,
  type TravellingEvent,
  type LinkState,
  type Attempt,
  type DependencyCall,
  type Try,
  type RetryBudgetState,
  type UserGroupState,
  type RegionState,
  type ZoneState,
  type ServerState,
  type TargetState,
  type BalancerState,
} from './types';

/**
 * Everything the engine's parts share: the run's constants, its state built from the
 * topology, the random streams, the event queue and the counters. One record, created
 * here, handed to every part (`createHealthChecks(world, ...)` and the like), so parts
 * that call each other get those calls injected and never import one another. The
 * scalars are fields, not closure variables, so every part sees the same value.
 */
export interface World {
  readonly seed: number;
  readonly trackMessages: boolean;
  readonly maxLogEntries: number;
  readonly topology: TopologySpec;
  readonly componentInfos: readonly ComponentInfo[];
  readonly linkInfos: readonly LinkInfo[];
  readonly componentById: ReadonlyMap<string, ComponentInfo>;
  readonly trafficManagerId: string | null;
  // Independent random streams (see random.ts for why).
  readonly arrivalRandom: Random;
  readonly serviceRandom: Random;
  readonly networkRandom: Random;
  readonly routingRandom: Random;
  readonly checkRandom: Random;
  readonly dnsRandom: Random;
  readonly mixRandom: Random;
  readonly databaseRandom: Random;
  readonly databaseNetworkRandom: Random;
  readonly retryRandom: Random;
  /** Which client of its group sends each request: its own stream, so other draws stay. */
  readonly clientRandom: Random;
  readonly faultRandom: Random;
  /** Pending events of the requests (arrivals, messages, service, retries, callbacks). */
  readonly queue: EventQueue<SimEvent>;
  /**
   * Pending periodic events (`PERIODIC_KINDS`: health checks, probes, DNS checks, the
   * per-second tick, flap toggles, scheduled commands), numbered by `queue`'s counter.
   * They come about once a second each, but there are a dozen or more pending at once
   * (one health check per target): kept in the request queue, they made its heap deeper
   * than the few requests in flight need, and every request's events paid for that.
   */
  readonly periodicQueue: EventQueue<SimEvent>;
  /**
   * Every attempt's client timeout, in due order. Most attempts end long before theirs
   * fires, so an entry is just the attempt: no event object, and the event loop drops
   * entries whose attempt is over without handling them.
   */
  readonly clientTimeouts: TimeoutFifo<Attempt>;
  /**
   * Every dependency call's timeout (`dependency.timeoutMs`), in due order, kept as the
   * client timeouts are: nearly every call is answered long before its timeout, and the
   * loop drops the entries of calls that are over without handling them.
   */
  readonly callTimeouts: TimeoutFifo<DependencyCall>;
  /**
   * Every try's per-try timeout at its balancer (`balancer.perTryTimeoutMs`, when on),
   * in due order, kept and dropped as the client timeouts are.
   */
  readonly tryTimeouts: TimeoutFifo<Try>;
  readonly inTransit: Set<TravellingEvent>;
  /** Ring of recently delivered or lost messages (trackMessages only). */
  readonly delivered: MessageView[];
  readonly series: Series;
  readonly latency: LatencyHistogram;
  readonly serverTimeHistogram: LatencyHistogram;
  readonly dependencyTimeHistogram: LatencyHistogram;
  readonly logEntries: LogEntry[];
  readonly applied: ScheduledCommand[];
  readonly failedBy: Record<FailureReason, number>;
  readonly retriesBy: { client: number; balancer: number; server: number };
  readonly links: ReadonlyMap<string, LinkState>;
  readonly servers: ReadonlyMap<string, ServerState>;
  readonly zones: ReadonlyMap<string, ZoneState>;
  readonly regions: ReadonlyMap<string, RegionState>;
  readonly balancers: ReadonlyMap<string, BalancerState>;
  readonly targetsByServer: ReadonlyMap<string, TargetState[]>;
  readonly dependency: ServerState | null;
  readonly regionList: readonly RegionState[];
  readonly groups: readonly UserGroupState[];
  readonly shareTotal: number;
  /**
   * Handled events, cleared, for `makeEvent` to reuse: a request makes about seven
   * events, and allocating them was most of the engine's garbage (see engine/events.ts).
   */
  readonly eventPool: PooledEvent[];
  /** Follow one request: records spans for the one traced request only (output/trace.ts). */
  readonly tracer: Tracer;

  /** Settings in force (a `set` or `rate` command replaces the record). */
  settings: Settings;
  /** Current simulated time. */
  nowUs: SimTimeUs;
  /**
   * The earliest due time at the heads of the three timeout FIFOs and of
   * `periodicQueue` (Infinity when they are all empty), entries of finished attempts,
   * tries and calls included: while the request queue's next event is due before it,
   * the loop need not look at them at all. `pushTimeout` and a periodic push lower it;
   * the loop recomputes it when it takes from one of them.
   */
  asideDueUs: number;
  nextRequestId: number;
  /** User requests started and not yet finished (probes aside). */
  inFlight: number;
  total: number;
  succeeded: number;
  degraded: number;
  failed: number;
  errorSeconds: number;
  lastErrorSecond: number;
  // Defences' counters.
  usersNeedingDependency: number;
  dependencyAttempts: number;
  /**
   * User requests that made at least one dependency call: the denominator of load
   * amplification (arrivals still upstream, failed upstream or refused by an open
   * breaker never reached it, and counting them pulled the ratio below 1).
   */
  usersReachingDependency: number;
  probeDependencyAttempts: number;
  serverTries: number;
  sideEffects: number;
  duplicateSideEffects: number;
  idempotentReplays: number;
  retriesDeniedByBudget: number;
  /** When the first user request failed by timing out, and the first duplicate charge (null: not yet). */
  firstTimeoutUs: SimTimeUs | null;
  firstDuplicateChargeUs: SimTimeUs | null;
  /** Log entries dropped from the front (indices count from the run's start). */
  logDropped: number;
  /** Next slot of the `delivered` ring. */
  deliveredNext: number;
}

/** Whether a server's host, zone and region are up (its process may still be crashed). */
export const serverAlive = (server: ServerState): boolean =>
  server.hostUp && (server.zone === null || (!server.zone.down && !server.zone.region.down));

/** A per-entity retry budget, empty. */
export const newBudget = (): RetryBudgetState => ({
  ratio: createRetryRatioBudget(),
  bucket: createTokenBucket(),
});

/** Outlier detection's options from the settings in force. */
export const outlierOptions = (settings: Settings): OutlierDetectionOptions => ({
  consecutive5xx: settings.outlier.consecutive5xx,
  baseEjectionTimeMs: settings.outlier.baseEjectionTimeMs,
  maxEjectionPercent: settings.outlier.maxEjectionPercent,
  // Envoy caps ejection at 10 x its base (300 s for 30 s).
  maxEjectionTimeMs: settings.outlier.baseEjectionTimeMs * 10,
});

/** The world of a run of `input` seeded with `options.seed`, before its first event. */
export function createWorld(input: SimulationInput, options: SimulationOptions): World {
  const seed = normaliseSeed(options.seed);
  const trackMessages = options.trackMessages ?? true;
  const maxLogEntries = options.maxLogEntries ?? 5000;

  let settings = defaultSettings();
  for (const [path, raw] of flattenOverrides(input.settings ?? {})) {
    const checked = validateSetting(path, raw);
    if (checked.error !== null) throw new Error(`settings: ${checked.error}`);
    settings = withSetting(settings, path, checked.value);
  }

  const topology = input.topology;
  const componentInfos = topologyComponents(topology);
  const linkInfos = topologyLinks(topology);
  const componentById = new Map(componentInfos.map((c) => [c.id, c]));
  const trafficManagerId = topology.trafficManager?.id ?? null;

  // Independent random streams (see random.ts for why).
  const arrivalRandom = createRandom(seed, 'arrivals');
  const serviceRandom = createRandom(seed, 'service');
  const networkRandom = createRandom(seed, 'network');
  const routingRandom = createRandom(seed, 'routing');
  const checkRandom = createRandom(seed, 'health-checks');
  const dnsRandom = createRandom(seed, 'dns');
  const mixRandom = createRandom(seed, 'request-mix');
  const databaseRandom = createRandom(seed, 'database');
  const databaseNetworkRandom = createRandom(seed, 'database-network');
  const retryRandom = createRandom(seed, 'retries');
  // Which client of its group sends each request: its own stream, so other draws stay.
  const clientRandom = createRandom(seed, 'clients');
  const faultRandom = createRandom(seed, 'gray-failures');

  const queue = new EventQueue<SimEvent>();
  const periodicQueue = new EventQueue<SimEvent>();
  const clientTimeouts = new TimeoutFifo<Attempt>();
  const callTimeouts = new TimeoutFifo<DependencyCall>();
  const tryTimeouts = new TimeoutFifo<Try>();
  const inTransit = new Set<TravellingEvent>();
  const delivered: MessageView[] = [];
  const series = new Series();
  const latency = new LatencyHistogram(16);
  const serverTimeHistogram = new LatencyHistogram(16);
  const dependencyTimeHistogram = new LatencyHistogram(16);
  const logEntries = objectArray<LogEntry>();
  const applied: ScheduledCommand[] = [];

  const failedBy = emptyFailureCounts();
  const retriesBy = { client: 0, balancer: 0, server: 0 };

  // ---- state from topology ----
  const links = new Map<string, LinkState>();
  for (const info of linkInfos) {
    links.set(info.id, {
      info,
      cutForward: false,
      cutBackward: false,
      addedLatencyMs: 0,
      lossFraction: 0,
    });
  }
  const newServer = (info: ComponentInfo, zone: ZoneState | null): ServerState => ({
    info,
    zone,
    process: 'up',
    hostUp: true,
    slowFactor: 1,
    errorFraction: 0,
    flapPeriodUs: 0,
    flapEpoch: 0,
    epoch: 0,
    inService: objectArray(),
    queue: objectArray(),
    queueHead: 0,
    wastedWork: 0,
    served: 0,
    breaker: null,
    breakerTransitions: 0,
    budget: newBudget(),
    dependencyLink: null,
  });
  const servers = new Map<string, ServerState>();
  const zones = new Map<string, ZoneState>();
  const regions = new Map<string, RegionState>();
  const balancers = new Map<string, BalancerState>();
  const targetsByServer = new Map<string, TargetState[]>();
  topology.regions.forEach((regionSpec, index) => {
    const region = {
      info: componentById.get(regionSpec.id)!,
      index,
      down: false,
      zones: [],
      dnsHealthy: true,
      dnsFails: 0,
      dnsOks: 0,
      dnsLink: trafficManagerId ? links.get(linkId(trafficManagerId, regionSpec.balancer))! : null,
    } as unknown as RegionState;
    const balancer: BalancerState = {
      info: componentById.get(regionSpec.balancer)!,
      region,
      targets: [],
      cursor: { next: 0 },
      weighted: { currentWeights: {} },
      failingOpen: false,
      eligible: null,
      outliers: createOutlierDetector(outlierOptions(settings)),
      budget: newBudget(),
    };
    region.balancer = balancer;
    regions.set(region.info.id, region);
    balancers.set(balancer.info.id, balancer);
    for (const zoneSpec of regionSpec.zones) {
      const zone: ZoneState = {
        info: componentById.get(zoneSpec.id)!,
        region,
        down: false,
        servers: [],
      };
      zones.set(zone.info.id, zone);
      region.zones.push(zone);
      for (const serverId of zoneSpec.servers) {
        const server = newServer(componentById.get(serverId)!, zone);
        zone.servers.push(server);
        servers.set(serverId, server);
        const target: TargetState = {
          id: serverId,
          server,
          balancer,
          link: links.get(linkId(balancer.info.id, serverId))!,
          weight: 1,
          // Targets start healthy: the run begins with a warmed-up, passing fleet.
          healthy: true,
          consecutiveFails: 0,
          consecutiveOks: 0,
          outstanding: 0,
          probeSeq: 0,
          lastCheckOk: null,
          routed: 0,
        };
        balancer.targets.push(target);
        targetsByServer.set(serverId, [...(targetsByServer.get(serverId) ?? []), target]);
      }
    }
  });
  const dependency: ServerState | null = topology.dependency
    ? newServer(componentById.get(topology.dependency.id)!, null)
    : null;
  if (dependency) {
    for (const server of servers.values()) {
      server.dependencyLink = links.get(linkId(server.info.id, dependency.info.id)) ?? null;
    }
  }
  const regionList = [...regions.values()];
  const groups: UserGroupState[] = topology.users.map((spec) => {
    const groupLinks = new Map<string, LinkState>();
    const linkByRegion = objectArray<LinkState | undefined>();
    for (const region of regionList) {
      const link = links.get(linkId(spec.id, region.balancer.info.id));
      if (link) groupLinks.set(region.info.id, link);
      linkByRegion.push(link);
    }
    return {
      id: spec.id,
      share: spec.share,
      home: regions.get(spec.region)!,
      links: groupLinks,
      linkByRegion,
      dnsCaches: [],
      succeeded: 0,
      degraded: 0,
      failed: 0,
      total: 0,
      errorSeconds: 0,
      lastErrorSecond: -1,
      timedOut: 0,
      uptime: createUptimeTracker(),
      probes: objectArray(),
      clientBudgets: objectArray(),
      probeBudget: newBudget(),
    };
  });
  const shareTotal = groups.reduce((sum, g) => sum + g.share, 0);
  const world: World = {
    seed,
    trackMessages,
    maxLogEntries,
    topology,
    componentInfos,
    linkInfos,
    componentById,
    trafficManagerId,
    arrivalRandom,
    serviceRandom,
    networkRandom,
    routingRandom,
    checkRandom,
    dnsRandom,
    mixRandom,
    databaseRandom,
    databaseNetworkRandom,
    retryRandom,
    clientRandom,
    faultRandom,
    queue,
    periodicQueue,
    clientTimeouts,
    callTimeouts,
    tryTimeouts,
    inTransit,
    delivered,
    series,
    latency,
    serverTimeHistogram,
    dependencyTimeHistogram,
    logEntries,
    applied,
    failedBy,
    retriesBy,
    links,
    servers,
    zones,
    regions,
    balancers,
    targetsByServer,
    dependency,
    regionList,
    groups,
    shareTotal,
    settings,
    // NaN, then 0 below: the first value fixes how V8 stores the field, and times
    // outgrow small integers at 2^30 us (see `newEvent` in engine/events.ts).
    nowUs: NaN as SimTimeUs,
    nextRequestId: 1,
    inFlight: 0,
    total: 0,
    succeeded: 0,
    degraded: 0,
    failed: 0,
    errorSeconds: 0,
    lastErrorSecond: -1,
    usersNeedingDependency: 0,
    dependencyAttempts: 0,
    usersReachingDependency: 0,
    probeDependencyAttempts: 0,
    serverTries: 0,
    sideEffects: 0,
    duplicateSideEffects: 0,
    idempotentReplays: 0,
    retriesDeniedByBudget: 0,
    firstTimeoutUs: null,
    firstDuplicateChargeUs: null,
    logDropped: 0,
    deliveredNext: 0,
    asideDueUs: Infinity,
    eventPool: objectArray<PooledEvent>(),
    tracer: createTracer(),
  };
  world.nowUs = usFromS(0);
  return world;
}
