/**
 * What real systems use for each setting, as data with the docs/reference.md section
 * that gives its source (shown beside each teaching default, printed by `--list`,
 * quoted by lessons). Keyed by setting path: the type requires exactly one list per
 * setting, so a setting added to a mechanism's spec does not compile until it says what
 * real systems do.
 *
 * Why not inside each spec: the engine loads the specs (defaults, ranges) on the first
 * page load, which issue 12 caps at 150 kB of gzipped JavaScript; this table is only
 * needed by the panels, lessons and CLI, which load later, so it lives in its own module.
 */
import type { SettingPath } from './shape';
import type { RealWorldDefault, SettingSpec } from './spec';
import { CHAOS_REAL_WORLD } from './realWorldChaos';
import { DATABASE_REAL_WORLD } from './realWorldDatabase';
import {
  AwsAlbHealthChecks,
  AwsAlbRoutingAlgorithms,
  EnvoyHealthCheckingAndPanicThreshold,
  EnvoyLoadBalancers,
  EnvoyOutlierDetection,
  EnvoyRetries,
  ErrorBudgetsAndBurnRateAlerts,
  ExponentialBackoffAndJitter,
  GoogleSreRetryBudgets,
  GrpcRetryThrottling,
  HaproxyHealthChecks,
  Hystrix,
  IdempotencyKeys,
  LoadSheddingAndGracefulDegradation,
  ManualFailover,
  NetworkLatency,
  Resilience4j,
  Route53HealthChecksAndDnsFailover,
  Timeouts,
  TrafficAndServiceTimes,
  TwoDefinitionsOfAvailability,
} from './realWorldSources';

export const REAL_WORLD: { readonly [Path in SettingPath]: readonly RealWorldDefault[] } = {
  // traffic
  'traffic.arrivalRatePerS': [
    {
      system: 'No standard default',
      value: null,
      note: 'it is your own traffic',
      source: TrafficAndServiceTimes,
    },
  ],
  // client
  'client.timeoutMs': [
    {
      system: "Amazon Builders' Library",
      value: null,
      note: 'set it above the latency percentile whose false timeouts you accept (e.g. p99.9)',
      source: Timeouts,
    },
  ],
  'client.clientsPerGroup': [
    {
      system: 'Google SRE',
      value: null,
      note: 'the retry budget is kept per client',
      source: GoogleSreRetryBudgets,
    },
    {
      system: 'gRPC',
      value: null,
      note: 'each client keeps its own token count',
      source: GrpcRetryThrottling,
    },
  ],
  // server
  'server.workers': [
    {
      system: 'No standard default',
      value: null,
      note: 'threads or processes of your server',
      source: TrafficAndServiceTimes,
    },
  ],
  'server.serviceTimeMsMean': [
    {
      system: 'No standard default',
      value: null,
      note: 'measure your own',
      source: TrafficAndServiceTimes,
    },
  ],
  'server.shedding': [
    {
      system: "Amazon Builders' Library",
      value: null,
      note: 'reject the excess early, past the tipping point',
      source: LoadSheddingAndGracefulDegradation,
    },
  ],
  'server.queueLimit': [
    {
      system: "Amazon Builders' Library",
      value: null,
      note: 'low enough that accepted requests stay fast',
      source: LoadSheddingAndGracefulDegradation,
    },
  ],
  // balancer
  'balancer.algorithm': [
    { system: 'Envoy', value: 'round-robin', source: EnvoyLoadBalancers },
    { system: 'AWS ALB', value: 'round-robin', source: AwsAlbRoutingAlgorithms },
  ],
  'balancer.perTryTimeoutMs': [
    {
      system: 'Envoy',
      value: null,
      note: 'per_try_timeout unset; the route timeout, 15 s, covers all attempts',
      source: EnvoyRetries,
    },
  ],
  'balancer.panicThresholdPercent': [
    { system: 'Envoy', value: 50, source: EnvoyHealthCheckingAndPanicThreshold },
    {
      system: 'AWS ALB',
      value: 0,
      note: 'fails open only when no target is healthy',
      source: AwsAlbHealthChecks,
    },
  ],
  // healthCheck
  'healthCheck.intervalMs': [
    { system: 'AWS ALB', value: 30000, note: '5000 to 300000 ms', source: AwsAlbHealthChecks },
    { system: 'HAProxy', value: 2000, note: 'inter', source: HaproxyHealthChecks },
  ],
  'healthCheck.timeoutMs': [{ system: 'AWS ALB', value: 5000, source: AwsAlbHealthChecks }],
  'healthCheck.unhealthyThreshold': [
    { system: 'AWS ALB', value: 2, note: '2 to 10', source: AwsAlbHealthChecks },
    { system: 'HAProxy', value: 3, note: 'fall', source: HaproxyHealthChecks },
  ],
  'healthCheck.healthyThreshold': [
    { system: 'AWS ALB', value: 5, note: '2 to 10', source: AwsAlbHealthChecks },
    { system: 'HAProxy', value: 2, note: 'rise', source: HaproxyHealthChecks },
  ],
  // network
  'network.userLatencyMs': [
    {
      system: 'Cloud networks',
      value: null,
      note: 'tens of ms from users to a nearby region',
      source: NetworkLatency,
    },
  ],
  'network.inRegionLatencyMs': [
    {
      system: 'Cloud networks',
      value: null,
      note: 'about a millisecond or less between zones of a region',
      source: NetworkLatency,
    },
  ],
  'network.crossRegionLatencyMs': [
    {
      system: 'Cloud networks',
      value: null,
      note: 'tens of ms to over 100 ms, by distance',
      source: NetworkLatency,
    },
  ],
  'network.jitterFraction': [
    {
      system: 'Cloud networks',
      value: null,
      note: 'varies with load and route',
      source: NetworkLatency,
    },
  ],
  // regions
  'regions.mode': [
    {
      system: 'Route 53',
      value: null,
      note: 'failover routing is active-passive; both designs are common',
      source: Route53HealthChecksAndDnsFailover,
    },
  ],
  // trafficManager
  'trafficManager.intervalMs': [
    {
      system: 'Route 53',
      value: 30000,
      note: 'standard checks',
      source: Route53HealthChecksAndDnsFailover,
    },
    {
      system: 'Route 53',
      value: 10000,
      note: 'fast checks',
      source: Route53HealthChecksAndDnsFailover,
    },
  ],
  'trafficManager.failureThreshold': [
    { system: 'Route 53', value: 3, source: Route53HealthChecksAndDnsFailover },
  ],
  'trafficManager.dnsTtlS': [
    {
      system: 'Route 53 records',
      value: 60,
      note: 'a common TTL; some resolvers and JVMs hold answers longer',
      source: Route53HealthChecksAndDnsFailover,
    },
  ],
  // monitoring
  'monitoring.enabled': [
    {
      system: 'SRE Workbook',
      value: null,
      note: 'page on error-budget burn rate',
      source: ErrorBudgetsAndBurnRateAlerts,
    },
    {
      system: 'Manual failover',
      value: null,
      note: 'without monitoring nobody is told',
      source: ManualFailover,
    },
  ],
  'monitoring.probeIntervalMs': [
    {
      system: 'Google SRE',
      value: null,
      note: 'time-based availability needs probes; you choose how often',
      source: TwoDefinitionsOfAvailability,
    },
  ],
  // slo
  'slo.target': [
    {
      system: 'SRE Workbook',
      value: 0.999,
      note: 'its examples: 99.9% over 30 days',
      source: ErrorBudgetsAndBurnRateAlerts,
    },
  ],
  'slo.periodDays': [{ system: 'SRE Workbook', value: 30, source: ErrorBudgetsAndBurnRateAlerts }],
  // alerts
  'alerts.windowScale': [
    {
      system: 'SRE Workbook',
      value: 1,
      note: 'real windows: 1 h/5 min, 6 h/30 min, 3 d/6 h',
      source: ErrorBudgetsAndBurnRateAlerts,
    },
  ],
  // dependency
  'dependency.callShare': [
    {
      system: 'No standard default',
      value: null,
      note: 'how many of your requests need it',
      source: TrafficAndServiceTimes,
    },
  ],
  'dependency.serviceTimeMsMean': [
    {
      system: 'No standard default',
      value: null,
      note: "measure the provider's own",
      source: TrafficAndServiceTimes,
    },
  ],
  'dependency.workers': [
    {
      system: 'No standard default',
      value: null,
      note: "the provider's capacity",
      source: TrafficAndServiceTimes,
    },
  ],
  'dependency.latencyMs': [
    {
      system: 'Cloud networks',
      value: null,
      note: 'by distance to the provider',
      source: NetworkLatency,
    },
  ],
  'dependency.timeoutMs': [
    { system: 'Hystrix', value: 1000, note: 'command timeout', source: Hystrix },
  ],
  // retries
  'retries.clientMaxAttempts': [
    {
      system: 'Google SRE',
      value: 3,
      note: 'an upper limit, not a default',
      source: GoogleSreRetryBudgets,
    },
  ],
  'retries.balancerMaxAttempts': [
    { system: 'Envoy', value: 2, note: '1 retry when a retry policy exists', source: EnvoyRetries },
  ],
  'retries.serverMaxAttempts': [
    {
      system: 'Google SRE',
      value: null,
      note: 'retry at one layer only',
      source: GoogleSreRetryBudgets,
    },
  ],
  'retries.backoffBaseMs': [
    {
      system: 'Envoy',
      value: 25,
      note: 'its retry n waits up to (2^n - 1) x base: 25, 75, 175 ms, so its first retry waits up to 1 x base',
      source: EnvoyRetries,
    },
    {
      system: 'AWS backoff simulator',
      value: null,
      note: 'min(cap, base x 2^n), the formula used here',
      source: ExponentialBackoffAndJitter,
    },
  ],
  'retries.backoffCapMs': [
    { system: 'Envoy', value: 250, note: '10 x its 25 ms base', source: EnvoyRetries },
  ],
  'retries.jitter': [
    {
      system: 'AWS Architecture Blog',
      value: 'full',
      note: 'full jitter spreads retries best',
      source: ExponentialBackoffAndJitter,
    },
    { system: 'Envoy', value: 'full', source: EnvoyRetries },
  ],
  'retries.budget': [
    {
      system: 'Google SRE',
      value: 'percent',
      note: 'about 10% of requests, per client',
      source: GoogleSreRetryBudgets,
    },
    {
      system: 'gRPC',
      value: 'token-bucket',
      note: 'retry throttling, when configured',
      source: GrpcRetryThrottling,
    },
  ],
  'retries.budgetPercent': [
    { system: 'Google SRE', value: 10, source: GoogleSreRetryBudgets },
    {
      system: 'Envoy',
      value: 20,
      note: 'of active requests, at least 3 concurrent retries',
      source: EnvoyRetries,
    },
  ],
  'retries.retryOn': [
    {
      system: 'Envoy',
      value: null,
      note: 'retries only on the conditions its retry_on lists',
      source: EnvoyRetries,
    },
  ],
  // idempotency
  'idempotency.keys': [
    {
      system: 'Stripe',
      value: null,
      note: 'the client sends an Idempotency-Key header when it wants one',
      source: IdempotencyKeys,
    },
  ],
  // breaker
  'breaker.enabled': [
    {
      system: 'resilience4j',
      value: null,
      note: 'you wrap each call you want protected',
      source: Resilience4j,
    },
  ],
  'breaker.failureRateThresholdPercent': [
    { system: 'resilience4j', value: 50, source: Resilience4j },
    { system: 'Hystrix', value: 50, note: 'errors in a 10 s window', source: Hystrix },
  ],
  'breaker.slidingWindowSize': [{ system: 'resilience4j', value: 100, source: Resilience4j }],
  'breaker.minimumNumberOfCalls': [
    { system: 'resilience4j', value: 100, source: Resilience4j },
    { system: 'Hystrix', value: 20, note: 'requests in a 10 s window', source: Hystrix },
  ],
  'breaker.waitDurationInOpenStateMs': [
    { system: 'resilience4j', value: 60000, source: Resilience4j },
    { system: 'Hystrix', value: 5000, note: 'sleep window', source: Hystrix },
  ],
  'breaker.permittedNumberOfCallsInHalfOpenState': [
    { system: 'resilience4j', value: 10, source: Resilience4j },
    { system: 'Hystrix', value: 1, source: Hystrix },
  ],
  'breaker.slowCallRateThresholdPercent': [
    { system: 'resilience4j', value: 100, source: Resilience4j },
  ],
  'breaker.slowCallDurationThresholdMs': [
    { system: 'resilience4j', value: 60000, source: Resilience4j },
  ],
  // degradation
  'degradation.enabled': [
    {
      system: "Amazon Builders' Library",
      value: null,
      note: 'serve a cached or partial answer instead of an error',
      source: LoadSheddingAndGracefulDegradation,
    },
  ],
  'degradation.countsAsAvailable': [
    {
      system: 'Google SRE',
      value: null,
      note: 'your SLO decides whether a degraded answer is a success',
      source: TwoDefinitionsOfAvailability,
    },
  ],
  // outlier
  'outlier.enabled': [
    {
      system: 'Envoy',
      value: 'off',
      note: 'on when the cluster configures it',
      source: EnvoyOutlierDetection,
    },
  ],
  'outlier.consecutive5xx': [
    { system: 'Envoy', value: 5, note: 'consecutive_5xx', source: EnvoyOutlierDetection },
  ],
  'outlier.baseEjectionTimeMs': [
    {
      system: 'Envoy',
      value: 30000,
      note: 'times the ejections so far, at most 300000 ms',
      source: EnvoyOutlierDetection,
    },
  ],
  'outlier.maxEjectionPercent': [
    {
      system: 'Envoy',
      value: 10,
      note: 'but always at least one host',
      source: EnvoyOutlierDetection,
    },
  ],
  // the database and chaos mode (their own files: this one stays under the engine's module size limit)
  ...DATABASE_REAL_WORLD,
  ...CHAOS_REAL_WORLD,
};

/** What real systems use for the setting at `path` (empty for an unknown path). */
export function realWorldOf(path: string): readonly RealWorldDefault[] {
  return (REAL_WORLD as Readonly<Record<string, readonly RealWorldDefault[]>>)[path] ?? [];
}

/**
 * What `system` uses for the setting at `path`, in the setting's unit (e.g.
 * `realWorldValue('healthCheck.intervalMs', 'AWS ALB')` is 30000). Throws when the table
 * names no such value, so text quoting it cannot drift from the table.
 */
export function realWorldValue(path: string, system: string): number | string {
  const entry = realWorldOf(path).find((r) => r.system === system && r.value !== null);
  if (!entry || entry.value === null)
    throw new Error(`no real-world value of ${system} for ${path}`);
  return entry.value;
}

/** The first real-world value the setting can be compared with, or null when none has one. */
export function primaryRealWorldValue(spec: SettingSpec): number | string | null {
  return realWorldOf(spec.path).find((entry) => entry.value !== null)?.value ?? null;
}
