import { describe, expect, it } from 'vitest';
import { defaultSettings, withSetting } from '../settings';
import type { TopologySpec } from '../topology';
import { simulateYears } from './yearsReport';

const region = (r: string) => ({
  id: r,
  balancer: `lb-${r}`,
  zones: ['a', 'b', 'c'].map((z) => ({
    id: `${r}-${z}`,
    servers: [`app-${r}-${z}1`, `app-${r}-${z}2`],
  })),
});
const TWO_REGIONS: TopologySpec = {
  trafficManager: { id: 'dns' },
  regions: [region('eu'), region('us')],
  users: [
    { id: 'users-eu', region: 'eu', share: 1 },
    { id: 'users-us', region: 'us', share: 1 },
  ],
};

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
