import { describe, expect, it } from 'vitest';
import { ninesClaim, wilsonInterval } from '../app/format';
import { ninesOf } from '../../sim';
import { priceOfNinesText, signedUsd } from './priceOfNines';

describe('priceOfNinesText', () => {
  it('gives the cost difference and the difference of supported nines, with counts', () => {
    // 99% of 100,000 and 99.9% of 100,000: lower bounds just under 2 and 3 nines.
    const a = { usdPerMonth: 1000, good: 99_000, finished: 100_000 };
    const b = { usdPerMonth: 1500, good: 99_900, finished: 100_000 };
    const nA = ninesClaim(a.good, a.finished);
    const nB = ninesClaim(b.good, b.finished);
    if (nA.kind !== 'at-least' || nB.kind !== 'at-least') throw new Error('expected claims');
    const text = priceOfNinesText(a, b);
    expect(text).toContain('+$500/month');
    const delta = (nB.nines - nA.nines).toFixed(1);
    expect(text).toContain(`for +${delta} nines`);
    expect(Number(delta)).toBeGreaterThan(0.5);
    expect(text).toContain('of 100,000 and 100,000 requests');
  });

  it('never claims nines a small sample cannot support', () => {
    // 150 of 150 supports ~1.6 nines, not infinity; 9 of 10 supports no nine at all.
    const text = priceOfNinesText(
      { usdPerMonth: 100, good: 9, finished: 10 },
      { usdPerMonth: 100, good: 150, finished: 150 },
    );
    expect(text).toContain('nines not comparable yet');
    expect(text).toContain('too few requests yet');
    expect(text).toContain('at least 1.6 nines');
    expect(text).not.toMatch(/∞|Infinity/);
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
      expect(text).not.toContain('not comparable');
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

  it('still says "not comparable yet" when the intervals overlap', () => {
    // 80% and 81% of 500: intervals about ±3.5 points wide overlap.
    const text = priceOfNinesText(
      { usdPerMonth: 100, good: 400, finished: 500 },
      { usdPerMonth: 100, good: 405, finished: 500 },
    );
    expect(text).toContain('nines not comparable yet');
  });
});
