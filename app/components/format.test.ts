import { describe, expect, it } from 'vitest';
import {
  failureBreakdown,
  formatAvailability,
  formatMs,
  formatNines,
  percentDecimals,
} from './format';

describe('formatAvailability', () => {
  it('shows enough digits to see the nines', () => {
    expect(formatAvailability(0.999372)).toBe('99.9372%');
    expect(formatAvailability(0.8333333)).toBe('83.3333%');
    expect(formatAvailability(0.5)).toBe('50.0000%');
    expect(formatAvailability(2735 / 2787)).toBe('98.1342%');
    expect(formatAvailability(0.999)).toBe('99.9000%');
    expect(formatAvailability(0.9999996)).toBe('99.9999600%');
  });

  it('never rounds anything short of perfect up to 100%', () => {
    for (const failures of [1, 3, 5, 9]) {
      for (let total = 10; total <= 1e9; total *= 10) {
        expect(formatAvailability(1 - failures / total)).not.toMatch(/^100/);
      }
    }
    expect(formatAvailability(0.99999999)).toBe('99.99999900%');
    expect(formatAvailability(1)).toBe('100%');
  });

  it('uses at least 4 decimals, like the CLI', () => {
    expect(percentDecimals(0)).toBe(4);
    expect(percentDecimals(0.999)).toBe(4);
    expect(percentDecimals(0.99999)).toBe(6);
    expect(percentDecimals(1 - 1e-12)).toBe(10);
  });
});

describe('formatNines', () => {
  it('counts nines with one decimal, cut not rounded', () => {
    expect(formatNines(0.999)).toBe('3.0 nines');
    expect(formatNines(0.9937)).toBe('2.2 nines');
    expect(formatNines(0.99)).toBe('2.0 nines');
    expect(formatNines(1)).toBe('∞ nines');
  });
});

describe('formatMs', () => {
  it('keeps about three significant figures, and a dash when unknown', () => {
    expect(formatMs(41.234)).toBe('41.2 ms');
    expect(formatMs(153.4)).toBe('153 ms');
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(Number.NaN)).toBe('–');
  });
});

describe('failureBreakdown', () => {
  it('always names refused and timed out, other reasons when they happened', () => {
    expect(failureBreakdown(undefined)).toBe('0 refused, 0 timed out');
    expect(failureBreakdown({ refused: 1200, timeout: 3, shed: 0, error: 4 })).toBe(
      '1,200 refused, 3 timed out, 4 server error',
    );
  });
});
