import { describe, expect, it } from 'vitest';
import { ninesClaim } from '../app/format';
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
