// @vitest-environment jsdom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../sim';
import { renderTimeSeries, type ChartLayer, type ChartSpec } from './chart';
import {
  availabilityChart,
  availabilityPoints,
  latencyChart,
  latencyText,
  linearTicks,
  logTicks,
  outcomesChart,
  ninesFloor,
  ninesTickText,
  readoutAt,
  readoutSentence,
  SeriesBuckets,
  throughputChart,
} from './charts';

function point(
  startS: number,
  succeeded: number,
  failed: number,
  degraded = 0,
  latency: [number, number, number] = [40, 70, 90],
): SeriesPoint {
  return {
    startS,
    arrived: succeeded + failed + degraded + 1,
    succeeded,
    degraded,
    failed,
    p50Ms: latency[0],
    p95Ms: latency[1],
    p99Ms: latency[2],
  };
}

/** A layer's drawn values (or a band's bases) at every point of its chart. */
const valuesOf = (spec: ChartSpec, layer: ChartLayer) =>
  Array.from({ length: spec.count }, (_, i) => layer.valueAt(i));
const basesOf = (spec: ChartSpec, layer: ChartLayer) =>
  Array.from({ length: spec.count }, (_, i) => layer.baseAt!(i));

const COUNT_DEGRADED_AS_FAILED = { degradedCountsAsAvailable: false };

describe('ticks', () => {
  it('covers the largest value in 3 to 6 round steps on a linear axis', () => {
    expect(linearTicks(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(linearTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(90)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(0)).toEqual([0, 1]);
    expect(linearTicks(3400)).toEqual([0, 1000, 2000, 3000, 4000]);
    for (let max = 1; max < 5000; max *= 1.37) {
      const ticks = linearTicks(max);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length - 1).toBeLessThanOrEqual(6);
      if (max >= 3) expect(ticks.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('puts log ticks at 1, 2 and 5 per decade', () => {
    expect(logTicks([10, 1000])).toEqual([10, 20, 50, 100, 200, 500, 1000]);
  });
});

describe('outcomesChart', () => {
  it('stacks succeeded, degraded and failed and reads out each band by itself', () => {
    const spec = outcomesChart([point(0, 40, 10, 5)]);
    const [ok, degraded, failed] = spec.layers;
    expect(valuesOf(spec, ok!)).toEqual([40]);
    expect(basesOf(spec, degraded!)).toEqual([40]);
    expect(valuesOf(spec, degraded!)).toEqual([45]);
    expect(valuesOf(spec, failed!)).toEqual([55]);
    expect(readoutAt(spec, 0).map((r) => `${r.label}=${r.value}`)).toEqual([
      'succeeded=40 /s',
      'degraded (fallback answer)=5 /s',
      'failed=10 /s',
    ]);
    expect(spec.y.domain[1]).toBeGreaterThanOrEqual(55);
  });
});

describe('latencyChart', () => {
  it('leaves a gap where nothing was answered and spans whole decades on a log scale', () => {
    const spec = latencyChart(
      [
        point(0, 40, 0, 0, [40, 70, 90]),
        point(1, 0, 5, 0, [NaN, NaN, NaN]),
        point(2, 40, 0, 0, [50, 900, 3000]),
      ],
      'log',
    );
    expect(spec.layers.map((l) => l.key)).toEqual(['p50', 'p95', 'p99']);
    expect(valuesOf(spec, spec.layers[0]!)).toEqual([40, null, 50]);
    expect(spec.y.domain).toEqual([10, 10000]);
    expect(spec.y.ticks.map(spec.y.format)).toContain('1 s');
    expect(spec.y.label).toBe('latency (log)');
    expect(readoutAt(spec, 1).map((r) => r.value)).toEqual(['–', '–', '–']);
    expect(latencyChart([point(0, 1, 0)], 'linear').y.domain[0]).toBe(0);
  });

  it('formats latency with its unit', () => {
    expect(latencyText(56.31)).toBe('56.3 ms');
    expect(latencyText(3000)).toBe('3.00 s');
    expect(latencyText(153.4)).toBe('153 ms');
  });
});

describe('throughputChart', () => {
  it('shows offered load and goodput', () => {
    const spec = throughputChart([point(0, 40, 10)]);
    expect(spec.layers.map((l) => [l.key, l.valueAt(0)])).toEqual([
      ['arrived', 51],
      ['goodput', 40],
    ]);
  });
});

describe('availabilityChart', () => {
  it('counts degraded answers as the setting says', () => {
    const series = [point(0, 40, 5, 5)];
    expect(availabilityPoints(series, COUNT_DEGRADED_AS_FAILED).perSecond).toEqual([80]);
    expect(availabilityPoints(series, { degradedCountsAsAvailable: true }).perSecond).toEqual([90]);
  });

  it('keeps a trailing 60-second window, like the burn rate of the last minute', () => {
    const series = Array.from({ length: 70 }, (_, s) =>
      s === 5 ? point(s, 0, 50) : point(s, 50, 0),
    );
    const { perSecond, rolling60s } = availabilityPoints(series, COUNT_DEGRADED_AS_FAILED);
    expect(perSecond[5]).toBe(0);
    expect(rolling60s[10]).toBeCloseTo((100 * 500) / 550, 9);
    // Second 5 has left the window by second 65.
    expect(rolling60s[65]).toBe(100);
  });

  it('draws the SLO as a labelled line on a nines axis', () => {
    const spec = availabilityChart(
      [point(0, 50, 0), point(1, 30, 20)],
      0.999,
      COUNT_DEGRADED_AS_FAILED,
    );
    expect(spec.reference).toMatchObject({ label: 'SLO 99.9%' });
    expect(spec.reference!.value).toBeCloseTo(3, 9);
    // 60% is 0.4 nines: the axis starts at 0 nines (0%).
    expect(spec.y.domain).toEqual([0, 5]);
    expect(spec.y.ticks.map(spec.y.format)).toEqual([
      '0%',
      '90%',
      '99%',
      '99.9%',
      '99.99%',
      '≥ 99.999%',
    ]);
    // A perfect second sits on the top line; the readout keeps the real percentage.
    expect(spec.layers[0]!.valueAt(0)).toBe(5);
    expect(readoutAt(spec, 1)[0]!.value).toBe('60%');
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    renderTimeSeries(svg, spec, {
      markers: [],
      nowUs: 2_000_000,
      widthPx: 400,
      heightPx: 200,
      fontPx: 16,
      cursorS: null,
    });
    expect(svg.querySelector('g.ref text')!.textContent).toBe('SLO 99.9%');
    expect([...svg.querySelectorAll('.y-axis .tick text')].map((t) => t.textContent)).toContain(
      '99.9%',
    );
  });

  it('starts the axis at 90% unless a second or the SLO is lower', () => {
    expect(ninesFloor([100, 99], 0.999)).toBe(1);
    expect(ninesFloor([100, 83.3], 0.999)).toBe(0);
    expect(ninesFloor([100], 0.9)).toBe(0);
    expect(ninesTickText(2)).toBe('99%');
    expect(ninesTickText(4)).toBe('99.99%');
  });
});

describe('readoutSentence', () => {
  it('reads every value at a second, for screen readers', () => {
    const spec = throughputChart([point(0, 40, 10), point(75, 50, 0)]);
    expect(readoutSentence(spec, 1)).toBe(
      'Throughput, second 1:15: arrived (offered load) 51 /s, succeeded (goodput) 50 /s.',
    );
  });
});

describe('SeriesBuckets', () => {
  const run = (length: number, failedAt: (s: number) => number) =>
    Array.from({ length }, (_, s) => point(s, 50 - failedAt(s), failedAt(s)));

  /** The seconds each layer draws at one column per second. */
  const drawn = (spec: ChartSpec) => spec.layers.map((l) => spec.buckets.drawn(l.streams, 1));

  it('adds only the new seconds of each report and draws what a fresh chart draws (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (failures, reportSizes, copies) => {
          const series = run(failures.length, (s) => failures[s]!);
          const kept = new SeriesBuckets(2);
          let length = 0;
          for (const size of reportSizes) {
            length = Math.min(series.length, length + size);
            // Reports from a worker arrive as copies; the engine's share its points.
            const report = series.slice(0, length).map((p) => (copies ? { ...p } : p));
            const spec = availabilityChart(report, 0.999, COUNT_DEGRADED_AS_FAILED, kept);
            expect(spec.buckets.count).toBe(length);
            const fresh = availabilityChart(report, 0.999, COUNT_DEGRADED_AS_FAILED);
            expect(drawn(spec)).toEqual(drawn(fresh));
            expect(spec.y).toEqual({ ...fresh.y, format: spec.y.format });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('starts again when the past differs or the availability rule changes', () => {
    const kept = new SeriesBuckets(2);
    const calm = run(120, () => 0);
    availabilityChart(calm, 0.999, COUNT_DEGRADED_AS_FAILED, kept);
    // A new run whose second 10 failed: the 120 seconds fed before are not its past.
    const broken = run(130, (s) => (s === 10 ? 50 : 0));
    const spec = availabilityChart(broken, 0.999, COUNT_DEGRADED_AS_FAILED, kept);
    expect(spec.buckets.extent(0)).toEqual([0, 100]);
    // Degraded answers counted as good: the same seconds, other values.
    const degraded = broken.map((p) => ({ ...p, succeeded: 40, degraded: 10 }));
    const strict = availabilityChart(degraded, 0.999, COUNT_DEGRADED_AS_FAILED, kept);
    expect(strict.buckets.extent(0)![1]).toBe(80);
    const lenient = availabilityChart(degraded, 0.999, { degradedCountsAsAvailable: true }, kept);
    expect(lenient.buckets.extent(0)![1]).toBe(100);
  });
});
