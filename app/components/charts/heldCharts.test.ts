// @vitest-environment jsdom
/**
 * The page holds only some seconds of a long run's series (app/store/heldSeries.ts):
 * the charts drawn from those must be the charts drawn from the whole series, point
 * for point, at every bucket width at least the held one, for real runs with outages
 * (zones and a region killed and restored, so seconds with nothing answered leave gaps).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../sim/runtime';
import type { SeriesPoint } from '../../sim';
import { simulationInput, ACTIVE_PASSIVE, ONE_REGION } from '../../scenarios';
import { HeldSeries } from '../../store/heldSeries';
import { drawnPoints, renderTimeSeries, type ChartSpec } from '../../views/chart';
import {
  availabilityChart,
  latencyChart,
  outcomesChart,
  SeriesBuckets,
  throughputChart,
} from '../../views/charts';

const S = 1_000_000;

/** A run's whole series, with faults and recoveries every few minutes. */
function runSeries(
  scenario: typeof ONE_REGION,
  seed: number,
  untilS: number,
): readonly SeriesPoint[] {
  const sim = createSimulation(simulationInput(scenario), { seed });
  const zone = scenario === ONE_REGION ? 'eu-b' : 'eu-a';
  for (let atS = 300; atS < untilS; atS += 900) {
    expect(sim.schedule(atS * S, { type: 'kill-zone', target: zone }).ok).toBe(true);
    const restoreS = atS + 40 + (seed % 7) * 10;
    expect(sim.schedule(restoreS * S, { type: 'restore', target: zone }).ok).toBe(true);
  }
  sim.runUntil(untilS * S);
  return sim.metrics().series;
}

/** Feeds `series` to `held` as reports of 1 to 97 seconds would. */
function feed(held: HeldSeries, series: readonly SeriesPoint[], seed: number): void {
  let at = 0;
  let size = seed;
  held.append(0, []);
  while (at < series.length) {
    size = (size * 31 + 7) % 97;
    const next = Math.min(series.length, at + 1 + size);
    held.append(at, series.slice(at, next));
    at = next;
  }
}

/** Each chart's buckets, kept from one report to the next as the Charts panel keeps them. */
const keptBuckets = () => [3, 3, 2, 2, 2].map((streams) => new SeriesBuckets(streams));

function specs(series: readonly SeriesPoint[], kept = keptBuckets()): ChartSpec[] {
  return [
    outcomesChart(series, kept[0]),
    latencyChart(series, 'log', kept[1]),
    throughputChart(series, kept[2]),
    availabilityChart(series, 0.999, { degradedCountsAsAvailable: false }, kept[3]),
    availabilityChart(series, 0.999, { degradedCountsAsAvailable: true }, kept[4]),
  ];
}

/** What a chart draws at `bucketS`: per layer, each drawn second with its value and base. */
function drawnAt(spec: ChartSpec, bucketS: number) {
  const { byLayer } = drawnPoints(spec, bucketS);
  return spec.layers.map((layer) =>
    byLayer.get(layer.key)!.map((i) => [spec.startS(i), layer.valueAt(i), layer.baseAt?.(i) ?? 0]),
  );
}

describe('charts from the held seconds', () => {
  const cases = [
    { scenario: ONE_REGION, seed: 1 },
    { scenario: ONE_REGION, seed: 2 },
    { scenario: ACTIVE_PASSIVE, seed: 3 },
  ];
  const runs = cases.map(({ scenario, seed }) => ({
    seed,
    whole: runSeries(scenario, seed, 3600),
  }));

  it('draw the same seconds and values as the whole series at every width from the held one', () => {
    for (const { seed, whole } of runs) {
      // 64 buckets: an hour is thinned to 64 s buckets, far harder than the page's 2,048.
      const held = new HeldSeries(64);
      feed(held, whole, seed);
      expect(held.count).toBe(whole.length);
      expect(held.points().length).toBeLessThan(whole.length / 2);
      const fromHeld = specs(held.points());
      const fromWhole = specs(whole);
      for (let c = 0; c < fromHeld.length; c++) {
        for (let bucketS = held.bucketS; bucketS <= 8 * held.bucketS; bucketS *= 2) {
          expect(drawnAt(fromHeld[c]!, bucketS)).toEqual(drawnAt(fromWhole[c]!, bucketS));
        }
      }
    }
  });

  it('draw the same from buckets kept over reports while the held seconds thin out', () => {
    for (const { seed, whole } of runs) {
      const held = new HeldSeries(64);
      const kept = keptBuckets();
      let at = 0;
      let size = seed;
      held.append(0, []);
      let fromHeld: ChartSpec[] = [];
      while (at < whole.length) {
        size = (size * 31 + 7) % 97;
        const next = Math.min(whole.length, at + 1 + size);
        held.append(at, whole.slice(at, next));
        at = next;
        fromHeld = specs(held.points(), kept);
      }
      // Kept, not built again from the held seconds: every second of the run was fed once.
      expect(held.points().length).toBeLessThan(whole.length / 2);
      for (const spec of fromHeld) expect(spec.buckets.count).toBe(whole.length);
      const fromWhole = specs(whole);
      for (let c = 0; c < fromHeld.length; c++) {
        for (let bucketS = held.bucketS; bucketS <= 8 * held.bucketS; bucketS *= 2) {
          expect(drawnAt(fromHeld[c]!, bucketS)).toEqual(drawnAt(fromWhole[c]!, bucketS));
        }
        // Asked for finer than the held buckets, it draws exactly the seconds its buckets
        // name (no held neighbour in place of one), at a width no coarser than the held one.
        const spec = fromHeld[c]!;
        const { bucketS, byLayer } = drawnPoints(spec, 1);
        expect(bucketS).toBeLessThanOrEqual(held.bucketS);
        for (const layer of spec.layers) {
          expect(byLayer.get(layer.key)!.map(spec.startS)).toEqual(
            spec.buckets.drawn(layer.streams, bucketS).indices,
          );
        }
      }
    }
  });

  it('render the same SVG as the whole series on a chart narrower than the held buckets', () => {
    const { seed, whole } = runs[0]!;
    const held = new HeldSeries(512);
    feed(held, whole, seed);
    expect(held.points().length).toBeLessThan(whole.length);
    const frame = {
      markers: [],
      nowUs: whole.length * S,
      widthPx: 480,
      heightPx: 240,
      fontPx: 16,
      cursorS: null,
    };
    const fromHeld = specs(held.points());
    const fromWhole = specs(whole);
    for (let c = 0; c < fromHeld.length; c++) {
      const a = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      const b = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      renderTimeSeries(a, fromHeld[c]!, frame);
      renderTimeSeries(b, fromWhole[c]!, frame);
      expect(a.outerHTML).toBe(b.outerHTML);
    }
  });
});
