/**
 * The fluid model (years fast) against the request-level engine on the same seeds, and
 * against the formula where the formula is exact.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../runtime';
import { usFromS } from '../engine/time';
import { defaultSettings, withSetting, type Settings, type SettingsOverrides } from '../settings';
import type { TopologySpec } from '../topology';
import { predictedAvailability } from './analytic';
import { chaosComponents, failureIntervals } from './failureProcess';
import { runFluid, US_PER_YEAR } from './fluid';
import { twoRegionsTopology } from './chaosTopologies';

const TWO_REGIONS = twoRegionsTopology();

const settingsWith = (overrides: SettingsOverrides): Settings => {
  let settings = defaultSettings();
  for (const [group, values] of Object.entries(overrides))
    for (const [key, value] of Object.entries(values as object))
      settings = withSetting(settings, `${group}.${key}`, value as number | string);
  return settings;
};

describe('fluid mode', () => {
  /*
   * Same seeds, same failures (the same streams, at the same microseconds). What differs:
   * the engine's health checks and DNS checks run at a random phase where the fluid
   * model uses their mean, and DNS caches (100 per group) expire at random within a TTL
   * where the fluid model moves users at half a TTL. So each failure may differ by at
   * most one check interval (detection and return, each within half an interval of the
   * mean) times the share of users it touches (a server 1/12, a zone 1/6), and a region
   * failure by half a DNS-check interval plus 4 standard deviations of the mean of 100
   * uniform expiries (TTL x 4 / sqrt(1200)), times 1/2; plus 4 standard deviations of the
   * requests' binomial sampling.
   */
  it('matches the request-level engine on the same seeds, within the bound its simplifications allow', () => {
    const durationS = 4 * 3600;
    const overrides: SettingsOverrides = {
      chaos: { mode: 'on', rateMultiplier: 3000 },
      traffic: { arrivalRatePerS: 2 },
    };
    const settings = settingsWith(overrides);
    for (const seed of [1, 2, 3]) {
      const sim = createSimulation(
        { topology: TWO_REGIONS, settings: overrides },
        { seed, trackMessages: false },
      );
      sim.runUntil(usFromS(durationS));
      const r = sim.metrics().requests;
      const finished = r.total - r.inFlight;
      const measured = r.succeeded / finished;
      const fluid = runFluid(TWO_REGIONS, settings, seed, 1, usFromS(durationS));

      const hcS = settings.healthCheck.intervalMs / 1000;
      const regionS =
        settings.trafficManager.intervalMs / 2000 +
        (4 * settings.trafficManager.dnsTtlS) / Math.sqrt(12 * 100);
      let boundS = 0;
      for (const c of chaosComponents(TWO_REGIONS, settings.chaos)) {
        const n = failureIntervals(seed, c, usFromS(durationS)).filter(
          (iv) => iv.kind !== 'slow',
        ).length;
        const share = c.kind === 'region' ? 1 / 2 : c.kind === 'zone' ? 1 / 6 : 1 / 12;
        boundS += n * share * (c.kind === 'region' ? regionS : hcS);
      }
      const p = 1 - measured;
      const tolerance = boundS / durationS + 4 * Math.sqrt((p * (1 - p)) / finished);
      expect(fluid.failures).toBeGreaterThan(10);
      expect(measured).toBeLessThan(1);
      expect(Math.abs(fluid.availability - measured)).toBeLessThan(tolerance);
    }
  }, 120_000);

  it('with only crashes and instant detection matches the formula over many years, on every seed', () => {
    const never = 10_000_000;
    const topology: TopologySpec = {
      regions: [{ id: 'eu', balancer: 'lb-1', zones: [{ id: 'eu-a', servers: ['a1', 'a2'] }] }],
      users: [{ id: 'users', region: 'eu', share: 1 }],
    };
    // A = 0.99 per server (MTBF 99 h, MTTR 1 h); a pair: 0.9999.
    const settings = settingsWith({
      chaos: {
        serverCrashMtbfH: 99,
        serverCrashMttrMin: 60,
        hostDownMtbfH: never,
        slowMtbfH: never,
        zoneMtbfH: never,
        regionMtbfH: never,
        linkMtbfH: never,
      },
      healthCheck: { intervalMs: 100, unhealthyThreshold: 1, healthyThreshold: 1 },
      retries: { balancerMaxAttempts: 2 },
    });
    const predicted = predictedAvailability(topology, settings.chaos).availability;
    expect(predicted).toBeCloseTo(0.9999, 5);
    for (const seed of [1, 2, 3, 4, 5]) {
      const years = 100;
      const result = runFluid(topology, settings, seed, years);
      expect(result.years).toHaveLength(years);
      // Both down: p = 1e-4 in spells of mean 30 min; sd of the time average over
      // 100 years about sqrt(2 p m / T) (see chaos.test.ts).
      const p = 1 - predicted;
      const sigma = Math.sqrt((2 * p * 0.5) / (years * 8760));
      expect(Math.abs(result.availability - predicted)).toBeLessThan(4 * sigma + 1e-6);
    }
  });

  it('gives every year its own figures, and the same ones on the same seed', () => {
    const settings = defaultSettings();
    const a = runFluid(TWO_REGIONS, settings, 7, 20);
    const b = runFluid(TWO_REGIONS, settings, 7, 20);
    expect(b).toEqual(a);
    expect(a.years).toHaveLength(20);
    const mean = a.years.reduce((sum, y) => sum + y.availability, 0) / 20;
    expect(a.availability).toBeCloseTo(mean, 9);
    for (const year of a.years) {
      expect(year.availability).toBeGreaterThan(0);
      expect(year.availability).toBeLessThanOrEqual(1);
      expect(year.downtimeS).toBeCloseTo(((1 - year.availability) * US_PER_YEAR) / 1e6, 3);
    }
  });
});
