/**
 * The read-only records the engine hands out. Views and the store depend on these
 * types only, never on engine internals.
 */
import type { FailureReason } from './series';
import type { DatabaseRole, DatabaseView, FailoverRecord } from '../database';
import type { RegionMode } from '../settings';
import type { ComponentInfo, LinkInfo } from '../topology';
import type { ComponentStatus, LinkStatus } from './states';
import type { SimTimeUs } from '../engine/time';

/** A component as drawn: where it lives plus its current state. */
export interface ComponentView extends ComponentInfo {
  /** Its state (the union of its kind: `ServerStatus`, `DatabaseNodeStatus`, ...). */
  state: ComponentStatus;
  /**
   * The state in words, for accessible names and the diagram: `up`, `crashed`,
   * `flapping, up, slow x3`, `rebuilding 40%` (see `serverStatusLabel`, ...).
   */
  stateLabel: string;
  /** Servers: crashing and restarting on a cycle (a flap fault). */
  flapping?: boolean;
  /** Servers: service time multiplier (1 = normal, drawn with a clock glyph otherwise). */
  slowFactor?: number;
  /** Servers: share of requests answered with an error, 0 to 100. */
  errorPercent?: number;
  /** Database nodes while rebuilding: how far, 0 to 99. */
  rebuildPercent?: number;
  /** False when any balancer has marked it unhealthy (drawn with a dashed outline). */
  healthy: boolean;
  /** Requests being processed now (servers only). */
  inService: number;
  /** Requests waiting in the queue (servers only). */
  queued: number;
  /**
   * Servers: of `queued`, the requests whose caller has already timed out (the user's
   * timeout, the balancer's per-try timeout, or for the dependency the app server's call
   * timeout) and stopped waiting: nobody receives their answer, yet a worker will still
   * serve each one (a queue is FIFO and drops nothing). `queued - queuedTimedOut` are the
   * requests somebody still waits for.
   */
  queuedTimedOut?: number;
  /** Requests completed so far (servers only). */
  served: number;
  /** Regions with a traffic manager: serving users, or a warm standby (active-passive). */
  role?: 'active' | 'standby';
  /** User groups with a traffic manager: share of cached DNS answers per region id. */
  dnsShares?: Record<string, number>;
  /** App servers with the circuit breaker on: its state towards the dependency. */
  breaker?: BreakerView;
  /** App servers: the balancer's weight for it (1 = normal). */
  weight?: number;
  /** Database nodes: role, replication lag and data held. */
  databaseRole?: DatabaseRole;
  lagMs?: number;
  lagWrites?: number;
  appliedWrites?: number;
}

/** A circuit breaker as drawn (resilience4j states). */
export interface BreakerView {
  state: 'CLOSED' | 'OPEN' | 'HALF_OPEN';
  /** State changes so far. */
  transitions: number;
}

/** A link as drawn, with its faults. */
export interface LinkView extends LinkInfo {
  state: LinkStatus;
  /** The state in words, for accessible names: `ok`, `cut`, `+200 ms, 20% loss`, ... */
  stateLabel: string;
  cutForward: boolean;
  cutBackward: boolean;
  addedLatencyMs: number;
  lossPercent: number;
}

/** A balancer's view of one of its targets. */
export interface TargetView {
  balancer: string;
  server: string;
  healthy: boolean;
  /** Ejected by passive outlier detection (it returns by itself after the ejection time). */
  ejected: boolean;
  weight: number;
  consecutiveFails: number;
  consecutiveOks: number;
  lastCheckOk: boolean | null;
  outstanding: number;
  /** Requests routed to this target since the start. */
  routed: number;
}

/**
 * A message on the wire. A view places it at (now - sentUs) / (arrivesUs - sentUs)
 * along the link from `from` to `to`.
 */
export interface MessageView {
  id: string;
  requestId: number;
  from: string;
  to: string;
  sentUs: SimTimeUs;
  arrivesUs: SimTimeUs;
  /** A request going in, a successful reply, a degraded (fallback) reply, or an error reply. */
  kind: 'request' | 'reply' | 'degraded' | 'error';
  /** The user gave up before this message was sent or will arrive: nobody receives it. */
  late: boolean;
  /**
   * Lost on the way (cut link or packet loss): it vanishes at the link's middle, at
   * the midpoint of sentUs..arrivesUs.
   */
  lost: boolean;
  /** A synthetic monitoring probe, not a user request. */
  probe: boolean;
}

export interface Snapshot {
  nowUs: SimTimeUs;
  seed: number;
  components: readonly ComponentView[];
  links: readonly LinkView[];
  targets: readonly TargetView[];
  /** Balancers that have no healthy target and route to all of them. */
  failingOpen: readonly string[];
  messages: readonly MessageView[];
  regionMode: RegionMode;
  /** The database tier, when the topology has one: nodes, streams, mode, failover. */
  database: DatabaseView | undefined;
}

/** One second of simulated time, for charts. */
export interface SeriesPoint {
  startS: number;
  arrived: number;
  succeeded: number;
  degraded: number;
  failed: number;
  /** Latency of answered requests (full or degraded); NaN when none in that second. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /**
   * Seconds the point covers, from `startS`, when more than one: an hour's or a
   * minute's point of the older series (`Simulation.seriesTiers`). Absent: one second.
   */
  widthS?: number;
}

export interface Metrics {
  nowUs: SimTimeUs;
  /**
   * The instant a counter first left 0 (null: not yet): the first user request failed
   * by timing out, the first duplicate charge. A lesson pauses at that very instant.
   */
  firstAtUs: { timeout: SimTimeUs | null; duplicateCharges: SimTimeUs | null };
  requests: {
    total: number;
    succeeded: number;
    /** Answered with a fallback: not a full success. */
    degraded: number;
    failed: number;
    inFlight: number;
    failedBy: Record<FailureReason, number>;
  };
  /**
   * Request-based: succeeded / finished since the start (degraded answers count as
   * available only when `degradation.countsAsAvailable` is on).
   */
  availability: number;
  /** Of requests that succeeded, since the start. NaN when none. */
  latencyMs: { p50: number; p99: number };
  /** The last 60 simulated seconds (whole seconds). */
  window60s: {
    succeeded: number;
    degraded: number;
    failed: number;
    availability: number;
    p50Ms: number;
    p99Ms: number;
  };
  /** The last 10 simulated minutes (request-based). */
  window10m: { succeeded: number; degraded: number; failed: number; availability: number };
  /**
   * Time-based: the fraction of time the service answered the synthetic probes sent
   * from each user group every `monitoring.probeIntervalMs` (weighted by group share).
   */
  timeAvailability: {
    sinceStart: number;
    window1m: number;
    window10m: number;
    /** Probes sent since the start, all groups: the sample `sinceStart` is measured from. */
    probesSinceStart: number;
  };
  slo: {
    target: number;
    periodDays: number;
    /** Alert windows and the SLO period are divided by this for demos. */
    windowScale: number;
    /** Error budget as downtime over the (scaled) period, seconds. */
    budgetTimeS: number;
    /** Failed requests the budget allows out of the valid requests so far. */
    budgetRequestsSoFar: number;
    /** Share of the (scaled) period's budget used so far: burn rate x elapsed / period. */
    budgetBurntFraction: number;
    /** Error rate over the last 60 s divided by (1 - target). */
    burnRateLastMinute: number;
  };
  /** Monitoring switch: off means no alerts fire. */
  monitoring: boolean;
  /** Burn-rate alerts fired so far (simulated seconds). */
  alerts: Array<{
    name: string;
    severity: 'page' | 'ticket';
    /** SLO target and window scale in force when it fired (a later change keeps them). */
    target: number;
    windowScale: number;
    firedAtS: number;
    resolvedAtS: number | null;
  }>;
  /** Each multiwindow rule now, windows already scaled. */
  alertRules: Array<{
    name: string;
    severity: 'page' | 'ticket';
    burnRateThreshold: number;
    longWindowS: number;
    shortWindowS: number;
    longBurnRate: number;
    shortBurnRate: number;
    firing: boolean;
  }>;
  /** The defences at work (issue: timeouts, retries, idempotency, breakers). */
  defences: {
    /** User requests that call the dependency. */
    usersNeedingDependency: number;
    /** Calls that reached the network towards the dependency (retries included), for user requests. */
    dependencyAttempts: number;
    /** User requests that made at least one dependency call (those that reached it). */
    usersReachingDependency: number;
    /**
     * Calls the synthetic probes' checkouts made (retries included): real calls through
     * the same breakers and budgets, kept out of the user counts above.
     */
    probeDependencyAttempts: number;
    /**
     * dependencyAttempts / usersReachingDependency: 1 without retries, attempts^layers in
     * a storm; never below 1 (requests that never reached the dependency are not counted).
     */
    loadAmplification: number;
    /** Tries the balancers sent to servers (retries included). */
    serverTries: number;
    /** Charges the dependency made. */
    sideEffects: number;
    /** Charges made again for a user request already charged (charged twice). */
    duplicateSideEffects: number;
    /** Retried charges answered from the idempotency store instead of charging again. */
    idempotentReplays: number;
    retries: { client: number; balancer: number; server: number };
    retriesDeniedByBudget: number;
    breakers: Array<{ id: string } & BreakerView>;
    /** Measured per-hop latency, to compare with the timeouts (false timeouts). */
    hopLatencyMs: { serverP99: number; dependencyP50: number; dependencyP99: number };
  };
  /** The database tier: acknowledged writes lost (RPO), stale reads, failovers (RTO). */
  data: {
    writesIssued: number;
    /** Writes acknowledged to the app server in time. */
    writesAcked: number;
    writesFailed: number;
    /** Acknowledged, then lost (failover, disk failure, split brain healing). */
    writesLost: number;
    readsServed: number;
    readsFailed: number;
    staleReads: number;
    /** Active-active (last writer wins): acknowledged writes overwritten. */
    lostUpdates: number;
    /** Writes an old primary accepted after a newer one existed. */
    splitBrainWrites: number;
    failovers: FailoverRecord[];
  } | null;
  /** Simulated seconds in which at least one request failed. */
  errorSeconds: number;
  /** Per user group: an outage can be total for some users and invisible to others. */
  userGroups: UserGroupMetrics[];
  /**
   * Work nobody receives: requests a server (or the dependency) finished after its
   * caller had given up, or whose answer was lost on the way back (a partition is
   * not the same as down: the servers are alive and busy).
   */
  wastedWork: number;
  /**
   * Completed seconds of the run, oldest first. Frozen, and so are its points; the
   * next report's series shares these points (===) and adds the seconds since.
   */
  series: readonly SeriesPoint[];
}

export interface UserGroupMetrics {
  id: string;
  total: number;
  succeeded: number;
  degraded: number;
  failed: number;
  /** Request-based, succeeded / finished. */
  availability: number;
  /** Simulated seconds in which at least one of this group's requests failed. */
  errorSeconds: number;
  /** This group's requests that failed by timing out, since the start. */
  timedOut: number;
  /** Time-based availability from this group's probes since the start. */
  timeAvailability: number;
}
