import { describe, expect, it } from 'vitest';
import { backoffDelayMs, backoffExpoMs, type BackoffOptions, type JitterKind } from './backoff';
import { createRandom, type Random } from '../../engine/random';
import { defaultSettings } from '../../settings';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** A generator that fails the test if anything draws from it. */
const NO_DRAWS: Random = {
  next: () => {
    throw new Error('drew a random number');
  },
  int: () => {
    throw new Error('drew a random number');
  },
  exponential: () => {
    throw new Error('drew a random number');
  },
  chance: () => {
    throw new Error('drew a random number');
  },
};

function options(jitter: JitterKind, baseMs = 100, capMs = 10_000): BackoffOptions {
  return { baseMs, capMs, jitter };
}

describe('exponential ceiling (AWS: expo = min(cap, base * 2^n), n = retry number)', () => {
  it('doubles per retry from 2 x base and stops at the cap', () => {
    const o = options('none', 100, 1000);
    expect([1, 2, 3, 4, 5].map((n) => backoffExpoMs(o, n))).toEqual([200, 400, 800, 1000, 1000]);
    expect(backoffExpoMs(o, 5000)).toBe(1000); // 2^5000 overflows to Infinity: still the cap
  });

  it('defaults to full jitter, as the AWS post recommends', () => {
    const { jitter, backoffBaseMs, backoffCapMs } = defaultSettings().retries;
    expect(jitter).toBe('full');
    expect(backoffBaseMs).toBeLessThan(backoffCapMs);
  });
});

describe('bounds of each jitter kind', () => {
  it('none is exactly the ceiling and draws no random number (deterministic)', () => {
    const o = options('none');
    for (let n = 1; n <= 10; n++)
      expect(backoffDelayMs(o, n, 0, NO_DRAWS)).toBe(backoffExpoMs(o, n));
  });

  it('full jitter lies in [0, expo)', () => {
    const random = createRandom(1, 'backoff');
    for (let n = 1; n <= 12; n++) {
      const expo = backoffExpoMs(options('full'), n);
      for (let i = 0; i < 500; i++) {
        const sleep = backoffDelayMs(options('full'), n, 0, random);
        expect(sleep).toBeGreaterThanOrEqual(0);
        expect(sleep).toBeLessThan(expo);
      }
    }
  });

  it('equal jitter lies in [expo/2, expo)', () => {
    const random = createRandom(2, 'backoff');
    for (let n = 1; n <= 12; n++) {
      const expo = backoffExpoMs(options('equal'), n);
      for (let i = 0; i < 500; i++) {
        const sleep = backoffDelayMs(options('equal'), n, 0, random);
        expect(sleep).toBeGreaterThanOrEqual(expo / 2);
        expect(sleep).toBeLessThan(expo);
      }
    }
  });

  it('decorrelated jitter lies in [base, min(cap, 3 x previous)] along a chain of retries', () => {
    const o = options('decorrelated', 100, 5000);
    const random = createRandom(3, 'backoff');
    for (let chain = 0; chain < 200; chain++) {
      let previous = 0; // before the first retry: treated as base, as in the AWS simulator
      for (let n = 1; n <= 15; n++) {
        const sleep = backoffDelayMs(o, n, previous, random);
        expect(sleep).toBeGreaterThanOrEqual(o.baseMs);
        expect(sleep).toBeLessThanOrEqual(Math.min(o.capMs, 3 * Math.max(o.baseMs, previous)));
        previous = sleep;
      }
    }
  });

  it('the same seed gives the same sleeps', () => {
    const run = (seed: number) => {
      const random = createRandom(seed, 'backoff');
      return [1, 2, 3].map((n) => backoffDelayMs(options('full'), n, 0, random));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});

describe('means', () => {
  // 20000 draws of U(0, E): the sample mean has a standard deviation of
  // E / sqrt(12 x 20000) ~ 0.002 E, so a 0.02 E tolerance is ~10 sigma: never flaky.
  const DRAWS = 20_000;

  it('full jitter averages expo/2', () => {
    const o = options('full');
    const expo = backoffExpoMs(o, 3);
    const random = createRandom(4, 'backoff');
    let sum = 0;
    for (let i = 0; i < DRAWS; i++) sum += backoffDelayMs(o, 3, 0, random);
    expect(Math.abs(sum / DRAWS - expo / 2)).toBeLessThan(0.02 * expo);
  });

  it('equal jitter averages 3/4 expo', () => {
    const o = options('equal');
    const expo = backoffExpoMs(o, 3);
    const random = createRandom(5, 'backoff');
    let sum = 0;
    for (let i = 0; i < DRAWS; i++) sum += backoffDelayMs(o, 3, 0, random);
    expect(Math.abs(sum / DRAWS - 0.75 * expo)).toBeLessThan(0.02 * expo);
  });
});

describe('100 clients failing at the same instant (issue 4, docs/reference.md "Timeouts, retries, backoff, jitter")', () => {
  const CLIENTS = 100;
  const BUCKET_MS = 100;
  // First-retry ceiling 2 x 500 = 1000 ms: ten 100 ms buckets for jitter to use.
  const BASE_MS = 500;

  /** Peak number of first retries landing in one 100 ms bucket. */
  function peakRetriesPerBucket(jitter: JitterKind, seed: number): number {
    const random = createRandom(seed, 'backoff');
    const buckets = new Map<number, number>();
    for (let client = 0; client < CLIENTS; client++) {
      const retryAtMs = backoffDelayMs(options(jitter, BASE_MS), 1, 0, random);
      const bucket = Math.floor(retryAtMs / BUCKET_MS);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
    }
    return Math.max(...buckets.values());
  }

  it('without jitter all 100 retries land in one bucket', () => {
    for (const seed of SEEDS) expect(peakRetriesPerBucket('none', seed)).toBe(CLIENTS);
  });

  it('full jitter cuts the peak to under a third of that, on every seed', () => {
    // Ten equally likely buckets: each holds Binomial(100, 0.1), mean 10, sd 3. A peak of
    // 33 would be ~7.7 sd above the mean, so the bound has a wide margin.
    for (const seed of SEEDS) {
      expect(peakRetriesPerBucket('full', seed)).toBeLessThan(CLIENTS / 3);
    }
  });

  it('equal and decorrelated jitter also spread the burst, equal less well than full', () => {
    let fullTotal = 0;
    let equalTotal = 0;
    for (const seed of SEEDS) {
      const full = peakRetriesPerBucket('full', seed);
      const equal = peakRetriesPerBucket('equal', seed);
      // Equal jitter uses only the upper half of the interval: 5 buckets, mean 20 each.
      expect(equal).toBeLessThan(CLIENTS / 2);
      // Decorrelated: U(500, 1500) ms on the first retry, 10 buckets.
      expect(peakRetriesPerBucket('decorrelated', seed)).toBeLessThan(CLIENTS / 3);
      fullTotal += full;
      equalTotal += equal;
    }
    expect(fullTotal).toBeLessThan(equalTotal);
  });
});
