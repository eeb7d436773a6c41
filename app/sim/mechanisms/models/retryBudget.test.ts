import { describe, expect, it } from 'vitest';
import {
  GRPC_TOKEN_BUCKET_DEFAULTS,
  createTokenBucket,
  tokenBucketAllowsRetry,
  tokenBucketRecord,
  type TokenBucket,
} from './retryBudget';

/** Current tokens: the bucket stores thousandths (see `TokenBucket`). */
const tokenBucketTokens = (bucket: TokenBucket): number => bucket.milliTokens / 1000;

describe('gRPC retry throttling token bucket (docs/reference.md "Timeouts, retries, backoff, jitter")', () => {
  it('defaults to max 10, ratio 0.1 and starts full', () => {
    expect(GRPC_TOKEN_BUCKET_DEFAULTS).toEqual({ maxTokens: 10, tokenRatio: 0.1 });
    const bucket = createTokenBucket();
    expect(tokenBucketTokens(bucket)).toBe(10);
    expect(tokenBucketAllowsRetry(bucket)).toBe(true);
  });

  it('check: max 10, ratio 0.1 -> retries blocked after 5 failures, 1 success (5.1) resumes', () => {
    const bucket = createTokenBucket({ maxTokens: 10, tokenRatio: 0.1 });
    for (let failures = 1; failures <= 4; failures++) {
      tokenBucketRecord(bucket, true);
      expect(tokenBucketAllowsRetry(bucket)).toBe(true); // 9, 8, 7, 6 > 5
    }
    tokenBucketRecord(bucket, true);
    expect(tokenBucketTokens(bucket)).toBe(5);
    expect(tokenBucketAllowsRetry(bucket)).toBe(false); // 5 <= 10/2: throttled
    tokenBucketRecord(bucket, false);
    expect(tokenBucketTokens(bucket)).toBe(5.1); // exact: thousandths, no float drift
    expect(tokenBucketAllowsRetry(bucket)).toBe(true);
  });

  it('never goes below 0 or above maxTokens', () => {
    const bucket = createTokenBucket();
    for (let i = 0; i < 50; i++) tokenBucketRecord(bucket, true);
    expect(tokenBucketTokens(bucket)).toBe(0);
    for (let i = 0; i < 500; i++) tokenBucketRecord(bucket, false);
    expect(tokenBucketTokens(bucket)).toBe(10);
  });

  it('ten successes repay one failure exactly, however many times', () => {
    const bucket = createTokenBucket();
    for (let i = 0; i < 5; i++) tokenBucketRecord(bucket, true);
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 10; i++) tokenBucketRecord(bucket, false);
      tokenBucketRecord(bucket, true);
    }
    expect(tokenBucketTokens(bucket)).toBe(5); // 100 x (10 x 0.1 - 1) = 0: still throttled
    expect(tokenBucketAllowsRetry(bucket)).toBe(false);
  });

  it('rejects options gRPC rejects', () => {
    expect(() => createTokenBucket({ maxTokens: 0 })).toThrow(RangeError);
    expect(() => createTokenBucket({ maxTokens: 1001 })).toThrow(RangeError);
    expect(() => createTokenBucket({ tokenRatio: 0 })).toThrow(RangeError);
  });
});
