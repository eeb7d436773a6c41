import { describe, expect, it } from 'vitest';
import {
  downtimePerPeriod,
  formatDuration,
  NINES_TARGETS,
  S_PER_30_DAYS,
  S_PER_DAY,
  S_PER_YEAR,
} from './availability';

/** docs/reference.md "Availability, nines and error budgets": downtime per 365-day year / 30-day month / day, as printed. */
const TABLE: Array<[number, string, string, string]> = [
  [0.99, '3.65 d', '7.2 h', '14.4 min'],
  [0.999, '8.76 h', '43.2 min', '1.44 min'],
  [0.9995, '4.38 h', '21.6 min', '43.2 s'],
  [0.9999, '52.56 min', '4.32 min', '8.64 s'],
  [0.99999, '5.26 min', '25.9 s', '0.86 s'],
];

describe('downtimePerPeriod (docs/reference.md "Availability, nines and error budgets")', () => {
  it('uses a 365-day year, a 30-day month and a day', () => {
    expect(S_PER_YEAR).toBe(31_536_000);
    expect(S_PER_30_DAYS).toBe(2_592_000);
    expect(S_PER_DAY).toBe(86_400);
  });

  it('is (1 - A) x period for each period', () => {
    const d = downtimePerPeriod(0.999);
    expect(d.perYearS).toBeCloseTo(31_536, 6); // 8.76 h
    expect(d.per30DaysS).toBeCloseTo(2_592, 6); // 43.2 min
    expect(d.perDayS).toBeCloseTo(86.4, 8); // 1.44 min
  });

  it('is zero at 100% and the whole period at 0%, clamping values outside [0, 1]', () => {
    expect(downtimePerPeriod(1)).toEqual({ perYearS: 0, per30DaysS: 0, perDayS: 0 });
    expect(downtimePerPeriod(1.2)).toEqual({ perYearS: 0, per30DaysS: 0, perDayS: 0 });
    expect(downtimePerPeriod(0)).toEqual({
      perYearS: S_PER_YEAR,
      per30DaysS: S_PER_30_DAYS,
      perDayS: S_PER_DAY,
    });
    expect(downtimePerPeriod(-1).perDayS).toBe(S_PER_DAY);
  });
});

describe('formatDuration reproduces the docs/reference.md downtime table', () => {
  for (const [availability, year, month, day] of TABLE) {
    it(`prints the ${availability * 100}% row as ${year} / ${month} / ${day}`, () => {
      const d = downtimePerPeriod(availability);
      expect([d.perYearS, d.per30DaysS, d.perDayS].map(formatDuration)).toEqual([year, month, day]);
    });
  }
});

describe('formatDuration', () => {
  it('picks the largest unit that keeps the number at least 1', () => {
    expect(formatDuration(1)).toBe('1 s');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(90)).toBe('1.5 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatDuration(86_400)).toBe('1 d');
    expect(formatDuration(S_PER_YEAR)).toBe('365 d');
  });

  it('keeps three significant figures in seconds and two decimals in larger units', () => {
    expect(formatDuration(25.92)).toBe('25.9 s');
    expect(formatDuration(0.864)).toBe('0.86 s');
    expect(formatDuration(3153.6)).toBe('52.56 min');
    expect(formatDuration(315.36)).toBe('5.26 min');
    expect(formatDuration(12_345_678)).toBe('142.89 d');
  });

  it('moves to the next unit when rounding reaches it', () => {
    expect(formatDuration(59.999)).toBe('1 min');
    expect(formatDuration(3599.999)).toBe('1 h');
    expect(formatDuration(86_399.999)).toBe('1 d');
    expect(formatDuration(0.09999)).toBe('0.1 s');
  });

  it('uses milliseconds below 0.1 s', () => {
    expect(formatDuration(0.0864)).toBe('86.4 ms');
    expect(formatDuration(0.005)).toBe('5 ms');
    expect(formatDuration(0.1)).toBe('0.1 s');
    expect(formatDuration(1e-9)).toBe('< 0.01 ms');
  });

  it('handles zero, negative and non-finite input without throwing', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-90)).toBe('-1.5 min');
    expect(formatDuration(Infinity)).toBe('∞');
    expect(formatDuration(NaN)).toBe('n/a');
  });
});

describe('NINES_TARGETS', () => {
  it('lists the classic targets of docs/reference.md "Availability, nines and error budgets", lowest first, with labels', () => {
    expect(NINES_TARGETS.map((t) => t.availability)).toEqual([
      0.99, 0.999, 0.9995, 0.9999, 0.99999,
    ]);
    expect(NINES_TARGETS.map((t) => t.label)).toEqual([
      '99%',
      '99.9%',
      '99.95%',
      '99.99%',
      '99.999%',
    ]);
  });

  it('labels each target with its own percentage', () => {
    for (const { availability, label } of NINES_TARGETS) {
      expect(Number(label.replace('%', '')) / 100).toBeCloseTo(availability, 12);
    }
  });

  it('covers every row of the downtime table', () => {
    expect(NINES_TARGETS.map((t) => t.availability)).toEqual(TABLE.map((row) => row[0]));
  });
});
