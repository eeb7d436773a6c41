import { describe, expect, it } from 'vitest';
import { NINES_TARGETS } from '../../sim';
import {
  durationWords,
  failureBreakdown,
  formatAmount,
  formatAvailability,
  formatBurnRate,
  formatInterval,
  formatMs,
  formatNines,
  formatShare,
  higherShare,
  latestAlertEvent,
  ninesClaim,
  ninesClaimText,
  ninesLadder,
  percentDecimals,
  sampleDecimals,
  wilsonInterval,
  windowCoverage,
  windowScaleSentence,
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

describe('formatAvailability of a measured sample: only the digits its 95% interval supports', () => {
  /** The Wilson 95% half-width in percentage points, by the textbook formula. */
  const halfWidthPercent = (k: number, n: number) => {
    const z = 1.96;
    return (100 * z * Math.sqrt((k * (n - k)) / n + (z * z) / 4)) / (n + z * z);
  };

  it('ends at the first significant digit of the half-width', () => {
    // 371 of 373: ±0.89 points (the database scenario's headline): tenths.
    expect(halfWidthPercent(371, 373)).toBeCloseTo(0.893, 3);
    expect(formatAvailability(371 / 373, 373)).toBe('99.5%');
    // 9,999,120 of 10 million: ±0.00058 points: four decimals.
    expect(halfWidthPercent(9_999_120, 1e7)).toBeCloseTo(0.00058, 5);
    expect(formatAvailability(0.999912, 1e7)).toBe('99.9912%');
    // 26 of 100: ±8.5 points: whole percents, not "26.0000%".
    expect(halfWidthPercent(26, 100)).toBeGreaterThan(1);
    expect(halfWidthPercent(26, 100)).toBeLessThan(10);
    expect(formatAvailability(0.26, 100)).toBe('26%');
    // 1,000 of 2,000 (±2.2 points) and 500,000 of a million (±0.098 points).
    expect(formatAvailability(0.5, 2000)).toBe('50%');
    expect(formatAvailability(0.5, 1e6)).toBe('50.00%');
  });

  it('never shows 100% while requests failed, nor 0% while some succeeded', () => {
    // 24,999 of 25,000 is 99.996%, ±0.011 points: hundredths would round it up to 100.00.
    expect(halfWidthPercent(24_999, 25_000)).toBeCloseTo(0.011, 3);
    expect(formatAvailability(24_999 / 25_000, 25_000)).toBe('>99.99%');
    expect(formatAvailability(1 / 25_000, 25_000)).toBe('<0.01%');
    // No failure: 100%, its count shown beside it.
    expect(formatAvailability(1, 150)).toBe('100%');
    for (let n = 10; n <= 1e8; n = Math.round(n * 1.7)) {
      for (const failures of [1, 2, 5]) {
        if (failures >= n) continue;
        expect(formatAvailability(1 - failures / n, n)).not.toMatch(/^100/);
        expect(formatAvailability(failures / n, n)).not.toMatch(/^0(\.0*)?%$/);
      }
    }
  });

  it("over many samples: the last digit is the half-width's first one, the figure rounded to it", () => {
    for (let n = 7; n <= 5e7; n = Math.round(n * 2.3)) {
      for (const p of [0.03, 0.26, 0.5, 0.9, 0.99, 0.999, 0.9999]) {
        const k = Math.round(p * n);
        if (k === n || k === 0) continue;
        const text = formatAvailability(k / n, n);
        if (/^[<>]/.test(text)) continue;
        const decimals = text.includes('.') ? text.length - text.indexOf('.') - 2 : 0;
        const step = 10 ** -decimals;
        const hw = halfWidthPercent(k, n);
        if (decimals > 0) expect(step, `${k}/${n}`).toBeLessThanOrEqual(hw);
        expect(hw, `${k}/${n}`).toBeLessThan(decimals > 0 ? 10 * step : Infinity);
        if (decimals === 0) expect(hw, `${k}/${n}`).toBeGreaterThanOrEqual(1);
        expect(Math.abs(parseFloat(text) - (100 * k) / n)).toBeLessThanOrEqual(step / 2 + 1e-9);
        expect(sampleDecimals(k, n)).toBe(decimals);
      }
    }
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

describe('formatShare and formatBurnRate', () => {
  it('keeps two significant figures below 1% and whole percents above 10%', () => {
    expect(formatShare(0.0756)).toBe('7.6%');
    expect(formatShare(0.0023)).toBe('0.23%');
    expect(formatShare(2.5)).toBe('250%');
    expect(formatShare(0)).toBe('0%');
  });

  it('writes burn rates as multiples', () => {
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(0)).toBe('0×');
    expect(formatBurnRate(0.04)).toBe('0.04×');
    expect(formatBurnRate(234.2)).toBe('234×');
    expect(formatBurnRate(Infinity)).toBe('∞×');
  });

  it('shows fractional request budgets with one decimal', () => {
    expect(formatAmount(7.527)).toBe('7.5');
    expect(formatAmount(1234.5)).toBe('1,235');
  });
});

describe('ninesLadder', () => {
  it('meets every classic target at or below the figure and fills the next one part way', () => {
    // 99.97% is 3.52 nines: above 99.95% (3.30 nines), below 99.99% (4 nines).
    const steps = ninesLadder(0.9997, NINES_TARGETS);
    expect(steps.map((s) => [s.label, s.met])).toEqual([
      ['99%', true],
      ['99.9%', true],
      ['99.95%', true],
      ['99.99%', false],
      ['99.999%', false],
    ]);
    expect(steps[3]!.fill).toBeCloseTo((3.5229 - 3.301) / (4 - 3.301), 3);
    expect(steps[4]!.fill).toBe(0);
  });

  it('counts an exact target as met despite binary noise, and 100% as all met', () => {
    expect(ninesLadder(0.999, NINES_TARGETS)[1]!.met).toBe(true);
    expect(ninesLadder(1, NINES_TARGETS).every((s) => s.met && s.fill === 1)).toBe(true);
    expect(ninesLadder(0.5, NINES_TARGETS).every((s) => !s.met && s.fill === 0)).toBe(true);
  });
});

describe('windowScaleSentence', () => {
  it('says in words what one simulated minute stands for', () => {
    expect(windowScaleSentence(60)).toBe('1 simulated minute stands for 1 hour');
    expect(windowScaleSentence(1440)).toBe('1 simulated minute stands for 1 day');
    expect(windowScaleSentence(2)).toBe('1 simulated minute stands for 2 minutes');
    expect(windowScaleSentence(1)).toMatch(/^Real time/);
    expect(durationWords(90)).toBe('90 seconds');
  });
});

describe('latestAlertEvent', () => {
  it('names the newest firing or resolution', () => {
    expect(latestAlertEvent([])).toBe('');
    const fired = {
      name: 'fast-burn-page',
      severity: 'page' as const,
      target: 0.999,
      windowScale: 60,
      firedAtS: 35,
      resolvedAtS: null,
    };
    expect(latestAlertEvent([fired])).toBe('0:35.0: alert fast-burn-page fired (page)');
    expect(latestAlertEvent([{ ...fired, resolvedAtS: 48 }])).toBe(
      '0:48.0: alert fast-burn-page resolved',
    );
    const ticket = {
      name: 'slow-burn-ticket',
      severity: 'ticket' as const,
      target: 0.999,
      windowScale: 60,
      firedAtS: 50,
      resolvedAtS: null,
    };
    expect(latestAlertEvent([{ ...fired, resolvedAtS: 48 }, ticket])).toBe(
      '0:50.0: alert slow-burn-ticket fired (ticket)',
    );
  });
});

describe('wilsonInterval (docs/reference.md "Small samples", z = 1.96)', () => {
  it('matches published values', () => {
    // 5 of 10: the textbook Wilson interval 0.2366 to 0.7634.
    const half = wilsonInterval(5, 10)!;
    expect(half.lower).toBeCloseTo(0.2366, 4);
    expect(half.upper).toBeCloseTo(0.7634, 4);
    // 0 of 10: upper bound z²/(n + z²) = 3.8416 / 13.8416.
    const none = wilsonInterval(0, 10)!;
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.2775, 4);
    // 150 of 150: lower bound n/(n + z²) = 150 / 153.8416, about 97.5%, not 100%.
    const all = wilsonInterval(150, 150)!;
    expect(all.lower).toBeCloseTo(0.975029, 6);
    expect(all.upper).toBe(1);
  });

  it('contains the observed share, is symmetric, and narrows as n grows', () => {
    for (const [k, n] of [
      [1, 3],
      [90, 94],
      [999, 1000],
      [37, 250],
    ] as const) {
      const i = wilsonInterval(k, n)!;
      expect(i.lower).toBeLessThanOrEqual(k / n);
      expect(i.upper).toBeGreaterThanOrEqual(k / n);
      const mirror = wilsonInterval(n - k, n)!;
      expect(mirror.lower).toBeCloseTo(1 - i.upper, 12);
      const bigger = wilsonInterval(k * 10, n * 10)!;
      expect(bigger.upper - bigger.lower).toBeLessThan(i.upper - i.lower);
    }
  });

  it('has nothing to say about no requests, and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(11, 10)).toThrow(/between 0 and total \(10\), got 11/);
  });
});

describe('ninesClaim', () => {
  it('claims the lower bound nines, and says when the sample is too small', () => {
    // 150 of 150: "at least 1.6 nines" (lower bound 97.50%), not infinite.
    expect(ninesClaimText(ninesClaim(150, 150))).toBe('at least 1.6 nines');
    // 10,000 of 10,000: lower bound 99.9616%, 3.4 nines.
    expect(ninesClaimText(ninesClaim(10_000, 10_000))).toBe('at least 3.4 nines');
    // 90 of 94 (95.7%): the interval 89.6% to 98.3% straddles one nine.
    expect(ninesClaimText(ninesClaim(90, 94))).toBe('too few requests yet');
    // Half of 100 failed: the whole interval is below 90%, a supported claim.
    expect(ninesClaimText(ninesClaim(50, 100))).toBe('under 1 nine');
    expect(ninesClaimText(ninesClaim(0, 0))).toBe('no data yet');
  });

  it('never claims more nines than the point estimate', () => {
    for (const [k, n] of [
      [99, 100],
      [9_990, 10_000],
      [999_999, 1_000_000],
    ] as const) {
      const claim = ninesClaim(k, n);
      expect(claim.kind).toBe('at-least');
      if (claim.kind === 'at-least') expect(claim.nines).toBeLessThan(-Math.log10(1 - k / n));
    }
  });
});

describe('formatInterval', () => {
  it('rounds outwards, with enough decimals for the lower bound', () => {
    expect(formatInterval(wilsonInterval(5, 10)!)).toBe('95% CI 23.6–76.4%');
    expect(formatInterval(wilsonInterval(150, 150)!)).toBe('95% CI 97.5–100%');
    // 10,000 of 10,000: 99.96158% rounded down with 3 decimals.
    expect(formatInterval(wilsonInterval(10_000, 10_000)!)).toBe('95% CI 99.961–100%');
  });
});

describe('windowCoverage', () => {
  it('says how much of a young window has run, and nothing once it is full', () => {
    expect(windowCoverage(60, 12.7)).toBe('only 12 s so far');
    expect(windowCoverage(600, 90)).toBe('only 1.5 min so far');
    expect(windowCoverage(60, 60)).toBe('');
  });
});

describe('higherShare: a difference only where the 95% intervals do not overlap', () => {
  it('finds none between equal rates, however unequal the counts', () => {
    for (const rate of [1, 0.999, 0.99, 0.9, 0.5]) {
      for (const n of [50, 259, 5000]) {
        const a = { good: Math.round(rate * n), total: n };
        const b = { good: Math.round(rate * 8 * n), total: 8 * n };
        expect(higherShare(a, b), `${rate} of ${n} and ${8 * n}`).toBeNull();
        expect(higherShare(b, a)).toBeNull();
      }
    }
  });

  it('names the higher share when the samples show it, and nothing without data', () => {
    const a = { good: 9_900, total: 10_000 }; // 99%: 98.8-99.2%
    const b = { good: 79_960, total: 80_000 }; // 99.95%: 99.93-99.96%
    expect(higherShare(a, b)).toBe('b');
    expect(higherShare(b, a)).toBe('a');
    expect(higherShare({ good: 0, total: 0 }, b)).toBeNull();
    // The same rates on 1% of the requests: 99 of 100 and 800 of 800 overlap.
    expect(higherShare({ good: 99, total: 100 }, { good: 800, total: 800 })).toBeNull();
  });
});
