import { describe, expect, it } from 'vitest';
import { downtimePerPeriod } from '../../sim';
import {
  nextId,
  parsePercent,
  referenceExample,
  stageAvailability,
  totalAvailability,
} from './calculator';

describe('availability calculator', () => {
  it('reproduces the docs/reference.md check: 99.940%, about 316 minutes a year', () => {
    const stages = referenceExample();
    expect(stageAvailability(stages[1]!)).toBeCloseTo(0.999999, 12);
    const total = totalAvailability(stages)!;
    expect(total * 100).toBeCloseTo(99.94, 3);
    expect(downtimePerPeriod(total).perYearS / 60).toBeCloseTo(315.6, 0);
  });

  it('gets better with parts in parallel and worse with stages in series', () => {
    const one = { id: 1, name: 'a', parts: [{ id: 2, name: 'x', percentText: '99' }] };
    const two = { ...one, parts: [...one.parts, { id: 3, name: 'y', percentText: '99' }] };
    expect(stageAvailability(two)!).toBeGreaterThan(stageAvailability(one)!);
    expect(totalAvailability([one, one])!).toBeLessThan(totalAvailability([one])!);
  });

  it('refuses what is not a percentage', () => {
    expect(parsePercent('99.9')).toBeCloseTo(0.999, 12);
    expect(parsePercent('')).toBeNull();
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
    const bad = { id: 1, name: 'a', parts: [{ id: 2, name: 'x', percentText: 'x' }] };
    expect(totalAvailability([bad])).toBeNull();
    expect(totalAvailability([])).toBeNull();
    expect(nextId(referenceExample())).toBe(9);
  });
});
