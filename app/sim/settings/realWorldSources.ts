/**
 * The docs/reference.md sections that the real-world tables (realWorld.ts and
 * realWorldDatabase.ts) cite, each anchor written once.
 */
export const AsynchronousAndSynchronousReplication =
  'docs/reference.md#asynchronous-and-synchronous-replication';
export const AwsAlbHealthChecks = 'docs/reference.md#aws-alb-health-checks';
export const AwsAlbRoutingAlgorithms = 'docs/reference.md#aws-alb-routing-algorithms';
export const AwsRdsMultiAz = 'docs/reference.md#aws-rds-multi-az';
export const EnvoyHealthCheckingAndPanicThreshold =
  'docs/reference.md#envoy-health-checking-and-panic-threshold';
export const EnvoyLoadBalancers = 'docs/reference.md#envoy-load-balancers';
export const EnvoyOutlierDetection = 'docs/reference.md#envoy-outlier-detection';
export const EnvoyRetries = 'docs/reference.md#envoy-retries';
export const ErrorBudgetsAndBurnRateAlerts = 'docs/reference.md#error-budgets-and-burn-rate-alerts';
export const ExponentialBackoffAndJitter = 'docs/reference.md#exponential-backoff-and-jitter';
export const GoogleSreRetryBudgets = 'docs/reference.md#google-sre-retry-budgets';
export const GrpcRetryThrottling = 'docs/reference.md#grpc-retry-throttling';
export const HaproxyHealthChecks = 'docs/reference.md#haproxy-health-checks';
export const Hystrix = 'docs/reference.md#hystrix';
export const IdempotencyKeys = 'docs/reference.md#idempotency-keys';
export const LoadSheddingAndGracefulDegradation =
  'docs/reference.md#load-shedding-and-graceful-degradation';
export const ManualFailover = 'docs/reference.md#manual-failover';
export const MysqlSemiSynchronousReplication =
  'docs/reference.md#mysql-semi-synchronous-replication';
export const NetworkLatency = 'docs/reference.md#network-latency';
export const Patroni = 'docs/reference.md#patroni';
export const Quorums = 'docs/reference.md#quorums';
export const Resilience4j = 'docs/reference.md#resilience4j';
export const Route53HealthChecksAndDnsFailover =
  'docs/reference.md#route-53-health-checks-and-dns-failover';
export const SplitBrainAndFencing = 'docs/reference.md#split-brain-and-fencing';
export const Timeouts = 'docs/reference.md#timeouts';
export const TrafficAndServiceTimes = 'docs/reference.md#traffic-and-service-times';
export const TwoDefinitionsOfAvailability = 'docs/reference.md#two-definitions-of-availability';
