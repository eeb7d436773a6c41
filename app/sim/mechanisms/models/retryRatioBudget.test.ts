import { describe, expect, it } from 'vitest';
import {
  createRetryRatioBudget,
  retryRatioRecordRequest,
  retryRatioTryRetry,
} from './retryRatioBudget';

describe('retry ratio budget (Google SRE per-client budget, docs/reference.md "Timeouts, retries, backoff, jitter")', () => {
  it('allows one retry per ten requests at 10%', () => {
    const budget = createRetryRatioBudget();
    for (let i = 0; i < 9; i++) retryRatioRecordRequest(budget, 1000);
    expect(retryRatioTryRetry(budget, 1000, 10)).toBe(false); // 1 > 0.9
    retryRatioRecordRequest(budget, 1000);
    expect(retryRatioTryRetry(budget, 1000, 10)).toBe(true); // 1 <= 1
    expect(retryRatioTryRetry(budget, 1000, 10)).toBe(false); // 2 > 1
  });

  it('caps retries near 10% of requests when every request fails', () => {
    const budget = createRetryRatioBudget();
    let retries = 0;
    const requests = 5000;
    for (let i = 0; i < requests; i++) {
      const nowUs = i * 10_000; // 100 requests per second for 50 s
      retryRatioRecordRequest(budget, nowUs);
      // A naive client would retry twice per failed request (3 attempts).
      for (let attempt = 0; attempt < 2; attempt++)
        if (retryRatioTryRetry(budget, nowUs, 10)) retries++;
    }
    expect(retries / requests).toBeGreaterThan(0.09);
    expect(retries / requests).toBeLessThanOrEqual(0.1);
  });

  it('forgets requests older than the window', () => {
    const budget = createRetryRatioBudget();
    for (let i = 0; i < 100; i++) retryRatioRecordRequest(budget, 0);
    expect(retryRatioTryRetry(budget, 5_000_000, 10)).toBe(true);
    // 11 s later the 100 requests no longer count.
    expect(retryRatioTryRetry(budget, 11_000_000, 10)).toBe(false);
  });
});
