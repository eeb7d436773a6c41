import { describe, expect, it } from 'vitest';
import { createRandom, normaliseSeed, type Random } from './random';

const draws = (random: Random, n: number): number[] =>
  Array.from({ length: n }, () => random.next());

const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length;

describe('createRandom', () => {
  it('replays the same sequence for the same seed and stream', () => {
    for (const seed of [0, 1, 42, 123456789, 2 ** 32 - 1]) {
      for (const stream of ['', 'arrivals', 'service']) {
        expect(draws(createRandom(seed, stream), 1000)).toEqual(
          draws(createRandom(seed, stream), 1000),
        );
      }
    }
  });

  it('gives different streams and different seeds unrelated sequences', () => {
    const arrivals = draws(createRandom(1, 'arrivals'), 200);
    const service = draws(createRandom(1, 'service'), 200);
    const otherSeed = draws(createRandom(2, 'arrivals'), 200);
    // Draws are multiples of 2^-32: two unrelated sequences agree at a given position
    // with probability 2^-32, so even one equal position would mean correlated streams.
    const samePositions = (a: number[], b: number[]) => a.filter((x, i) => x === b[i]).length;
    expect(samePositions(arrivals, service)).toBe(0);
    expect(samePositions(arrivals, otherSeed)).toBe(0);
    // Neighbouring seeds must not give shifted copies of one sequence either.
    expect(new Set([...arrivals, ...otherSeed]).size).toBe(400);
  });

  it('draws uniformly in [0, 1)', () => {
    const n = 100_000;
    const values = draws(createRandom(7, 'uniform'), n);
    expect(values.every((x) => x >= 0 && x < 1)).toBe(true);
    // Mean of U(0,1): 0.5, sd of the sample mean 0.289 / sqrt(n) = 0.0009; 0.005 is > 5 sd.
    expect(Math.abs(mean(values) - 0.5)).toBeLessThan(0.005);
    // Each tenth holds n/10 = 10,000 draws, binomial sd ~95; 500 is > 5 sd.
    const tenths = new Array<number>(10).fill(0);
    for (const x of values) tenths[Math.floor(x * 10)]!++;
    for (const count of tenths) expect(Math.abs(count - n / 10)).toBeLessThan(500);
  });

  it('draws exponential values with the stated mean', () => {
    for (const meanWanted of [20, 20_000]) {
      const random = createRandom(11, 'exp');
      const n = 100_000;
      const values = Array.from({ length: n }, () => random.exponential(meanWanted));
      expect(values.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
      // The sd of an exponential equals its mean, so the sample mean's sd is
      // mean / sqrt(n) = 0.32% of the mean; 2% is > 6 sd.
      expect(Math.abs(mean(values) / meanWanted - 1)).toBeLessThan(0.02);
      // Median of an exponential is ln 2 x mean; the sample median's sd is
      // mean / sqrt(n) (1 / (2 f(m) sqrt(n)) with f(m) = 1 / (2 mean)), so 2% is > 6 sd too.
      const sorted = [...values].sort((a, b) => a - b);
      expect(Math.abs(sorted[n / 2]! / (Math.LN2 * meanWanted) - 1)).toBeLessThan(0.02);
    }
  });

  it('draws integers in [0, n), every value about equally often', () => {
    const random = createRandom(3, 'int');
    const n = 6;
    const counts = new Array<number>(n).fill(0);
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const k = random.int(n);
      if (Number.isInteger(k) && k >= 0 && k < n) counts[k]!++;
      else outside++;
    }
    expect(outside).toBe(0);
    // 10,000 expected per value, binomial sd ~91; 500 is > 5 sd.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(Array.from({ length: 1000 }, () => random.int(1)).every((k) => k === 0)).toBe(true);
    const big = 5_000_000;
    const bigDraws = Array.from({ length: 1000 }, () => random.int(big));
    expect(bigDraws.every((k) => Number.isInteger(k) && k >= 0 && k < big)).toBe(true);
  });

  it('returns true with probability p from chance(p)', () => {
    const random = createRandom(5, 'chance');
    const never = Array.from({ length: 1000 }, () => random.chance(0));
    const always = Array.from({ length: 1000 }, () => random.chance(1));
    expect(never.some(Boolean)).toBe(false);
    expect(always.every(Boolean)).toBe(true);
    const n = 40_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (random.chance(0.25)) hits++;
    // Binomial sd sqrt(0.25 x 0.75 / n) = 0.0022; 0.01 is > 4 sd.
    expect(Math.abs(hits / n - 0.25)).toBeLessThan(0.01);
  });
});

describe('normaliseSeed', () => {
  it('maps any number to an unsigned 32-bit integer', () => {
    expect(normaliseSeed(42)).toBe(42);
    expect(normaliseSeed(-42)).toBe(42);
    expect(normaliseSeed(42.9)).toBe(42);
    expect(normaliseSeed(2 ** 32)).toBe(0);
    expect(normaliseSeed(2 ** 32 + 5)).toBe(5);
    expect(normaliseSeed(Number.NaN)).toBe(1);
    expect(normaliseSeed(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
