import { describe, expect, it } from 'vitest';
import {
  downtimeAllowed,
  ninesOf,
  parallelAvailability,
  requestAvailability,
  seriesAvailability,
} from './availability';

describe('ninesOf', () => {
  it('counts nines as -log10(1 - A)', () => {
    expect(ninesOf(0.9)).toBeCloseTo(1, 10);
    expect(ninesOf(0.99)).toBeCloseTo(2, 10);
    expect(ninesOf(0.999)).toBeCloseTo(3, 10);
    expect(ninesOf(0.9999)).toBeCloseTo(4, 10);
    expect(ninesOf(0.99999)).toBeCloseTo(5, 8);
    // 99.95% is "three and a half nines": -log10(0.0005) = 3.301.
    expect(ninesOf(0.9995)).toBeCloseTo(3.30103, 5);
  });

  it('is Infinity for perfect availability and 0 for none', () => {
    expect(ninesOf(1)).toBe(Infinity);
    expect(ninesOf(0)).toBe(0);
    expect(ninesOf(-0.5)).toBe(0);
  });
});

describe('requestAvailability', () => {
  it('is succeeded / finished, and 1 when nothing has finished', () => {
    expect(requestAvailability(999, 1)).toBe(0.999);
    expect(requestAvailability(0, 5)).toBe(0);
    expect(requestAvailability(5, 0)).toBe(1);
    expect(requestAvailability(0, 0)).toBe(1);
  });
});

describe('series and parallel composition (docs/reference.md "Availability, nines and error budgets")', () => {
  it('multiplies availabilities in series and multiplies unavailabilities in parallel', () => {
    expect(seriesAvailability([])).toBe(1);
    expect(seriesAvailability([0.9, 0.9])).toBeCloseTo(0.81, 12);
    expect(parallelAvailability([0.9, 0.9])).toBeCloseTo(0.99, 12);
    expect(parallelAvailability([0.99, 0.99, 0.99])).toBeCloseTo(0.999999, 12);
  });

  it('reproduces the reference check: LB 99.99% x 3 servers at 99% in parallel x DB 99.95% = 99.940%', () => {
    const servers = parallelAvailability([0.99, 0.99, 0.99]);
    const total = seriesAvailability([0.9999, servers, 0.9995]);
    // 99.940% to the three decimals the reference prints.
    expect(Math.abs(total * 100 - 99.94)).toBeLessThan(0.0005);
    // "~316 min/year down".
    expect(downtimeAllowed(total, 365 * 24 * 60)).toBeCloseTo(316, 0);
  });
});

describe('downtimeAllowed (the docs/reference.md table)', () => {
  const SECOND = 1;
  const MINUTE = 60;
  const HOUR = 3600;
  const DAY = 86_400;
  const UNIT: Record<string, number> = { s: SECOND, min: MINUTE, h: HOUR, d: DAY };
  const PERIODS = { year: 365 * DAY, month: 30 * DAY, day: DAY };
  // Availability, then downtime per 365-day year, 30-day month and day, as printed.
  const TABLE: Array<[number, string, string, string]> = [
    [0.99, '3.65 d', '7.2 h', '14.4 min'],
    [0.999, '8.76 h', '43.2 min', '1.44 min'],
    [0.9995, '4.38 h', '21.6 min', '43.2 s'],
    [0.9999, '52.56 min', '4.32 min', '8.64 s'],
    [0.99999, '5.26 min', '25.9 s', '0.86 s'],
  ];

  for (const [availability, ...cells] of TABLE) {
    it(`matches the row for ${availability * 100}%`, () => {
      const periods = [PERIODS.year, PERIODS.month, PERIODS.day];
      cells.forEach((cell, i) => {
        const [text, unit] = cell.split(' ') as [string, string];
        const printed = Number(text);
        const got = downtimeAllowed(availability, periods[i]! / UNIT[unit]!);
        // The table rounds: allow half a unit of its last printed digit.
        const decimals = text.split('.')[1]?.length ?? 0;
        expect(Math.abs(got - printed), `${cell} got ${got}`).toBeLessThanOrEqual(
          0.5 * 10 ** -decimals + 1e-9,
        );
      });
    });
  }
});
