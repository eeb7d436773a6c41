/**
 * The four charts of the Charts tab, built from the engine's per-second series:
 * outcomes (succeeded / degraded / failed per second, stacked), latency percentiles,
 * throughput, and request availability per second against the SLO. Each is a
 * `ChartSpec` for `renderTimeSeries`; nothing here draws or keeps state.
 */
import { ninesOf, requestAvailability, type SeriesPoint } from '../sim';
import { CHART_COLORS, type ChartLayer, type ChartSpec } from './chart';

/** The charts' ids (used for DOM ids and file names). */
type ChartId = 'outcomes' | 'latency' | 'throughput' | 'availability';

/** Whether a degraded answer counts as available (the `degradation.countsAsAvailable` setting). */
export interface AvailabilityRule {
  degradedCountsAsAvailable: boolean;
}

/** "40 /s" for whole numbers, one decimal otherwise. */
function perSecond(value: number): string {
  return `${Number(value.toFixed(1))} /s`;
}

/** A latency in ms or s with about three significant figures: "56.3 ms", "3.00 s". */
export function latencyText(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${Number(ms.toPrecision(3))} ms`;
}

/** A latency axis tick: "50 ms", "1 s", "2.5 s". */
function latencyTick(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${Number(ms.toFixed(1))} ms`;
}

/** A percentage for the readout: "100%", "83.3%". */
function percentText(value: number): string {
  return value >= 100 ? '100%' : `${Number(value.toFixed(2))}%`;
}

/**
 * Round ticks from 0 to the first round number at or above `max`: 3 to 6 steps of 1,
 * 2 or 5 times a power of ten (at least `minStep`, 1 for counts of requests).
 */
export function linearTicks(max: number, minStep = 1): number[] {
  const top = max > 0 ? max : minStep;
  let power = 10 ** Math.floor(Math.log10(Math.max(minStep, top / 6)));
  let step = power;
  for (;;) {
    const found = [1, 2, 5].map((m) => m * power).find((c) => c >= minStep && top / c <= 6);
    if (found !== undefined) {
      step = found;
      break;
    }
    power *= 10;
  }
  const ticks: number[] = [];
  const count = Math.max(1, Math.ceil(top / step - 1e-9));
  for (let i = 0; i <= count; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Ticks for a linear axis that holds every value, with a little headroom. */
function linearAxisTicks(values: readonly number[], floor: number): number[] {
  return linearTicks(Math.max(floor, ...values) * 1.05);
}

/** Log-scale ticks at 1, 2 and 5 times each power of ten inside `domain`. */
export function logTicks(domain: readonly [number, number]): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(domain[0])); 10 ** power <= domain[1]; power++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** power;
      if (v >= domain[0] && v <= domain[1]) ticks.push(Number(v.toPrecision(12)));
    }
  }
  return ticks;
}

function common(id: ChartId, title: string, series: readonly SeriesPoint[]) {
  return {
    id,
    title,
    atS: series.map((p) => p.startS + 0.5),
    startS: series.map((p) => p.startS),
  };
}

/** Succeeded, degraded and failed per second, stacked (their sum is what finished). */
export function outcomesChart(series: readonly SeriesPoint[]): ChartSpec {
  const succeeded = series.map((p) => p.succeeded);
  const withDegraded = series.map((p) => p.succeeded + p.degraded);
  const finished = series.map((p) => p.succeeded + p.degraded + p.failed);
  const yTicks = linearAxisTicks(finished, 10);
  const max = yTicks[yTicks.length - 1]!;
  const layers: ChartLayer[] = [
    {
      key: 'succeeded',
      label: 'succeeded',
      kind: 'area',
      color: CHART_COLORS.blue,
      values: succeeded,
      shown: succeeded,
      format: perSecond,
    },
    {
      key: 'degraded',
      label: 'degraded (fallback answer)',
      kind: 'area',
      color: CHART_COLORS.orange,
      values: withDegraded,
      base: succeeded,
      shown: series.map((p) => p.degraded),
      format: perSecond,
    },
    {
      key: 'failed',
      label: 'failed',
      kind: 'area',
      color: CHART_COLORS.vermillion,
      values: finished,
      base: withDegraded,
      shown: series.map((p) => p.failed),
      format: perSecond,
      hatched: true,
    },
  ];
  return {
    ...common('outcomes', 'Outcomes per second', series),
    layers,
    y: {
      scale: 'linear',
      domain: [0, max],
      ticks: yTicks,
      format: (v) => String(v),
      label: 'finished / s',
    },
  };
}

/** p50, p95 and p99 latency of answered requests per second, log or linear scale. */
export function latencyChart(series: readonly SeriesPoint[], scale: 'log' | 'linear'): ChartSpec {
  const finite = (v: number) => (Number.isFinite(v) && v > 0 ? v : null);
  const p50 = series.map((p) => finite(p.p50Ms));
  const p95 = series.map((p) => finite(p.p95Ms));
  const p99 = series.map((p) => finite(p.p99Ms));
  const all = [...p50, ...p95, ...p99].filter((v): v is number => v !== null);
  let domain: [number, number];
  let ticks: number[];
  if (scale === 'log') {
    const low = all.length ? Math.min(...all) : 10;
    const high = all.length ? Math.max(...all) : 1000;
    domain = [
      Math.min(10, 10 ** Math.floor(Math.log10(low))),
      Math.max(1000, 10 ** Math.ceil(Math.log10(high))),
    ];
    ticks = logTicks(domain);
  } else {
    ticks = linearAxisTicks(all, 100);
    domain = [0, ticks[ticks.length - 1]!];
  }
  const layer = (key: string, label: string, color: string, values: (number | null)[]) => ({
    key,
    label,
    kind: 'line' as const,
    color,
    values,
    shown: values,
    format: latencyText,
  });
  return {
    ...common('latency', 'Latency of answers', series),
    layers: [
      layer('p50', 'p50 (median)', CHART_COLORS.blue, p50),
      { ...layer('p95', 'p95', CHART_COLORS.orange, p95), dashed: true },
      layer('p99', 'p99', CHART_COLORS.vermillion, p99),
    ],
    y: {
      scale,
      domain,
      ticks,
      format: latencyTick,
      label: scale === 'log' ? 'latency (log)' : 'latency',
    },
  };
}

/** Requests arriving per second (offered load) and succeeding per second (goodput). */
export function throughputChart(series: readonly SeriesPoint[]): ChartSpec {
  const arrived = series.map((p) => p.arrived);
  const succeeded = series.map((p) => p.succeeded);
  const yTicks = linearAxisTicks(arrived, 10);
  const max = yTicks[yTicks.length - 1]!;
  return {
    ...common('throughput', 'Throughput', series),
    layers: [
      {
        key: 'arrived',
        label: 'arrived (offered load)',
        kind: 'line',
        color: CHART_COLORS.muted,
        values: arrived,
        shown: arrived,
        format: perSecond,
        dashed: true,
      },
      {
        key: 'goodput',
        label: 'succeeded (goodput)',
        kind: 'line',
        color: CHART_COLORS.blue,
        values: succeeded,
        shown: succeeded,
        format: perSecond,
      },
    ],
    y: {
      scale: 'linear',
      domain: [0, max],
      ticks: yTicks,
      format: (v) => String(v),
      label: 'requests / s',
    },
  };
}

/** Good requests of one second or window, as the availability setting counts them. */
function goodOf(p: Pick<SeriesPoint, 'succeeded' | 'degraded'>, rule: AvailabilityRule): number {
  return rule.degradedCountsAsAvailable ? p.succeeded + p.degraded : p.succeeded;
}

/**
 * Request availability per second, in percent (null when nothing finished), and over
 * the trailing 60 s (the 1-minute window the burn rate uses).
 */
export function availabilityPoints(
  series: readonly SeriesPoint[],
  rule: AvailabilityRule,
): { perSecond: (number | null)[]; rolling60s: (number | null)[] } {
  const perSecond = series.map((p) => {
    const good = goodOf(p, rule);
    const finished = p.succeeded + p.degraded + p.failed;
    return finished === 0 ? null : 100 * requestAvailability(good, finished - good);
  });
  const rolling60s: (number | null)[] = [];
  let good = 0;
  let finished = 0;
  series.forEach((p, i) => {
    good += goodOf(p, rule);
    finished += p.succeeded + p.degraded + p.failed;
    const old = series[i - 60];
    if (old) {
      good -= goodOf(old, rule);
      finished -= old.succeeded + old.degraded + old.failed;
    }
    rolling60s.push(finished === 0 ? null : 100 * requestAvailability(good, finished - good));
  });
  return { perSecond, rolling60s };
}

/** Top of the nines axis: 5 nines (99.999%); better seconds are drawn on it. */
const NINES_AXIS_TOP = 5;

/** A percentage as nines on the chart's axis, clamped to [0, NINES_AXIS_TOP]. */
function ninesPosition(percent: number): number {
  return Math.min(NINES_AXIS_TOP, Math.max(0, ninesOf(percent / 100)));
}

/** A nines axis tick as a percentage: 1 -> "90%", 3 -> "99.9%", the top "≥ 99.999%". */
export function ninesTickText(nines: number): string {
  if (nines >= NINES_AXIS_TOP) return `≥ ${ninesTickText(NINES_AXIS_TOP - 1e-9)}`;
  const percent = 100 * (1 - 10 ** -nines);
  return `${Number(percent.toFixed(Math.max(0, Math.ceil(nines - 1e-9) - 2)))}%`;
}

/**
 * Bottom of the nines axis: 1 nine (90%) while every second stays above it, else the
 * whole nines below the worst second (0 nines is 0%); always below the SLO line.
 */
export function ninesFloor(values: readonly (number | null)[], sloTarget: number): number {
  let lowest = NINES_AXIS_TOP;
  for (const v of values) if (v !== null) lowest = Math.min(lowest, ninesPosition(v));
  return Math.max(0, Math.min(1, Math.floor(lowest), Math.floor(ninesOf(sloTarget)) - 1));
}

/**
 * Request availability per second and over the last 60 s against the SLO, on a nines
 * axis: 90%, 99%, 99.9%, 99.99% are evenly spaced, so a 99.9% SLO stands clear of
 * 100% and a dip to 99.5% shows as plainly as one to 60%.
 */
export function availabilityChart(
  series: readonly SeriesPoint[],
  sloTarget: number,
  rule: AvailabilityRule,
): ChartSpec {
  const { perSecond, rolling60s } = availabilityPoints(series, rule);
  const floor = ninesFloor([...perSecond, ...rolling60s], sloTarget);
  const ticks: number[] = [];
  for (let n = floor; n <= NINES_AXIS_TOP; n++) ticks.push(n);
  const position = (values: (number | null)[]) =>
    values.map((v) => (v === null ? null : ninesPosition(v)));
  const sloPercent = sloTarget * 100;
  return {
    ...common('availability', 'Availability against the SLO', series),
    layers: [
      {
        key: 'per-second',
        label: 'each second',
        kind: 'line',
        color: CHART_COLORS.blue,
        values: position(perSecond),
        shown: perSecond,
        format: percentText,
      },
      {
        key: 'rolling',
        label: 'last 60 s (rolling)',
        kind: 'line',
        color: CHART_COLORS.purple,
        values: position(rolling60s),
        shown: rolling60s,
        format: percentText,
        dashed: true,
      },
    ],
    y: {
      scale: 'linear',
      domain: [floor, NINES_AXIS_TOP],
      ticks,
      format: ninesTickText,
      label: 'availability (nines)',
    },
    reference: {
      value: ninesPosition(sloPercent),
      label: `SLO ${Number(sloPercent.toFixed(3))}%`,
      color: CHART_COLORS.green,
    },
  };
}

/** One legend entry with its value at a point. */
export interface ReadoutItem {
  key: string;
  label: string;
  /** "40 /s", or "–" when the layer has no value there. */
  value: string;
}

/** Every layer's value at point `index` (the legend's readout). */
export function readoutAt(spec: ChartSpec, index: number): ReadoutItem[] {
  return spec.layers.map((l) => {
    const v = l.shown[index];
    return {
      key: l.key,
      label: l.label,
      value: v === null || v === undefined ? '–' : l.format(v),
    };
  });
}

/** The readout as one sentence, for screen readers: "At 0:35: succeeded 40 /s, ...". */
export function readoutSentence(spec: ChartSpec, index: number): string {
  const at = spec.startS[index];
  if (at === undefined) return '';
  const items = readoutAt(spec, index).map((r) => `${r.label} ${r.value}`);
  const m = Math.floor(at / 60);
  const s = String(at % 60).padStart(2, '0');
  return `${spec.title}, second ${m}:${s}: ${items.join(', ')}.`;
}
