import { describe, expect, it } from 'vitest';
import { defaultSettings, withSetting } from '../settings';
import { expectedFailures, rareFailureWarning } from './expectedFailures';
import { chaosComponents, failureIntervals, type FailureKind } from './failureProcess';
import { usFromYears } from './fluid';
import { simulateYears } from './yearsReport';
import { oneRegionTopology } from './chaosTopologies';

const ONE_REGION = oneRegionTopology();

describe('expectedFailures', () => {
  it('is rate x years x parts (times the share of time up) for each kind', () => {
    const chaos = defaultSettings().chaos;
    const counts = expectedFailures(ONE_REGION, chaos, 3, {});
    const of = (kind: FailureKind) => counts.find((c) => c.kind === kind)!;
    expect(of('crash').parts).toBe(6);
    expect(of('region').parts).toBe(1);
    expect(of('zone').parts).toBe(3);
    expect(of('link').parts).toBe(6);
    // A part is up nearly all the time, so the count is within 1% of rate x years x parts.
    expect(of('region').expected).toBeCloseTo((3 * 8760) / chaos.regionMtbfH, 2);
    expect(of('crash').expected / ((6 * 3 * 8760) / chaos.serverCrashMtbfH)).toBeGreaterThan(0.99);
    expect(of('crash').expected / ((6 * 3 * 8760) / chaos.serverCrashMtbfH)).toBeLessThanOrEqual(1);
  });

  it('matches the mean of the draws over 20 seeds (rates x20, 5 years)', () => {
    const chaos = withSetting(defaultSettings(), 'chaos.rateMultiplier', 20).chaos;
    const seeds = 20;
    const drawn: Partial<Record<FailureKind, number>> = {};
    for (let seed = 1; seed <= seeds; seed++) {
      for (const component of chaosComponents(ONE_REGION, chaos)) {
        for (const iv of failureIntervals(seed, component, usFromYears(5))) {
          drawn[iv.kind] = (drawn[iv.kind] ?? 0) + 1;
        }
      }
    }
    for (const c of expectedFailures(ONE_REGION, chaos, 5, {})) {
      const mean = (drawn[c.kind] ?? 0) / seeds;
      // Failure counts are close to Poisson: 4 standard errors of the mean of 20 runs.
      expect(Math.abs(mean - c.expected), c.kind).toBeLessThan(4 * Math.sqrt(c.expected / seeds));
    }
  });

  it("puts most of a single region design's formula downtime on the region outage", () => {
    const counts = expectedFailures(ONE_REGION, defaultSettings().chaos, 3, {});
    const region = counts.find((c) => c.kind === 'region')!;
    for (const c of counts) expect(region.formulaShare).toBeGreaterThanOrEqual(c.formulaShare);
    expect(counts.find((c) => c.kind === 'slow')!.formulaShare).toBe(0); // not in the formula
  });
});

describe('rareFailureWarning', () => {
  it('warns on a short run when the dominant kind is expected under 3 times, not on a long one', () => {
    const chaos = defaultSettings().chaos;
    const short = rareFailureWarning(expectedFailures(ONE_REGION, chaos, 3, {}), 3);
    expect(short).toMatch(/^A region outage .*expected 0\.3 times in 3 years: this run drew none;/);
    expect(short).toContain('the average needs many more years');
    const drewOne = rareFailureWarning(expectedFailures(ONE_REGION, chaos, 3, { region: 1 }), 3);
    expect(drewOne).toContain('this run drew 1;');
    // 3 expected region outages need 30 years at MTBF 10 years.
    const years = Math.ceil((3 * chaos.regionMtbfH) / 8760) + 1;
    expect(rareFailureWarning(expectedFailures(ONE_REGION, chaos, years, {}), years)).toBeNull();
  });

  it('is in the years report with the drawn counts, which add up to the failures (5 seeds)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const report = simulateYears(ONE_REGION, defaultSettings(), seed, 3);
      const drawn = report.failuresByKind.reduce((sum, c) => sum + c.drawn, 0);
      expect(drawn).toBe(report.failures);
      const regionDrawn = report.failuresByKind.find((c) => c.kind === 'region')!.drawn;
      expect(report.rareFailureWarning).toContain(
        `this run drew ${regionDrawn === 0 ? 'none' : regionDrawn};`,
      );
    }
  });
});
