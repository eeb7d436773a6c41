/**
 * Fluid mode's database against the request-level engine on the same seeds (issue 15:
 * "acknowledged writes lost" in years fast, failover time per the database settings).
 *
 * The design: one region, three zones of app servers, a primary and one replica in two
 * of the zones (one candidate, so both models promote the same node and follow the same
 * primary through the run). Only zone outages and disk losses, often (MTBF 1 h and 2 h,
 * MTTR 3 and 5 min) for 3 simulated hours: about half a dozen promotions a seed, some
 * with the replica cut off before the primary went (more copies lost than one).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../runtime';
import { usFromS } from '../engine/time';
import { defaultSettings, withSetting, type Settings, type SettingsOverrides } from '../settings';
import type { TopologySpec } from '../topology';
import { runFluid } from './fluid';

const NEVER_H = 10_000_000;

const TOPOLOGY: TopologySpec = {
  regions: [
    {
      id: 'eu',
      balancer: 'lb-1',
      zones: ['a', 'b', 'c'].map((z) => ({ id: `eu-${z}`, servers: [`app-${z}1`, `app-${z}2`] })),
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
  database: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a' },
      { id: 'db-b1', zone: 'eu-b' },
    ],
    primary: 'db-a1',
  },
};

const overrides = (replicationMode: string): SettingsOverrides => ({
  traffic: { arrivalRatePerS: 20 },
  // A replication delay of 1 s, so a promotion under async loses about 11 writes.
  database: { writeShare: 0.5, replicationMode, replicaApplyDelayMs: 1000 } as never,
  chaos: {
    mode: 'on',
    serverCrashMtbfH: NEVER_H,
    hostDownMtbfH: NEVER_H,
    slowMtbfH: NEVER_H,
    linkMtbfH: NEVER_H,
    regionMtbfH: NEVER_H,
    zoneMtbfH: 1,
    zoneMttrMin: 3,
    diskMtbfH: 2,
    diskMttrMin: 5,
  },
});

const settingsOf = (o: SettingsOverrides): Settings => {
  let settings = defaultSettings();
  for (const [group, values] of Object.entries(o))
    for (const [key, value] of Object.entries(values as object))
      settings = withSetting(settings, `${group}.${key}`, value as number | string);
  return settings;
};

const DURATION_S = 3 * 3600;

function both(mode: string, seed: number) {
  const o = overrides(mode);
  const sim = createSimulation({ topology: TOPOLOGY, settings: o }, { seed, trackMessages: false });
  sim.runUntil(usFromS(DURATION_S));
  const fluid = runFluid(TOPOLOGY, settingsOf(o), seed, 1, usFromS(DURATION_S));
  return { metrics: sim.metrics(), fluid, settings: settingsOf(o) };
}

describe('fluid mode models the database', () => {
  /*
   * Tolerances. Promotions: the same ones (same failures, one candidate), each within
   * half a lease-renewal interval of the engine's (the lease was last renewed at a random
   * moment up to loop_wait before the loss; fluid mode takes the mean) plus a second.
   * Writes lost: the engine's count is Poisson around the writes in the lost window, whose
   * rate is below the nominal one while app servers are out (zone outages) and whose
   * replication delay jitters by 10%: within 15% of fluid mode's expected count plus 4
   * standard deviations (4 sqrt(n)). Availability: each promotion's outage differs by at
   * most half a loop_wait, each zone outage's detection by one health-check interval for a
   * third of the servers, plus 4 standard deviations of the requests' sampling.
   */
  it('async: the same failovers at the same times, and writes lost and availability within tolerance (3 seeds)', () => {
    for (const seed of [1, 2, 4]) {
      const { metrics, fluid, settings } = both('async', seed);
      const data = metrics.data!;
      const loopWaitS = settings.database.loopWaitMs / 1000;
      expect(fluid.failovers.map((f) => `${f.from}->${f.to}`)).toEqual(
        data.failovers.map((f) => `${f.from}->${f.to}`),
      );
      expect(fluid.failovers.length).toBeGreaterThan(1);
      fluid.failovers.forEach((f, i) => {
        expect(Math.abs(f.atUs / 1e6 - data.failovers[i]!.atS)).toBeLessThan(loopWaitS / 2 + 1);
      });

      const expected = fluid.writesLost!;
      expect(expected).toBeGreaterThan(0);
      expect(Math.abs(data.writesLost - expected)).toBeLessThan(
        0.15 * expected + 4 * Math.sqrt(expected),
      );

      const r = metrics.requests;
      const finished = r.total - r.inFlight;
      const measured = r.succeeded / finished;
      // Every failure (zone outages and disk losses) counted as a zone outage: a bound.
      const zoneOutages = fluid.failures;
      const hcS = settings.healthCheck.intervalMs / 1000;
      const boundS = fluid.failovers.length * (loopWaitS / 2) + (zoneOutages * hcS) / 3;
      const p = 1 - measured;
      const tolerance = boundS / DURATION_S + 4 * Math.sqrt((p * (1 - p)) / finished);
      expect(measured).toBeLessThan(0.999);
      expect(Math.abs(fluid.availability - measured)).toBeLessThan(tolerance);
    }
  }, 240_000);

  it('sync: no acknowledged write lost in either model, over the same failovers (1 seed)', () => {
    for (const seed of [1]) {
      const { metrics, fluid } = both('sync', seed);
      expect(metrics.data!.writesLost).toBe(0);
      expect(fluid.writesLost).toBe(0);
      expect(fluid.failovers.length).toBe(metrics.data!.failovers.length);
    }
  }, 120_000);

  it('reports no database figures for a design without one', () => {
    const noDatabase: TopologySpec = { ...TOPOLOGY, database: undefined };
    const result = runFluid(noDatabase, settingsOf(overrides('async')), 1, 1, usFromS(3600));
    expect(result.writesLost).toBeNull();
    expect(result.failovers).toEqual([]);
    expect(result.years[0]!.writesLost).toBeNull();
  });
});
