import { describe, expect, it } from 'vitest';
import { defaultSettings, withSetting } from '../settings';
import { simulateYears } from './yearsReport';
import { oneRegionTopology, twoRegionsTopology } from './chaosTopologies';

const TWO_REGIONS = twoRegionsTopology();

describe('simulateYears', () => {
  it('summarises the years: percentiles by rank, the worst year, totals, progress', () => {
    const settings = withSetting(defaultSettings(), 'chaos.rateMultiplier', 20);
    for (const seed of [1, 2, 3]) {
      const done: number[] = [];
      const report = simulateYears(TWO_REGIONS, settings, seed, 20, (n) => done.push(n));
      expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const sorted = [...report.availabilityByYear].sort((a, b) => a - b);
      expect(report.percentile5).toBe(sorted[0]); // rank ceil(0.05 x 20) = 1
      expect(report.percentile95).toBe(sorted[18]); // rank 19
      expect(report.worstYear.availability).toBe(sorted[0]);
      expect(report.availabilityByYear[report.worstYear.index]).toBe(sorted[0]);
      expect(report.downtimePerYearS).toBeCloseTo(report.downtimeS / 20, 6);
      expect(report.gap.detectionMinPerYear + report.gap.otherMinPerYear).toBeCloseTo(
        report.gap.totalMinPerYear,
        9,
      );
    }
  });

  it('puts the gap on detection when checks are slow and the DNS TTL long', () => {
    let slow = withSetting(defaultSettings(), 'chaos.rateMultiplier', 20);
    slow = withSetting(slow, 'healthCheck.intervalMs', 60_000);
    slow = withSetting(slow, 'trafficManager.dnsTtlS', 3600);
    let fast = withSetting(defaultSettings(), 'chaos.rateMultiplier', 20);
    fast = withSetting(fast, 'healthCheck.intervalMs', 1000);
    fast = withSetting(fast, 'trafficManager.dnsTtlS', 1);
    for (const seed of [1, 2, 3]) {
      const s = simulateYears(TWO_REGIONS, slow, seed, 10);
      const f = simulateYears(TWO_REGIONS, fast, seed, 10);
      // The same failures (same seed): slower detection can only add downtime.
      expect(s.failures).toBe(f.failures);
      expect(s.availability).toBeLessThan(f.availability);
      expect(s.gap.detectionMinPerYear).toBeGreaterThan(f.gap.detectionMinPerYear);
      expect(s.explanation).toMatch(/TTL 3600 s/);
    }
  });
});

describe('the gap sentence', () => {
  it('never reports a rest that rounds to nothing as a number (default rates, 5 seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const report = simulateYears(TWO_REGIONS, defaultSettings(), seed, 5);
      expect(report.explanation).not.toMatch(/\b0 min a year (less|is what)/);
      if (Math.abs(report.gap.otherMinPerYear) < 0.05) {
        expect(report.explanation).toContain('the rest is under 0.05 min a year');
      }
    }
  });
});

const ONE_REGION = oneRegionTopology();

/** The three minute figures of a gap sentence: difference, detection, chance/other. */
function gapFigures(text: string) {
  const total = /: (\d+(?:\.\d)?) min a year (more|less) downtime than predicted/.exec(text);
  expect(total).not.toBeNull();
  return { totalMin: Number(total![1]) * (total![2] === 'less' ? -1 : 1) };
}

describe('the gap sentence when chance removed downtime', () => {
  it('says detection adds and chance removed, never detection as part of "less" (10 seeds)', () => {
    let lessSeen = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const report = simulateYears(ONE_REGION, defaultSettings(), seed, 5);
      const { totalMinPerYear, detectionMinPerYear, otherMinPerYear } = report.gap;
      // Instant detection can only remove downtime from the same failures.
      expect(detectionMinPerYear).toBeGreaterThanOrEqual(0);
      if (totalMinPerYear >= 0 || Math.abs(otherMinPerYear) < 0.05) continue;
      lessSeen++;
      const text = report.explanation;
      expect(gapFigures(text).totalMin).toBeLessThan(0);
      expect(text).not.toMatch(/of it is detection/);
      const added = /Failure detection and failover add about (\d+(?:\.\d)?) min a year/.exec(text);
      const removed = /chance removed about (\d+(?:\.\d)?) min a year/.exec(text);
      expect(added).not.toBeNull();
      expect(removed).not.toBeNull();
      // What chance removed minus what detection added is the measured difference.
      const shown = Number(added![1]) - Number(removed![1]);
      expect(Math.abs(shown - totalMinPerYear)).toBeLessThan(
        0.1 + 0.02 * Math.abs(totalMinPerYear),
      );
    }
    // Five years rarely draw the one-region design's region outage (MTBF 10 y).
    expect(lessSeen).toBeGreaterThan(0);
  });

  it('keeps "of it is detection" when measured is worse and the rest is positive (10 seeds)', () => {
    let slow = withSetting(defaultSettings(), 'chaos.rateMultiplier', 20);
    slow = withSetting(slow, 'healthCheck.intervalMs', 60_000);
    let moreSeen = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const report = simulateYears(TWO_REGIONS, slow, seed, 5);
      const { totalMinPerYear, otherMinPerYear } = report.gap;
      const text = report.explanation;
      if (otherMinPerYear < 0 && Math.abs(otherMinPerYear) >= 0.05) {
        expect(text).toMatch(/chance removed about/);
        continue;
      }
      expect(totalMinPerYear).toBeGreaterThan(0);
      moreSeen++;
      expect(gapFigures(text).totalMin).toBeGreaterThan(0);
      expect(text).toMatch(/min a year of it is detection and failover/);
      expect(text).not.toMatch(/chance removed/);
    }
    expect(moreSeen).toBeGreaterThan(0);
  });
});
