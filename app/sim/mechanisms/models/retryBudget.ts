/**
 * gRPC retry throttling (docs/reference.md "Timeouts, retries, backoff, jitter"): a token bucket per client and server,
 * drained by failures and refilled slowly by successes; retries stop while it is half
 * empty or less. Without a budget, retries at every layer multiply: 3 layers x 3
 * attempts reach the bottom 27 times per user request (SRE book: "retry amplification").
 * The bucket is a plain record and pure functions over it; callers pass outcomes in.
 */

/** gRPC `retryThrottling` settings (gRFC A6). */
export interface TokenBucketOptions {
  /**
   * Bucket size; it starts full. Retries are allowed only while tokens > maxTokens / 2.
   * Default 10 (docs/reference.md "Timeouts, retries, backoff, jitter" check value; gRPC accepts (0, 1000]).
   */
  maxTokens: number;
  /**
   * Tokens a success gives back (a failure takes 1). gRPC keeps 3 decimal places.
   * Default 0.1 (docs/reference.md "Timeouts, retries, backoff, jitter"), i.e. 10 successes repay 1 failure.
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
