/**
 * The four charts of the Charts tab, built from the engine's per-second series:
 * outcomes (succeeded / degraded / failed per second, stacked), latency percentiles,
 * throughput, and request availability per second against the SLO. Each is a
 * `ChartSpec` for `renderTimeSeries`: its layers read the series point by point, and
 * the streams of values they draw are kept as min/max buckets (downsample.ts), fed
 * only the seconds completed since the previous report (`SeriesBuckets`), so a report
 * costs about the same at minute 1 and at hour 10. Nothing here draws.
 */
import { ninesOf, requestAvailability, type SeriesPoint } from '../sim';
import { CHART_COLORS, type ChartLayer, type ChartSpec } from './chart';
import { MinMaxBuckets } from './downsample';

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

/** Ticks for a linear axis up to `max` (at least `floor`), with a little headroom. */
function linearAxisTicks(max: number | undefined, floor: number): number[] {
  return linearTicks(Math.max(floor, max ?? 0) * 1.05);
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

/** Writes the values of point `index` of `series`, one per stream, into `out`. */
type StreamsAt = (series: readonly SeriesPoint[], index: number, out: (number | null)[]) => void;

/** Whether two series points hold the same numbers (NaN equal to NaN). */
function samePoint(a: SeriesPoint, b: SeriesPoint): boolean {
  return (
    a === b ||
    (a.startS === b.startS &&
      a.arrived === b.arrived &&
      a.succeeded === b.succeeded &&
      a.degraded === b.degraded &&
      a.failed === b.failed &&
      Object.is(a.p50Ms, b.p50Ms) &&
      Object.is(a.p95Ms, b.p95Ms) &&
      Object.is(a.p99Ms, b.p99Ms))
  );
}

/**
 * A chart's streams as min/max buckets, kept from one report to the next: a report
 * whose series holds the last second already fed, as the same point, only adds the
 * seconds after it. The buckets name seconds by their start (not by their index in one
 * report's series), so they stay right when the page's held series (app/store/
 * heldSeries.ts) drops older seconds between reports: every 10 simulated minutes it
 * thins the seconds it moves out of the recent ones, and building the buckets of four
 * charts again from 15,000 held seconds was a 40-60 ms task in a long run. The
 * seconds dropped are never a bucket's extreme at the widths a chart draws
 * (`drawnPoints` in chart.ts widens until every second it names is held). Anything else (a new run,
 * a rebuilt engine whose past differs, other settings) starts again.
 */
export class SeriesBuckets {
  private buckets: MinMaxBuckets | null = null;
  private fed: readonly SeriesPoint[] = [];
  private key = '';
  private readonly scratch: (number | null)[];

  constructor(readonly streams: number) {
    this.scratch = new Array<number | null>(streams).fill(null);
  }

  /**
   * The buckets of `series` as `streamsAt` reads it, naming each second by its start.
   * `key` names what else the streams depend on (a setting such as whether degraded
   * answers count as good).
   */
  update(series: readonly SeriesPoint[], streamsAt: StreamsAt, key = ''): MinMaxBuckets {
    let buckets = this.buckets;
    let from = buckets === null || key !== this.key ? -1 : this.resumeAt(series);
    if (buckets === null || from < 0) {
      buckets = new MinMaxBuckets(this.streams);
      from = 0;
    }
    for (let i = from; i < series.length; i++) {
      streamsAt(series, i, this.scratch);
      const startS = series[i]!.startS;
      buckets.push(startS, this.scratch, startS);
    }
    this.buckets = buckets;
    this.fed = series;
    this.key = key;
    return buckets;
  }

  /**
   * Where in `series` the seconds not fed yet start, or -1 when `series` does not
   * continue the past fed so far.
   */
  private resumeAt(series: readonly SeriesPoint[]): number {
    const fed = this.fed;
    const count = fed.length;
    if (count === 0) return 0;
    const last = fed[count - 1]!;
    const at = indexOfSecond(series, last.startS);
    if (at < 0 || series[at]!.startS !== last.startS) return -1;
    // The engine hands out the same frozen point objects report after report, and the
    // held series keeps them (one engine's past never changes): the same last point is
    // the same past, however many older seconds were dropped since.
    if (series[at] === last) return at + 1;
    // Copies (from a worker, or a rebuilt engine): compare the numbers.
    if (at + 1 !== count) return -1;
    for (let i = 0; i < count; i++) if (!samePoint(series[i]!, fed[i]!)) return -1;
    return count;
  }
}

/**
 * Index of the point of `series` that starts at `second` (ascending starts); where the
 * page holds only some seconds of a long run (app/store/heldSeries.ts), the nearest
 * one held (the earlier on a tie), so the cursor reads a real second and says which.
 * -1 when the series is empty.
 */
export function indexOfSecond(series: readonly SeriesPoint[], second: number): number {
  let low = 0;
  let high = series.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = series[mid]!.startS;
    if (at === second) return mid;
    if (at < second) low = mid + 1;
    else high = mid - 1;
  }
  // Not held: `high` is the last point before `second`, `low` the first after it.
  if (high < 0) return series.length > 0 ? 0 : -1;
  if (low >= series.length) return high;
  return second - series[high]!.startS <= series[low]!.startS - second ? high : low;
}

function common(
  id: ChartId,
  title: string,
  series: readonly SeriesPoint[],
  kept: SeriesBuckets,
  streamsAt: StreamsAt,
  key = '',
) {
  return {
    id,
    title,
    count: series.length,
    startS: (index: number) => series[index]!.startS,
    indexOf: (second: number) => indexOfSecond(series, second),
    buckets: kept.update(series, streamsAt, key),
  };
}

const finished = (p: SeriesPoint) => p.succeeded + p.degraded + p.failed;

const outcomeStreams: StreamsAt = (series, i, out) => {
  const p = series[i]!;
  out[0] = p.succeeded;
  out[1] = p.succeeded + p.degraded;
  out[2] = finished(p);
};

/**
 * Succeeded, degraded and failed per second, stacked (their sum is what finished).
 * `kept`: the buckets of earlier reports (a fresh chart builds its own).
 */
export function outcomesChart(
  series: readonly SeriesPoint[],
  kept = new SeriesBuckets(3),
): ChartSpec {
  const base = common('outcomes', 'Outcomes per second', series, kept, outcomeStreams);
  const yTicks = linearAxisTicks(base.buckets.extent(2)?.[1], 10);
  const max = yTicks[yTicks.length - 1]!;
  const at = (i: number) => series[i]!;
  const layers: ChartLayer[] = [
    {
      key: 'succeeded',
      label: 'succeeded',
      kind: 'area',
      color: CHART_COLORS.blue,
      valueAt: (i) => at(i).succeeded,
      shownAt: (i) => at(i).succeeded,
      streams: [0],
      format: perSecond,
    },
    {
      key: 'degraded',
      label: 'degraded (fallback answer)',
      kind: 'area',
      color: CHART_COLORS.orange,
      valueAt: (i) => at(i).succeeded + at(i).degraded,
      baseAt: (i) => at(i).succeeded,
      shownAt: (i) => at(i).degraded,
      streams: [1, 0],
      format: perSecond,
    },
    {
      key: 'failed',
      label: 'failed',
      kind: 'area',
      color: CHART_COLORS.vermillion,
      valueAt: (i) => finished(at(i)),
      baseAt: (i) => at(i).succeeded + at(i).degraded,
      shownAt: (i) => at(i).failed,
      streams: [2, 1],
      format: perSecond,
      hatched: true,
    },
  ];
  return {
    ...base,
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

/** A latency in ms, or null when nothing was answered that second (NaN). */
const finiteMs = (v: number): number | null => (Number.isFinite(v) && v > 0 ? v : null);

const latencyStreams: StreamsAt = (series, i, out) => {
  const p = series[i]!;
  out[0] = finiteMs(p.p50Ms);
  out[1] = finiteMs(p.p95Ms);
  out[2] = finiteMs(p.p99Ms);
};

/** p50, p95 and p99 latency of answered requests per second, log or linear scale. */
export function latencyChart(
  series: readonly SeriesPoint[],
  scale: 'log' | 'linear',
  kept = new SeriesBuckets(3),
): ChartSpec {
  const base = common('latency', 'Latency of answers', series, kept, latencyStreams);
  const extents = [0, 1, 2].map((s) => base.buckets.extent(s)).filter((e) => e !== null);
  const low = extents.length > 0 ? Math.min(...extents.map((e) => e[0])) : undefined;
  const high = extents.length > 0 ? Math.max(...extents.map((e) => e[1])) : undefined;
  let domain: [number, number];
  let ticks: number[];
  if (scale === 'log') {
    domain = [
      Math.min(10, 10 ** Math.floor(Math.log10(low ?? 10))),
      Math.max(1000, 10 ** Math.ceil(Math.log10(high ?? 1000))),
    ];
    ticks = logTicks(domain);
  } else {
    ticks = linearAxisTicks(high, 100);
    domain = [0, ticks[ticks.length - 1]!];
  }
  const layer = (
    key: string,
    label: string,
    color: string,
    stream: number,
    ms: (p: SeriesPoint) => number,
  ): ChartLayer => ({
    key,
    label,
    kind: 'line',
    color,
    valueAt: (i) => finiteMs(ms(series[i]!)),
    shownAt: (i) => finiteMs(ms(series[i]!)),
    streams: [stream],
    format: latencyText,
  });
  return {
    ...base,
    layers: [
      layer('p50', 'p50 (median)', CHART_COLORS.blue, 0, (p) => p.p50Ms),
      { ...layer('p95', 'p95', CHART_COLORS.orange, 1, (p) => p.p95Ms), dashed: true },
      layer('p99', 'p99', CHART_COLORS.vermillion, 2, (p) => p.p99Ms),
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

const throughputStreams: StreamsAt = (series, i, out) => {
  out[0] = series[i]!.arrived;
  out[1] = series[i]!.succeeded;
};

/** Requests arriving per second (offered load) and succeeding per second (goodput). */
export function throughputChart(
  series: readonly SeriesPoint[],
  kept = new SeriesBuckets(2),
): ChartSpec {
  const base = common('throughput', 'Throughput', series, kept, throughputStreams);
  const yTicks = linearAxisTicks(base.buckets.extent(0)?.[1], 10);
  const max = yTicks[yTicks.length - 1]!;
  const arrived = (i: number) => series[i]!.arrived;
  const succeeded = (i: number) => series[i]!.succeeded;
  return {
    ...base,
    layers: [
      {
        key: 'arrived',
        label: 'arrived (offered load)',
        kind: 'line',
        color: CHART_COLORS.muted,
        valueAt: arrived,
        shownAt: arrived,
        streams: [0],
        format: perSecond,
        dashed: true,
      },
      {
        key: 'goodput',
        label: 'succeeded (goodput)',
        kind: 'line',
        color: CHART_COLORS.blue,
        valueAt: succeeded,
        shownAt: succeeded,
        streams: [1],
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

/** Request availability of point `index`, in percent; null when nothing finished. */
export function availabilityAt(
  series: readonly SeriesPoint[],
  index: number,
  rule: AvailabilityRule,
): number | null {
  const p = series[index]!;
  const good = goodOf(p, rule);
  const done = finished(p);
  return done === 0 ? null : 100 * requestAvailability(good, done - good);
}

/**
 * Totals over the trailing 60 seconds that a point of the page's held series carries
 * (app/store/heldSeries.ts): older seconds are not all held, so they are summed as the
 * seconds arrive.
 */
interface TrailingTotals {
  succeeded: number;
  degraded: number;
  finished: number;
}

/**
 * Request availability over the trailing 60 points up to `index` (the 1-minute window
 * the burn rate uses), in percent; null when nothing finished in them. A point that
 * carries its trailing totals (`last60`) is read from them.
 */
export function rollingAvailabilityAt(
  series: readonly SeriesPoint[],
  index: number,
  rule: AvailabilityRule,
): number | null {
  const carried = (series[index] as SeriesPoint & { last60?: TrailingTotals }).last60;
  if (carried) {
    const good = goodOf(carried, rule);
    return carried.finished === 0 ? null : 100 * requestAvailability(good, carried.finished - good);
  }
  let good = 0;
  let done = 0;
  for (let i = Math.max(0, index - 59); i <= index; i++) {
    good += goodOf(series[i]!, rule);
    done += finished(series[i]!);
  }
  return done === 0 ? null : 100 * requestAvailability(good, done - good);
}

/**
 * Request availability per second, in percent (null when nothing finished), and over
 * the trailing 60 s (the 1-minute window the burn rate uses).
 */
export function availabilityPoints(
  series: readonly SeriesPoint[],
  rule: AvailabilityRule,
): { perSecond: (number | null)[]; rolling60s: (number | null)[] } {
  return {
    perSecond: series.map((_, i) => availabilityAt(series, i, rule)),
    rolling60s: series.map((_, i) => rollingAvailabilityAt(series, i, rule)),
  };
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
  kept = new SeriesBuckets(2),
): ChartSpec {
  // Percentages as streams: ninesPosition keeps their order, so their extremes are
  // the drawn line's extremes.
  const streamsAt: StreamsAt = (s, i, out) => {
    out[0] = availabilityAt(s, i, rule);
    out[1] = rollingAvailabilityAt(s, i, rule);
  };
  const key = rule.degradedCountsAsAvailable ? 'degraded-good' : 'degraded-bad';
  const base = common('availability', 'Availability against the SLO', series, kept, streamsAt, key);
  const floor = ninesFloor(
    [base.buckets.extent(0)?.[0] ?? null, base.buckets.extent(1)?.[0] ?? null],
    sloTarget,
  );
  const ticks: number[] = [];
  for (let n = floor; n <= NINES_AXIS_TOP; n++) ticks.push(n);
  const position = (v: number | null) => (v === null ? null : ninesPosition(v));
  const perSecond = (i: number) => availabilityAt(series, i, rule);
  const rolling = (i: number) => rollingAvailabilityAt(series, i, rule);
  const sloPercent = sloTarget * 100;
  return {
    ...base,
    layers: [
      {
        key: 'per-second',
        label: 'each second',
        kind: 'line',
        color: CHART_COLORS.blue,
        valueAt: (i) => position(perSecond(i)),
        shownAt: perSecond,
        streams: [0],
        format: percentText,
      },
      {
        key: 'rolling',
        label: 'last 60 s (rolling)',
        kind: 'line',
        color: CHART_COLORS.purple,
        valueAt: (i) => position(rolling(i)),
        shownAt: rolling,
        streams: [1],
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
    const v = l.shownAt(index);
    return {
      key: l.key,
      label: l.label,
      value: v === null || v === undefined ? '–' : l.format(v),
    };
  });
}

/** The readout as one sentence, for screen readers: "At 0:35: succeeded 40 /s, ...". */
export function readoutSentence(spec: ChartSpec, index: number): string {
  if (index < 0 || index >= spec.count) return '';
  const at = spec.startS(index);
  const items = readoutAt(spec, index).map((r) => `${r.label} ${r.value}`);
  const m = Math.floor(at / 60);
  const s = String(at % 60).padStart(2, '0');
  return `${spec.title}, second ${m}:${s}: ${items.join(', ')}.`;
}
