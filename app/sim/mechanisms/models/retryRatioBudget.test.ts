import { describe, expect, it } from 'vitest';
import { createRandom } from '../../engine/random';
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

  it('decides as a log of every request and retry over the last 10 seconds would, whatever the gaps', () => {
    // Gaps of a fraction of a second up to far past the window: slots are reused after
    // one turn of the ring, after several, and left stale in between.
    const random = createRandom(5, 'retry-ratio-reference');
    const budget = createRetryRatioBudget();
    const log: Array<{ second: number; retry: boolean }> = [];
    let nowUs = 0;
    let decisions = 0;
    let allowedCount = 0;
    for (let step = 0; step < 20_000; step++) {
      const gapKind = random.next();
      nowUs +=
        gapKind < 0.8
          ? random.int(400_000)
          : gapKind < 0.97
            ? random.int(4_000_000)
            : random.int(30_000_000);
      const second = Math.floor(nowUs / 1_000_000);
      if (random.next() < 0.7) {
        retryRatioRecordRequest(budget, nowUs);
        log.push({ second, retry: false });
      } else {
        const percent = 5 + random.int(60);
        const inWindow = log.filter((e) => e.second > second - 10);
        const requests = inWindow.filter((e) => !e.retry).length;
        const retries = inWindow.length - requests;
        const expected = retries + 1 <= (percent / 100) * requests;
        expect(retryRatioTryRetry(budget, nowUs, percent)).toBe(expected);
        if (expected) {
          log.push({ second, retry: true });
          allowedCount++;
        }
        decisions++;
      }
    }
    // Both answers came up often.
    expect(allowedCount).toBeGreaterThan(decisions / 10);
    expect(allowedCount).toBeLessThan(decisions * 0.9);
  });
});
