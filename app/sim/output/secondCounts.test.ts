import { describe, expect, it } from 'vitest';
import { SecondCounts } from './secondCounts';

describe('SecondCounts', () => {
  it('gives back the last keptS seconds as recorded, across growth and wrap-around', () => {
    const kept = 2500;
    const counts = new SecondCounts(kept);
    const total = 7000;
    for (let s = 0; s < total; s++) counts.record(s, s, 2 * s, s % 7);
    expect(counts.endS).toBe(total);
    expect(counts.fromS).toBe(total - kept);
    for (let s = total - kept; s < total; s++) {
      expect(counts.get(s)).toEqual({ succeeded: s, degraded: 2 * s, failed: s % 7 });
    }
    expect(() => counts.get(total - kept - 1)).toThrow(RangeError);
    expect(() => counts.get(total)).toThrow(RangeError);
  });

  it('takes the seconds in order only', () => {
    const counts = new SecondCounts(10);
    counts.record(0, 1, 0, 0);
    expect(() => counts.record(2, 1, 0, 0)).toThrow(RangeError);
    expect(() => new SecondCounts(0)).toThrow(RangeError);
  });
});
