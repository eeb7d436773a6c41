/**
 * A report (metrics()) must cost what happened since the previous report, not the
 * whole run: the browser asks four times a second for hours. These pin the structure
 * that makes it so, without timing anything: a completed second's chart point is made
 * once and shared by every later report, and the series equals the one a run with no
 * reports in between would give (incremental is not approximate).
 */
import { describe, expect, it } from 'vitest';
import { Series } from './output/series';
import { createSimulation } from './simulation';
import { US_PER_S, usFromS } from './engine/time';
import { TWO_ZONES } from './testTopologies';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** A server dies at 0:20, so the series holds failed seconds too, not only good ones. */
const newSim = (seed: number) =>
  createSimulation(
    {
      topology: TWO_ZONES,
      faults: [{ atUs: usFromS(20), command: { type: 'kill', target: 'app-b1' } }],
    },
    { seed, trackMessages: false },
  );

describe('metrics() series is built incrementally', () => {
  it('shares earlier points (===) with the previous report and only appends', () => {
    for (const seed of SEEDS) {
      const sim = newSim(seed);
      sim.runUntil(usFromS(40.5));
      const first = sim.metrics().series;
      expect(first.map((p) => p.startS)).toEqual([...Array(40).keys()]);
      sim.runUntil(usFromS(52.25));
      const second = sim.metrics().series;
      expect(second).toHaveLength(52);
      for (let i = 0; i < first.length; i++) expect(second[i]).toBe(first[i]);
      // The earlier report keeps its own series: later seconds do not lengthen it.
      expect(first).toHaveLength(40);
      expect(Object.isFrozen(first)).toBe(true);
      expect(Object.isFrozen(first[0])).toBe(true);
    }
  });

  it('hands out the same series while no second has completed', () => {
    const sim = newSim(1);
    sim.runUntil(usFromS(30.1));
    const before = sim.metrics().series;
    sim.runUntil(usFromS(30.9));
    expect(sim.metrics().series).toBe(before);
  });

  it('equals the series of the same run reported only at its end', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const reported = newSim(seed);
      for (let t = 0.25; t <= 60; t += 0.25) {
        reported.runUntil(usFromS(t));
        reported.metrics();
      }
      const once = newSim(seed);
      once.runUntil(usFromS(60));
      const series = reported.metrics().series;
      expect(series).toEqual(once.metrics().series);
      // Not an empty run: requests finished, and some failed after the kill.
      expect(series.reduce((n, p) => n + p.succeeded, 0)).toBeGreaterThan(1000);
      expect(series.reduce((n, p) => n + p.failed, 0)).toBeGreaterThan(0);
    }
  });
});

describe('Series.window without latency', () => {
  it('gives the same counts and an empty histogram', () => {
    const series = new Series();
    for (let second = 0; second < 20; second++) {
      const b = series.at(second * US_PER_S);
      b.arrived += second;
      b.succeeded += 2 * second;
      b.failed += 1;
      b.failedBy.timeout += 1;
      b.latency.record(1000 * (second + 1));
    }
    const full = series.window(5 * US_PER_S, 15 * US_PER_S);
    const counts = series.window(5 * US_PER_S, 15 * US_PER_S, false);
    expect(counts.succeeded).toBe(full.succeeded);
    expect(counts.arrived).toBe(full.arrived);
    expect(counts.failedBy).toEqual(full.failedBy);
    expect(full.latency.total).toBe(10);
    expect(counts.latency.total).toBe(0);
  });
});

describe('Series latency release', () => {
  const filled = (seconds: number) => {
    const series = new Series();
    for (let second = 0; second < seconds; second++) {
      const b = series.at(second * US_PER_S);
      b.succeeded += 3;
      b.failed += second % 2;
      b.latency.record(1000 * (second + 1));
    }
    return series;
  };

  it('keeps the counts of released seconds and refuses latency windows over them', () => {
    const series = filled(100);
    series.releaseLatencyBefore(70);
    const counts = series.window(0, 100 * US_PER_S, false);
    expect(counts.succeeded).toBe(300);
    expect(counts.failed).toBe(50);
    expect(() => series.window(60 * US_PER_S, 100 * US_PER_S)).toThrow(/kept from second 70/);
    // The seconds still kept answer as before: 30 latencies of 71..100 ms.
    const kept = series.window(70 * US_PER_S, 100 * US_PER_S);
    expect(kept.latency.total).toBe(30);
    expect(kept.latency.quantileUs(0.5)).toBeGreaterThan(80_000);
    expect(kept.latency.quantileUs(0.5)).toBeLessThan(92_000);
  });

  it('leaves reports of a long run unchanged', () => {
    const reported = newSim(3);
    for (let t = 10; t <= 900; t += 10) {
      reported.runUntil(usFromS(t));
      reported.metrics();
    }
    const once = newSim(3);
    once.runUntil(usFromS(900));
    expect(reported.metrics()).toEqual(once.metrics());
  });
});
