import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketSecondsFor, MinMaxBuckets, powerOfTwoAtLeast } from './downsample';

/** A second of a test series: its start and one value (or null) per stream. */
interface Second {
  startS: number;
  values: (number | null)[];
}

function bucketsOf(seconds: readonly Second[], streams: number, capacity?: number) {
  const buckets = new MinMaxBuckets(streams, capacity);
  for (const s of seconds) buckets.push(s.startS, s.values);
  return buckets;
}

/**
 * What must be drawn, computed straight from the seconds: for each bucket of
 * `bucketS` (second s is in bucket floor(s / bucketS)) and each stream, the lowest and
 * highest second (the earliest on ties) and the first and last second without a value.
 */
function expectedIndices(
  seconds: readonly Second[],
  streams: readonly number[],
  bucketS: number,
): number[] {
  const byBucket = new Map<number, number[]>();
  seconds.forEach((s, i) => {
    const bucket = Math.floor(s.startS / bucketS);
    if (!byBucket.has(bucket)) byBucket.set(bucket, []);
    byBucket.get(bucket)!.push(i);
  });
  const out: number[] = [];
  for (const bucket of [...byBucket.keys()].sort((a, b) => a - b)) {
    const members = byBucket.get(bucket)!;
    const picks = new Set<number>();
    for (const stream of streams) {
      const valued = members.filter((i) => seconds[i]!.values[stream] !== null);
      const gaps = members.filter((i) => seconds[i]!.values[stream] === null);
      const value = (i: number) => seconds[i]!.values[stream]!;
      if (valued.length > 0) {
        picks.add(valued.reduce((best, i) => (value(i) < value(best) ? i : best)));
        picks.add(valued.reduce((best, i) => (value(i) > value(best) ? i : best)));
      }
      if (gaps.length > 0) {
        picks.add(gaps[0]!);
        picks.add(gaps[gaps.length - 1]!);
      }
    }
    out.push(...[...picks].sort((a, b) => a - b));
  }
  return out;
}

/** Random seconds: ascending starts (with holes), values with ties, nulls and spikes. */
const secondsArbitrary = (streams: number) =>
  fc
    .array(
      fc.record({
        stepS: fc.oneof(fc.constant(1), fc.constant(1), fc.integer({ min: 0, max: 40 })),
        values: fc.array(
          fc.oneof(
            fc.constant(null),
            fc.integer({ min: 0, max: 5 }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          { minLength: streams, maxLength: streams },
        ),
      }),
      { maxLength: 400 },
    )
    .map((raw) => {
      let startS = 0;
      return raw.map((r, i): Second => {
        if (i > 0) startS += r.stepS;
        return { startS, values: r.values };
      });
    });

describe('bucketSecondsFor', () => {
  it('gives the smallest power of two with at most one bucket per pixel column', () => {
    expect(powerOfTwoAtLeast(0)).toBe(1);
    expect(powerOfTwoAtLeast(1)).toBe(1);
    expect(powerOfTwoAtLeast(1.01)).toBe(2);
    expect(powerOfTwoAtLeast(64)).toBe(64);
    // An hour on 500 columns: 7.2 s a column, so 8 s buckets (450 of them).
    expect(bucketSecondsFor(3600, 500)).toBe(8);
    expect(bucketSecondsFor(60, 500)).toBe(1);
    for (const [spanS, columns] of [
      [90_000, 413],
      [61, 60],
      [1e6, 1280],
    ] as const) {
      const width = bucketSecondsFor(spanS, columns);
      expect(spanS / width).toBeLessThanOrEqual(columns);
      expect(spanS / (width / 2)).toBeGreaterThan(columns);
    }
  });
});

describe('MinMaxBuckets', () => {
  it('keeps a one-second outage visible in a bucket of 64 seconds', () => {
    // 256 seconds of 100% but second 77 at 0% and second 130 with nothing answered.
    const seconds: Second[] = Array.from({ length: 256 }, (_, s) => ({
      startS: s,
      values: [s === 77 ? 0 : s === 130 ? null : 100],
    }));
    const { bucketS, indices } = bucketsOf(seconds, 1).drawn([0], 64);
    expect(bucketS).toBe(64);
    expect(indices).toContain(77);
    expect(indices).toContain(130);
    // Else only each bucket's first second: the earliest of a flat line's equal extremes.
    expect(indices).toEqual([0, 64, 77, 128, 130, 192]);
  });

  it('puts second s in bucket floor(s / width): the boundaries are whole multiples', () => {
    // Rising within each 4-second bucket: 3 is the highest of bucket 0, 4 the lowest of 1.
    const seconds: Second[] = Array.from({ length: 8 }, (_, s) => ({
      startS: s,
      values: [s % 4],
    }));
    expect(bucketsOf(seconds, 1).drawn([0], 4).indices).toEqual([0, 3, 4, 7]);
    expect(bucketsOf(seconds, 1).drawn([0], 3).indices).toEqual([0, 3, 4, 7]);
    // One 8-second bucket: its lowest (the earliest of the ties) and highest.
    expect(bucketsOf(seconds, 1).drawn([0], 8).indices).toEqual([0, 3]);
    // With 2-second buckets every second is its bucket's lowest or highest.
    expect(bucketsOf(seconds, 1).drawn([0], 2).indices).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('draws a band from the union of its top and its base, so a dip under a flat top shows', () => {
    // Top (finished) flat at 50; base (succeeded) dips to 10 at second 20.
    const seconds: Second[] = Array.from({ length: 64 }, (_, s) => ({
      startS: s,
      values: [50, s === 20 ? 10 : 50],
    }));
    const buckets = bucketsOf(seconds, 2);
    expect(buckets.drawn([0], 64).indices).not.toContain(20);
    expect(buckets.drawn([0, 1], 64).indices).toContain(20);
  });

  it('stays within its capacity by merging neighbours, and its extent covers every second', () => {
    const seconds: Second[] = Array.from({ length: 10_000 }, (_, s) => ({
      startS: s,
      values: [Math.sin(s / 50) * 100 + (s === 7777 ? 1000 : 0)],
    }));
    const buckets = bucketsOf(seconds, 1, 64);
    // 10,000 seconds in at most 64 buckets: 256 s each (157 s would be too fine).
    expect(buckets.storedBucketS).toBe(256);
    const { bucketS, indices } = buckets.drawn([0], 1);
    expect(bucketS).toBe(256);
    expect(indices).toContain(7777);
    expect(indices.length).toBeLessThanOrEqual(2 * 40);
    expect(buckets.extent(0)![1]).toBeCloseTo(1000 + Math.sin(7777 / 50) * 100, 9);
    expect(buckets.count).toBe(10_000);
  });

  it('refuses seconds out of order and the wrong number of values, saying what it expects', () => {
    const buckets = new MinMaxBuckets(2);
    buckets.push(5, [1, 2]);
    expect(() => buckets.push(4, [1, 2])).toThrow(/in order from 0: got 4 after 5/);
    expect(() => buckets.push(6, [1])).toThrow(/expected 2 values, got 1/);
    expect(() => buckets.drawn([2], 1)).toThrow(/no stream 2: streams are 0 to 1/);
    expect(() => new MinMaxBuckets(0)).toThrow(/streams must be a whole number from 1/);
    expect(buckets.extent(0)).toEqual([1, 1]);
    expect(new MinMaxBuckets(1).extent(0)).toBeNull();
  });

  it('draws exactly each bucket’s extremes and gaps, for any series (fast-check)', () => {
    fc.assert(
      fc.property(
        secondsArbitrary(3),
        fc.constantFrom(2, 4, 8, 64, 4096),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.subarray([0, 1, 2], { minLength: 1 }),
        (seconds, capacity, minBucketS, streams) => {
          const buckets = bucketsOf(seconds, 3, capacity);
          const { bucketS, indices } = buckets.drawn(streams, minBucketS);
          // The width is a power of two, as fine as asked unless memory ran out.
          expect(Math.log2(bucketS) % 1).toBe(0);
          expect(bucketS).toBeGreaterThanOrEqual(minBucketS);
          expect(bucketS).toBe(Math.max(buckets.storedBucketS, powerOfTwoAtLeast(minBucketS)));
          const lastS = seconds.length > 0 ? seconds[seconds.length - 1]!.startS : 0;
          expect(Math.floor(lastS / buckets.storedBucketS)).toBeLessThan(capacity);
          // The real seconds to draw, in time order: none made up, none missing.
          expect(indices).toEqual(expectedIndices(seconds, streams, bucketS));
          // Hence every bucket's lowest and highest value is on screen.
          for (const stream of streams) {
            const all = seconds.map((s) => s.values[stream]).filter((v) => v !== null);
            const shown = indices.map((i) => seconds[i]!.values[stream]).filter((v) => v !== null);
            const extent = buckets.extent(stream);
            if (all.length === 0) {
              expect(extent).toBeNull();
              continue;
            }
            // (+ 0: the lowest of 0 and -0 may be either; they are the same number.)
            expect(extent!.map((v) => v + 0)).toEqual([Math.min(...all) + 0, Math.max(...all) + 0]);
            expect(Math.min(...shown) + 0).toBe(extent![0] + 0);
            expect(Math.max(...shown) + 0).toBe(extent![1] + 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws at most four seconds per stream per bucket, one bucket per column (fast-check)', () => {
    fc.assert(
      fc.property(secondsArbitrary(2), fc.integer({ min: 1, max: 800 }), (seconds, columns) => {
        const spanS = Math.max(
          60,
          seconds.length > 0 ? seconds[seconds.length - 1]!.startS + 1 : 0,
        );
        const buckets = bucketsOf(seconds, 2);
        const { bucketS, indices } = buckets.drawn([0, 1], bucketSecondsFor(spanS, columns));
        const bucketsDrawn = new Set(indices.map((i) => Math.floor(seconds[i]!.startS / bucketS)));
        expect(bucketsDrawn.size).toBeLessThanOrEqual(columns);
        expect(indices.length).toBeLessThanOrEqual(bucketsDrawn.size * 4 * 2);
        for (let k = 1; k < indices.length; k++)
          expect(indices[k]!).toBeGreaterThan(indices[k - 1]!);
      }),
      { numRuns: 200 },
    );
  });
});
