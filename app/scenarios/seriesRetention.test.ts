/**
 * Issue 12 ("fast for hours"): what the engine holds of a run's series and probes stays
 * bounded however long the run, while every whole-run figure stays what an engine that
 * let nothing go reports, and the older tiers sum exactly the seconds they replace.
 */
import { describe, expect, it } from 'vitest';
import {
  MINUTES_KEPT_S,
  SECONDS_KEPT_S,
  usFromS,
  type Metrics,
  type SeriesPoint,
  type Simulation,
} from '../sim';
import { ONE_REGION } from './builtin';
import { seeds, simulate } from './testSupport';

const HOUR_S = 3600;

/** A quiet cloud (1 request a second), so a simulated day runs in a test. */
const quiet = (seed: number): Simulation =>
  simulate(ONE_REGION, seed, { traffic: { arrivalRatePerS: 1 } });

/** Runs `sim` to `untilS`, reporting every `everyS` as the page does; returns every second seen. */
function runReporting(sim: Simulation, untilS: number, everyS: number): SeriesPoint[] {
  const seen: SeriesPoint[] = [];
  for (let t = everyS; t <= untilS; t += everyS) {
    sim.runUntil(usFromS(t));
    const fresh = sim.metrics().series;
    const next = seen.length;
    for (const p of fresh) if (p.startS >= next) seen.push(p);
  }
  return seen;
}

/** Points the engine holds: its series' tiers, as their lengths. */
function held(sim: Simulation): number {
  const { hours, minutes, seconds } = sim.seriesTiers();
  return hours.length + minutes.length + seconds.length;
}

/** Sums of a span of per-second points, as one point of `widthS` carries them. */
function sums(points: readonly SeriesPoint[]) {
  return {
    arrived: points.reduce((a, p) => a + p.arrived, 0),
    succeeded: points.reduce((a, p) => a + p.succeeded, 0),
    degraded: points.reduce((a, p) => a + p.degraded, 0),
    failed: points.reduce((a, p) => a + p.failed, 0),
  };
}

/** Every whole-run figure of a report (the series aside). */
function wholeRun(m: Metrics) {
  const rest: Partial<Metrics> = { ...m };
  delete rest.series;
  return rest;
}

describe('series retention', () => {
  it('holds a bounded number of points after 1 h and after 24 h, with tiers that sum their seconds', () => {
    const sim = quiet(1);
    const seen = runReporting(sim, HOUR_S, 60);
    const afterHour = held(sim);
    seen.push(...runReporting(sim, 24 * HOUR_S, 600).filter((p) => p.startS >= seen.length));
    const afterDay = held(sim);
    // Seconds: at most twice the hour kept; minutes: at most twice the day kept; hours: 24.
    const bound = 2 * SECONDS_KEPT_S + (2 * MINUTES_KEPT_S) / 60 + 24;
    expect(afterHour).toBeLessThanOrEqual(bound);
    expect(afterDay).toBeLessThanOrEqual(bound);
    // The whole series would be a point a second.
    expect(afterDay).toBeLessThan((24 * HOUR_S) / 10);
    // The engine's bucket objects and probes: the 10-minute window, whatever the length.
    const { hours, minutes, seconds } = sim.seriesTiers();
    expect(seconds.length).toBeGreaterThanOrEqual(SECONDS_KEPT_S);
    // Each tier ends where the finer one starts, and together they cover every second.
    const rows = [...hours, ...minutes, ...seconds];
    let nextS = 0;
    for (const row of rows) {
      expect(row.startS).toBe(nextS);
      nextS += row.widthS ?? 1;
    }
    expect(nextS).toBe(seen.length);
    // A minute's or an hour's counts are exactly its seconds' sums.
    for (const row of [...hours, ...minutes]) {
      const width = row.widthS!;
      expect(sums(seen.slice(row.startS, row.startS + width))).toEqual(sums([row]));
    }
    // The per-second points are the very seconds the reports handed out.
    for (const p of seconds) expect(p).toEqual(seen[p.startS]);
  });

  it('reports the same whole-run figures as an engine asked only at the end, over seeds', () => {
    for (const seed of seeds(2)) {
      const reported = quiet(seed);
      // The 10-minute window, the burn-rate alerts and the uptime since the start all
      // reach back over seconds and probes that the reported engine let go.
      expect(reported.apply({ type: 'set', path: 'alerts.windowScale', value: 60 }).ok).toBe(true);
      runReporting(reported, HOUR_S + 630, 5);
      // A settings change rebuilds the alert windows from the seconds observed.
      const change = { type: 'set', path: 'degradation.countsAsAvailable', value: 'on' } as const;
      expect(reported.apply(change).ok).toBe(true);
      reported.runUntil(usFromS(HOUR_S + 1200));
      const once = quiet(seed);
      once.apply({ type: 'set', path: 'alerts.windowScale', value: 60 });
      once.runUntil(usFromS(HOUR_S + 630));
      once.apply(change);
      once.runUntil(usFromS(HOUR_S + 1200));
      const a = reported.metrics();
      const b = once.metrics();
      expect(wholeRun(a)).toEqual(wholeRun(b));
      expect(a.series).toEqual(b.series);
      expect(reported.seriesTiers()).toEqual(once.seriesTiers());
    }
  });
});
