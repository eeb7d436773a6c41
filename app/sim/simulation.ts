/**
 * The discrete-event engine. A user request is a chain of events: the client's
 * attempts, the balancer's tries on servers, a server's calls to its dependency, and
 * the replies back. Health checks, DNS checks, probes, the per-second tick and
 * scheduled commands are events too. `runUntil` is pure stepping: only app/driver
 * decides when to call it.
 *
 * Layers, each with its own timeout, retries, backoff and budget:
 *   users --attempt--> balancer --try--> app server --call--> dependency (payments)
 */
import { requestAvailability } from './availability';
import { numberArray, objectArray } from './arrays';
import { backoffDelayMs } from './backoff';
import {
  leastOutstandingPick,
  powerOfTwoChoicesPick,
  roundRobinPick,
  weightedLeastRequestPick,
  weightedRandomPick,
  weightedRoundRobinPick,
  randomPick,
  type RoundRobinCursor,
  type SmoothWeightedState,
} from './balancing';
import {
  createAlertEvaluator,
  DEFAULT_ALERT_RULES,
  type AlertEvaluator,
  type AlertRecord,
} from './burnRateAlerts';
import {
  breakerAcquire,
  breakerRecord,
  breakerState,
  createBreaker,
  type BreakerTransition,
  type CircuitBreaker,
} from './circuitBreaker';
import {
  describeCommand,
  settingChangeProblem,
  validateCommand,
  type Command,
  type ScheduledCommand,
} from './commands';
import {
  createDatabase,
  type Database,
  type DatabaseAction,
  type DatabaseContext,
  type DatabaseOptions,
} from './database';
import { entryBeforeEvent, EventQueue, TimeoutFifo, type QueuedEvent } from './eventQueue';
import { LatencyHistogram } from './histogram';
import type { LogCategory, LogEntry } from './log';
import {
  createOutlierDetector,
  outlierEjectedCount,
  outlierIsEjected,
  outlierRecord,
  type OutlierDetector,
} from './outlierDetection';
import { createRandom, normaliseSeed } from './random';
import {
  createTokenBucket,
  tokenBucketAllowsRetry,
  tokenBucketRecord,
  type TokenBucket,
} from './retryBudget';
import {
  createRetryRatioBudget,
  retryRatioRecordRequest,
  retryRatioTryRetry,
  type RetryRatioBudget,
} from './retryRatioBudget';
import {
  emptyFailureCounts,
  FAILURE_REASONS,
  Series,
  type FailureReason,
  type SeriesBucket,
} from './series';
import {
  defaultSettings,
  flattenOverrides,
  getSetting,
  validateSetting,
  withSetting,
  type Settings,
  type SettingsOverrides,
} from './settings';
import { budgetBurntFraction, burnRate, errorRate } from './slo';
import type {
  BreakerView,
  ComponentView,
  LinkView,
  MessageView,
  Metrics,
  SeriesPoint,
  Snapshot,
  TargetView,
  UserGroupMetrics,
} from './snapshot';
import { sFromUs, US_PER_MS, US_PER_S, usFromMs, usFromS } from './time';
import { createUptimeTracker, type UptimeTracker } from './timeAvailability';
import {
  linkId,
  topologyComponents,
  topologyLinks,
  type ComponentInfo,
  type LinkInfo,
  type TopologySpec,
} from './topology';

/** What the engine needs to run: the cloud's shape, its settings and a fault script. */
export interface SimulationInput {
  topology: TopologySpec;
  settings?: SettingsOverrides;
  /** Commands to apply at set times (the fault script). */
  faults?: readonly ScheduledCommand[];
}

export interface SimulationOptions {
  /** Seed of every random draw in the run. */
  seed: number;
  /**
   * Keep the set of messages on the wire for drawing. Off in the CLI and benchmarks;
   * it never changes what happens, only what a snapshot can show.
   */
  trackMessages?: boolean;
  /** Oldest log entries are dropped past this count (memory stays flat). Default 5000. */
  maxLogEntries?: number;
}

export type ApplyResult = { ok: true } | { ok: false; error: string };

/** Action types a menu may offer (commands with a target and a verb). */
export type ActionType = Exclude<Command['type'], 'set' | 'rate' | 'weight'>;

export interface Simulation {
  readonly seed: number;
  /** Current simulated time. */
  now(): number;
  /** Processes every event up to and including `timeUs`, then sets the clock there. */
  runUntil(timeUs: number): void;
  /** Applies a command now. Invalid commands change nothing and return an error. */
  apply(command: Command): ApplyResult;
  /** Schedules a command at a future time (as a fault script entry). */
  schedule(atUs: number, command: Command): ApplyResult;
  /** Current settings (after any `set` commands). */
  settings(): Settings;
  /** Components, links, balancer views and messages on the wire, for drawing. */
  snapshot(): Snapshot;
  /** Counters, percentiles, windows and the per-second series. */
  metrics(): Metrics;
  /**
   * Messages that reached the end of their hop (or were lost) after `fromUs`, oldest
   * first, at most the last 4096 (only with trackMessages). Hops inside a region take
   * well under a frame, so views draw these to show every request's real outcome.
   */
  deliveredSince(fromUs: number): MessageView[];
  /** Event log entries with index >= `fromIndex` (indices count from the run's start). */
  log(fromIndex?: number): { entries: LogEntry[]; nextIndex: number };
  /** Commands applied so far with their times, for replay and share links. */
  appliedCommands(): ScheduledCommand[];
  /** Component and link descriptions (static for a run). */
  components(): readonly ComponentInfo[];
  links(): readonly LinkInfo[];
  /** Checks that a command could be applied to this run, without applying it. */
  validate(command: Command): string | null;
  /**
   * Action types that make sense on a component or link right now (e.g. `restore`
   * only when something is broken): menus offer exactly these.
   */
  actionsFor(target: string): ActionType[];
}

// Event types. Plain numbers keep dispatch a cheap switch. (Client timeouts are not
// events: they wait in their own FIFO, see `clientTimeouts`.)
const ARRIVAL = 0;
const AT_BALANCER = 1;
const AT_SERVER = 2;
const SERVICE_DONE = 3;
const REPLY_AT_BALANCER = 4;
const REPLY_AT_USER = 5;
const CHECK_SEND = 6;
const CHECK_RESULT = 7;
const COMMAND = 8;
const DROPPED = 9;
const FLAP_TOGGLE = 10;
const DNS_CHECK = 11;
const PROBE = 12;
const SECOND_TICK = 13;
const TRY_TIMEOUT = 14;
const AT_DEPENDENCY = 15;
const DEPENDENCY_DONE = 16;
const DEPENDENCY_REPLY = 17;
const DEPENDENCY_TIMEOUT = 18;
const CLIENT_RETRY = 19;
const BALANCER_RETRY = 20;
const SERVER_RETRY = 21;
const CALLBACK = 22;

/** Phase of scheduled commands: after all ordinary events of the same microsecond. */
const COMMAND_PHASE = 1;
/** Phase of the per-second tick: after everything else at that microsecond. */
const TICK_PHASE = 2;

/** Time a healthy server spends answering a health check (a cheap endpoint). */
const CHECK_PROCESSING_US = 200;

/**
 * DNS caches per user group. Each stands for a resolver or client population with
 * its own TTL clock; staggered expiry makes traffic move gradually over one TTL, as
 * it does for real users.
 */
const DNS_CACHES_PER_GROUP = 100;

/** How long the dependency remembers a charge (idempotency keys, duplicate counting). */
const SIDE_EFFECT_MEMORY_US = 120 * US_PER_S;

/** How a hop ended: a full answer, a fallback answer, or a failure with its reason. */
type Outcome = 'ok' | 'degraded' | FailureReason;

interface SimEvent extends QueuedEvent {
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

interface LinkState {
  info: LinkInfo;
  /** Messages from `info.from` to `info.to` are lost. */
  cutForward: boolean;
  /** Messages from `info.to` back to `info.from` are lost. */
  cutBackward: boolean;
  addedLatencyMs: number;
  lossFraction: number;
}

/** What a user asked for: counted once, however many attempts it takes. */
interface UserRequest {
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
interface Attempt {
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
interface Try {
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
interface DependencyCall {
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

type Work = Try | DependencyCall;

interface DnsCache {
  region: RegionState;
  expiresUs: number;
}

/** A per-entity retry budget: the SRE ratio window and the gRPC token bucket. */
interface RetryBudgetState {
  ratio: RetryRatioBudget;
  bucket: TokenBucket;
}

interface UserGroupState {
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

interface RegionState {
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

interface ZoneState {
  info: ComponentInfo;
  region: RegionState;
  down: boolean;
  servers: ServerState[];
}

/** An app server, or the dependency (same failure modes, different work). */
interface ServerState {
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

interface TargetState {
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

interface BalancerState {
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

/** Creates a simulation of `input` seeded with `options.seed`. */
export function createSimulation(input: SimulationInput, options: SimulationOptions): Simulation {
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
  /**
   * Every attempt's client timeout, in due order. Most attempts end long before theirs
   * fires, so an entry is just the attempt: no event object, and the event loop drops
   * entries whose attempt is over without handling them.
   */
  const clientTimeouts = new TimeoutFifo<Attempt>();
  const inTransit = new Set<SimEvent>();
  /** Ring of recently delivered or lost messages (trackMessages only). */
  const DELIVERED_MAX = 4096;
  const delivered: MessageView[] = [];
  let deliveredNext = 0;
  /** User requests started and not yet finished (probes aside). */
  let inFlight = 0;
  const series = new Series();
  const latency = new LatencyHistogram(16);
  const serverTimeHistogram = new LatencyHistogram(16);
  const dependencyTimeHistogram = new LatencyHistogram(16);
  const logEntries = objectArray<LogEntry>();
  let logDropped = 0;
  const applied: ScheduledCommand[] = [];

  let nowUs = 0;
  let nextRequestId = 1;
  let total = 0;
  let succeeded = 0;
  let degraded = 0;
  let failed = 0;
  let errorSeconds = 0;
  let lastErrorSecond = -1;
  const failedBy = emptyFailureCounts();
  // Defences' counters.
  let usersNeedingDependency = 0;
  let dependencyAttempts = 0;
  // User requests that made at least one dependency call: the denominator of load
  // amplification (arrivals still upstream, failed upstream or refused by an open
  // breaker never reached it, and counting them pulled the ratio below 1).
  let usersReachingDependency = 0;
  let probeDependencyAttempts = 0;
  let serverTries = 0;
  let sideEffects = 0;
  let duplicateSideEffects = 0;
  let idempotentReplays = 0;
  const retriesBy = { client: 0, balancer: 0, server: 0 };
  let retriesDeniedByBudget = 0;
  /**
   * Requests whose charges the dependency will forget, with when (SIDE_EFFECT_MEMORY_US
   * after they finished), oldest first from `chargeExpiryHead`; the second tick forgets
   * them. The counts live on the requests (`charges`): no map keyed by request id.
   */
  const chargeExpiry = objectArray<UserRequest>();
  const chargeExpiryUs = numberArray();
  let chargeExpiryHead = 0;

  const newBudget = (): RetryBudgetState => ({
    ratio: createRetryRatioBudget(),
    bucket: createTokenBucket(),
  });

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
  const outlierOptions = () => ({
    consecutive5xx: settings.outlier.consecutive5xx,
    baseEjectionTimeMs: settings.outlier.baseEjectionTimeMs,
    maxEjectionPercent: settings.outlier.maxEjectionPercent,
    // Envoy caps ejection at 10 x its base (300 s for 30 s).
    maxEjectionTimeMs: settings.outlier.baseEjectionTimeMs * 10,
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
      outliers: createOutlierDetector(outlierOptions()),
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

  // ---- helpers ----
  /**
   * Every event has the same fields in the same order, so V8 keeps one hidden class.
   * `timeUs` starts as NaN and is set after: the literal's first value fixes how V8
   * stores the field, and simulated times outgrow small integers at 2^30 us (~18
   * simulated minutes). Begun as a small integer, the field changed representation
   * mid-run, which threw the optimised event loop away in that run and again at the
   * start of the next one (measured: the benchmark's second hour ran slower than its
   * third).
   */
  const newEvent = (type: number, timeUs: number): SimEvent => {
    const e = blankEvent(type);
    e.timeUs = timeUs;
    return e;
  };
  const blankEvent = (type: number): SimEvent => ({
    timeUs: NaN,
    phase: 0,
    seq: 0,
    type,
    user: undefined,
    attempt: undefined,
    try_: undefined,
    call: undefined,
    group: undefined,
    target: undefined,
    server: undefined,
    region: undefined,
    outcome: undefined,
    epoch: undefined,
    probe: undefined,
    command: undefined,
    from: undefined,
    to: undefined,
    sentUs: undefined,
    lostKind: undefined,
    fn: undefined,
  });

  /**
   * Handled events, cleared, for `makeEvent` to reuse: a request makes about seven
   * events, and allocating them was most of the engine's garbage. Reuse is safe because
   * nothing keeps an event once it has been handled: the queue has popped it, the
   * in-transit set has dropped it (message views are copies), and handlers only read
   * the event they are given (they keep its payload, never the event). `runUntil`
   * releases each event right after handling it.
   */
  const eventPool = objectArray<SimEvent>();

  /** Clears every payload field (no stale reference is kept or read) and pools the event. */
  const releaseEvent = (e: SimEvent): void => {
    e.user = undefined;
    e.attempt = undefined;
    e.try_ = undefined;
    e.call = undefined;
    e.group = undefined;
    e.target = undefined;
    e.server = undefined;
    e.region = undefined;
    e.outcome = undefined;
    e.epoch = undefined;
    e.probe = undefined;
    e.command = undefined;
    e.from = undefined;
    e.to = undefined;
    e.sentUs = undefined;
    e.lostKind = undefined;
    e.fn = undefined;
    eventPool.push(e);
  };

  /** A blank event of `type` at `timeUs`, as `newEvent` makes: pooled when one is free. */
  const makeEvent = (type: number, timeUs: number): SimEvent => {
    const e = eventPool.pop();
    if (e === undefined) return newEvent(type, timeUs);
    e.timeUs = timeUs;
    e.phase = 0;
    e.seq = 0;
    e.type = type;
    return e;
  };

  const push = (event: SimEvent): void => {
    queue.push(event);
  };
  const pushAt = (type: number, delayUs: number): SimEvent => {
    const e = makeEvent(type, nowUs + Math.max(0, Math.round(delayUs)));
    push(e);
    return e;
  };

  const hopUs = (baseMs: number, random = networkRandom): number => {
    const jitter = baseMs * settings.network.jitterFraction * random.next();
    return Math.max(1, Math.round((baseMs + jitter) * US_PER_MS));
  };
  const regionHopMs = (): number => settings.network.inRegionLatencyMs;
  const userHopMs = (link: LinkState): number =>
    link.info.scope === 'cross-region'
      ? settings.network.crossRegionLatencyMs
      : settings.network.userLatencyMs;

  /** Whether a message crossing `link` in this direction is lost (cut, or unlucky under loss). */
  const lostOn = (link: LinkState, forward: boolean, random = networkRandom): boolean =>
    (forward ? link.cutForward : link.cutBackward) || random.chance(link.lossFraction);

  const kindOf = (forward: boolean, outcome: Outcome | undefined): MessageView['kind'] =>
    forward
      ? 'request'
      : outcome === 'ok'
        ? 'reply'
        : outcome === 'degraded'
          ? 'degraded'
          : 'error';

  /**
   * Sends a message for `user` across `link` (forward = from the link's `from` end).
   * Returns the arrival event for the caller to fill in, or null when the message is
   * lost; a lost message is drawn up to the link's middle, then vanishes.
   */
  const send = (
    type: number,
    user: UserRequest,
    link: LinkState,
    forward: boolean,
    baseMs: number,
    outcome?: Outcome,
  ): SimEvent | null => {
    const latencyUs = hopUs(baseMs + link.addedLatencyMs);
    const from = forward ? link.info.from : link.info.to;
    const to = forward ? link.info.to : link.info.from;
    if (lostOn(link, forward)) {
      if (trackMessages) {
        const lost = makeEvent(DROPPED, nowUs + Math.max(1, latencyUs >> 1));
        lost.user = user;
        lost.from = from;
        lost.to = to;
        lost.sentUs = nowUs;
        lost.lostKind = kindOf(forward, outcome);
        push(lost);
        inTransit.add(lost);
      }
      return null;
    }
    const e = makeEvent(type, nowUs + latencyUs);
    e.user = user;
    e.outcome = outcome;
    e.from = from;
    e.to = to;
    e.sentUs = nowUs;
    push(e);
    if (trackMessages) inTransit.add(e);
    return e;
  };

  const log = (type: string, target: string, category: LogCategory, message: string): void => {
    logEntries.push({
      index: logDropped + logEntries.length,
      atUs: nowUs,
      type,
      target,
      category,
      message,
    });
    if (logEntries.length > maxLogEntries) {
      logEntries.shift();
      logDropped++;
    }
  };

  const serverAlive = (server: ServerState): boolean =>
    server.hostUp && (server.zone === null || (!server.zone.down && !server.zone.region.down));

  const countsAsGood = (outcome: 'ok' | 'degraded'): boolean =>
    outcome === 'ok' || settings.degradation.countsAsAvailable === 'on';

  /** A user request is over: counted exactly once as succeeded, degraded or failed. */
  const finishUser = (user: UserRequest, outcome: Outcome): void => {
    if (user.done) throw new Error(`invariant: request ${user.id} finished twice`);
    user.done = true;
    if (user.needsDependency) {
      chargeExpiry.push(user);
      chargeExpiryUs.push(nowUs + SIDE_EFFECT_MEMORY_US);
    }
    if (user.probe) {
      // Probes are measured apart from user requests: the service answered or not, as
      // of when the probe was sent. A failed probe learns so only at its timeout, so
      // results are recorded in send order once every earlier probe has finished.
      user.answered = outcome === 'ok' || outcome === 'degraded';
      const probes = user.group.probes;
      while (probes.length > 0 && probes[0]!.done) {
        const probe = probes.shift()!;
        user.group.uptime.recordProbe(probe.startUs, probe.answered);
      }
      return;
    }
    // Conservation: a request leaves the in-flight count exactly once (the `done` check
    // above), after it entered it (ARRIVAL counts it as soon as it starts).
    if (--inFlight < 0) throw new Error(`invariant: request ${user.id} was not in flight`);
    const bucket = series.at(nowUs);
    const group = user.group;
    if (outcome === 'ok' || outcome === 'degraded') {
      if (outcome === 'ok') {
        succeeded++;
        group.succeeded++;
        bucket.succeeded++;
      } else {
        degraded++;
        group.degraded++;
        bucket.degraded++;
      }
      const latencyUs = nowUs - user.startUs;
      latency.record(latencyUs);
      bucket.latency.record(latencyUs);
      return;
    }
    failed++;
    group.failed++;
    if (outcome === 'timeout') group.timedOut++;
    failedBy[outcome]++;
    bucket.failed++;
    bucket.failedBy[outcome]++;
    const second = bucket.startS;
    if (second !== lastErrorSecond) {
      lastErrorSecond = second;
      errorSeconds++;
    }
    if (second !== group.lastErrorSecond) {
      group.lastErrorSecond = second;
      group.errorSeconds++;
    }
  };

  const scheduleNextArrival = (group: UserGroupState): void => {
    const ratePerS = (settings.traffic.arrivalRatePerS * group.share) / shareTotal;
    const gapUs = Math.max(1, Math.round(arrivalRandom.exponential(US_PER_S / ratePerS)));
    pushAt(ARRIVAL, gapUs).group = group;
  };

  // ---- retries: policy, backoff and budgets, shared by the three layers ----
  const retryableReason = (reason: FailureReason): boolean =>
    settings.retries.retryOn === 'all' ||
    reason === 'refused' ||
    reason === 'timeout' ||
    reason === 'error';

  /** Counts a first attempt at a layer (the budget's denominator). */
  const budgetRequest = (budget: RetryBudgetState): void => {
    retryRatioRecordRequest(budget.ratio, nowUs);
  };
  /** Feeds the token bucket with each attempt's result (gRPC: failure -1, success +0.1). */
  const budgetOutcome = (budget: RetryBudgetState, ok: boolean): void => {
    tokenBucketRecord(budget.bucket, !ok);
  };
  /** Whether a retry is allowed now by the configured budget; counts it if so. */
  const budgetAllowsRetry = (budget: RetryBudgetState): boolean => {
    switch (settings.retries.budget) {
      case 'none':
        return true;
      case 'percent':
        return retryRatioTryRetry(budget.ratio, nowUs, settings.retries.budgetPercent);
      case 'token-bucket':
        return tokenBucketAllowsRetry(budget.bucket);
    }
  };

  /**
   * Decides whether a layer retries after a failure: attempts left, a retryable
   * reason and budget room. Returns the backoff in microseconds, or null.
   */
  const retryDelayUs = (
    reason: FailureReason,
    attemptsSoFar: number,
    maxAttempts: number,
    budget: RetryBudgetState,
    previousBackoffMs: number,
    probe = false,
  ): number | null => {
    if (attemptsSoFar >= maxAttempts || !retryableReason(reason)) return null;
    if (!budgetAllowsRetry(budget)) {
      if (!probe) retriesDeniedByBudget++; // probes are counted apart from users
      return null;
    }
    const backoffMs = backoffDelayMs(
      {
        baseMs: settings.retries.backoffBaseMs,
        capMs: settings.retries.backoffCapMs,
        jitter: settings.retries.jitter,
      },
      attemptsSoFar,
      previousBackoffMs,
      retryRandom,
    );
    return Math.round(backoffMs * US_PER_MS);
  };

  // ---- users (client layer) ----
  /** The budget of a client of `group` picked at random (created on its first request). */
  const clientBudget = (group: UserGroupState): RetryBudgetState => {
    const clients = settings.client.clientsPerGroup;
    const index = clients === 1 ? 0 : Math.floor(clientRandom.next() * clients);
    const budgets = group.clientBudgets;
    // Filled up to the highest index drawn so far: the array stays dense (no holes, one
    // element kind), and a client's budget exists before any retry decision needs it.
    while (budgets.length <= index) budgets.push(newBudget());
    return budgets[index]!;
  };

  /** Creates a user request (or probe) and sends its first attempt. */
  const startUserRequest = (group: UserGroupState, probe: boolean): UserRequest => {
    const user: UserRequest = {
      id: nextRequestId++,
      group,
      startUs: nowUs,
      done: false,
      probe,
      // A probe is a synthetic user journey: it checks out whenever some users do, so a
      // dead dependency that fails every checkout shows in time-based availability.
      needsDependency:
        dependency !== null &&
        settings.dependency.callShare > 0 &&
        (probe || mixRandom.chance(settings.dependency.callShare)),
      reachedDependency: false,
      attempts: 0,
      lastBackoffMs: 0,
      budget: probe ? group.probeBudget : clientBudget(group),
      answered: false,
      charges: 0,
    };
    if (probe) group.probes.push(user);
    budgetRequest(user.budget);
    startAttempt(user);
    return user;
  };

  const startAttempt = (user: UserRequest): void => {
    user.attempts++;
    const region = regionFor(user.group);
    const attempt: Attempt = {
      user,
      balancer: region.balancer,
      userLink: user.group.links.get(region.info.id)!,
      done: false,
      tries: 0,
      current: null,
      lastBackoffMs: 0,
      tried: null,
    };
    // The timeout takes its sequence number now, before the message below, as an event
    // pushed here would: ties at the same microsecond break the same way.
    clientTimeouts.push(nowUs + usFromMs(settings.client.timeoutMs), queue.takeSeq(), attempt);
    const e = send(AT_BALANCER, user, attempt.userLink, true, userHopMs(attempt.userLink));
    if (e) e.attempt = attempt;
  };

  /** An attempt is over for the user: success ends the request, a failure may retry. */
  const attemptFinished = (attempt: Attempt, outcome: Outcome): void => {
    attempt.done = true;
    const user = attempt.user;
    budgetOutcome(user.budget, outcome === 'ok' || outcome === 'degraded');
    if (outcome === 'ok' || outcome === 'degraded') return finishUser(user, outcome);
    // A probe is a user journey: it retries as users do (same attempts, backoff and
    // timeout), from its own client and budget, and is counted apart from users.
    const delayUs = retryDelayUs(
      outcome,
      user.attempts,
      settings.retries.clientMaxAttempts,
      user.budget,
      user.lastBackoffMs,
      user.probe,
    );
    if (delayUs === null) return finishUser(user, outcome);
    user.lastBackoffMs = delayUs / US_PER_MS;
    if (!user.probe) retriesBy.client++;
    pushAt(CLIENT_RETRY, delayUs).user = user;
  };

  // ---- balancers ----
  /** Healthy targets, recomputed only when a health verdict or a weight changes. */
  const eligibleTargets = (balancer: BalancerState): TargetState[] => {
    if (balancer.eligible) return balancer.eligible;
    const healthy = balancer.targets.filter((t) => t.healthy && t.weight > 0);
    const live = balancer.targets.filter((t) => t.weight > 0);
    // Envoy's panic threshold; at 0 this is AWS ALB's fail-open when none is healthy.
    const panic =
      healthy.length === 0 ||
      (healthy.length / Math.max(1, live.length)) * 100 < settings.balancer.panicThresholdPercent;
    if (panic !== balancer.failingOpen) {
      balancer.failingOpen = panic;
      if (panic) {
        log(
          'fail-open',
          balancer.info.id,
          'detection',
          healthy.length === 0
            ? `${balancer.info.id} has no healthy targets: failing open, routing to all ${live.length} (as AWS ALB does)`
            : `${balancer.info.id} has only ${healthy.length} of ${live.length} targets healthy, below the ${settings.balancer.panicThresholdPercent}% panic threshold: routing to all (as Envoy does)`,
        );
      } else {
        log(
          'fail-open-ended',
          balancer.info.id,
          'detection',
          `${balancer.info.id} has enough healthy targets again`,
        );
      }
    }
    balancer.eligible = panic ? live : healthy;
    return balancer.eligible;
  };

  /** Whether any candidate has a weight other than 1 (a loop: no closure per pick). */
  const anyWeighted = (candidates: readonly TargetState[]): boolean => {
    for (let i = 0; i < candidates.length; i++) if (candidates[i]!.weight !== 1) return true;
    return false;
  };

  /**
   * A target for a try. `tried` lists the hosts this attempt already tried: a retry
   * goes to a host not yet tried while there is one, as Envoy's
   * `retry_host_predicate: previous_hosts` does (HAProxy `option redispatch` and nginx
   * `proxy_next_upstream` also move on). Skipping only the last host is not enough: a
   * dead host that fails fast has nothing in flight, so least-outstanding picks it again
   * on the next retry. When every candidate was tried, any may be picked.
   */
  const pickTarget = (
    balancer: BalancerState,
    tried: readonly TargetState[] | null,
  ): TargetState => {
    let candidates = eligibleTargets(balancer);
    if (settings.outlier.enabled === 'on' && outlierEjectedCount(balancer.outliers, nowUs) > 0) {
      const kept = candidates.filter((t) => !outlierIsEjected(balancer.outliers, t.id, nowUs));
      if (kept.length > 0) candidates = kept;
    }
    if (candidates.length === 0) candidates = balancer.targets;
    if (tried !== null) {
      const untried = candidates.filter((t) => !tried.includes(t));
      if (untried.length > 0) {
        // Round robin reselects as Envoy's retry predicate does: take the next host in
        // the rotation until one was not tried, so the cursor keeps counting over the
        // whole list (picking from the shorter list would skip or repeat live hosts).
        if (settings.balancer.algorithm === 'round-robin' && !anyWeighted(candidates)) {
          for (let i = 0; i < candidates.length; i++) {
            const next = roundRobinPick(candidates, balancer.cursor)!;
            if (!tried.includes(next)) return next;
          }
        }
        candidates = untried;
      }
    }
    const weighted = anyWeighted(candidates);
    let picked: TargetState | undefined;
    switch (settings.balancer.algorithm) {
      case 'least-outstanding':
        picked = weighted
          ? weightedLeastRequestPick(candidates, balancer.weighted, routingRandom)
          : leastOutstandingPick(candidates, routingRandom);
        break;
      case 'power-of-two':
        picked = weighted
          ? weightedLeastRequestPick(candidates, balancer.weighted, routingRandom)
          : powerOfTwoChoicesPick(candidates, routingRandom);
        break;
      case 'random':
        picked = weighted
          ? weightedRandomPick(candidates, routingRandom)
          : randomPick(candidates, routingRandom);
        break;
      default:
        picked = weighted
          ? weightedRoundRobinPick(candidates, balancer.weighted)
          : roundRobinPick(candidates, balancer.cursor);
    }
    return picked ?? candidates[0]!;
  };

  const startTry = (attempt: Attempt): void => {
    const previous = attempt.current;
    if (previous !== null) (attempt.tried ??= []).push(previous.target);
    const target = pickTarget(attempt.balancer, attempt.tried);
    const try_: Try = { attempt, target, done: false, atServerUs: 0, dependencyBackoffMs: 0 };
    attempt.tries++;
    attempt.current = try_;
    if (attempt.tries === 1) budgetRequest(attempt.balancer.budget);
    target.outstanding++;
    target.routed++;
    serverTries++;
    if (settings.balancer.perTryTimeoutMs > 0) {
      pushAt(TRY_TIMEOUT, usFromMs(settings.balancer.perTryTimeoutMs)).try_ = try_;
    }
    const e = send(AT_SERVER, attempt.user, target.link, true, regionHopMs());
    if (e) e.try_ = try_;
  };

  /** The balancer has this try's result (an answer, or its own per-try timeout). */
  const tryFinished = (try_: Try, outcome: Outcome): void => {
    try_.done = true;
    try_.target.outstanding--;
    const attempt = try_.attempt;
    const balancer = attempt.balancer;
    const ok = outcome === 'ok' || outcome === 'degraded';
    budgetOutcome(balancer.budget, ok);
    if (settings.outlier.enabled === 'on') {
      const event = outlierRecord(
        balancer.outliers,
        try_.target.id,
        !ok,
        nowUs,
        balancer.targets.length,
      );
      if (event?.type === 'ejected') {
        log(
          'ejected',
          try_.target.id,
          'detection',
          `${balancer.info.id} ejected ${try_.target.id} for ${event.ejectionMs / 1000} s after ${settings.outlier.consecutive5xx} consecutive failures (outlier detection)`,
        );
      }
    }
    if (attempt.done) return; // the user already gave up on this attempt
    if (!ok) {
      const delayUs = retryDelayUs(
        outcome,
        attempt.tries,
        settings.retries.balancerMaxAttempts,
        balancer.budget,
        attempt.lastBackoffMs,
      );
      if (delayUs !== null) {
        attempt.lastBackoffMs = delayUs / US_PER_MS;
        retriesBy.balancer++;
        pushAt(BALANCER_RETRY, delayUs).attempt = attempt;
        return;
      }
    }
    const e = send(
      REPLY_AT_USER,
      attempt.user,
      attempt.userLink,
      false,
      userHopMs(attempt.userLink),
      outcome,
    );
    if (e) e.attempt = attempt;
  };

  // ---- app servers and the dependency ----
  const startWork = (server: ServerState, work: Work): void => {
    server.inService.push(work);
    const meanMs =
      server === dependency
        ? settings.dependency.serviceTimeMsMean
        : settings.server.serviceTimeMsMean;
    const serviceUs = Math.max(
      1,
      Math.round(serviceRandom.exponential(meanMs * US_PER_MS * server.slowFactor)),
    );
    const e = pushAt(server === dependency ? DEPENDENCY_DONE : SERVICE_DONE, serviceUs);
    e.server = server;
    e.epoch = server.epoch;
    if (server === dependency) e.call = work as DependencyCall;
    else e.try_ = work as Try;
  };

  /** Removes `work` from a server's in-service list, keeping the others in order. */
  const removeInService = (inService: Work[], work: Work): void => {
    const last = inService.length - 1;
    let i = inService.indexOf(work);
    if (i < 0) return;
    for (; i < last; i++) inService[i] = inService[i + 1]!;
    inService.pop();
  };

  /** Frees a worker and starts the next queued work. */
  const releaseWorker = (server: ServerState, work: Work): void => {
    removeInService(server.inService, work);
    server.served++;
    const workers = server === dependency ? settings.dependency.workers : settings.server.workers;
    while (server.inService.length < workers && server.queueHead < server.queue.length) {
      startWork(server, server.queue[server.queueHead++]!);
    }
    if (server.queueHead > 1024 && server.queueHead * 2 > server.queue.length) {
      server.queue = server.queue.slice(server.queueHead);
      server.queueHead = 0;
    }
  };

  const admit = (server: ServerState, work: Work): void => {
    const workers = server === dependency ? settings.dependency.workers : settings.server.workers;
    if (server.inService.length < workers) startWork(server, work);
    else server.queue.push(work);
  };

  const replyFromServer = (try_: Try, outcome: Outcome): void => {
    const e = send(
      REPLY_AT_BALANCER,
      try_.attempt.user,
      try_.target.link,
      false,
      regionHopMs(),
      outcome,
    );
    if (e) e.try_ = try_;
    // A finished answer lost on the wire (one-way cut, loss) is work nobody receives.
    else if (outcome === 'ok' || outcome === 'degraded') try_.target.server.wastedWork++;
  };

  const replyFromDependency = (call: DependencyCall, outcome: Outcome): void => {
    const e = send(
      DEPENDENCY_REPLY,
      call.try_.attempt.user,
      dependencyLink(call.server),
      false,
      settings.dependency.latencyMs,
      outcome,
    );
    if (e) e.call = call;
    else if (outcome === 'ok') dependency!.wastedWork++;
  };

  const dependencyLink = (server: ServerState): LinkState => server.dependencyLink!;

  /** A server finished its own part of a try: call the dependency, then the database, then answer. */
  const serviceDone = (server: ServerState, try_: Try): void => {
    if (try_.attempt.user.needsDependency && dependency) return callDependency(server, try_, 1);
    databaseStep(server, try_, 'ok');
  };

  /**
   * Each request reads or writes one key (a write with probability `writeShare`);
   * the worker waits for the database. A degraded answer from the payments step stays
   * degraded when the database succeeds.
   */
  const databaseStep = (server: ServerState, try_: Try, outcome: 'ok' | 'degraded'): void => {
    if (!database) return completeTry(server, try_, outcome);
    const epoch = server.epoch;
    const key = mixRandom.int(settings.database.keys);
    const finish = (ok: boolean): void => {
      if (server.epoch !== epoch) return; // the server died meanwhile; its work is gone
      completeTry(server, try_, ok ? outcome : 'error');
    };
    // A probe writes whenever some users do (a journey through every step, see
    // `startUserRequest`), so a database that cannot take writes shows as down.
    const writes = try_.attempt.user.probe
      ? settings.database.writeShare > 0
      : mixRandom.chance(settings.database.writeShare);
    if (writes) {
      database.write(server.info.id, key, (ok) => finish(ok));
    } else {
      database.read(server.info.id, key, (ok) => finish(ok));
    }
  };

  const completeTry = (server: ServerState, try_: Try, outcome: Outcome): void => {
    if (try_.done) server.wastedWork++;
    serverTimeHistogram.record(nowUs - try_.atServerUs);
    releaseWorker(server, try_);
    replyFromServer(try_, outcome);
  };

  const breakerFor = (server: ServerState): CircuitBreaker | null => {
    if (settings.breaker.enabled !== 'on') return null;
    server.breaker ??= createBreaker({
      failureRateThresholdPercent: settings.breaker.failureRateThresholdPercent,
      slidingWindowSize: settings.breaker.slidingWindowSize,
      minimumNumberOfCalls: settings.breaker.minimumNumberOfCalls,
      waitDurationInOpenStateMs: settings.breaker.waitDurationInOpenStateMs,
      permittedNumberOfCallsInHalfOpenState: settings.breaker.permittedNumberOfCallsInHalfOpenState,
      slowCallRateThresholdPercent: settings.breaker.slowCallRateThresholdPercent,
      slowCallDurationThresholdMs: settings.breaker.slowCallDurationThresholdMs,
    });
    return server.breaker;
  };

  const logBreaker = (server: ServerState, transition: BreakerTransition | null): void => {
    if (!transition) return;
    server.breakerTransitions++;
    log(
      'breaker',
      server.info.id,
      transition.to === 'CLOSED' ? 'recovery' : transition.to === 'OPEN' ? 'fault' : 'info',
      `${server.info.id}'s circuit breaker on ${dependency!.info.id}: ${transition.from} -> ${transition.to} (${transition.reason})`,
    );
  };

  const callDependency = (server: ServerState, try_: Try, n: number): void => {
    const breaker = breakerFor(server);
    if (breaker) {
      const { permitted, transition } = breakerAcquire(breaker, nowUs);
      logBreaker(server, transition);
      if (!permitted) return dependencyFailed(server, try_, 'circuit-open', n);
    }
    if (n === 1) budgetRequest(server.budget);
    const call: DependencyCall = {
      try_,
      server,
      n,
      done: false,
      startUs: nowUs,
      epoch: server.epoch,
    };
    // Load amplification is per user request: probes' calls are counted apart.
    const caller = try_.attempt.user;
    if (caller.probe) probeDependencyAttempts++;
    else {
      dependencyAttempts++;
      if (!caller.reachedDependency) {
        caller.reachedDependency = true;
        usersReachingDependency++;
      }
    }
    pushAt(DEPENDENCY_TIMEOUT, usFromMs(settings.dependency.timeoutMs)).call = call;
    const e = send(
      AT_DEPENDENCY,
      try_.attempt.user,
      dependencyLink(server),
      true,
      settings.dependency.latencyMs,
    );
    if (e) e.call = call;
  };

  /** The server has its answer from the dependency (or its own timeout fired). */
  const dependencyResult = (call: DependencyCall, outcome: Outcome): void => {
    call.done = true;
    const server = call.server;
    const ok = outcome === 'ok';
    const durationMs = (nowUs - call.startUs) / US_PER_MS;
    dependencyTimeHistogram.record(nowUs - call.startUs);
    budgetOutcome(server.budget, ok);
    const breaker = breakerFor(server);
    if (breaker) logBreaker(server, breakerRecord(breaker, nowUs, { failed: !ok, durationMs }));
    if (ok) return databaseStep(server, call.try_, 'ok');
    dependencyFailed(server, call.try_, outcome as FailureReason, call.n);
  };

  /** A dependency call failed: retry, fall back to a degraded answer, or fail. */
  const dependencyFailed = (
    server: ServerState,
    try_: Try,
    reason: FailureReason,
    n: number,
  ): void => {
    const delayUs = retryDelayUs(
      reason,
      n,
      settings.retries.serverMaxAttempts,
      server.budget,
      try_.dependencyBackoffMs,
    );
    if (delayUs !== null) {
      try_.dependencyBackoffMs = delayUs / US_PER_MS;
      retriesBy.server++;
      const e = pushAt(SERVER_RETRY, delayUs);
      e.server = server;
      e.try_ = try_;
      e.epoch = server.epoch;
      e.probe = n + 1;
      return;
    }
    if (settings.degradation.enabled === 'on') return databaseStep(server, try_, 'degraded');
    // The app answers 503 when its breaker is open, 502 when the dependency failed.
    completeTry(server, try_, reason === 'circuit-open' ? 'circuit-open' : 'error');
  };

  /** The dependency did a charge: once per user request unless keys are off and it is a retry. */
  const chargeCard = (user: UserRequest): void => {
    if (user.probe) return; // a probe's checkout uses a test card: no customer is charged
    const done = user.charges;
    if (done > 0 && settings.idempotency.keys === 'on') {
      idempotentReplays++;
      return;
    }
    if (done > 0) duplicateSideEffects++;
    sideEffects++;
    user.charges = done + 1;
  };

  /** Drops the work on a server: with `reset`, callers get a connection reset at once. */
  const dropWork = (server: ServerState, reset: boolean): void => {
    server.epoch++;
    if (reset) {
      for (const work of server.inService) resetWork(server, work);
      for (let i = server.queueHead; i < server.queue.length; i++)
        resetWork(server, server.queue[i]!);
    }
    server.inService = objectArray();
    server.queue = objectArray();
    server.queueHead = 0;
  };

  const resetWork = (server: ServerState, work: Work): void => {
    if (server === dependency) replyFromDependency(work as DependencyCall, 'refused');
    else replyFromServer(work as Try, 'refused');
  };

  const crashProcess = (server: ServerState): void => {
    server.process = 'crashed';
    // A crashed process on a live host resets its connections: callers learn at once.
    // On a dead host nothing is sent; the work was already lost with the host.
    dropWork(server, serverAlive(server));
  };

  // ---- health checks ----
  const scheduleCheck = (target: TargetState, delayUs: number): void => {
    pushAt(CHECK_SEND, delayUs).target = target;
  };

  /**
   * Sends one health check and schedules the next. One check is outstanding per target:
   * the next leaves an interval after this one, or when this one ends (answer or
   * timeout) if that is later. So a timeout at or above the interval still fires and
   * counts as a failed check. No real balancer lets a newer check cancel an unanswered
   * one: AWS ALB requires the timeout to be below the interval (its API rejects timeout
   * >= interval); HAProxy connects a check within min(`timeout connect`, `inter`) (its
   * manual, `timeout check`); Envoy arms the interval timer only once a check passed,
   * failed or timed out (health_checker_base_impl.cc), so its period is interval +
   * answer time. Below the timeout this keeps ALB's fixed period.
   */
  const sendCheck = (target: TargetState): void => {
    const intervalUs = usFromMs(settings.healthCheck.intervalMs);
    // A dead balancer checks nothing.
    if (target.balancer.region.down) return scheduleCheck(target, intervalUs);
    const probe = ++target.probeSeq;
    const timeoutUs = usFromMs(settings.healthCheck.timeoutMs);
    const server = target.server;
    const link = target.link;
    const hopMs = regionHopMs() + link.addedLatencyMs;
    const rttUs = hopUs(hopMs, checkRandom) + hopUs(hopMs, checkRandom);
    // The probe's fate is known when it leaves: lost, unanswered, refused by a crashed
    // process, or answered. A reply slower than the timeout counts as a timeout. A
    // server failing user requests (errors) still passes its cheap health endpoint.
    let replyUs = Infinity;
    let reason: FailureReason | undefined;
    const lost = lostOn(link, true, checkRandom) || lostOn(link, false, checkRandom);
    if (!lost && serverAlive(server)) {
      if (server.process === 'crashed') {
        replyUs = rttUs;
        reason = 'refused';
      } else {
        // A slow server answers its cheap health endpoint slowly too, but usually well
        // within the timeout: that is what makes a gray failure gray.
        replyUs = rttUs + CHECK_PROCESSING_US * server.slowFactor;
      }
    }
    const timedOut = replyUs > timeoutUs;
    const resultUs = timedOut ? timeoutUs : replyUs;
    const e = pushAt(CHECK_RESULT, resultUs);
    e.target = target;
    e.probe = probe;
    e.outcome = timedOut ? 'timeout' : (reason ?? 'ok');
    // Pushed after the result, so a result due at the same microsecond is read first.
    scheduleCheck(target, Math.max(intervalUs, resultUs));
  };

  const checkResult = (target: TargetState, outcome: Outcome): void => {
    const ok = outcome === 'ok';
    target.lastCheckOk = ok;
    const lb = target.balancer.info.id;
    const id = target.server.info.id;
    if (ok) {
      target.consecutiveFails = 0;
      target.consecutiveOks++;
      if (!target.healthy && target.consecutiveOks >= settings.healthCheck.healthyThreshold) {
        target.healthy = true;
        target.balancer.eligible = null;
        log(
          'marked-healthy',
          id,
          'detection',
          `${lb} marked ${id} healthy after ${target.consecutiveOks} passed checks`,
        );
      }
    } else {
      target.consecutiveOks = 0;
      target.consecutiveFails++;
      if (target.healthy && target.consecutiveFails >= settings.healthCheck.unhealthyThreshold) {
        target.healthy = false;
        target.balancer.eligible = null;
        const why =
          outcome === 'refused'
            ? 'connection refused'
            : `no answer within ${settings.healthCheck.timeoutMs} ms`;
        log(
          'marked-unhealthy',
          id,
          'detection',
          `${lb} marked ${id} unhealthy after ${target.consecutiveFails} failed checks (${why})`,
        );
      }
    }
  };

  // ---- monitoring: SLO burn-rate alerts on completed seconds ----
  const newAlertEvaluator = (history: readonly AlertRecord[] = []): AlertEvaluator =>
    createAlertEvaluator(
      {
        rules: DEFAULT_ALERT_RULES,
        target: settings.slo.target,
        windowScale: settings.alerts.windowScale,
      },
      history,
    );
  let alertEvaluator = newAlertEvaluator();
  let firingAlerts = new Set<string>();
  /** Seconds fed to the alert evaluator so far. */
  let secondsObserved = 0;

  const observeSecond = (second: number): void => {
    const b = series.at(second * US_PER_S);
    const degradedGood = settings.degradation.countsAsAvailable === 'on';
    alertEvaluator.observeSecond(
      second,
      b.succeeded + (degradedGood ? b.degraded : 0),
      b.failed + (degradedGood ? 0 : b.degraded),
    );
    secondsObserved = second + 1;
  };

  /**
   * After a change of SLO, window scale or what counts as good, rebuild the windows from
   * the series so far. The alerts already fired are facts of the past: the new evaluator
   * keeps them with their times and the settings they fired under, and `firingAlerts`
   * stays, so an alert still firing under the new settings is not announced again.
   */
  const rebuildAlertEvaluator = (): void => {
    alertEvaluator = newAlertEvaluator(alertEvaluator.alerts());
    const observed = secondsObserved;
    secondsObserved = 0;
    for (let second = 0; second < observed; second++) observeSecond(second);
  };

  const secondTick = (): void => {
    const second = Math.round(nowUs / US_PER_S) - 1;
    observeSecond(second);
    if (settings.monitoring.enabled === 'on') {
      const firing = new Set(alertEvaluator.evaluate(second + 1).map((rule) => rule.name));
      for (const status of alertEvaluator.ruleStatuses(second + 1)) {
        const name = status.rule.name;
        if (firing.has(name) && !firingAlerts.has(name)) {
          log(
            'alert-fired',
            name,
            'detection',
            `ALERT ${name} (${status.rule.severity}): error budget burning at ${status.longBurnRate.toFixed(1)}x over ${status.longWindowS} s and ${status.shortBurnRate.toFixed(1)}x over ${status.shortWindowS} s (threshold ${status.rule.burnRate}x)`,
          );
        } else if (!firing.has(name) && firingAlerts.has(name)) {
          log(
            'alert-resolved',
            name,
            'recovery',
            `alert ${name} resolved: the short window is back under ${status.rule.burnRate}x`,
          );
        }
      }
      firingAlerts = firing;
    } else if (firingAlerts.size > 0) {
      firingAlerts = new Set();
    }
    // Forget charges long finished (idempotency memory stays bounded).
    while (chargeExpiryHead < chargeExpiry.length && chargeExpiryUs[chargeExpiryHead]! <= nowUs) {
      chargeExpiry[chargeExpiryHead++]!.charges = 0;
    }
    if (chargeExpiryHead > 4096 && chargeExpiryHead * 2 > chargeExpiry.length) {
      chargeExpiry.splice(0, chargeExpiryHead);
      chargeExpiryUs.splice(0, chargeExpiryHead);
      chargeExpiryHead = 0;
    }
    pushSecondTick();
  };

  /**
   * The next per-second tick, in TICK_PHASE: after everything else at that microsecond.
   * The phase is set before the push: the heap orders an event when it is inserted, so
   * a phase changed afterwards would not count.
   */
  const pushSecondTick = (): void => {
    const tick = makeEvent(SECOND_TICK, nowUs + US_PER_S);
    tick.phase = TICK_PHASE;
    push(tick);
  };

  // ---- DNS: which region a user group is sent to ----
  /**
   * The traffic manager's answer for a group: its home region (active-active) or the
   * first region (active-passive) while healthy, else the next healthy one; if none
   * is healthy it answers as if all were (Route 53 does the same).
   */
  const dnsAnswer = (group: UserGroupState): RegionState => {
    const preferred = settings.regions.mode === 'active-passive' ? regionList[0]! : group.home;
    if (preferred.dnsHealthy) return preferred;
    for (const region of regionList)
      if (region.dnsHealthy && group.links.has(region.info.id)) return region;
    return preferred;
  };

  /**
   * Where a new attempt goes: the region in the client's cached DNS answer, refreshed
   * from the traffic manager once it expires (TTL). Both modes resolve the same way
   * (REFERENCE.md section 9): in active-active a group's answer is its home region, so
   * when that region dies its users keep reaching it until detection and then until
   * their cached answers expire, as in active-passive; only the other groups never see it.
   */
  const regionFor = (group: UserGroupState): RegionState => {
    if (!trafficManagerId) return group.home;
    const cache = group.dnsCaches[dnsRandom.int(group.dnsCaches.length)]!;
    if (nowUs >= cache.expiresUs) {
      cache.region = dnsAnswer(group);
      cache.expiresUs = nowUs + usFromS(settings.trafficManager.dnsTtlS);
    }
    return cache.region;
  };

  const dnsCheck = (region: RegionState): void => {
    const link = region.dnsLink!;
    const reachable =
      !region.down &&
      !link.cutForward &&
      !link.cutBackward &&
      !checkRandom.chance(link.lossFraction);
    // Route 53 alias records "evaluate target health": the endpoint is healthy while
    // its balancer has at least one target it considers healthy.
    const ok = reachable && region.balancer.targets.some((t) => t.healthy);
    const threshold = settings.trafficManager.failureThreshold;
    const id = region.info.id;
    if (ok) {
      region.dnsFails = 0;
      region.dnsOks++;
      if (!region.dnsHealthy && region.dnsOks >= threshold) {
        region.dnsHealthy = true;
        log(
          'dns-healthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} healthy after ${region.dnsOks} passed checks; new DNS answers may send users there again`,
        );
      }
    } else {
      region.dnsOks = 0;
      region.dnsFails++;
      if (region.dnsHealthy && region.dnsFails >= threshold) {
        region.dnsHealthy = false;
        log(
          'dns-unhealthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} unhealthy after ${region.dnsFails} failed checks; clients move as their cached DNS answers expire (TTL ${settings.trafficManager.dnsTtlS} s)`,
        );
      }
    }
    pushAt(DNS_CHECK, usFromMs(settings.trafficManager.intervalMs)).region = region;
  };

  // ---- commands ----
  /**
   * Resolves a link target: `FROM->TO` names a link (either direction), and
   * `BALANCER->ZONE` every link from that balancer into the zone. `forward` says
   * whether the named direction is the link's own.
   */
  const resolveLinks = (target: string): Array<{ link: LinkState; forward: boolean }> => {
    const direct = links.get(target);
    if (direct) return [{ link: direct, forward: true }];
    const [from, to] = target.split('->');
    if (from === undefined || to === undefined) return [];
    const reverse = links.get(linkId(to, from));
    if (reverse) return [{ link: reverse, forward: false }];
    const zone = zones.get(to);
    const balancer = balancers.get(from);
    if (zone && balancer) {
      return zone.servers
        .map((s) => links.get(linkId(from, s.info.id)))
        .filter((l): l is LinkState => l !== undefined)
        .map((link) => ({ link, forward: true }));
    }
    return [];
  };

  const targetKind = (target: string): string | null => {
    const info = componentById.get(target);
    if (info) return info.kind;
    return resolveLinks(target).length > 0 ? 'link' : null;
  };

  /** The app server or the dependency with this id. */
  const serverLike = (id: string): ServerState | undefined =>
    servers.get(id) ?? (dependency && dependency.info.id === id ? dependency : undefined);

  /**
   * Whether setting `path` to `value` is allowed now: the value in its range, and the
   * whole configuration it leads to from the settings in force at this moment (a
   * scheduled `set` is checked again when it runs, after the commands before it).
   */
  const setProblem = (path: string, value: unknown): string | null =>
    settingChangeProblem(path, value, settings, topology);

  const validate = (command: Command): string | null => {
    // Type, target, kind and range: the registry's pure check, the same one scenario
    // files, share links and the CLI ask before a run exists. What depends on the
    // moment (a promotion under way, a node down) is the database's to say.
    const problem = validateCommand(command, topology, settings);
    if (problem !== null || !database) return problem;
    const target = (command as { target?: unknown }).target;
    if (typeof target !== 'string' || !databaseNodes.has(target)) return null;
    return database.validate({ type: command.type as DatabaseAction, target });
  };

  const linkFaulty = (link: LinkState): boolean =>
    link.cutForward || link.cutBackward || link.addedLatencyMs > 0 || link.lossFraction > 0;

  const serverBroken = (server: ServerState): boolean =>
    server.process === 'crashed' ||
    !server.hostUp ||
    server.slowFactor !== 1 ||
    server.flapPeriodUs > 0 ||
    server.errorFraction > 0;

  const execute = (command: Command): void => {
    applied.push({ atUs: nowUs, command });
    const target = (command as { target?: string }).target;
    if (database && target !== undefined && databaseNodes.has(target)) {
      const error = database.apply({ type: command.type as DatabaseAction, target });
      if (error) log(command.type, target, 'info', `${target}: ${error}`);
      return;
    }
    applyToEngine(command);
    if (
      database &&
      (command.type === 'host-down' ||
        command.type === 'kill-zone' ||
        command.type === 'kill-region' ||
        command.type === 'restore')
    ) {
      // Hosts, zones or regions changed: the database reacts at this instant.
      database.hostsChanged();
    }
  };

  /** Commands on servers, zones, regions, links and settings (database ones are routed away). */
  const applyToEngine = (command: Command): void => {
    switch (command.type) {
      case 'kill': {
        const server = serverLike(command.target)!;
        if (server.process === 'crashed')
          return log('kill', server.info.id, 'info', `${server.info.id} is already crashed`);
        crashProcess(server);
        return log(
          'kill',
          server.info.id,
          'fault',
          `${server.info.id} process crashed: connections are refused at once`,
        );
      }
      case 'host-down': {
        const server = serverLike(command.target)!;
        if (!server.hostUp)
          return log('host-down', server.info.id, 'info', `${server.info.id} host is already down`);
        server.hostUp = false;
        dropWork(server, false);
        return log(
          'host-down',
          server.info.id,
          'fault',
          `${server.info.id} host went down: nothing answers, callers wait for their timeout`,
        );
      }
      case 'slow': {
        const server = serverLike(command.target)!;
        server.slowFactor = command.factor;
        return log(
          'slow',
          server.info.id,
          'fault',
          `${server.info.id} is slow: requests take ${command.factor}x longer (health checks still pass)`,
        );
      }
      case 'errors': {
        const server = serverLike(command.target)!;
        server.errorFraction = command.percent / 100;
        return log(
          'errors',
          server.info.id,
          'fault',
          `${server.info.id} answers ${command.percent}% of requests with a fast error (health checks still pass)`,
        );
      }
      case 'flap': {
        const server = serverLike(command.target)!;
        server.flapPeriodUs = usFromS(command.periodS);
        server.flapEpoch++;
        log(
          'flap',
          server.info.id,
          'fault',
          `${server.info.id} starts flapping: crashes and restarts every ${command.periodS / 2} s`,
        );
        return flapToggle(server);
      }
      case 'weight': {
        for (const target of targetsByServer.get(command.target) ?? []) {
          target.weight = command.weight;
          target.balancer.eligible = null;
          target.balancer.weighted = { currentWeights: {} };
        }
        return log(
          'weight',
          command.target,
          'info',
          `${command.target} now has weight ${command.weight}`,
        );
      }
      case 'kill-zone': {
        const zone = zones.get(command.target)!;
        if (zone.down)
          return log('kill-zone', zone.info.id, 'info', `zone ${zone.info.id} is already down`);
        zone.down = true;
        for (const server of zone.servers) dropWork(server, false);
        return log(
          'kill-zone',
          zone.info.id,
          'fault',
          `zone ${zone.info.id} is down: its ${zone.servers.length} servers stop answering at once`,
        );
      }
      case 'kill-region': {
        const region = regions.get(command.target)!;
        if (region.down)
          return log(
            'kill-region',
            region.info.id,
            'info',
            `region ${region.info.id} is already down`,
          );
        region.down = true;
        for (const zone of region.zones) for (const server of zone.servers) dropWork(server, false);
        return log(
          'kill-region',
          region.info.id,
          'fault',
          `region ${region.info.id} is down: ${region.balancer.info.id} and every server in it stop at once`,
        );
      }
      case 'cut': {
        for (const { link, forward } of resolveLinks(command.target)) {
          if (!command.oneWay || forward) link.cutForward = true;
          if (!command.oneWay || !forward) link.cutBackward = true;
        }
        const how = command.oneWay
          ? 'one way: messages in that direction are lost'
          : 'both ways: a partition';
        return log('cut', command.target, 'fault', `link ${command.target} cut ${how}`);
      }
      case 'latency': {
        for (const { link } of resolveLinks(command.target)) link.addedLatencyMs = command.addedMs;
        return log(
          'latency',
          command.target,
          'fault',
          `link ${command.target} has +${command.addedMs} ms latency`,
        );
      }
      case 'loss': {
        for (const { link } of resolveLinks(command.target))
          link.lossFraction = command.percent / 100;
        return log(
          'loss',
          command.target,
          'fault',
          `link ${command.target} drops ${command.percent}% of messages`,
        );
      }
      case 'rate': {
        const was = settings.traffic.arrivalRatePerS;
        settings = withSetting(settings, 'traffic.arrivalRatePerS', command.perS);
        return log(
          'rate',
          'users',
          'fault',
          `arrival rate is now ${command.perS} req/s (was ${was})`,
        );
      }
      case 'restore':
        return restore(command.target);
      case 'disk-fail':
      case 'isolate':
      case 'promote':
        return; // database commands are routed in execute
      case 'set': {
        // Checked again now: a scheduled `set` was checked against the settings of its
        // scheduling, and the commands before it may have made it invalid. Refused, the
        // setting keeps its value, so settings and database options never disagree.
        const problem = setProblem(command.path, command.value);
        if (problem) {
          return log(
            'set',
            command.path,
            'info',
            `setting ${command.path} = ${String(command.value)} not applied: ${problem}`,
          );
        }
        const checked = validateSetting(command.path, command.value);
        const previous = getSetting(settings, command.path);
        settings = withSetting(settings, command.path, checked.value!);
        settingChanged(command.path);
        return log(
          'set',
          command.path,
          'info',
          `setting ${command.path} = ${checked.value} (was ${previous})`,
        );
      }
    }
  };

  /** Mechanisms built from settings start afresh when their settings change. */
  const settingChanged = (path: string): void => {
    if (
      path === 'slo.target' ||
      path === 'alerts.windowScale' ||
      path === 'degradation.countsAsAvailable'
    ) {
      rebuildAlertEvaluator();
    }
    if (path.startsWith('breaker.')) {
      for (const server of servers.values()) server.breaker = null;
    }
    if (path.startsWith('outlier.')) {
      for (const balancer of balancers.values())
        balancer.outliers = createOutlierDetector(outlierOptions());
    }
    if (path.startsWith('database.') && database) {
      // Checked by setProblem before the change, so it cannot be refused here; if it
      // were, the screen would show settings the database does not run.
      const refused = database.setOptions(databaseOptionsOf(settings.database));
      if (refused) throw new Error(`database options out of step with ${path}: ${refused}`);
    }
    if (path === 'balancer.panicThresholdPercent') {
      for (const balancer of balancers.values()) balancer.eligible = null;
    }
  };

  const flapToggle = (server: ServerState): void => {
    if (server.process === 'up') {
      crashProcess(server);
      log('flap-down', server.info.id, 'info', `${server.info.id} (flapping) crashed`);
    } else {
      server.process = 'up';
      log('flap-up', server.info.id, 'info', `${server.info.id} (flapping) restarted`);
    }
    // Division, not `>> 1`: periods up to an hour exceed 32 bits of microseconds.
    const e = pushAt(FLAP_TOGGLE, Math.max(1, Math.floor(server.flapPeriodUs / 2)));
    e.server = server;
    e.epoch = server.flapEpoch;
  };

  const restore = (target: string): void => {
    const server = serverLike(target);
    if (server) {
      const wasBroken = serverBroken(server);
      // Say what actually changed: a slow or erroring server never refused connections.
      const changes: string[] = [];
      if (!server.hostUp) changes.push('the host is up again');
      if (server.flapPeriodUs > 0) changes.push('it stops flapping');
      if (server.process === 'crashed' || !server.hostUp)
        changes.push('the process accepts connections again');
      if (server.slowFactor !== 1) changes.push('it serves at normal speed again');
      if (server.errorFraction > 0) changes.push('it stops answering with errors');
      server.flapEpoch++;
      server.flapPeriodUs = 0;
      server.slowFactor = 1;
      server.errorFraction = 0;
      server.process = 'up';
      server.hostUp = true;
      if (!wasBroken) return log('restore', target, 'info', `${target} is already up`);
      return log('restore', target, 'recovery', `${target} restored: ${changes.join(', ')}`);
    }
    const zone = zones.get(target);
    if (zone) {
      if (!zone.down) return log('restore', target, 'info', `zone ${target} is already up`);
      zone.down = false;
      return log(
        'restore',
        target,
        'recovery',
        `zone ${target} restored: health checks decide when traffic returns`,
      );
    }
    const region = regions.get(target);
    if (region) {
      if (!region.down) return log('restore', target, 'info', `region ${target} is already up`);
      region.down = false;
      return log(
        'restore',
        target,
        'recovery',
        `region ${target} restored: health checks decide when traffic returns`,
      );
    }
    const resolved = resolveLinks(target);
    const wasFaulty = resolved.some(({ link }) => linkFaulty(link));
    for (const { link } of resolved) {
      link.cutForward = false;
      link.cutBackward = false;
      link.addedLatencyMs = 0;
      link.lossFraction = 0;
    }
    if (!wasFaulty) return log('restore', target, 'info', `link ${target} is already healthy`);
    log('restore', target, 'recovery', `link ${target} restored`);
  };

  const actionsFor = (target: string): ActionType[] => {
    if (database && databaseNodes.has(target)) return database.actionsFor(target);
    const server = serverLike(target);
    if (server) {
      const actions: ActionType[] = [];
      if (server.process === 'up' && server.flapPeriodUs === 0) actions.push('kill');
      if (server.hostUp) actions.push('host-down');
      if (server.slowFactor === 1) actions.push('slow');
      if (server.errorFraction === 0) actions.push('errors');
      if (server.flapPeriodUs === 0 && server !== dependency) actions.push('flap');
      if (serverBroken(server)) actions.push('restore');
      return actions;
    }
    const zone = zones.get(target);
    if (zone) return zone.down ? ['restore'] : ['kill-zone'];
    const region = regions.get(target);
    if (region) return region.down ? ['restore'] : ['kill-region'];
    if (targetKind(target) === 'link') {
      const resolved = resolveLinks(target);
      const actions: ActionType[] = [];
      if (!resolved.every(({ link }) => link.cutForward && link.cutBackward)) actions.push('cut');
      actions.push('latency', 'loss');
      if (resolved.some(({ link }) => linkFaulty(link))) actions.push('restore');
      return actions;
    }
    return [];
  };

  // ---- the event loop ----
  const handle = (e: SimEvent): void => {
    switch (e.type) {
      case ARRIVAL: {
        const group = e.group!;
        total++;
        group.total++;
        series.at(nowUs).arrived++;
        const user = startUserRequest(group, false);
        inFlight++;
        if (user.needsDependency) usersNeedingDependency++;
        scheduleNextArrival(group);
        return;
      }
      case PROBE: {
        const group = e.group!;
        startUserRequest(group, true);
        pushAt(PROBE, usFromMs(settings.monitoring.probeIntervalMs)).group = group;
        return;
      }
      case SECOND_TICK:
        return secondTick();
      case CLIENT_RETRY:
        if (!e.user!.done) startAttempt(e.user!);
        return;
      case AT_BALANCER: {
        const attempt = e.attempt!;
        if (attempt.balancer.region.down) return; // nothing answers in a dead region
        if (attempt.done) return; // the user gave up and closed the connection
        return startTry(attempt);
      }
      case BALANCER_RETRY: {
        const attempt = e.attempt!;
        if (attempt.done || attempt.balancer.region.down) return;
        return startTry(attempt);
      }
      case AT_SERVER: {
        const try_ = e.try_!;
        const server = try_.target.server;
        if (!serverAlive(server)) return; // a dead host answers nothing
        if (server.process === 'crashed') return replyFromServer(try_, 'refused');
        if (server.errorFraction > 0 && faultRandom.chance(server.errorFraction)) {
          return replyFromServer(try_, 'error');
        }
        if (
          settings.server.shedding === 'on' &&
          server.inService.length >= settings.server.workers &&
          server.queue.length - server.queueHead >= settings.server.queueLimit
        ) {
          // Reject at once (503) rather than queue work that would time out anyway.
          return replyFromServer(try_, 'shed');
        }
        try_.atServerUs = nowUs;
        return admit(server, try_);
      }
      case SERVICE_DONE: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return; // the process or host died meanwhile
        return serviceDone(server, e.try_!);
      }
      case SERVER_RETRY: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return;
        return callDependency(server, e.try_!, e.probe!);
      }
      case AT_DEPENDENCY: {
        const call = e.call!;
        const dep = dependency!;
        if (!serverAlive(dep)) return;
        if (dep.process === 'crashed') return replyFromDependency(call, 'refused');
        if (dep.errorFraction > 0 && faultRandom.chance(dep.errorFraction))
          return replyFromDependency(call, 'error');
        return admit(dep, call);
      }
      case DEPENDENCY_DONE: {
        const dep = e.server!;
        if (e.epoch !== dep.epoch) return;
        const call = e.call!;
        // The side effect happens here, whether or not anyone still waits for the answer.
        chargeCard(call.try_.attempt.user);
        if (call.done) dep.wastedWork++;
        releaseWorker(dep, call);
        return replyFromDependency(call, 'ok');
      }
      case DEPENDENCY_REPLY: {
        const call = e.call!;
        if (call.done || call.epoch !== call.server.epoch) return; // too late, or the caller died
        return dependencyResult(call, e.outcome!);
      }
      case DEPENDENCY_TIMEOUT: {
        const call = e.call!;
        if (call.done || call.epoch !== call.server.epoch) return;
        return dependencyResult(call, 'timeout');
      }
      case REPLY_AT_BALANCER: {
        const try_ = e.try_!;
        if (try_.attempt.balancer.region.down || try_.done) return;
        return tryFinished(try_, e.outcome!);
      }
      case TRY_TIMEOUT: {
        const try_ = e.try_!;
        if (try_.done) return;
        // Envoy answers 504 when its per-try timeout fires and no retry is left.
        return tryFinished(try_, 'timeout');
      }
      case REPLY_AT_USER: {
        const attempt = e.attempt!;
        if (!attempt.done) attemptFinished(attempt, e.outcome!);
        return;
      }
      case CHECK_SEND:
        return sendCheck(e.target!);
      case CHECK_RESULT:
        if (e.probe === e.target!.probeSeq) checkResult(e.target!, e.outcome!);
        return;
      case COMMAND:
        return execute(e.command!);
      case DROPPED:
        return; // only drawn
      case FLAP_TOGGLE:
        if (e.epoch === e.server!.flapEpoch) flapToggle(e.server!);
        return;
      case DNS_CHECK:
        return dnsCheck(e.region!);
      case CALLBACK:
        return e.fn!();
    }
  };

  /** The user gives up on an attempt that has no answer yet. */
  const clientTimeout = (attempt: Attempt): void => {
    if (attempt.done) return;
    // The user closes the connection, so the balancer stops waiting for its try.
    const current = attempt.current;
    if (current && !current.done) {
      current.done = true;
      current.target.outstanding--;
    }
    attemptFinished(attempt, 'timeout');
  };

  const runUntil = (untilUs: number): void => {
    // The clock is whole microseconds: a driver's fractional frame time is floored, so
    // a command applied live lands on the same microsecond a replay schedules it at.
    const timeUs = Math.floor(untilUs);
    for (;;) {
      // A timeout whose attempt is over would do nothing when due (`done` never goes
      // back to false), so it is dropped now: only live timeouts are ever handled.
      while (clientTimeouts.size > 0 && clientTimeouts.first().done) clientTimeouts.shift();
      const next = queue.peek();
      if (
        clientTimeouts.size > 0 &&
        (next === undefined ||
          entryBeforeEvent(clientTimeouts.firstTimeUs(), clientTimeouts.firstSeq(), next))
      ) {
        if (clientTimeouts.firstTimeUs() > timeUs) break;
        nowUs = clientTimeouts.firstTimeUs();
        clientTimeout(clientTimeouts.shift());
        continue;
      }
      if (next === undefined || next.timeUs > timeUs) break;
      queue.pop();
      nowUs = next.timeUs;
      if (trackMessages && next.from !== undefined) {
        inTransit.delete(next);
        const view = messageView(next);
        if (delivered.length < DELIVERED_MAX) delivered.push(view);
        else delivered[deliveredNext] = view;
        deliveredNext = (deliveredNext + 1) % DELIVERED_MAX;
      }
      handle(next);
      releaseEvent(next); // handled: nothing refers to it any more (see eventPool)
    }
    if (timeUs > nowUs) nowUs = timeUs;
  };

  // ---- the database tier (a sub-model with its own events, through CALLBACK) ----
  const databaseOptionsOf = (db: Settings['database']): DatabaseOptions => ({
    replicationMode: db.replicationMode,
    replicaApplyDelayMs: db.replicaApplyDelayMs,
    semiSyncTimeoutMs: db.semiSyncTimeoutMs,
    quorumN: db.quorumN,
    quorumW: db.quorumW,
    quorumR: db.quorumR,
    failover: db.failover,
    leaseTtlMs: db.leaseTtlMs,
    loopWaitMs: db.loopWaitMs,
    retryTimeoutMs: db.retryTimeoutMs,
    promotionMs: db.promotionMs,
    rediscoveryMs: db.rediscoveryMs,
    maximumLagOnFailoverWrites: db.maximumLagOnFailoverWrites,
    fencing: db.fencing === 'on',
    readsFrom: db.readsFrom,
    rebuildMsPerThousandWrites: db.rebuildMsPerThousandWrites,
    operatorDelayMs: db.operatorDelayMs,
    alertDelayMs: db.alertDelayMs,
    clientTimeoutMs: db.clientTimeoutMs,
    streamRetryMs: 5000,
    conflictMode: db.conflictMode,
  });
  const databaseNodes = new Map(
    (topology.database?.nodes ?? []).map((node) => [node.id, componentById.get(node.id)!] as const),
  );
  /** Zone and region of a server or database node. */
  const placeOf = (id: string): { zone: string; region: string } | undefined => {
    const info = componentById.get(id);
    return info && info.zone !== null && info.region !== null
      ? { zone: info.zone, region: info.region }
      : undefined;
  };
  const placeAlive = (id: string): boolean => {
    const info = componentById.get(id);
    if (!info || info.zone === null) return true;
    const zone = zones.get(info.zone);
    if (!zone || zone.down || zone.region.down) return false;
    const server = servers.get(id);
    return server ? serverAlive(server) : true;
  };
  const databaseContext: DatabaseContext = {
    nowUs: () => nowUs,
    schedule(delayUs, fn) {
      pushAt(CALLBACK, delayUs).fn = fn;
    },
    random: databaseRandom,
    log: (type, target, category, message) => log(type, target, category, message),
    hopUs(from, to) {
      if (!placeAlive(from) || !placeAlive(to)) return null;
      const link = links.get(linkId(from, to)) ?? links.get(linkId(to, from));
      if (
        link &&
        (link.cutForward || link.cutBackward || databaseNetworkRandom.chance(link.lossFraction))
      )
        return null;
      const a = placeOf(from);
      const b = placeOf(to);
      const baseMs =
        a && b && a.region !== b.region
          ? settings.network.crossRegionLatencyMs
          : settings.network.inRegionLatencyMs;
      return hopUs(baseMs + (link?.addedLatencyMs ?? 0), databaseNetworkRandom);
    },
    nodeAlive: (id) => placeAlive(id),
    monitoringEnabled: () => settings.monitoring.enabled === 'on',
    placeOf,
  };
  const database: Database | null = topology.database
    ? createDatabase(
        {
          nodes: topology.database.nodes.map((node) => ({
            id: node.id,
            zone: node.zone,
            region: placeOf(node.id)!.region,
          })),
          primary: topology.database.primary,
        },
        databaseOptionsOf(settings.database),
        databaseContext,
      )
    : null;

  // ---- start ----
  for (const group of groups) scheduleNextArrival(group);
  for (const group of groups) {
    pushAt(PROBE, checkRandom.int(usFromMs(settings.monitoring.probeIntervalMs)) + 1).group = group;
  }
  pushSecondTick();
  for (const balancer of balancers.values()) {
    for (const target of balancer.targets) {
      // Stagger first checks over one interval, as real checkers do.
      scheduleCheck(target, checkRandom.int(usFromMs(settings.healthCheck.intervalMs)) + 1);
    }
  }
  if (trafficManagerId) {
    const ttlUs = usFromS(settings.trafficManager.dnsTtlS);
    for (const group of groups) {
      const answer = dnsAnswer(group);
      for (let i = 0; i < DNS_CACHES_PER_GROUP; i++) {
        group.dnsCaches.push({ region: answer, expiresUs: dnsRandom.int(ttlUs + 1) });
      }
    }
    for (const region of regionList) {
      pushAt(DNS_CHECK, checkRandom.int(usFromMs(settings.trafficManager.intervalMs)) + 1).region =
        region;
    }
  }

  const schedule = (atUs: number, command: Command): ApplyResult => {
    // A later command is checked against the configuration only, as a scenario file
    // is: whether a node can then be promoted is decided (and logged) when it runs.
    const error = validateCommand(command, topology, settings);
    if (error) return { ok: false, error };
    if (!Number.isFinite(atUs) || atUs < nowUs)
      return { ok: false, error: 'a command cannot be scheduled in the past' };
    const e = makeEvent(COMMAND, Math.round(atUs));
    e.phase = COMMAND_PHASE;
    e.command = command;
    push(e);
    return { ok: true };
  };

  for (const fault of input.faults ?? []) {
    const result = schedule(fault.atUs, fault.command);
    if (!result.ok)
      throw new Error(`fault script: ${describeCommand(fault.command)}: ${result.error}`);
  }

  // ---- read-only views ----
  /** A travelling (or just delivered) message as views see it. */
  const messageView = (e: SimEvent): MessageView => {
    const user = e.user!;
    const lost = e.type === DROPPED;
    const forward = e.type === AT_BALANCER || e.type === AT_SERVER || e.type === AT_DEPENDENCY;
    const late = e.attempt?.done ?? e.try_?.done ?? e.call?.done ?? user.done;
    return {
      id: `${user.id}:${e.seq}`,
      requestId: user.id,
      from: e.from!,
      to: e.to!,
      sentUs: e.sentUs!,
      arrivesUs: lost ? e.sentUs! + 2 * (e.timeUs - e.sentUs!) : e.timeUs,
      kind: lost ? e.lostKind! : kindOf(forward, e.outcome),
      late,
      lost,
      probe: user.probe,
    };
  };

  const deliveredSince = (fromUs: number): MessageView[] => {
    const ordered =
      delivered.length < DELIVERED_MAX
        ? delivered
        : [...delivered.slice(deliveredNext), ...delivered.slice(0, deliveredNext)];
    // A lost message "ends" at its drop point, the middle of sentUs..arrivesUs.
    const endOf = (m: MessageView): number => (m.lost ? (m.sentUs + m.arrivesUs) / 2 : m.arrivesUs);
    return ordered.filter((m) => endOf(m) > fromUs);
  };

  const serverStateWord = (server: ServerState): string => {
    if (server.zone?.region.down) return 'down (region)';
    if (server.zone?.down) return 'down (zone)';
    if (!server.hostUp) return 'host down';
    const words: string[] = [];
    if (server.flapPeriodUs > 0)
      words.push(`flapping, ${server.process === 'crashed' ? 'crashed' : 'up'}`);
    else if (server.process === 'crashed') words.push('crashed');
    if (server.slowFactor !== 1) words.push(`slow x${server.slowFactor}`);
    if (server.errorFraction > 0)
      words.push(`failing ${Number((server.errorFraction * 100).toFixed(2))}%`);
    return words.length > 0 ? words.join(', ') : 'up';
  };

  const linkStateWord = (link: LinkState): string => {
    const words: string[] = [];
    if (link.cutForward && link.cutBackward) words.push('cut');
    else if (link.cutForward) words.push(`cut one way (${link.info.from} to ${link.info.to})`);
    else if (link.cutBackward) words.push(`cut one way (${link.info.to} to ${link.info.from})`);
    if (link.addedLatencyMs > 0) words.push(`+${link.addedLatencyMs} ms`);
    if (link.lossFraction > 0) words.push(`${Number((link.lossFraction * 100).toFixed(2))}% loss`);
    return words.length > 0 ? words.join(', ') : 'ok';
  };

  const breakerView = (server: ServerState): BreakerView | undefined =>
    settings.breaker.enabled === 'on' && dependency
      ? {
          state: server.breaker ? breakerState(server.breaker, nowUs) : 'CLOSED',
          transitions: server.breakerTransitions,
        }
      : undefined;

  const snapshot = (): Snapshot => {
    const databaseView = database?.view();
    // Active-passive: the active region is the one the traffic manager now answers with
    // (the first it considers healthy), so after a failover the old standby is active.
    const activeRegion =
      settings.regions.mode === 'active-passive'
        ? (regionList.find((r) => r.dnsHealthy) ?? regionList[0])
        : undefined;
    const components: ComponentView[] = componentInfos.map((info) => {
      const base = { ...info, healthy: true, inService: 0, queued: 0, served: 0 };
      const server = serverLike(info.id);
      if (server) {
        const targets = targetsByServer.get(info.id) ?? [];
        return {
          ...base,
          state: serverStateWord(server),
          healthy: targets.every((t) => t.healthy),
          inService: server.inService.length,
          queued: server.queue.length - server.queueHead,
          served: server.served,
          breaker: breakerView(server),
          weight: targets[0]?.weight,
        };
      }
      const node = databaseView?.nodes.find((n) => n.id === info.id);
      if (node) {
        return {
          ...base,
          state: node.state,
          healthy: node.role !== 'down',
          databaseRole: node.role,
          lagMs: node.lagMs,
          lagWrites: node.lagWrites,
          appliedWrites: node.appliedWrites,
        };
      }
      const zone = zones.get(info.id);
      if (zone) return { ...base, state: zone.down || zone.region.down ? 'down' : 'up' };
      const region = regions.get(info.id);
      if (region) {
        const role =
          activeRegion === undefined ? 'active' : region === activeRegion ? 'active' : 'standby';
        return {
          ...base,
          state: region.down ? 'down' : 'up',
          healthy: region.dnsHealthy,
          // A dead region has no role worth naming: "down" says it all.
          role: trafficManagerId && !region.down ? role : undefined,
        };
      }
      const balancer = balancers.get(info.id);
      if (balancer) return { ...base, state: balancer.region.down ? 'down' : 'up' };
      const group = groups.find((g) => g.id === info.id);
      if (group && trafficManagerId) {
        const counts: Record<string, number> = {};
        for (const cache of group.dnsCaches)
          counts[cache.region.info.id] = (counts[cache.region.info.id] ?? 0) + 1;
        const dnsShares = Object.fromEntries(
          Object.entries(counts).map(([region, n]) => [region, n / group.dnsCaches.length]),
        );
        return { ...base, state: 'up', dnsShares };
      }
      return { ...base, state: 'up' };
    });
    const linkViews: LinkView[] = linkInfos.map((info) => {
      const link = links.get(info.id)!;
      return {
        ...info,
        state: linkStateWord(link),
        cutForward: link.cutForward,
        cutBackward: link.cutBackward,
        addedLatencyMs: link.addedLatencyMs,
        lossPercent: link.lossFraction * 100,
      };
    });
    const targets: TargetView[] = [];
    for (const balancer of balancers.values()) {
      for (const t of balancer.targets) {
        targets.push({
          balancer: balancer.info.id,
          server: t.server.info.id,
          healthy: t.healthy,
          ejected:
            settings.outlier.enabled === 'on' && outlierIsEjected(balancer.outliers, t.id, nowUs),
          weight: t.weight,
          consecutiveFails: t.consecutiveFails,
          consecutiveOks: t.consecutiveOks,
          lastCheckOk: t.lastCheckOk,
          outstanding: t.outstanding,
          routed: t.routed,
        });
      }
    }
    const messages: MessageView[] = [];
    for (const e of inTransit) messages.push(messageView(e));
    return Object.freeze({
      nowUs,
      seed,
      components: Object.freeze(components),
      links: Object.freeze(linkViews),
      targets: Object.freeze(targets),
      failingOpen: [...balancers.values()].filter((b) => b.failingOpen).map((b) => b.info.id),
      messages: Object.freeze(messages),
      regionMode: settings.regions.mode,
      database: databaseView,
    });
  };

  const pointOf = (b: SeriesBucket): SeriesPoint =>
    Object.freeze({
      startS: b.startS,
      arrived: b.arrived,
      succeeded: b.succeeded,
      degraded: b.degraded,
      failed: b.failed,
      p50Ms: b.latency.quantileUs(0.5) / US_PER_MS,
      p95Ms: b.latency.quantileUs(0.95) / US_PER_MS,
      p99Ms: b.latency.quantileUs(0.99) / US_PER_MS,
    });

  /**
   * Chart points of the completed seconds, made once each: a second that has ended
   * never changes (everything is recorded at the current time), so a report only
   * converts the seconds completed since the previous one and its cost stays flat as
   * the run grows (it was a point per second of the whole run on every report).
   */
  const seriesPoints: SeriesPoint[] = [];
  /** Seconds of per-second latency kept: the longest window a report reads (10 min). */
  const LATENCY_KEPT_S = 600;
  /** The last series handed out: shared while no second has completed since. */
  let publishedSeries: readonly SeriesPoint[] = Object.freeze([]);
  const completedSeries = (): readonly SeriesPoint[] => {
    // The bucket still filling is left out of the chart so its last point is not a dip.
    const complete = Math.min(series.buckets.length, Math.floor(nowUs / US_PER_S));
    for (let i = seriesPoints.length; i < complete; i++) {
      seriesPoints.push(pointOf(series.buckets[i]!));
    }
    // Seconds with a point and out of the 10-minute window need no latency histogram.
    series.releaseLatencyBefore(
      Math.min(seriesPoints.length, Math.floor(nowUs / US_PER_S) - LATENCY_KEPT_S),
    );
    if (publishedSeries.length !== seriesPoints.length) {
      // A copy of references (frozen points), not of points: each report keeps its own
      // series, which later seconds do not lengthen.
      publishedSeries = Object.freeze(seriesPoints.slice());
    }
    return publishedSeries;
  };

  /** Request-based availability, with degraded answers counted as the user chose. */
  const availabilityOf = (ok: number, deg: number, bad: number): number =>
    countsAsGood('degraded')
      ? requestAvailability(ok + deg, bad)
      : requestAvailability(ok, deg + bad);

  const dataMetrics = (db: Database): Metrics['data'] => {
    const m = db.metrics();
    return {
      writesIssued: m.writesIssued,
      writesAcked: m.writesAcked,
      writesFailed: m.writesFailed,
      writesLost: m.writesLost,
      readsServed: m.readsServed,
      readsFailed: m.readsFailed,
      staleReads: m.staleReads,
      lostUpdates: m.lostUpdates,
      splitBrainWrites: m.splitBrainWrites,
      failovers: m.failovers,
    };
  };

  const metrics = (): Metrics => {
    const window = series.window(nowUs - 60 * US_PER_S, nowUs);
    // Counts only: the 10-minute window shows no latency, and summing 600 histograms
    // was most of a report's cost.
    const window10m = series.window(nowUs - 600 * US_PER_S, nowUs, false);
    let wastedWork = dependency?.wastedWork ?? 0;
    for (const s of servers.values()) wastedWork += s.wastedWork;
    const userGroups: UserGroupMetrics[] = groups.map((g) => ({
      id: g.id,
      total: g.total,
      succeeded: g.succeeded,
      degraded: g.degraded,
      failed: g.failed,
      availability: availabilityOf(g.succeeded, g.degraded, g.failed),
      errorSeconds: g.errorSeconds,
      timedOut: g.timedOut,
      timeAvailability: g.uptime.uptimeFraction(0, nowUs),
    }));
    // Time-based availability across groups, weighted by their share of the users.
    const uptime = (fromUs: number): number =>
      groups.reduce(
        (sum, g) => sum + g.share * g.uptime.uptimeFraction(Math.max(0, fromUs), nowUs),
        0,
      ) / shareTotal;
    const scale = settings.alerts.windowScale;
    const periodS = (settings.slo.periodDays * 86400) / scale;
    const good = countsAsGood('degraded') ? succeeded + degraded : succeeded;
    const valid = succeeded + degraded + failed;
    const windowGood = countsAsGood('degraded')
      ? window.succeeded + window.degraded
      : window.succeeded;
    const windowValid = window.succeeded + window.degraded + window.failed;
    const breakers = [...servers.values()]
      .filter((s) => breakerView(s) !== undefined)
      .map((s) => ({ id: s.info.id, ...breakerView(s)! }));
    return {
      nowUs,
      requests: {
        total,
        succeeded,
        degraded,
        failed,
        inFlight,
        failedBy: { ...failedBy },
      },
      availability: availabilityOf(succeeded, degraded, failed),
      latencyMs: {
        p50: latency.quantileUs(0.5) / US_PER_MS,
        p99: latency.quantileUs(0.99) / US_PER_MS,
      },
      window60s: {
        succeeded: window.succeeded,
        degraded: window.degraded,
        failed: window.failed,
        availability: availabilityOf(window.succeeded, window.degraded, window.failed),
        p50Ms: window.latency.quantileUs(0.5) / US_PER_MS,
        p99Ms: window.latency.quantileUs(0.99) / US_PER_MS,
      },
      window10m: {
        succeeded: window10m.succeeded,
        degraded: window10m.degraded,
        failed: window10m.failed,
        availability: availabilityOf(window10m.succeeded, window10m.degraded, window10m.failed),
      },
      timeAvailability: {
        sinceStart: uptime(0),
        window1m: uptime(nowUs - 60 * US_PER_S),
        window10m: uptime(nowUs - 600 * US_PER_S),
      },
      slo: {
        target: settings.slo.target,
        periodDays: settings.slo.periodDays,
        windowScale: scale,
        budgetTimeS: (1 - settings.slo.target) * periodS,
        budgetRequestsSoFar: (1 - settings.slo.target) * valid,
        budgetBurntFraction: budgetBurntFraction(
          valid - good,
          valid,
          settings.slo.target,
          sFromUs(nowUs),
          periodS,
        ),
        burnRateLastMinute: burnRate(
          errorRate(windowValid - windowGood, windowValid),
          settings.slo.target,
        ),
      },
      monitoring: settings.monitoring.enabled === 'on',
      alerts: alertEvaluator.alerts(),
      alertRules: alertEvaluator.ruleStatuses(secondsObserved).map((status) => ({
        name: status.rule.name,
        severity: status.rule.severity,
        burnRateThreshold: status.rule.burnRate,
        longWindowS: status.longWindowS,
        shortWindowS: status.shortWindowS,
        longBurnRate: status.longBurnRate,
        shortBurnRate: status.shortBurnRate,
        firing: firingAlerts.has(status.rule.name),
      })),
      defences: {
        usersNeedingDependency,
        usersReachingDependency,
        dependencyAttempts,
        probeDependencyAttempts,
        loadAmplification:
          usersReachingDependency === 0 ? 0 : dependencyAttempts / usersReachingDependency,
        serverTries,
        sideEffects,
        duplicateSideEffects,
        idempotentReplays,
        retries: { ...retriesBy },
        retriesDeniedByBudget,
        breakers,
        hopLatencyMs: {
          serverP99: serverTimeHistogram.quantileUs(0.99) / US_PER_MS,
          dependencyP50: dependencyTimeHistogram.quantileUs(0.5) / US_PER_MS,
          dependencyP99: dependencyTimeHistogram.quantileUs(0.99) / US_PER_MS,
        },
      },
      data: database ? dataMetrics(database) : null,
      errorSeconds,
      userGroups,
      wastedWork,
      series: completedSeries(),
    };
  };

  return {
    seed,
    now: () => nowUs,
    runUntil,
    apply(command) {
      const error = validate(command);
      if (error) return { ok: false, error };
      execute(command);
      return { ok: true };
    },
    schedule,
    settings: () => settings,
    snapshot,
    metrics,
    deliveredSince,
    log(fromIndex = 0) {
      const start = Math.max(0, fromIndex - logDropped);
      return { entries: logEntries.slice(start), nextIndex: logDropped + logEntries.length };
    },
    appliedCommands: () => applied.slice(),
    components: () => componentInfos,
    links: () => linkInfos,
    validate,
    actionsFor,
  };
}

/** Failure reasons in display order (re-exported for views and the CLI). */
export { FAILURE_REASONS };
