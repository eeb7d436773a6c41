/**
 * Three ways real clients stop retries from multiplying load (REFERENCE.md section 4):
 *
 * - gRPC retry throttling: a token bucket per client and server, drained by failures
 *   and refilled slowly by successes; retries stop while it is half empty or less.
 * - Envoy retry budget: retries in flight may be at most a percentage of the requests in
 *   flight, with a floor so a quiet cluster can still retry.
 * - Google SRE client-side adaptive throttling: the client rejects requests itself with
 *   a probability that grows as the backend accepts fewer of them.
 *
 * Without a budget, retries at every layer multiply: 3 layers x 3 attempts reach the
 * bottom 27 times per user request (SRE book: "retry amplification"). Each budget here
 * is a plain record and pure functions over it; callers pass outcomes in.
 */

/** gRPC `retryThrottling` settings (gRFC A6). */
export interface TokenBucketOptions {
  /**
   * Bucket size; it starts full. Retries are allowed only while tokens > maxTokens / 2.
   * Default 10 (REFERENCE.md section 4 check value; gRPC accepts (0, 1000]).
   */
  maxTokens: number;
  /**
   * Tokens a success gives back (a failure takes 1). gRPC keeps 3 decimal places.
   * Default 0.1 (REFERENCE.md section 4), i.e. 10 successes repay 1 failure.
   */
  tokenRatio: number;
}

/** The defaults documented on `TokenBucketOptions`. */
export const GRPC_TOKEN_BUCKET_DEFAULTS: Readonly<TokenBucketOptions> = Object.freeze({
  maxTokens: 10,
  tokenRatio: 0.1,
});

/**
 * A gRPC retry-throttling bucket. Tokens are stored in thousandths as an integer, as
 * gRPC's implementations do, so that 5 + 0.1 is exactly 5.1 and the "> max/2" test never
 * flips on a rounding error.
 */
export interface TokenBucket {
  readonly options: Readonly<TokenBucketOptions>;
  /** Current tokens x 1000. */
  milliTokens: number;
}

const MILLI = 1000;

/** A full bucket. Missing options take the gRPC defaults above. */
export function createTokenBucket(options: Partial<TokenBucketOptions> = {}): TokenBucket {
  const merged: TokenBucketOptions = { ...GRPC_TOKEN_BUCKET_DEFAULTS, ...options };
  if (!(merged.maxTokens > 0 && merged.maxTokens <= 1000)) {
    throw new RangeError(`maxTokens must be in (0, 1000], got ${merged.maxTokens}`);
  }
  if (!(merged.tokenRatio > 0)) {
    throw new RangeError(`tokenRatio must be > 0, got ${merged.tokenRatio}`);
  }
  return {
    options: Object.freeze(merged),
    milliTokens: Math.round(merged.maxTokens * MILLI),
  };
}

/**
 * Records the outcome of one attempt (original or retry): a failure (a retryable status
 * in gRPC's terms) takes 1 token, never below 0; a success adds `tokenRatio`, never above
 * `maxTokens`.
 */
export function tokenBucketRecord(bucket: TokenBucket, failed: boolean): void {
  const maxMilli = Math.round(bucket.options.maxTokens * MILLI);
  bucket.milliTokens = failed
    ? Math.max(0, bucket.milliTokens - MILLI)
    : Math.min(maxMilli, bucket.milliTokens + Math.round(bucket.options.tokenRatio * MILLI));
}

/** True while a retry may be sent: tokens > maxTokens / 2 (gRPC throttles at <=). */
export function tokenBucketAllowsRetry(bucket: TokenBucket): boolean {
  // Compare doubled values so that an odd maxTokens in thousandths stays exact.
  return bucket.milliTokens * 2 > Math.round(bucket.options.maxTokens * MILLI);
}

/** Current tokens, for panels. */
export function tokenBucketTokens(bucket: TokenBucket): number {
  return bucket.milliTokens / MILLI;
}

/** Envoy `RetryBudget` (cluster circuit_breakers thresholds). */
export interface RetryBudgetOptions {
  /**
   * Retries in flight may be at most this percentage of requests in flight.
   * Default 20 (Envoy `budget_percent` 20%).
   */
  budgetPercent: number;
  /**
   * Retries always allowed in flight, however few requests there are.
   * Default 3 (Envoy `min_retry_concurrency` 3).
   */
  minRetryConcurrency: number;
}

/** The defaults documented on `RetryBudgetOptions`. */
export const ENVOY_RETRY_BUDGET_DEFAULTS: Readonly<RetryBudgetOptions> = Object.freeze({
  budgetPercent: 20,
  minRetryConcurrency: 3,
});

/** An Envoy-style retry budget: counts of what is in flight to one upstream cluster. */
export interface RetryBudget {
  readonly options: Readonly<RetryBudgetOptions>;
  /** Requests in flight to the cluster, retries included (Envoy counts both). */
  activeRequests: number;
  /** Retries in flight (a subset of `activeRequests`). */
  activeRetries: number;
}

/** An empty budget. Missing options take the Envoy defaults above. */
export function createRetryBudget(options: Partial<RetryBudgetOptions> = {}): RetryBudget {
  const merged: RetryBudgetOptions = { ...ENVOY_RETRY_BUDGET_DEFAULTS, ...options };
  if (!(merged.budgetPercent >= 0 && merged.budgetPercent <= 100)) {
    throw new RangeError(`budgetPercent must be in [0, 100], got ${merged.budgetPercent}`);
  }
  if (!(Number.isInteger(merged.minRetryConcurrency) && merged.minRetryConcurrency >= 0)) {
    throw new RangeError(
      `minRetryConcurrency must be a whole number >= 0, got ${merged.minRetryConcurrency}`,
    );
  }
  return { options: Object.freeze(merged), activeRequests: 0, activeRetries: 0 };
}

/**
 * Retries the budget allows in flight now: max(minRetryConcurrency,
 * budgetPercent% x activeRequests), the percentage truncated to a whole number as
 * Envoy's conversion to an integer does.
 */
export function retryBudgetMaxRetries(budget: RetryBudget): number {
  const { budgetPercent, minRetryConcurrency } = budget.options;
  return Math.max(minRetryConcurrency, Math.floor((budgetPercent * budget.activeRequests) / 100));
}

/** True when one more retry may start: activeRetries < the current maximum. */
export function retryBudgetAllowsRetry(budget: RetryBudget): boolean {
  return budget.activeRetries < retryBudgetMaxRetries(budget);
}

/** Counts a request (or, with `isRetry`, a retry) that starts now. */
export function retryBudgetStart(budget: RetryBudget, isRetry: boolean): void {
  budget.activeRequests++;
  if (isRetry) budget.activeRetries++;
}

/** Counts a request (or retry) that has finished, whatever its outcome. */
export function retryBudgetFinish(budget: RetryBudget, isRetry: boolean): void {
  budget.activeRequests = Math.max(0, budget.activeRequests - 1);
  if (isRetry) budget.activeRetries = Math.max(0, budget.activeRetries - 1);
}

/**
 * Google SRE client-side adaptive throttling ("Handling Overload"): the probability
 * that a client rejects a new request locally,
 * max(0, (requests - k x accepts) / (requests + 1)).
 *
 * `requests` and `accepts` are the client's counts over a recent window (the SRE book
 * uses two minutes). With k = 2 the client starts rejecting once the backend accepts
 * fewer than half of its requests; a smaller k throttles harder.
 */
export function adaptiveRejectProbability(requests: number, accepts: number, k = 2): number {
  return Math.max(0, (requests - k * accepts) / (requests + 1));
}
