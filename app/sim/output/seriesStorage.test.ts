import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram';
import { createRandom } from '../engine/random';
import { Series } from './series';
import { US_PER_S } from '../engine/time';

const QUANTILES = [0, 0.1, 0.5, 0.9, 0.99, 1];

describe('LatencyHistogram on shared storage', () => {
  it('answers as a histogram of its own does, without touching its neighbours', () => {
    const size = LatencyHistogram.sizeFor(8);
    const block = new Uint32Array(3 * size);
    const shared = [0, 1, 2].map((k) => new LatencyHistogram(8, block, k * size));
    const own = [0, 1, 2].map(() => new LatencyHistogram(8));
    const random = createRandom(3, 'histogram-storage');
    for (let i = 0; i < 3000; i++) {
      const k = random.int(3);
      // Includes values past the last bucket (over 2^32 us) and below 1 us.
      const latencyUs = random.next() < 0.01 ? 2 ** 33 : random.exponential(50_000 * (k + 1));
      shared[k]!.record(latencyUs);
      own[k]!.record(latencyUs);
    }
    for (let k = 0; k < 3; k++) {
      expect(shared[k]!.total).toBe(own[k]!.total);
      for (const q of QUANTILES) expect(shared[k]!.quantileUs(q)).toBe(own[k]!.quantileUs(q));
    }
    const sum = new LatencyHistogram(8);
    for (const h of shared) sum.add(h);
    const ownSum = new LatencyHistogram(8);
    for (const h of own) ownSum.add(h);
    for (const q of QUANTILES) expect(sum.quantileUs(q)).toBe(ownSum.quantileUs(q));
  });

  it('refuses storage without room for its counters', () => {
    const size = LatencyHistogram.sizeFor(8);
    expect(() => new LatencyHistogram(8, new Uint32Array(size), 1)).toThrow(RangeError);
    expect(() => new LatencyHistogram(8, new Uint32Array(size - 1))).toThrow(RangeError);
  });
});

describe('Series', () => {
  it('keeps every second its own latency histogram across storage blocks', () => {
    const series = new Series();
    const reference = new Map<number, LatencyHistogram>();
    const random = createRandom(5, 'series-storage');
    // Seconds on both sides of the 64-bucket block edges.
    for (const second of [0, 1, 63, 64, 65, 127, 128, 300]) {
      const own = new LatencyHistogram(8);
      for (let i = 0; i < 50; i++) {
        const latencyUs = random.exponential(20_000 + second * 1000);
        series.at(second * US_PER_S + random.int(US_PER_S)).latency.record(latencyUs);
        own.record(latencyUs);
      }
      reference.set(second, own);
    }
    expect(series.length).toBe(301);
    for (const [second, own] of reference) {
      const bucket = series.bucket(second);
      expect(bucket.startS).toBe(second);
      expect(bucket.latency.total).toBe(own.total);
      for (const q of QUANTILES) expect(bucket.latency.quantileUs(q)).toBe(own.quantileUs(q));
    }
    expect(series.bucket(2).latency.total).toBe(0);
    const window = series.window(0, 301 * US_PER_S);
    expect(window.latency.total).toBe(8 * 50);
  });
});

describe('Series held seconds', () => {
  it('lets go of the seconds before a point and keeps the later ones as they were', () => {
    const series = new Series();
    for (let second = 0; second < 1000; second++) series.at(second * US_PER_S).arrived = second;
    series.releaseLatencyBefore(900);
    series.dropBefore(900);
    expect(series.length).toBe(1000);
    expect(series.heldFromS).toBe(900);
    expect(series.heldCount).toBe(100);
    for (let second = 900; second < 1000; second++)
      expect(series.bucket(second).arrived).toBe(second);
    expect(() => series.bucket(899)).toThrow(RangeError);
    expect(() => series.window(899 * US_PER_S, 1000 * US_PER_S, false)).toThrow(RangeError);
    expect(series.window(900 * US_PER_S, 1000 * US_PER_S, false).arrived).toBe(
      ((900 + 999) * 100) / 2,
    );
  });

  it('holds a bounded number of buckets when the seconds are let go as they age', () => {
    const series = new Series();
    let most = 0;
    for (let second = 0; second < 20_000; second++) {
      series.at(second * US_PER_S).arrived++;
      series.releaseLatencyBefore(second - 600);
      series.dropBefore(second - 600);
      most = Math.max(most, series.heldCount);
    }
    // Cut once the seconds let go are as many as the ones held: at most twice the window.
    expect(most).toBeLessThanOrEqual(2 * 601 + 1);
  });
});
