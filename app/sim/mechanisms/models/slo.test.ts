import { describe, expect, it } from 'vitest';
import { S_PER_30_DAYS } from '../../output/availability';
import {
  budgetBurntFraction,
  burnRate,
  errorRate,
  SLO_DEFAULTS,
  sloOptions,
  sloPeriodS,
} from './slo';

describe('SLO options', () => {
  it('defaults to 99.9% over 30 days (issue 6)', () => {
    expect(SLO_DEFAULTS).toEqual({ target: 0.999, periodDays: 30 });
    expect(sloOptions()).toEqual({ target: 0.999, periodDays: 30 });
    expect(sloOptions({ target: 0.99 })).toEqual({ target: 0.99, periodDays: 30 });
    expect(sloPeriodS()).toBe(S_PER_30_DAYS);
    expect(sloPeriodS({ periodDays: 7 })).toBe(7 * 86_400);
  });

  it('refuses targets outside (0, 1) and non-positive periods', () => {
    expect(() => sloOptions({ target: 1 })).toThrow(RangeError);
    expect(() => sloOptions({ target: 0 })).toThrow(RangeError);
    expect(() => sloOptions({ target: NaN })).toThrow(RangeError);
    expect(() => sloOptions({ periodDays: 0 })).toThrow(RangeError);
    expect(() => sloOptions({ periodDays: Infinity })).toThrow(RangeError);
  });
});

describe('errorRate', () => {
  it('is failed / valid, and 0 without traffic', () => {
    expect(errorRate(15, 1000)).toBe(0.015);
    expect(errorRate(0, 0)).toBe(0);
  });
});

describe('burnRate = error rate / (1 - SLO) (docs/reference.md "Availability, nines and error budgets")', () => {
  it('is 1 when errors spend exactly the budget and scales linearly', () => {
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 12);
    expect(burnRate(0.015, 0.999)).toBeCloseTo(15, 10);
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 10);
    expect(burnRate(0.01, 0.99)).toBeCloseTo(1, 12);
    expect(burnRate(0, 0.999)).toBe(0);
  });

  it('is infinite for any error against a 100% target, 0 without errors', () => {
    expect(burnRate(0.001, 1)).toBe(Infinity);
    expect(burnRate(0, 1)).toBe(0);
  });
});

describe('budgetBurntFraction', () => {
  it('is burn rate x elapsed / period: the Workbook table (2%, 5%, 10% of 30 days)', () => {
    // 14.4x for 1 h, 6x for 6 h, 1x for 3 d at 99.9%.
    expect(budgetBurntFraction(144, 10_000, 0.999, 3600, S_PER_30_DAYS)).toBeCloseTo(0.02, 10);
    expect(budgetBurntFraction(60, 10_000, 0.999, 6 * 3600, S_PER_30_DAYS)).toBeCloseTo(0.05, 10);
    expect(budgetBurntFraction(10, 10_000, 0.999, 3 * 86_400, S_PER_30_DAYS)).toBeCloseTo(0.1, 10);
  });

  it("equals failed / the period's budget extrapolated from the run's request rate", () => {
    // 600 s at 50 req/s = 30,000 valid, 300 failed. Over 30 days at 50 req/s:
    // 129.6 M requests, budget 129,600 failures; 300 of them is 0.2315%.
    const burnt = budgetBurntFraction(300, 30_000, 0.999, 600, S_PER_30_DAYS);
    expect(burnt).toBeCloseTo(300 / 129_600, 12);
  });

  it('defaults the period to 30 days', () => {
    expect(budgetBurntFraction(300, 30_000, 0.999, 600)).toBe(
      budgetBurntFraction(300, 30_000, 0.999, 600, S_PER_30_DAYS),
    );
  });

  it('reaches 1 when the whole period runs at burn rate 1, and goes past it', () => {
    expect(budgetBurntFraction(1, 1000, 0.999, S_PER_30_DAYS, S_PER_30_DAYS)).toBeCloseTo(1, 10);
    expect(budgetBurntFraction(1000, 1000, 0.999, 3600, S_PER_30_DAYS)).toBeCloseTo(
      (1000 * 3600) / S_PER_30_DAYS,
      8,
    );
  });

  it('is 0 without failures, traffic or elapsed time', () => {
    expect(budgetBurntFraction(0, 1000, 0.999, 60, S_PER_30_DAYS)).toBe(0);
    expect(budgetBurntFraction(0, 0, 0.999, 60, S_PER_30_DAYS)).toBe(0);
    expect(budgetBurntFraction(5, 1000, 0.999, 0, S_PER_30_DAYS)).toBe(0);
  });
});
