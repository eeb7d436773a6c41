/**
 * Every tunable number in the simulation, with its unit, default, bounds and the
 * real-world value it stands for (REFERENCE.md). One table drives the engine's
 * defaults, the CLI's `--set` and `--list`, scenario validation and the settings panel.
 */

/** Load-balancing algorithms the regional balancer supports. */
export type BalancerAlgorithm = 'round-robin' | 'least-outstanding' | 'random' | 'power-of-two';

export interface TrafficSettings {
  /** Mean arrival rate of the open-loop Poisson source, requests per second. Default 50. */
  arrivalRatePerS: number;
}

export interface ClientSettings {
  /** How long a user waits for an answer before giving up. Default 3000 ms. */
  timeoutMs: number;
  /**
   * Clients (browsers, apps) a user group stands for, each with its own retry budget
   * (the Google SRE budget is per client). Default 100.
   */
  clientsPerGroup: number;
}

export interface ServerSettings {
  /** Requests a server processes at once; the rest wait in its queue. Default 4. */
  workers: number;
  /** Mean of the exponential service time (M/M/c). Default 20 ms. */
  serviceTimeMsMean: number;
  /** Load shedding: reject work at once when the queue is full. Default off. */
  shedding: 'on' | 'off';
  /** Queue length at which a shedding server rejects new work. Default 50. */
  queueLimit: number;
}

export interface BalancerSettings {
  /** How the balancer picks a target. Default round robin (Envoy's and ALB's default). */
  algorithm: BalancerAlgorithm;
  /** Per-try timeout from balancer to server; 0 = none (wait for the client). Default 0. */
  perTryTimeoutMs: number;
  /**
   * Below this share of healthy targets the balancer routes to all of them (Envoy
   * panic threshold, 50%). At 0 it does so only when none is healthy (AWS ALB fail-open).
   * Default 0.
   */
  panicThresholdPercent: number;
}

/** The external dependency app servers call (a payment provider). */
export interface DependencySettings {
  /** Share of user requests that call it ("checkout": charge a card). Default 0.3. */
  callShare: number;
  /** Mean service time of the dependency. Default 30 ms. */
  serviceTimeMsMean: number;
  /** Calls it processes at once. Default 32. */
  workers: number;
  /** One-way latency from an app server to it. Default 5 ms. */
  latencyMs: number;
  /** How long an app server waits for it. Default 1000 ms. */
  timeoutMs: number;
}

/**
 * Retries at three layers: users (client), balancer (to another server) and app
 * servers (to the dependency). Attempts count the original, as gRPC does; 1 = no retry.
 */
export interface RetrySettings {
  clientMaxAttempts: number;
  balancerMaxAttempts: number;
  serverMaxAttempts: number;
  /**
   * Exponential backoff: retry n (1 = first) waits up to min(cap, base x 2^n), the AWS
   * simulator's formula (Envoy's is (2^n - 1) x base). Defaults 100 ms and 2000 ms.
   */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** AWS Architecture Blog jitter kinds. Default full. */
  jitter: 'none' | 'full' | 'equal' | 'decorrelated';
  /**
   * none, percent of requests (Google SRE per-client budget) or gRPC's token bucket.
   * Default none. Kept per client: per user client (`client.clientsPerGroup` per
   * group, and one for each group's probes), per balancer and per app server.
   */
  budget: 'none' | 'percent' | 'token-bucket';
  /** Retries may be at most this % of requests over the last 10 s (budget = percent). Default 10. */
  budgetPercent: number;
  /** retryable: refused, timeout and 5xx only; all: also shed and circuit-open. Default retryable. */
  retryOn: 'retryable' | 'all';
}

export interface IdempotencySettings {
  /** Clients send an idempotency key; the dependency replays the first result. Default off. */
  keys: 'on' | 'off';
}

/** Circuit breaker on each app server's calls to the dependency (resilience4j). */
export interface BreakerSettings {
  enabled: 'on' | 'off';
  failureRateThresholdPercent: number;
  slidingWindowSize: number;
  minimumNumberOfCalls: number;
  waitDurationInOpenStateMs: number;
  permittedNumberOfCallsInHalfOpenState: number;
  slowCallRateThresholdPercent: number;
  slowCallDurationThresholdMs: number;
}

export interface DegradationSettings {
  /** Serve a fallback when the dependency fails or the breaker is open. Default off. */
  enabled: 'on' | 'off';
  /** Whether a degraded answer counts as available. Default off (it is not a full success). */
  countsAsAvailable: 'on' | 'off';
}

/** Passive outlier detection at the balancer (Envoy). */
export interface OutlierSettings {
  enabled: 'on' | 'off';
  consecutive5xx: number;
  baseEjectionTimeMs: number;
  maxEjectionPercent: number;
}

/** Active health checking (REFERENCE.md section 1). */
export interface HealthCheckOptions {
  /** Time between checks of one target. Default 5000 ms (ALB: 30000 ms). */
  intervalMs: number;
  /** A check with no answer within this time fails. Default 2000 ms (ALB: 5000 ms). */
  timeoutMs: number;
  /** Consecutive failed checks before a target is marked unhealthy. Default 2 (ALB: 2). */
  unhealthyThreshold: number;
  /** Consecutive passed checks before an unhealthy target is healthy again. Default 3 (ALB: 5). */
  healthyThreshold: number;
}

/** Region mode (REFERENCE.md section 5). */
export type RegionMode = 'active-active' | 'active-passive';

export interface RegionSettings {
  /**
   * active-active: every region serves its own users; active-passive: the first
   * region serves everyone and the others are warm standbys. Default active-active.
   */
  mode: RegionMode;
}

/** DNS-style global traffic manager (Route 53-like, REFERENCE.md section 5). */
export interface TrafficManagerOptions {
  /** Time between health checks of each region's endpoint. Default 10000 ms (Route 53 fast; standard 30000 ms). */
  intervalMs: number;
  /** Consecutive failed (or passed) checks before a region is marked unhealthy (or healthy). Default 3. */
  failureThreshold: number;
  /** How long clients keep a DNS answer before asking again. Default 60 s. */
  dnsTtlS: number;
}

/** Monitoring and alerting (REFERENCE.md section 7). */
export interface MonitoringSettings {
  /** `on`: burn-rate alerts fire (and, with manual failover, page an operator). Default on. */
  enabled: 'on' | 'off';
  /** Time between synthetic probes from each user group (time-based availability). Default 1000 ms. */
  probeIntervalMs: number;
}

/** The service level objective the error budget and alerts are measured against. */
export interface SloSettings {
  /** Target availability (request-based). Default 0.999 (99.9%). */
  target: number;
  /** SLO period. Default 30 days. */
  periodDays: number;
}

export interface AlertSettings {
  /**
   * Divides the SRE Workbook's alert windows and the SLO period so a short demo can
   * show them: at 60, one simulated minute stands for an hour. 1 = real windows.
   * Default 60.
   */
  windowScale: number;
}

/**
 * The database tier (REFERENCE.md sections 5 and 6). Every field maps onto
 * `DatabaseOptions` (databaseOptions.ts documents each default and its source);
 * `writeShare` and `keys` shape the requests app servers send.
 */
export interface DatabaseSettings {
  writeShare: number;
  keys: number;
  replicationMode: 'async' | 'semi-sync' | 'sync' | 'quorum';
  replicaApplyDelayMs: number;
  semiSyncTimeoutMs: number;
  quorumN: number;
  quorumW: number;
  quorumR: number;
  failover: 'automatic' | 'manual';
  leaseTtlMs: number;
  loopWaitMs: number;
  retryTimeoutMs: number;
  promotionMs: number;
  rediscoveryMs: number;
  maximumLagOnFailoverWrites: number;
  fencing: 'on' | 'off';
  readsFrom: 'primary' | 'replicas';
  rebuildMsPerThousandWrites: number;
  operatorDelayMs: number;
  alertDelayMs: number;
  clientTimeoutMs: number;
  conflictMode: 'single-primary' | 'multi-primary-lww';
}

export interface NetworkSettings {
  /** One-way latency from users to their regional balancer. Default 20 ms. */
  userLatencyMs: number;
  /** One-way latency between components inside a region. Default 0.5 ms. */
  inRegionLatencyMs: number;
  /** Random extra one-way latency, uniform in [0, jitter). Default 10% of the base. */
  jitterFraction: number;
  /** One-way latency from users to a balancer in another region. Default 80 ms. */
  crossRegionLatencyMs: number;
}

export interface Settings {
  traffic: TrafficSettings;
  client: ClientSettings;
  server: ServerSettings;
  balancer: BalancerSettings;
  healthCheck: HealthCheckOptions;
  network: NetworkSettings;
  regions: RegionSettings;
  trafficManager: TrafficManagerOptions;
  monitoring: MonitoringSettings;
  slo: SloSettings;
  alerts: AlertSettings;
  dependency: DependencySettings;
  retries: RetrySettings;
  idempotency: IdempotencySettings;
  breaker: BreakerSettings;
  degradation: DegradationSettings;
  outlier: OutlierSettings;
  database: DatabaseSettings;
}

/** A deep-partial settings record, as written in scenario files. */
export type SettingsOverrides = { [K in keyof Settings]?: Partial<Settings[K]> };

interface SettingSpecBase {
  /** Dotted path, e.g. `healthCheck.intervalMs`. */
  path: string;
  description: string;
  /** What a real system uses, shown beside the teaching default. */
  reference?: string;
}

export interface NumberSettingSpec extends SettingSpecBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  unit?: string;
}

export interface ChoiceSettingSpec extends SettingSpecBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

export type SettingSpec = NumberSettingSpec | ChoiceSettingSpec;

/** The settings table. Order is the order shown in `--list` and the settings panel. */
export const SETTING_SPECS: readonly SettingSpec[] = [
  {
    path: 'traffic.arrivalRatePerS',
    kind: 'number',
    default: 50,
    min: 1,
    max: 5000,
    unit: 'req/s',
    description: 'Mean rate of user requests (open-loop Poisson arrivals).',
  },
  {
    path: 'client.timeoutMs',
    kind: 'number',
    default: 3000,
    min: 10,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long a user waits for an answer before giving up (counted as a timeout).',
  },
  {
    path: 'client.clientsPerGroup',
    kind: 'number',
    default: 100,
    min: 1,
    max: 10000,
    integer: true,
    unit: 'clients',
    description:
      'Clients (browsers, apps) each user group stands for. Each request comes from one of them at random, and each keeps its own retry budget. 100 by default because a group is many users: with one group at 50 req/s a client sends 0.5 req/s, and a 10% budget needs 10 of its own requests in the last 10 s before it allows one retry, so quiet clients seldom retry. 1 = one budget for the whole group. The synthetic probes are a client of their own.',
    reference: 'Google SRE: the retry budget is per client; gRPC throttles per channel',
  },
  {
    path: 'server.workers',
    kind: 'number',
    default: 4,
    min: 1,
    max: 256,
    integer: true,
    description: 'Requests one app server processes at once; the rest wait in its queue.',
  },
  {
    path: 'server.serviceTimeMsMean',
    kind: 'number',
    default: 20,
    min: 0.1,
    max: 10000,
    unit: 'ms',
    description: 'Mean service time of a request (exponentially distributed).',
  },
  {
    path: 'balancer.algorithm',
    kind: 'choice',
    default: 'round-robin',
    choices: ['round-robin', 'least-outstanding', 'random', 'power-of-two'],
    description:
      'How the balancer picks a server: in turn, fewest requests in flight, at random, or the less busy of two random ones. Weights apply to all.',
    reference: 'Envoy and AWS ALB default: round robin',
  },
  {
    path: 'balancer.perTryTimeoutMs',
    kind: 'number',
    default: 0,
    min: 0,
    max: 60000,
    integer: true,
    unit: 'ms',
    description:
      'How long the balancer waits for one server before giving up on it (0 = no timeout).',
    reference: 'Envoy per_try_timeout; route timeout 15 s',
  },
  {
    path: 'balancer.panicThresholdPercent',
    kind: 'number',
    default: 0,
    min: 0,
    max: 100,
    unit: '%',
    description:
      'Below this share of healthy servers the balancer routes to all of them (0: only when none is healthy).',
    reference: 'Envoy panic threshold 50%; AWS ALB fails open at 0 healthy',
  },
  {
    path: 'server.shedding',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Load shedding: a server with a full queue rejects new work at once instead of queueing it.',
  },
  {
    path: 'server.queueLimit',
    kind: 'number',
    default: 50,
    min: 1,
    max: 100000,
    integer: true,
    description: 'Queue length at which a shedding server rejects new work.',
  },
  {
    path: 'healthCheck.intervalMs',
    kind: 'number',
    default: 5000,
    min: 100,
    max: 300000,
    integer: true,
    unit: 'ms',
    description: 'Time between two health checks of the same server.',
    reference: 'AWS ALB default 30000 ms; HAProxy 2000 ms',
  },
  {
    path: 'healthCheck.timeoutMs',
    kind: 'number',
    default: 2000,
    min: 10,
    max: 120000,
    integer: true,
    unit: 'ms',
    description:
      'A health check with no answer within this time counts as failed. The next check waits for it, so a timeout above the interval stretches the interval.',
    reference: 'AWS ALB default 5000 ms, and it must be below the interval',
  },
  {
    path: 'healthCheck.unhealthyThreshold',
    kind: 'number',
    default: 2,
    min: 1,
    max: 10,
    integer: true,
    description: 'Consecutive failed checks before the balancer stops sending traffic.',
    reference: 'AWS ALB default 2; HAProxy fall 3',
  },
  {
    path: 'healthCheck.healthyThreshold',
    kind: 'number',
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    description: 'Consecutive passed checks before an unhealthy server gets traffic again.',
    reference: 'AWS ALB default 5; HAProxy rise 2',
  },
  {
    path: 'network.userLatencyMs',
    kind: 'number',
    default: 20,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way network latency between users and their load balancer.',
  },
  {
    path: 'network.inRegionLatencyMs',
    kind: 'number',
    default: 0.5,
    min: 0,
    max: 100,
    unit: 'ms',
    description: 'One-way network latency between components inside a region.',
  },
  {
    path: 'network.crossRegionLatencyMs',
    kind: 'number',
    default: 80,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way latency from users to a load balancer in another region.',
  },
  {
    path: 'regions.mode',
    kind: 'choice',
    default: 'active-active',
    choices: ['active-active', 'active-passive'],
    description:
      'active-active: each region serves its own users; active-passive: the first region serves everyone, the others wait as warm standbys.',
  },
  {
    path: 'trafficManager.intervalMs',
    kind: 'number',
    default: 10000,
    min: 1000,
    max: 300000,
    integer: true,
    unit: 'ms',
    description: "Time between the traffic manager's health checks of each region.",
    reference: 'Route 53: 30000 ms standard, 10000 ms fast',
  },
  {
    path: 'trafficManager.failureThreshold',
    kind: 'number',
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    description:
      'Consecutive failed (or passed) checks before a region is marked unhealthy (or healthy).',
    reference: 'Route 53 default 3',
  },
  {
    path: 'trafficManager.dnsTtlS',
    kind: 'number',
    default: 60,
    min: 0,
    max: 86400,
    unit: 's',
    description: 'How long clients cache the DNS answer before asking the traffic manager again.',
  },
  {
    path: 'monitoring.enabled',
    kind: 'choice',
    default: 'on',
    choices: ['on', 'off'],
    description: 'With monitoring off, no alert fires and nobody is paged: failures go unnoticed.',
  },
  {
    path: 'monitoring.probeIntervalMs',
    kind: 'number',
    default: 1000,
    min: 100,
    max: 60000,
    integer: true,
    unit: 'ms',
    description:
      'Time between synthetic probes from each user group (measures time-based availability).',
  },
  {
    path: 'slo.target',
    kind: 'number',
    default: 0.999,
    min: 0.5,
    max: 0.99999,
    description: 'Service level objective: the share of requests that must succeed.',
    reference: 'a common default: 99.9% over 30 days',
  },
  {
    path: 'slo.periodDays',
    kind: 'number',
    default: 30,
    min: 1,
    max: 365,
    integer: true,
    unit: 'days',
    description: 'The SLO period the error budget covers (divided by the alert window scale).',
  },
  {
    path: 'alerts.windowScale',
    kind: 'number',
    default: 60,
    min: 1,
    max: 3600,
    integer: true,
    description:
      'Divides alert windows and the SLO period so a demo can show them: at 60, 1 simulated minute stands for 1 hour. 1 = real windows.',
    reference: 'SRE Workbook windows: 1 h/5 min, 6 h/30 min, 3 d/6 h',
  },
  {
    path: 'dependency.callShare',
    kind: 'number',
    default: 0.3,
    min: 0,
    max: 1,
    description:
      'Share of user requests that call the payments dependency (checkout: charge a card).',
  },
  {
    path: 'dependency.serviceTimeMsMean',
    kind: 'number',
    default: 30,
    min: 0.1,
    max: 10000,
    unit: 'ms',
    description: 'Mean time the payments dependency takes to answer.',
  },
  {
    path: 'dependency.workers',
    kind: 'number',
    default: 32,
    min: 1,
    max: 1024,
    integer: true,
    description: 'Calls the payments dependency processes at once.',
  },
  {
    path: 'dependency.latencyMs',
    kind: 'number',
    default: 5,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way latency from an app server to the payments dependency.',
  },
  {
    path: 'dependency.timeoutMs',
    kind: 'number',
    default: 1000,
    min: 1,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long an app server waits for the payments dependency.',
    reference: 'Hystrix default 1000 ms',
  },
  {
    path: 'retries.clientMaxAttempts',
    kind: 'number',
    default: 1,
    min: 1,
    max: 10,
    integer: true,
    description: 'Attempts a user makes, the first included (1 = never retry).',
    reference: 'Google SRE: at most 3',
  },
  {
    path: 'retries.balancerMaxAttempts',
    kind: 'number',
    default: 1,
    min: 1,
    max: 10,
    integer: true,
    description: 'Attempts the balancer makes on different servers, the first included.',
    reference: 'Envoy: 1 retry when a policy exists',
  },
  {
    path: 'retries.serverMaxAttempts',
    kind: 'number',
    default: 1,
    min: 1,
    max: 10,
    integer: true,
    description: 'Attempts an app server makes to the payments dependency, the first included.',
  },
  {
    path: 'retries.backoffBaseMs',
    kind: 'number',
    default: 100,
    min: 0,
    max: 60000,
    unit: 'ms',
    description:
      'Base of the exponential backoff: retry n (1 = first) waits up to min(cap, base x 2^n), as in the AWS backoff simulator, so the first retry waits up to 2 x base.',
    reference:
      'Envoy 25 ms; Envoy caps retry n at (2^n - 1) x base instead (25, 75, 175 ms), so its first retry waits up to 1 x base',
  },
  {
    path: 'retries.backoffCapMs',
    kind: 'number',
    default: 2000,
    min: 0,
    max: 600000,
    unit: 'ms',
    description: 'Longest backoff between attempts.',
    reference: 'Envoy 250 ms (10 x its 25 ms base)',
  },
  {
    path: 'retries.jitter',
    kind: 'choice',
    default: 'full',
    choices: ['none', 'full', 'equal', 'decorrelated'],
    description: 'Randomises backoff so clients that failed together do not retry together.',
    reference: 'AWS Architecture Blog: full jitter spreads best',
  },
  {
    path: 'retries.budget',
    kind: 'choice',
    default: 'none',
    choices: ['none', 'percent', 'token-bucket'],
    description:
      'Caps retries: a percentage of recent requests (Google SRE), or a gRPC token bucket (10 tokens, 0.1 per success). Each client keeps its own: every user client (see clients per group), every balancer and every app server.',
  },
  {
    path: 'retries.budgetPercent',
    kind: 'number',
    default: 10,
    min: 0,
    max: 100,
    unit: '%',
    description:
      'With the percent budget, retries may be at most this share of requests over the last 10 s.',
    reference: 'Google SRE 10%; Envoy 20% of active requests',
  },
  {
    path: 'retries.retryOn',
    kind: 'choice',
    default: 'retryable',
    choices: ['retryable', 'all'],
    description:
      'retryable: retry refused, timed-out and 5xx answers only; all: also retry shed and circuit-open answers.',
  },
  {
    path: 'idempotency.keys',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Clients send an idempotency key; the payments dependency replays the first result instead of charging again.',
    reference: 'Stripe Idempotency-Key',
  },
  {
    path: 'breaker.enabled',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description: "A circuit breaker on each app server's calls to the payments dependency.",
  },
  // The breaker's defaults are smaller than resilience4j's so a learner sees every
  // transition within a minute at 1x (REFERENCE.md section 3: "window 20, wait 5-10 s"):
  // a window of 20 calls is well under a second of traffic at the default 50 req/s, yet
  // one unlucky failure moves the rate by only 5 points; it may trip after 10 calls, not
  // 100; 10 s open is long enough to watch the fallback counter climb; three half-open
  // probes, so one lucky success cannot close it. The library's 100% slow-call rate needs
  // every call in the window to be slow, which a dependency with spread-out latency
  // rarely achieves: 50% mirrors the failure threshold so a "make slow" fault trips it
  // visibly, and 1000 ms (Hystrix's command timeout) is below the 3000 ms client timeout,
  // so slowness is caught before users give up.
  {
    path: 'breaker.failureRateThresholdPercent',
    kind: 'number',
    default: 50,
    min: 1,
    max: 100,
    unit: '%',
    description: 'The breaker opens when this share of calls in the window failed.',
    reference: 'resilience4j 50%',
  },
  {
    path: 'breaker.slidingWindowSize',
    kind: 'number',
    default: 20,
    min: 1,
    max: 1000,
    integer: true,
    description: 'Calls in the count-based sliding window.',
    reference: 'resilience4j 100',
  },
  {
    path: 'breaker.minimumNumberOfCalls',
    kind: 'number',
    default: 10,
    min: 1,
    max: 1000,
    integer: true,
    description: 'Calls needed before the failure rate is judged.',
    reference: 'resilience4j 100',
  },
  {
    path: 'breaker.waitDurationInOpenStateMs',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'How long an open breaker rejects calls before letting trial calls through.',
    reference: 'resilience4j 60000 ms; Hystrix 5000 ms',
  },
  {
    path: 'breaker.permittedNumberOfCallsInHalfOpenState',
    kind: 'number',
    default: 3,
    min: 1,
    max: 100,
    integer: true,
    description: 'Trial calls in half-open state; their failure rate decides open or closed.',
    reference: 'resilience4j 10; Hystrix 1',
  },
  {
    path: 'breaker.slowCallRateThresholdPercent',
    kind: 'number',
    default: 50,
    min: 1,
    max: 100,
    unit: '%',
    description: 'The breaker also opens when this share of calls was slow.',
    reference: 'resilience4j 100%',
  },
  {
    path: 'breaker.slowCallDurationThresholdMs',
    kind: 'number',
    default: 1000,
    min: 1,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'A call slower than this counts as slow.',
    reference: 'resilience4j 60000 ms',
  },
  {
    path: 'degradation.enabled',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'When payments fails or the breaker is open, accept the order and charge later (a degraded answer) instead of an error.',
  },
  {
    path: 'degradation.countsAsAvailable',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Whether degraded answers count as available in the availability figures and the SLO.',
  },
  {
    path: 'outlier.enabled',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Passive outlier detection: the balancer ejects a server after consecutive failed requests.',
  },
  {
    path: 'outlier.consecutive5xx',
    kind: 'number',
    default: 5,
    min: 1,
    max: 1000,
    integer: true,
    description: 'Consecutive failed requests that eject a server.',
    reference: 'Envoy consecutive_5xx 5',
  },
  // Shorter than Envoy's 30 s so ejection and return both happen within a minute at 1x;
  // the thresholds stay Envoy's: 5 failures and 10% (which is "one host" in any cluster
  // under 20 hosts, itself a point worth seeing).
  {
    path: 'outlier.baseEjectionTimeMs',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description:
      'Ejection time; multiplied by the number of times the server was ejected (at most 10x).',
    reference: 'Envoy 30000 ms, max 300000 ms',
  },
  {
    path: 'outlier.maxEjectionPercent',
    kind: 'number',
    default: 10,
    min: 0,
    max: 100,
    unit: '%',
    description: 'At most this share of servers is ejected at once (at least one).',
    reference: 'Envoy 10%',
  },
  {
    path: 'database.writeShare',
    kind: 'number',
    default: 0.2,
    min: 0,
    max: 1,
    description: 'Share of requests that write to the database; the rest read.',
  },
  {
    path: 'database.keys',
    kind: 'number',
    default: 1000,
    min: 1,
    max: 1000000,
    integer: true,
    description: 'Distinct keys requests read and write (fewer keys: more conflicts).',
  },
  {
    path: 'database.replicationMode',
    kind: 'choice',
    default: 'async',
    choices: ['async', 'semi-sync', 'sync', 'quorum'],
    description:
      'async: ack before replicas have it; semi-sync: wait for one replica, fall back to async after a timeout; sync: wait for the standby; quorum: W of N copies.',
    reference: 'PostgreSQL and MySQL default: async',
  },
  {
    path: 'database.replicaApplyDelayMs',
    kind: 'number',
    default: 50,
    min: 0,
    max: 60000,
    unit: 'ms',
    description:
      'Replication delay after the link: writes in this window are at risk under async replication.',
  },
  {
    path: 'database.semiSyncTimeoutMs',
    kind: 'number',
    default: 10000,
    min: 1,
    max: 600000,
    integer: true,
    unit: 'ms',
    description:
      'Semi-sync: wait this long for a replica, then fall back to asynchronous replication.',
    reference: 'MySQL rpl_semi_sync_master_timeout 10000 ms',
  },
  {
    path: 'database.quorumN',
    kind: 'number',
    default: 3,
    min: 1,
    max: 16,
    integer: true,
    description: 'Quorum: copies of each write.',
    reference: 'Dynamo (3, 2, 2)',
  },
  {
    path: 'database.quorumW',
    kind: 'number',
    default: 2,
    min: 1,
    max: 16,
    integer: true,
    description: 'Quorum: copies that must have a write before it is acknowledged.',
    reference: 'Dynamo W = 2',
  },
  {
    path: 'database.quorumR',
    kind: 'number',
    default: 2,
    min: 1,
    max: 16,
    integer: true,
    description:
      'Quorum: copies a read asks; it returns the newest. W + R > N: reads see the latest write.',
    reference: 'Dynamo R = 2',
  },
  {
    path: 'database.failover',
    kind: 'choice',
    default: 'automatic',
    choices: ['automatic', 'manual'],
    description:
      'automatic: a lease-based detector promotes a replica (Patroni-like); manual: an operator must promote one.',
  },
  {
    path: 'database.leaseTtlMs',
    kind: 'number',
    default: 30000,
    min: 1000,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'Leader lease: it expires this long after the primary last renewed it.',
    reference: 'Patroni ttl 30 s',
  },
  {
    path: 'database.loopWaitMs',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'The primary renews its lease this often.',
    reference: 'Patroni loop_wait 10 s',
  },
  {
    path: 'database.retryTimeoutMs',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description:
      'A primary cut from the lease store retries this long, then demotes itself (with fencing). loop wait + 2 x retry timeout <= ttl.',
    reference: 'Patroni retry_timeout 10 s',
  },
  {
    path: 'database.promotionMs',
    kind: 'number',
    default: 2000,
    min: 0,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'Time to promote a replica to primary.',
  },
  {
    path: 'database.rediscoveryMs',
    kind: 'number',
    default: 5000,
    min: 0,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'Time until clients send writes to the new primary (DNS TTL or a proxy).',
    reference: 'RDS repoints DNS',
  },
  {
    path: 'database.maximumLagOnFailoverWrites',
    kind: 'number',
    default: 0,
    min: 0,
    max: 1000000,
    integer: true,
    description: 'A replica further behind than this many writes is never promoted (0 = no limit).',
    reference: 'Patroni maximum_lag_on_failover',
  },
  {
    path: 'database.fencing',
    kind: 'choice',
    default: 'on',
    choices: ['on', 'off'],
    description:
      'Epoch fencing: an old primary rejects writes once a newer primary exists. Off: split brain.',
    reference: 'Kleppmann: fencing tokens',
  },
  {
    path: 'database.readsFrom',
    kind: 'choice',
    default: 'primary',
    choices: ['primary', 'replicas'],
    description: 'Reads go to the primary (never stale) or to the nearest replica (may be stale).',
  },
  {
    path: 'database.rebuildMsPerThousandWrites',
    kind: 'number',
    default: 2000,
    min: 0,
    max: 600000,
    unit: 'ms',
    description:
      'Rebuilding a node after a disk failure takes this long per thousand keys of data (a base backup copies the data, not its write history).',
  },
  {
    path: 'database.operatorDelayMs',
    kind: 'number',
    default: 0,
    min: 0,
    max: 3600000,
    integer: true,
    unit: 'ms',
    description:
      'Manual failover: a simulated operator promotes a replica this long after the alert (0 = you must click Promote).',
  },
  {
    path: 'database.alertDelayMs',
    kind: 'number',
    default: 60000,
    min: 0,
    max: 3600000,
    integer: true,
    unit: 'ms',
    description:
      'Manual failover: the alert fires this long after the primary is lost (needs monitoring on).',
  },
  {
    path: 'database.clientTimeoutMs',
    kind: 'number',
    default: 2000,
    min: 1,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long an app server waits for the database.',
  },
  {
    path: 'database.conflictMode',
    kind: 'choice',
    default: 'single-primary',
    choices: ['single-primary', 'multi-primary-lww'],
    description:
      'single-primary: one writable primary (active-passive data); multi-primary-lww: a primary per region, last writer wins (active-active data). Fixed for a run.',
  },
  {
    path: 'network.jitterFraction',
    kind: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    description: 'Random extra latency per hop, as a fraction of the base latency.',
  },
];

const SPEC_BY_PATH = new Map(SETTING_SPECS.map((spec) => [spec.path, spec]));

/** The spec for a dotted path, or undefined when no such setting exists. */
export function settingSpec(path: string): SettingSpec | undefined {
  return SPEC_BY_PATH.get(path);
}

/** A fresh settings record holding every default. */
export function defaultSettings(): Settings {
  const settings = {} as Record<string, Record<string, unknown>>;
  for (const spec of SETTING_SPECS) {
    const [group, key] = spec.path.split('.') as [string, string];
    (settings[group] ??= {})[key] = spec.default;
  }
  return settings as unknown as Settings;
}

/** Reads a setting by dotted path. */
export function getSetting(settings: Settings, path: string): number | string {
  const [group, key] = path.split('.') as [string, string];
  return (settings as unknown as Record<string, Record<string, number | string>>)[group]![key]!;
}

/**
 * Checks a value against its spec. Returns an error sentence, or null when valid.
 * Accepts strings (from the CLI and URL) and converts numbers.
 */
export function validateSetting(
  path: string,
  raw: unknown,
): { value: number | string; error: null } | { value: null; error: string } {
  const spec = settingSpec(path);
  if (!spec) return { value: null, error: `unknown setting "${path}" (see --list)` };
  if (spec.kind === 'choice') {
    if (typeof raw !== 'string' || !spec.choices.includes(raw)) {
      return {
        value: null,
        error: `${path} must be one of ${spec.choices.join(', ')} (got ${JSON.stringify(raw)})`,
      };
    }
    return { value: raw, error: null };
  }
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { value: null, error: `${path} must be a number (got ${JSON.stringify(raw)})` };
  }
  if (spec.integer && !Number.isInteger(value)) {
    return { value: null, error: `${path} must be a whole number (got ${value})` };
  }
  if (value < spec.min || value > spec.max) {
    return {
      value: null,
      error: `${path} must be between ${spec.min} and ${spec.max}${spec.unit ? ' ' + spec.unit : ''} (got ${value})`,
    };
  }
  return { value, error: null };
}

/** Returns a copy of `settings` with one path changed. The value must be valid. */
export function withSetting(settings: Settings, path: string, value: number | string): Settings {
  const [group, key] = path.split('.') as [keyof Settings, string];
  return { ...settings, [group]: { ...settings[group], [key]: value } } as Settings;
}

/** Flattens overrides to (path, value) pairs, for validation. */
export function flattenOverrides(overrides: SettingsOverrides): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  for (const [group, values] of Object.entries(overrides)) {
    if (values === null || typeof values !== 'object') {
      pairs.push([group, values]);
      continue;
    }
    for (const [key, value] of Object.entries(values)) pairs.push([`${group}.${key}`, value]);
  }
  return pairs;
}
