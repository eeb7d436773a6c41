/**
 * Chaos mode in the engine: failures from per-component rates, through the command path,
 * deterministic, invisible when off; and the must-show: measured availability of
 * 1, 2 and 3 servers in parallel matches the series/parallel formula.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../runtime';
import { usFromS } from '../engine/time';
import { defaultSettings, type ChaosSettings, type SettingsOverrides } from '../settings';
import type { TopologySpec } from '../topology';
import { TWO_ZONES } from '../testTopologies';
import { predictedAvailability } from './analytic';

/** The largest MTBF allowed: about 1,141 years, so such a mode never fires in these runs. */
const NEVER_H = 10_000_000;

const onlyServerCrashes = (mtbfS: number, mttrS: number): Partial<ChaosSettings> => ({
  mode: 'on',
  serverCrashMtbfH: mtbfS / 3600,
  serverCrashMttrMin: mttrS / 60,
  hostDownMtbfH: NEVER_H,
  slowMtbfH: NEVER_H,
  diskMtbfH: NEVER_H,
  zoneMtbfH: NEVER_H,
  regionMtbfH: NEVER_H,
  linkMtbfH: NEVER_H,
});

const oneZone = (n: number): TopologySpec => ({
  regions: [
    {
      id: 'eu',
      balancer: 'lb-1',
      zones: [{ id: 'eu-a', servers: Array.from({ length: n }, (_, i) => `app-a${i + 1}`) }],
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
});

describe('chaos mode in the engine', () => {
  it('is off by default', () => {
    expect(defaultSettings().chaos.mode).toBe('off');
  });

  it('with no failure due in the run, changes nothing: its random streams are its own', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const run = (settings: SettingsOverrides) => {
        const sim = createSimulation(
          { topology: TWO_ZONES, settings },
          { seed, trackMessages: false },
        );
        sim.runUntil(usFromS(60));
        return JSON.stringify([sim.metrics().requests, sim.log().entries]);
      };
      const never = { ...onlyServerCrashes(NEVER_H * 3600, 60), serverCrashMtbfH: NEVER_H };
      expect(run({ chaos: never })).toBe(run({}));
    }
  });

  it('breaks and repairs parts through the command path, logged like your faults, the same on the same seed', () => {
    const settings: SettingsOverrides = {
      chaos: { mode: 'on', rateMultiplier: 1_000_000 },
      traffic: { arrivalRatePerS: 5 },
    };
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const run = () => {
        const sim = createSimulation(
          { topology: TWO_ZONES, settings },
          { seed, trackMessages: false, maxLogEntries: 100_000 },
        );
        sim.runUntil(usFromS(900));
        return sim;
      };
      const sim = run();
      const faults = sim.log().entries.filter((e) => e.category === 'fault');
      const applied = sim.appliedCommands();
      // At 1,000,000x, each server crashes about every 32 simulated seconds.
      expect(faults.length).toBeGreaterThan(5);
      expect(applied.some((c) => c.command.type === 'restore')).toBe(true);
      const kinds = new Set(applied.map((c) => c.command.type));
      for (const kind of kinds) {
        expect([
          'kill',
          'host-down',
          'slow',
          'kill-zone',
          'kill-region',
          'cut',
          'restore',
        ]).toContain(kind);
      }
      // Every request is still exactly one of succeeded, degraded, failed, in flight.
      const r = sim.metrics().requests;
      expect(r.succeeded + r.degraded + r.failed + r.inFlight).toBe(r.total);
      expect(JSON.stringify(run().appliedCommands())).toBe(JSON.stringify(applied));
    }
  });

  /*
   * The must-show. Only independent process crashes (MTBF 40 s, MTTR 10 s: A = 0.8 per
   * server), health checks every 500 ms with thresholds of 1, and the balancer trying
   * every server: detection is near-instant, so the measured request availability of n
   * servers in parallel should be 1 - 0.2^n. Each run covers 20,000 s, about 400
   * failures per server: the time scale is compressed, the arithmetic is the same.
   *
   * Tolerance: the system is a renewal process that is down (all n servers crashed) a
   * fraction p of the time in episodes of mean length m = MTTR / n. The time average of
   * such an on/off indicator over T has variance about 2 (1 - p)^2 p m / T (both up and
   * down spells near exponential), and the requests sample it (binomial variance
   * p (1 - p) / N). We allow 4 standard deviations, plus the one bias the setup leaves:
   * a repaired server waits for its next check (mean half an interval, 0.25 s) before it
   * gets traffic, at most 0.25 s per 50 s cycle of one server.
   */
  it('1, 2 and 3 servers in parallel with independent crashes match 1 - prod(1 - A)', () => {
    const mtbfS = 40;
    const mttrS = 10;
    const durationS = 20_000;
    const arrivalRatePerS = 2;
    for (const [n, seed] of [
      [1, 11],
      [2, 12],
      [3, 13],
    ] as const) {
      const topology = oneZone(n);
      const chaos = onlyServerCrashes(mtbfS, mttrS);
      const settings: SettingsOverrides = {
        chaos,
        traffic: { arrivalRatePerS },
        monitoring: { enabled: 'off' },
        healthCheck: {
          intervalMs: 500,
          timeoutMs: 100,
          unhealthyThreshold: 1,
          healthyThreshold: 1,
        },
        retries: { balancerMaxAttempts: n },
      };
      const sim = createSimulation({ topology, settings }, { seed, trackMessages: false });
      sim.runUntil(usFromS(durationS));
      const r = sim.metrics().requests;
      const finished = r.succeeded + r.degraded + r.failed;
      const measured = r.succeeded / finished;

      const predicted = predictedAvailability(topology, { ...defaultSettings().chaos, ...chaos });
      const a = mtbfS / (mtbfS + mttrS);
      expect(predicted.availability).toBeCloseTo(1 - (1 - a) ** n, 4);

      const p = 1 - predicted.availability;
      const meanDownS = mttrS / n;
      const sigma = Math.sqrt(
        (2 * (1 - p) ** 2 * p * meanDownS) / durationS + (p * (1 - p)) / finished,
      );
      const bias = 0.25 / (mtbfS + mttrS);
      expect(Math.abs(measured - predicted.availability)).toBeLessThan(4 * sigma + bias);
    }
  }, 60_000);
});
