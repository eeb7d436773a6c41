/**
 * The engine's shared state: the types of its events and entities, and `World`, the
 * one record every part of the engine reads and writes (built once from the topology).
 */
import { numberArray, objectArray } from '../arrays';
import type { Command, ScheduledCommand } from '../commands';
import { EventQueue, TimeoutFifo, type QueuedEvent } from '../eventQueue';
import { LatencyHistogram } from '../histogram';
import type { LogEntry } from '../log';
import type { RoundRobinCursor, SmoothWeightedState } from '../balancing';
import type { CircuitBreaker } from '../circuitBreaker';
import {
  createOutlierDetector,
  type OutlierDetectionOptions,
  type OutlierDetector,
} from '../outlierDetection';
import { createRandom, normaliseSeed, type Random } from '../random';
import { createTokenBucket, type TokenBucket } from '../retryBudget';
import { createRetryRatioBudget, type RetryRatioBudget } from '../retryRatioBudget';
import { emptyFailureCounts, Series, type FailureReason } from '../series';
import {
  defaultSettings,
  flattenOverrides,
  validateSetting,
  withSetting,
  type Settings,
} from '../settings';
import type { MessageView } from '../snapshot';
import type { SimulationInput, SimulationOptions } from '../simulationTypes';
import { US_PER_S } from '../time';
import { createUptimeTracker, type UptimeTracker } from '../timeAvailability';
import {
  linkId,
  topologyComponents,
  topologyLinks,
  type ComponentInfo,
  type LinkInfo,
  type TopologySpec,
} from '../topology';

// Event types. Plain numbers keep dispatch a cheap switch. (Client timeouts are not
// events: they wait in their own FIFO, see `clientTimeouts`.)
export const ARRIVAL = 0;
export const AT_BALANCER = 1;
export const AT_SERVER = 2;
export const SERVICE_DONE = 3;
export const REPLY_AT_BALANCER = 4;
export const REPLY_AT_USER = 5;
export const CHECK_SEND = 6;
export const CHECK_RESULT = 7;
export const COMMAND = 8;
export const DROPPED = 9;
export const FLAP_TOGGLE = 10;
export const DNS_CHECK = 11;
export const PROBE = 12;
export const SECOND_TICK = 13;
export const TRY_TIMEOUT = 14;
export const AT_DEPENDENCY = 15;
export const DEPENDENCY_DONE = 16;
export const DEPENDENCY_REPLY = 17;
export const DEPENDENCY_TIMEOUT = 18;
export const CLIENT_RETRY = 19;
export const BALANCER_RETRY = 20;
export const SERVER_RETRY = 21;
export const CALLBACK = 22;

/** Phase of scheduled commands: after all ordinary events of the same microsecond. */
export const COMMAND_PHASE = 1;
/** Phase of the per-second tick: after everything else at that microsecond. */
export const TICK_PHASE = 2;

/** Time a healthy server spends answering a health check (a cheap endpoint). */
export const CHECK_PROCESSING_US = 200;

/**
 * DNS caches per user group. Each stands for a resolver or client population with
 * its own TTL clock; staggered expiry makes traffic move gradually over one TTL, as
 * it does for real users.
 */
export const DNS_CACHES_PER_GROUP = 100;

/** Ring size of recently delivered or lost messages (trackMessages only). */
export const DELIVERED_MAX = 4096;

/** How long the dependency remembers a charge (idempotency keys, duplicate counting). */
export const SIDE_EFFECT_MEMORY_US = 120 * US_PER_S;

/** How a hop ended: a full answer, a fallback answer, or a failure with its reason. */
export type Outcome = 'ok' | 'degraded' | FailureReason;

export interface SimEvent extends QueuedEvent {
  type: number;
  user?: UserRequest;
  attempt?: Attempt;
  try_?: Try;
  call?: DependencyCall;
  group?: UserGroupState;
  target?: TargetState;
  server?: ServerState;
  region?: RegionState;
  outcome?: Outcome;
  epoch?: number;
  probe?: number;
  command?: Command;
  /** Travelling messages: where and since when (for drawing). */
  from?: string;
  to?: string;
  sentUs?: number;
  /** Set on DROPPED: the kind of message that was lost. */
  lostKind?: MessageView['kind'];
  /** CALLBACK: work scheduled by a sub-model (the database). */
  fn?: () => void;
}

export interface LinkState {
  info: LinkInfo;
  /** Messages from `info.from` to `info.to` are lost. */
  cutForward: boolean;
  /** Messages from `info.to` back to `info.from` are lost. */
  cutBackward: boolean;
  addedLatencyMs: number;
  lossFraction: number;
}

/** What a user asked for: counted once, however many attempts it takes. */
export interface UserRequest {
  id: number;
  group: UserGroupState;
  startUs: number;
  done: boolean;
  /**
   * A synthetic monitoring probe: measured for time-based availability only. It is a
   * user journey through every step users' requests take (`startUserRequest`).
   */
  probe: boolean;
  /** Checkout: the server charges a card at the payments dependency. */
  needsDependency: boolean;
  /** Some server called the dependency for it (counted once in usersReachingDependency). */
  reachedDependency: boolean;
  attempts: number;
  lastBackoffMs: number;
  /** The retry budget of the client that sent it (one of its group's, or the probe's). */
  budget: RetryBudgetState;
  /** Probes: whether the service answered (set when the probe finishes). */
  answered: boolean;
  /**
   * Charges the dependency made for this request while it remembers them (its
   * idempotency memory): back to 0 when forgotten (see `chargeExpiry`).
   */
  charges: number;
}

/** One try by the user (client): through the balancer and back. */
export interface Attempt {
  user: UserRequest;
  balancer: BalancerState;
  userLink: LinkState;
  /** The user has its answer or gave up on this attempt. */
  done: boolean;
  tries: number;
  current: Try | null;
  lastBackoffMs: number;
  /**
   * Targets this attempt's earlier tries went to, so a retry picks a host not yet tried
   * (Envoy `retry_host_predicate: previous_hosts`). Null until the first retry: most
   * attempts never retry and allocate nothing.
   */
  tried: TargetState[] | null;
}

/** One try by the balancer on one server. */
export interface Try {
  attempt: Attempt;
  target: TargetState;
  /** The balancer has an answer for this try or stopped waiting. */
  done: boolean;
  /** When it reached the server (for the server-time percentiles). */
  atServerUs: number;
  /** The server's last backoff before retrying the dependency (decorrelated jitter grows from it). */
  dependencyBackoffMs: number;
}

/** One call from an app server to the dependency. */
export interface DependencyCall {
  try_: Try;
  server: ServerState;
  /** Attempt number at this layer (1 = first). */
  n: number;
  /** The server has an answer or stopped waiting. */
  done: boolean;
  startUs: number;
  /** The calling server's epoch: a crash abandons the call. */
  epoch: number;
}

export type Work = Try | DependencyCall;

export interface DnsCache {
  region: RegionState;
  expiresUs: number;
}

/** A per-entity retry budget: the SRE ratio window and the gRPC token bucket. */
export interface RetryBudgetState {
  ratio: RetryRatioBudget;
  bucket: TokenBucket;
}

export interface UserGroupState {
  id: string;
  share: number;
  home: RegionState;
  /** Link from this group to each region's balancer, by region id. */
  links: Map<string, LinkState>;
  dnsCaches: DnsCache[];
  succeeded: number;
  degraded: number;
  failed: number;
  total: number;
  errorSeconds: number;
  lastErrorSecond: number;
  /** This group's requests that failed by timing out (the diagram flashes them per group). */
  timedOut: number;
  /** Results of this group's synthetic probes (time-based availability). */
  uptime: UptimeTracker;
  /** Probes in the order they were sent, until their results can be recorded in order. */
  probes: UserRequest[];
  /**
   * One retry budget per client, as the SRE book's budget and gRPC's throttling are
   * kept: a group stands for `client.clientsPerGroup` clients and each request comes
   * from one of them (`clientRandom`). By client index, created up to the highest
   * index drawn. A quiet client's 10% budget rarely has the 10 requests behind it
   * that one retry needs, and one client's exhausted budget does not stop another's.
   */
  clientBudgets: RetryBudgetState[];
  /**
   * The group's synthetic monitor is a client of its own (a probe agent, not one of
   * the users), with its own budget: its retries never spend the users' budgets.
   */
  probeBudget: RetryBudgetState;
}

export interface RegionState {
  info: ComponentInfo;
  index: number;
  down: boolean;
  balancer: BalancerState;
  zones: ZoneState[];
  /** The traffic manager's verdict on this region's endpoint. */
  dnsHealthy: boolean;
  dnsFails: number;
  dnsOks: number;
  dnsLink: LinkState | null;
}

export interface ZoneState {
  info: ComponentInfo;
  region: RegionState;
  down: boolean;
  servers: ServerState[];
}

/** An app server, or the dependency (same failure modes, different work). */
export interface ServerState {
  info: ComponentInfo;
  /** Null for the dependency, which lives outside the regions. */
  zone: ZoneState | null;
  process: 'up' | 'crashed';
  hostUp: boolean;
  /** Service time multiplier (gray failure); 1 when healthy. */
  slowFactor: number;
  /** Share of requests answered at once with a 5xx (gray failure); 0 when healthy. */
  errorFraction: number;
  /** Flapping period, 0 when not flapping. */
  flapPeriodUs: number;
  /** Bumped to cancel pending flap toggles. */
  flapEpoch: number;
  /** Bumped on every crash or power loss so work from before it is ignored. */
  epoch: number;
  /**
   * Work being processed, oldest first (a crash resets it in this order). A plain
   * array: it holds about `workers` entries, so a scan beats a Set's hashing.
   */
  inService: Work[];
  queue: Work[];
  queueHead: number;
  /** Work finished after its caller had already given up (work nobody receives). */
  wastedWork: number;
  served: number;
  /** Breaker on this server's calls to the dependency (created when enabled). */
  breaker: CircuitBreaker | null;
  breakerTransitions: number;
  budget: RetryBudgetState;
  /** App servers: the link to the dependency (looked up once, not per call). */
  dependencyLink: LinkState | null;
}

export interface TargetState {
  /** Server id (balancing pickers key on it). */
  id: string;
  server: ServerState;
  balancer: BalancerState;
  link: LinkState;
  weight: number;
  healthy: boolean;
  consecutiveFails: number;
  consecutiveOks: number;
  /** Tries sent and not yet answered or abandoned (least-outstanding uses it). */
  outstanding: number;
  probeSeq: number;
  lastCheckOk: boolean | null;
  /** Tries routed here, for the share each server gets. */
  routed: number;
}

export interface BalancerState {
  info: ComponentInfo;
  region: RegionState;
  targets: TargetState[];
  cursor: RoundRobinCursor;
  weighted: SmoothWeightedState;
  failingOpen: boolean;
  /** Cached routing candidates; null when a health verdict or weight changed. */
  eligible: TargetState[] | null;
  outliers: OutlierDetector;
  budget: RetryBudgetState;
}

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
  readonly queue: EventQueue<SimEvent>;
  /**
   * Every attempt's client timeout, in due order. Most attempts end long before theirs
   * fires, so an entry is just the attempt: no event object, and the event loop drops
   * entries whose attempt is over without handling them.
   */
  readonly clientTimeouts: TimeoutFifo<Attempt>;
  readonly inTransit: Set<SimEvent>;
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
  /**
   * Requests whose charges the dependency will forget, with when (SIDE_EFFECT_MEMORY_US
   * after they finished), oldest first from `chargeExpiryHead`; the second tick forgets
   * them. The counts live on the requests (`charges`): no map keyed by request id.
   */
  readonly chargeExpiry: UserRequest[];
  readonly chargeExpiryUs: number[];
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
  readonly eventPool: SimEvent[];

  /** Settings in force (a `set` or `rate` command replaces the record). */
  settings: Settings;
  /** Current simulated time. */
  nowUs: number;
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
  chargeExpiryHead: number;
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
  const clientTimeouts = new TimeoutFifo<Attempt>();
  const inTransit = new Set<SimEvent>();
  const delivered: MessageView[] = [];
  const series = new Series();
  const latency = new LatencyHistogram(16);
  const serverTimeHistogram = new LatencyHistogram(16);
  const dependencyTimeHistogram = new LatencyHistogram(16);
  const logEntries = objectArray<LogEntry>();
  const applied: ScheduledCommand[] = [];

  const failedBy = emptyFailureCounts();
  const retriesBy = { client: 0, balancer: 0, server: 0 };
  const chargeExpiry = objectArray<UserRequest>();
  const chargeExpiryUs = numberArray();

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
    for (const region of regionList) {
      const link = links.get(linkId(spec.id, region.balancer.info.id));
      if (link) groupLinks.set(region.info.id, link);
    }
    return {
      id: spec.id,
      share: spec.share,
      home: regions.get(spec.region)!,
      links: groupLinks,
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
    clientTimeouts,
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
    chargeExpiry,
    chargeExpiryUs,
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
    nowUs: NaN,
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
    chargeExpiryHead: 0,
    logDropped: 0,
    deliveredNext: 0,
    eventPool: objectArray<SimEvent>(),
  };
  world.nowUs = 0;
  return world;
}
