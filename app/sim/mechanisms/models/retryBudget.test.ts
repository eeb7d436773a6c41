import { describe, expect, it } from 'vitest';
import {
  ENVOY_RETRY_BUDGET_DEFAULTS,
  GRPC_TOKEN_BUCKET_DEFAULTS,
  adaptiveRejectProbability,
  createRetryBudget,
  createTokenBucket,
  retryBudgetAllowsRetry,
  retryBudgetFinish,
  retryBudgetMaxRetries,
  retryBudgetStart,
  tokenBucketAllowsRetry,
  tokenBucketRecord,
  tokenBucketTokens,
} from './retryBudget';

describe('gRPC retry throttling token bucket (REFERENCE.md section 4)', () => {
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

describe('Envoy retry budget (REFERENCE.md section 4: 20% of active requests, min 3)', () => {
  it('defaults to 20% and 3', () => {
    expect(ENVOY_RETRY_BUDGET_DEFAULTS).toEqual({ budgetPercent: 20, minRetryConcurrency: 3 });
  });

  it('allows minRetryConcurrency retries however few requests are in flight', () => {
    const budget = createRetryBudget();
    retryBudgetStart(budget, false);
    for (let i = 0; i < 3; i++) {
      expect(retryBudgetAllowsRetry(budget)).toBe(true);
      retryBudgetStart(budget, true);
    }
    // 4 active requests -> 20% = 0.8 -> max(3, 0) = 3 retries, all in use.
    expect(retryBudgetMaxRetries(budget)).toBe(3);
    expect(retryBudgetAllowsRetry(budget)).toBe(false);
    retryBudgetFinish(budget, true);
    expect(retryBudgetAllowsRetry(budget)).toBe(true);
  });

  it('scales with active requests: 100 in flight -> 20 retries', () => {
    const budget = createRetryBudget();
    for (let i = 0; i < 100; i++) retryBudgetStart(budget, false);
    expect(retryBudgetMaxRetries(budget)).toBe(20);
  });

  it('counts retries among the active requests, as Envoy does', () => {
    const budget = createRetryBudget();
    for (let i = 0; i < 80; i++) retryBudgetStart(budget, false);
    let retries = 0;
    while (retryBudgetAllowsRetry(budget)) {
      retryBudgetStart(budget, true);
      retries++;
    }
    // With r retries in flight the cap is floor(20% x (80 + r)): r = 19 gives
    // floor(19.8) = 19, so the 20th retry is refused.
    expect(retries).toBe(19);
    expect(budget).toMatchObject({ activeRequests: 99, activeRetries: 19 });
  });

  it('truncates the percentage to a whole number of retries', () => {
    const budget = createRetryBudget({ budgetPercent: 20, minRetryConcurrency: 0 });
    for (let i = 0; i < 24; i++) retryBudgetStart(budget, false);
    expect(retryBudgetMaxRetries(budget)).toBe(4); // 4.8 -> 4
  });

  it('never counts below zero', () => {
    const budget = createRetryBudget();
    retryBudgetFinish(budget, true);
    expect(budget).toMatchObject({ activeRequests: 0, activeRetries: 0 });
  });
});

describe('Google SRE adaptive throttling (REFERENCE.md section 4)', () => {
  it('is max(0, (requests - 2 x accepts) / (requests + 1))', () => {
    expect(adaptiveRejectProbability(100, 100)).toBe(0);
    expect(adaptiveRejectProbability(100, 50)).toBe(0); // exactly half accepted: no rejects yet
    expect(adaptiveRejectProbability(100, 25)).toBeCloseTo(50 / 101, 12);
    expect(adaptiveRejectProbability(100, 0)).toBeCloseTo(100 / 101, 12);
    expect(adaptiveRejectProbability(0, 0)).toBe(0);
  });

  it('a smaller k throttles sooner', () => {
    expect(adaptiveRejectProbability(100, 80, 1.1)).toBeCloseTo(12 / 101, 12);
    expect(adaptiveRejectProbability(100, 80, 2)).toBe(0);
  });

  it('never reaches 1, so some requests still probe a recovering backend', () => {
    expect(adaptiveRejectProbability(1_000_000, 0)).toBeLessThan(1);
  });
});
