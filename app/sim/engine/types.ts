/**
 * The engine's vocabulary: event types, and the records of requests, attempts, tries,
 * calls and the components they travel through. Shared by every part of the engine.
 */
import type { Command } from '../commands';
import { type QueuedEvent } from './eventQueue';
import type { RoundRobinCursor, SmoothWeightedState } from '../mechanisms/models/balancing';
import type { CircuitBreaker } from '../mechanisms/models/circuitBreaker';
import { type OutlierDetector } from '../mechanisms/models/outlierDetection';
import { type TokenBucket } from '../mechanisms/models/retryBudget';
import { type RetryRatioBudget } from '../mechanisms/models/retryRatioBudget';
import { type FailureReason } from '../output/series';
import type { MessageView } from '../output/snapshot';
import { US_PER_S, type SimTimeUs } from './time';
import { type UptimeTracker } from '../output/timeAvailability';
import { type ComponentInfo, type LinkInfo } from '../topology';

// Event types. Plain numbers keep dispatch a cheap switch. (Timeouts are not events:
// the client's, the balancer's per-try and the dependency call's each wait in their
// own FIFO, see `clientTimeouts`, `tryTimeouts` and `callTimeouts` in `world.ts`.)
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
export const AT_DEPENDENCY = 14;
export const DEPENDENCY_DONE = 15;
export const DEPENDENCY_REPLY = 16;
export const CLIENT_RETRY = 17;
export const BALANCER_RETRY = 18;
export const SERVER_RETRY = 19;
export const CALLBACK = 20;

/**
 * Kinds that come on a clock of their own, not per request: they wait in
 * `World.periodicQueue`, apart from the requests' events (see there why). By kind, for
 * a lookup per push.
 */
export const PERIODIC_KINDS: readonly boolean[] = (() => {
  const periodic: boolean[] = Array.from({ length: CALLBACK + 1 }, () => false);
  for (const kind of [
    CHECK_SEND,
    CHECK_RESULT,
    COMMAND,
    FLAP_TOGGLE,
    DNS_CHECK,
    PROBE,
    SECOND_TICK,
  ])
    periodic[kind] = true;
  return periodic;
})();

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

/** A message on the wire (set by `send`): who it carries, and from where since when. */
interface Travelling {
  user: UserRequest;
  from: string;
  to: string;
  sentUs: SimTimeUs;
}

/** Not on the wire: `from` stays undefined, which is how the loop tells the two apart. */
interface Local {
  from?: undefined;
}

/**
 * What each kind of event carries: only its own fields. The loop's `switch (e.kind)`
 * narrows to one of these, so a handler reads `e.group`, never `e.group!`.
 */
export interface EventPayloads {
  [ARRIVAL]: Local & { group: UserGroupState };
  [PROBE]: Local & { group: UserGroupState };
  [SECOND_TICK]: Local;
  [CLIENT_RETRY]: Local & { user: UserRequest };
  [AT_BALANCER]: Travelling & { attempt: Attempt; outcome: undefined };
  [BALANCER_RETRY]: Local & { attempt: Attempt };
  [AT_SERVER]: Travelling & { try_: Try; outcome: undefined };
  [SERVICE_DONE]: Local & { server: ServerState; epoch: number; try_: Try };
  [SERVER_RETRY]: Local & { server: ServerState; epoch: number; try_: Try; probe: number };
  [AT_DEPENDENCY]: Travelling & { call: DependencyCall; outcome: undefined };
  [DEPENDENCY_DONE]: Local & { server: ServerState; epoch: number; call: DependencyCall };
  [DEPENDENCY_REPLY]: Travelling & { call: DependencyCall; outcome: Outcome };
  [REPLY_AT_BALANCER]: Travelling & { try_: Try; outcome: Outcome };
  [REPLY_AT_USER]: Travelling & { attempt: Attempt; outcome: Outcome };
  [CHECK_SEND]: Local & { target: TargetState };
  [CHECK_RESULT]: Local & { target: TargetState; probe: number; outcome: Outcome };
  [COMMAND]: Local & { command: Command };
  /** A lost message, drawn up to the link's middle: the kind of message it was. */
  [DROPPED]: Travelling & { lostKind: MessageView['kind'] };
  [FLAP_TOGGLE]: Local & { server: ServerState; epoch: number };
  [DNS_CHECK]: Local & { region: RegionState };
  /** Work scheduled by a sub-model (the database). */
  [CALLBACK]: Local & { fn: () => void };
}

/** An event's kind: ARRIVAL, AT_BALANCER, ... (plain numbers keep dispatch a cheap switch). */
export type EventKind = keyof EventPayloads;

/** The event of one kind, with only its fields. */
export type SimEventOf<K extends EventKind> = QueuedEvent & { kind: K } & EventPayloads[K];

/** Any event on the queue: a union discriminated by `kind`. */
export type SimEvent = { [K in EventKind]: SimEventOf<K> }[EventKind];

/** An event that is a message on the wire (drawn travelling along its link). */
export type TravellingEvent = Extract<SimEvent, { sentUs: SimTimeUs }>;

/** The kinds of message `send` puts on the wire (a lost one becomes a DROPPED event). */
export type SentKind = Exclude<TravellingEvent['kind'], typeof DROPPED>;

/**
 * The record an event lives in at run time: every field of every kind, most unset.
 * Events are pooled and reused across kinds (`engine/events.ts`), so they all share
 * this one shape (one hidden class for V8); the types above say which fields a kind sets.
 */
export interface PooledEvent extends QueuedEvent {
  kind: EventKind;
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
  from?: string;
  to?: string;
  /** NaN when not on the wire, never undefined (see `blankEvent` in events.ts). */
  sentUs?: SimTimeUs;
  lostKind?: MessageView['kind'];
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
  startUs: SimTimeUs;
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
   * idempotency memory): back to 0 when forgotten.
   */
  charges: number;
  /**
   * When the dependency forgets this request's charges: SIDE_EFFECT_MEMORY_US after it
   * finished (Infinity before, and once forgotten).
   */
  chargesForgottenAtUs: number;
}

/** One try by the user (client): through the balancer and back. */
export interface Attempt {
  user: UserRequest;
  /** When the client sent it (a trace started mid-flight draws it from here). */
  startUs: SimTimeUs;
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
  /** When the balancer sent it (a trace started mid-flight draws it from here). */
  startUs: SimTimeUs;
  /** The balancer has an answer for this try or stopped waiting. */
  done: boolean;
  /** When it reached the server (for the server-time percentiles). */
  atServerUs: SimTimeUs;
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
  startUs: SimTimeUs;
  /** The calling server's epoch: a crash abandons the call. */
  epoch: number;
}

export type Work = Try | DependencyCall;

export interface DnsCache {
  region: RegionState;
  expiresUs: SimTimeUs;
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
  /** The same links by region index (`RegionState.index`): no lookup by id per attempt. */
  linkByRegion: Array<LinkState | undefined>;
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
