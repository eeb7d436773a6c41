import { describe, expect, it } from 'vitest';
import { formatCount, wilsonInterval } from '../app/format';
import { ninesOf } from '../../sim';
import { priceOfNinesText, signedUsd } from './priceOfNines';

/** A seeded generator (mulberry32): the same draws on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of `n` requests succeed when each does with probability `rate`. */
function goodOf(n: number, rate: number, random: () => number): number {
  let good = 0;
  for (let i = 0; i < n; i++) if (random() < rate) good++;
  return good;
}

describe('priceOfNinesText', () => {
  it('claims a difference in nines when the 95% intervals do not overlap, with both counts', () => {
    // 99% of 100,000 and 99.9% of 100,000: B's lower bound clears A's upper bound.
    const a = { usdPerMonth: 1000, good: 99_000, finished: 100_000 };
    const b = { usdPerMonth: 1500, good: 99_900, finished: 100_000 };
    const iA = wilsonInterval(a.good, a.finished)!;
    const iB = wilsonInterval(b.good, b.finished)!;
    const least = Math.floor((ninesOf(iB.lower) - ninesOf(iA.upper)) * 10 + 1e-9) / 10;
    expect(least).toBeGreaterThan(0.5);
    const text = priceOfNinesText(a, b);
    expect(text).toContain(`B is better by at least ${least.toFixed(1)} nines at +$500/month`);
    expect(text).toContain('95% intervals of 100,000 and 100,000 requests do not overlap');
  });

  it('never claims a difference from a bigger sample alone (equal rates, unequal counts)', () => {
    // The reviewer's case: both 100%, of 259 and of 2,170 requests. B's lower bound is
    // higher only because it has 8x the requests; the rates are the same.
    const text = priceOfNinesText(
      { usdPerMonth: 995, good: 259, finished: 259 },
      { usdPerMonth: 1823, good: 2170, finished: 2170 },
    );
    expect(text).toBe(
      'Design B: +$828/month; no difference in nines shown yet (A 100% of 259 requests, ' +
        'B 100% of 2,170 requests: their 95% intervals overlap)',
    );
    // The same rate measured on 1x and 8x the requests, over a range of rates and sizes.
    for (const rate of [1, 0.9999, 0.999, 0.99, 0.95, 0.8, 0.5]) {
      for (const n of [100, 259, 1000, 20_000]) {
        for (const [nA, nB] of [
          [n, 8 * n],
          [8 * n, n],
        ]) {
          const a = { usdPerMonth: 100, good: Math.round(rate * nA!), finished: nA! };
          const b = { usdPerMonth: 200, good: Math.round(rate * nB!), finished: nB! };
          const text = priceOfNinesText(a, b);
          expect(text, `${rate} of ${nA} and ${nB}`).toContain('no difference in nines shown yet');
          expect(text).toContain(`of ${formatCount(nA!)} requests`);
          expect(text).toContain(`of ${formatCount(nB!)} requests`);
          expect(text).not.toMatch(/better|worse/);
        }
      }
    }
  });

  it('claims no difference between runs drawn at the same true rate (20 seeds)', () => {
    // Two designs that are truly the same, one serving 8x the traffic: sampling noise
    // alone must not read as a difference.
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      for (const rate of [0.999, 0.99, 0.9]) {
        const a = { usdPerMonth: 100, good: goodOf(300, rate, random), finished: 300 };
        const b = { usdPerMonth: 100, good: goodOf(2400, rate, random), finished: 2400 };
        const text = priceOfNinesText(a, b);
        expect(text, `seed ${seed}, rate ${rate}: ${text}`).toContain(
          'no difference in nines shown yet',
        );
      }
    }
  });

  it('finds clearly different rates once there are enough requests (20 seeds)', () => {
    // 99% against 99.9%, then 90% against 99%: a few thousand requests each show it.
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      for (const [rateA, rateB, n] of [
        [0.99, 0.999, 20_000],
        [0.9, 0.99, 2_000],
      ]) {
        const a = { usdPerMonth: 100, good: goodOf(n!, rateA!, random), finished: n! };
        const b = { usdPerMonth: 300, good: goodOf(8 * n!, rateB!, random), finished: 8 * n! };
        expect(priceOfNinesText(a, b), `seed ${seed}`).toMatch(
          /B is better by at least \d\.\d nines at \+\$200\/month/,
        );
        expect(priceOfNinesText(b, a), `seed ${seed}`).toMatch(
          /B is worse by at least \d\.\d nines/,
        );
      }
    }
  });

  it('never claims nines a small sample cannot support', () => {
    // 9 of 10 against 150 of 150: the intervals (60-98% and 97.5-100%) overlap.
    const text = priceOfNinesText(
      { usdPerMonth: 100, good: 9, finished: 10 },
      { usdPerMonth: 100, good: 150, finished: 150 },
    );
    expect(text).toContain('no difference in nines shown yet');
    expect(text).toContain('A 90% of 10 requests, B 100% of 150 requests');
    expect(text).not.toMatch(/∞|Infinity/);
  });

  it('says so when a design has no finished request yet', () => {
    const text = priceOfNinesText(
      { usdPerMonth: 100, good: 0, finished: 0 },
      { usdPerMonth: 100, good: 150, finished: 150 },
    );
    expect(text).toContain('no difference in nines shown yet (A no requests finished yet');
    expect(text).not.toContain('overlap');
  });

  it('signs savings and rounds a zero difference to +$0', () => {
    expect(signedUsd(-250)).toBe('−$250');
    expect(signedUsd(0.001)).toBe('+$0.00');
    expect(signedUsd(12.5)).toBe('+$13');
  });
});

describe('priceOfNinesText when a design is under 1 nine on a large sample', () => {
  it('states the difference the Wilson bounds support instead of "not comparable yet"', () => {
    // The reviewer's case: A under 1 nine, B above it, ~18,800 requests each.
    for (const [goodA, goodB] of [
      [15_000, 17_500],
      [16_500, 18_700],
      [9_000, 18_000],
    ]) {
      const a = { usdPerMonth: 1000, good: goodA!, finished: 18_807 };
      const b = { usdPerMonth: 1400, good: goodB!, finished: 18_805 };
      const iA = wilsonInterval(a.good, a.finished)!;
      const iB = wilsonInterval(b.good, b.finished)!;
      expect(iA.upper).toBeLessThan(0.9); // A: under 1 nine, and measured well
      expect(iB.lower).toBeGreaterThan(iA.upper); // the intervals do not overlap
      const text = priceOfNinesText(a, b);
      expect(text).not.toContain('no difference');
      // The smallest gap the bounds allow: B's lower bound against A's upper, in nines.
      const least = Math.floor((ninesOf(iB.lower) - ninesOf(iA.upper)) * 10 + 1e-9) / 10;
      expect(least).toBeGreaterThanOrEqual(0.1);
      expect(text).toContain(`B is better by at least ${least.toFixed(1)} nines at +$400/month`);
      expect(text).toContain('A under 1 nine');
      expect(text).toContain('of 18,807 and 18,805 requests');
      // The other way round B is worse, by the same supported gap.
      expect(priceOfNinesText(b, a)).toContain(
        `B is worse by at least ${least.toFixed(1)} nines at −$400/month`,
      );
    }
  });

  it('says "no difference shown yet" when the intervals overlap', () => {
    // 80% and 81% of 500: intervals about ±3.5 points wide overlap.
    const text = priceOfNinesText(
      { usdPerMonth: 100, good: 400, finished: 500 },
      { usdPerMonth: 100, good: 405, finished: 500 },
    );
    expect(text).toContain('no difference in nines shown yet');
  });
});
