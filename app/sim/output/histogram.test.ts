import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram';
import { createRandom } from '../engine/random';

const QUANTILES = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

/** The q-quantile as the histogram defines it: the ceil(q n)-th smallest sample. */
const exactQuantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;

/**
 * A bucket spans a factor 2^(1/subBuckets) and the histogram answers with its geometric
 * middle, so any sample in it is within a factor 2^(1/(2 subBuckets)) of the answer:
 * 2.2% for 16 sub-buckets, 4.4% for 8. The 1e-9 absorbs floating-point log2 rounding
 * of values that sit exactly on a bucket edge.
 */
const relativeErrorBound = (subBuckets: number): number => 2 ** (1 / (2 * subBuckets)) - 1 + 1e-9;

function checkAgainstExact(values: number[], subBuckets: number): void {
  const histogram = new LatencyHistogram(subBuckets);
  for (const v of values) histogram.record(v);
  expect(histogram.total).toBe(values.length);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of QUANTILES) {
    const exact = exactQuantile(sorted, q);
    const got = histogram.quantileUs(q);
    expect(Math.abs(got / exact - 1), `q=${q} exact=${exact} got=${got}`).toBeLessThanOrEqual(
      relativeErrorBound(subBuckets),
    );
  }
}

describe('LatencyHistogram', () => {
  it('answers NaN when empty', () => {
    expect(new LatencyHistogram().quantileUs(0.5)).toBeNaN();
  });

  it('states the bucket widths its comment promises', () => {
    expect(2 ** (1 / 16) - 1).toBeCloseTo(0.044, 3);
    expect(2 ** (1 / 8) - 1).toBeCloseTo(0.09, 2);
  });

  it('gives quantiles of evenly spread data within the stated relative error', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => i + 1);
    checkAgainstExact(values, 16);
    checkAgainstExact(values, 8);
  });

  it('gives quantiles of exponential latencies (microseconds) within the stated relative error', () => {
    const random = createRandom(17, 'histogram-test');
    const values = Array.from({ length: 50_000 }, () =>
      Math.max(1, Math.round(random.exponential(20_000))),
    );
    checkAgainstExact(values, 16);
    checkAgainstExact(values, 8);
  });

  it('gives quantiles of a wide spread (1 us to one hour) within the stated relative error', () => {
    const random = createRandom(23, 'histogram-wide');
    const values = Array.from({ length: 20_000 }, () => Math.round(2 ** (random.next() * 31.7)));
    checkAgainstExact(values, 16);
  });

  it('answers any quantile of one repeated value within the error bound of that value', () => {
    for (const value of [1, 2, 1000, 3_000_000]) {
      const histogram = new LatencyHistogram(16);
      for (let i = 0; i < 10; i++) histogram.record(value);
      for (const q of QUANTILES) {
        expect(Math.abs(histogram.quantileUs(q) / value - 1)).toBeLessThanOrEqual(
          relativeErrorBound(16),
        );
      }
    }
  });

  it('merges with add() exactly as if every sample went into one histogram', () => {
    const random = createRandom(29, 'histogram-add');
    const all = new LatencyHistogram(8);
    const a = new LatencyHistogram(8);
    const b = new LatencyHistogram(8);
    for (let i = 0; i < 10_000; i++) {
      const v = Math.round(random.exponential(5000)) + 1;
      all.record(v);
      (i % 3 === 0 ? a : b).record(v);
    }
    a.add(b);
    expect(a.total).toBe(all.total);
    for (const q of QUANTILES) expect(a.quantileUs(q)).toBe(all.quantileUs(q));
  });
});
