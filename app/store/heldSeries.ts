/**
 * The per-second series as the page holds it: only the seconds the charts can draw, so
 * the page's memory stays flat however long the run (the whole series stays in the
 * session, which hands it out on request for the CSV export: `requestSeries`).
 *
 * The charts draw a long run at about one bucket of seconds per pixel column, each
 * bucket by its real seconds with the lowest and highest value of each line or band
 * edge and its first and last second without a value (app/views/downsample.ts). So the
 * page keeps, per bucket of HELD_BUCKETS_MAX power-of-two buckets over the run, those
 * seconds for every value a chart draws (of both availability rules, so switching
 * whether degraded answers count redraws the same seconds), plus every second of the
 * last RECENT_POINTS. A bucket's extremes over these seconds are its extremes over the
 * whole series (ties keep the earlier second in both), so a chart drawn at buckets at
 * least as wide as the held ones, which every chart up to HELD_BUCKETS_MAX pixels wide
 * is, draws exactly the picture the whole series gives. Bounded: at most
 * HELD_BUCKETS_MAX x 4 seconds per value, plus the recent ones.
 *
 * The availability chart's "last 60 s" line needs the 60 seconds before each point,
 * which the page no longer holds for old ones: each point carries its trailing totals,
 * summed as the seconds arrive (`last60`).
 */
import { requestAvailability, type SeriesPoint } from '../sim';

/** Totals over the trailing ROLLING_POINTS seconds up to and including a point. */
export interface TrailingTotals {
  succeeded: number;
  degraded: number;
  finished: number;
}

/** A second of the series, with its trailing totals (the rolling availability). */
export interface HeldPoint extends SeriesPoint {
  readonly last60: TrailingTotals;
}

/** Buckets over the run whose extremes are held: wider than any chart's plot (the exports are 1280 px). */
export const HELD_BUCKETS_MAX = 2048;

/**
 * Most seconds of history held (the older seconds' extremes). Past it the held buckets
 * widen until the history fits again, so the page's memory stops growing once the run
 * has filled it (about 2.5 simulated hours, 3 minutes at 50x), not only once a run
 * reaches HELD_BUCKETS_MAX buckets of the widest seconds it needs: 2,048 buckets of up
 * to 44 seconds each was up to 90,000 points, 20 MiB, reached after more than a day.
 * A chart wider than the held buckets then draws each held bucket's extremes (still
 * real seconds at their times) rather than every column's.
 */
export const HISTORY_POINTS_MAX = 16_384;

/** The newest seconds held one by one (every second of the last 10 minutes reads exactly). */
export const RECENT_POINTS = 600;

/** Seconds in the rolling availability window (the burn rate's 1-minute window). */
export const ROLLING_POINTS = 60;

/**
 * Most seconds held however long the run, with `bucketsMax` buckets and reports of at
 * most `reportMaxS` seconds: four per value and bucket, and the recent seconds (up to
 * twice RECENT_POINTS, and a report, before the older half is thinned).
 */
export function heldPointsMax(reportMaxS: number, bucketsMax = HELD_BUCKETS_MAX): number {
  return (
    Math.min(HISTORY_POINTS_MAX, 4 * HELD_VALUE_COUNT * bucketsMax) + 2 * RECENT_POINTS + reportMaxS
  );
}

const finished = (p: Pick<SeriesPoint, 'succeeded' | 'degraded' | 'failed'>) =>
  p.succeeded + p.degraded + p.failed;

/** A latency as the latency chart draws it: null when nothing was answered. */
const finiteMs = (v: number): number | null => (Number.isFinite(v) && v > 0 ? v : null);

/** Availability in percent of `good` of `done`, as the availability chart draws it. */
const percent = (good: number, done: number): number | null =>
  done === 0 ? null : 100 * requestAvailability(good, done - good);

/** How many values per second the held extremes are kept for (`heldValues`). */
export const HELD_VALUE_COUNT = 11;

/**
 * Every value a chart draws, as the charts compute it (app/views/charts.ts), written
 * into `out`: the outcome bands' edges, the latency percentiles, arrivals, and
 * availability per second and over the last 60 s under either availability rule. NaN
 * where the chart draws no value. One call per second, not one closure per value: a
 * run's history is re-thinned whole when its buckets widen (17,000 seconds at once),
 * and eleven calls through one call site per second made that a 50 ms task in the page.
 */
function heldValues(p: HeldPoint, out: Float64Array): void {
  const done = finished(p);
  const done60 = p.last60.finished;
  out[0] = p.succeeded;
  out[1] = p.succeeded + p.degraded;
  out[2] = done;
  out[3] = finiteMs(p.p50Ms) ?? NaN;
  out[4] = finiteMs(p.p95Ms) ?? NaN;
  out[5] = finiteMs(p.p99Ms) ?? NaN;
  out[6] = p.arrived;
  out[7] = percent(p.succeeded, done) ?? NaN;
  out[8] = percent(p.succeeded + p.degraded, done) ?? NaN;
  out[9] = percent(p.last60.succeeded, done60) ?? NaN;
  out[10] = percent(p.last60.succeeded + p.last60.degraded, done60) ?? NaN;
}

/**
 * Held seconds with their chart values in one flat array: row i is `points[i]`'s
 * HELD_VALUE_COUNT values (`heldValues`) then its start second. Thinning reads only
 * this array, so re-thinning a long history when its buckets widen touches no point
 * objects (whose shapes vary with the report that brought them).
 */
interface Rows {
  points: HeldPoint[];
  values: Float64Array;
}

const ROW = HELD_VALUE_COUNT + 1;

const noRows = (): Rows => ({ points: [], values: new Float64Array(0) });

/** `first`'s rows then `second`'s. */
function concatRows(first: Rows, second: Rows): Rows {
  const values = new Float64Array(first.values.length + second.values.length);
  values.set(first.values);
  values.set(second.values, first.values.length);
  return { points: first.points.concat(second.points), values };
}

/** Rows `from` (inclusive) to `to` (exclusive). */
function sliceRows(rows: Rows, from: number, to = rows.points.length): Rows {
  return { points: rows.points.slice(from, to), values: rows.values.slice(from * ROW, to * ROW) };
}

/**
 * Each value's earliest lowest and highest second and its first and last second
 * without a value, per bucket of `widthS` seconds, among `rows` (in time order).
 */
function extremes(rows: Rows, widthS: number): Rows {
  const { points, values: row } = rows;
  const keep = new Uint8Array(points.length);
  const values = HELD_VALUE_COUNT;
  const minAt = new Int32Array(values);
  const maxAt = new Int32Array(values);
  const gapFirst = new Int32Array(values);
  const gapLast = new Int32Array(values);
  const minValue = new Float64Array(values);
  const maxValue = new Float64Array(values);
  const flush = () => {
    for (let v = 0; v < values; v++) {
      if (minAt[v]! >= 0) keep[minAt[v]!] = 1;
      if (maxAt[v]! >= 0) keep[maxAt[v]!] = 1;
      if (gapFirst[v]! >= 0) keep[gapFirst[v]!] = 1;
      if (gapLast[v]! >= 0) keep[gapLast[v]!] = 1;
    }
  };
  let bucket = -1;
  let kept = 0;
  for (let i = 0; i < points.length; i++) {
    const at = i * ROW;
    const b = Math.floor(row[at + values]! / widthS);
    if (b !== bucket) {
      if (bucket >= 0) flush();
      bucket = b;
      minAt.fill(-1);
      maxAt.fill(-1);
      gapFirst.fill(-1);
      gapLast.fill(-1);
    }
    for (let v = 0; v < values; v++) {
      const x = row[at + v]!;
      if (Number.isNaN(x)) {
        if (gapFirst[v]! < 0) gapFirst[v] = i;
        gapLast[v] = i;
        continue;
      }
      // Strictly lower or higher: ties keep the earlier second, as the charts do.
      if (minAt[v]! < 0 || x < minValue[v]!) {
        minAt[v] = i;
        minValue[v] = x;
      }
      if (maxAt[v]! < 0 || x > maxValue[v]!) {
        maxAt[v] = i;
        maxValue[v] = x;
      }
    }
  }
  if (bucket >= 0) flush();
  for (let i = 0; i < points.length; i++) kept += keep[i]!;
  const out: Rows = { points: [], values: new Float64Array(kept * ROW) };
  for (let i = 0; i < points.length; i++) {
    if (keep[i] !== 1) continue;
    out.values.set(row.subarray(i * ROW, (i + 1) * ROW), out.points.length * ROW);
    out.points.push(points[i]!);
  }
  return out;
}

/**
 * The held seconds of one run's series: older seconds thinned to their buckets'
 * extremes (`history`), the newest ones one by one (`recent`). `append` takes each
 * report's new seconds; the points handed out are a new array whenever they change
 * (the charts compare by reference). At most 4 x 11 seconds per bucket of history
 * (fewer in practice: one second is often the extreme of several values), plus
 * the recent seconds (`heldPointsMax`).
 */
export class HeldSeries {
  private history: Rows = noRows();
  private recent: HeldPoint[] = [];
  /** The recent points' rows (see `Rows`), filled up to `recent.length`. */
  private recentValues = new Float64Array(4 * RECENT_POINTS * ROW);
  private published: readonly HeldPoint[] = Object.freeze([]);
  /** Seconds of the run's series seen so far (held or not). */
  private seen = 0;
  /** Seconds per held bucket (a power of two). */
  private widthS = 1;
  /** The trailing ROLLING_POINTS seconds' succeeded, degraded and finished, a ring. */
  private readonly window = new Float64Array(3 * ROLLING_POINTS);
  private readonly sums: TrailingTotals = { succeeded: 0, degraded: 0, finished: 0 };

  constructor(private readonly bucketsMax = HELD_BUCKETS_MAX) {
    if (!Number.isInteger(bucketsMax) || bucketsMax < 1) {
      throw new RangeError(`bucketsMax must be a whole number from 1, got ${bucketsMax}`);
    }
  }

  /** Seconds of the run's series seen (the index the next report's points start at). */
  get count(): number {
    return this.seen;
  }

  /** Seconds per held bucket: 1 until the run outgrows the held buckets. */
  get bucketS(): number {
    return this.widthS;
  }

  /** The held points, in time order (a new array after every change). */
  points(): readonly HeldPoint[] {
    return this.published;
  }

  /**
   * Adds a report's points. `start` is the index of `fresh[0]` in the run's whole
   * series: 0 (or absent) for a whole series (a new engine: what was held goes), or the
   * count seen so far for the seconds since.
   */
  append(start: number | undefined, fresh: readonly SeriesPoint[]): void {
    if (!start) this.clear();
    else if (start !== this.seen) {
      throw new RangeError(
        `a report's series must start at 0 or at the ${this.seen} seconds held, not at ${start}`,
      );
    }
    if (fresh.length === 0) return;
    if (fresh[0]!.startS > this.seen) {
      // The engine no longer held the seconds in between (the page was more than an hour
      // behind, as after a long seek): they are missing from the charts, and the trailing
      // totals start again from the first second sent.
      this.seen = fresh[0]!.startS;
      this.window.fill(0);
      this.sums.succeeded = 0;
      this.sums.degraded = 0;
      this.sums.finished = 0;
    }
    for (const point of fresh) this.addRecent(this.withTrailing(point));
    const lastS = fresh[fresh.length - 1]!.startS;
    if (Math.floor(lastS / this.widthS) >= this.bucketsMax) {
      while (Math.floor(lastS / this.widthS) >= this.bucketsMax) this.widthS *= 2;
      // Neighbouring buckets merge: their extremes are among the ones held.
      this.history = extremes(this.history, this.widthS);
    }
    if (this.recent.length >= 2 * RECENT_POINTS) {
      // The seconds before the recent ones move to the history, thinned together with
      // the history's seconds of the bucket they start in (which may still be filling:
      // its extremes so far include the ones of the whole bucket that are among them).
      const movedCount = this.recent.length - RECENT_POINTS;
      const moved: Rows = {
        points: this.recent.slice(0, movedCount),
        values: this.recentValues.slice(0, movedCount * ROW),
      };
      this.recent = this.recent.slice(-RECENT_POINTS);
      this.recentValues.copyWithin(0, movedCount * ROW, (movedCount + RECENT_POINTS) * ROW);
      const firstBucket = Math.floor(moved.points[0]!.startS / this.widthS);
      const history = this.history.points;
      let from = history.length;
      while (from > 0 && Math.floor(history[from - 1]!.startS / this.widthS) >= firstBucket) {
        from--;
      }
      const merged = extremes(concatRows(sliceRows(this.history, from), moved), this.widthS);
      this.history = concatRows(sliceRows(this.history, 0, from), merged);
      while (this.history.points.length > HISTORY_POINTS_MAX) {
        this.widthS *= 2;
        this.history = extremes(this.history, this.widthS);
      }
    }
    this.published = Object.freeze(this.history.points.concat(this.recent));
  }

  /** Adds a point to the recent ones, with its row of chart values. */
  private addRecent(point: HeldPoint): void {
    const at = this.recent.length * ROW;
    if (at + ROW > this.recentValues.length) {
      const grown = new Float64Array(2 * this.recentValues.length);
      grown.set(this.recentValues);
      this.recentValues = grown;
    }
    const row = this.recentValues.subarray(at, at + ROW);
    heldValues(point, row);
    row[HELD_VALUE_COUNT] = point.startS;
    this.recent.push(point);
  }

  private clear(): void {
    this.history = noRows();
    this.recent = [];
    this.published = Object.freeze([]);
    this.seen = 0;
    this.widthS = 1;
    this.window.fill(0);
    this.sums.succeeded = 0;
    this.sums.degraded = 0;
    this.sums.finished = 0;
  }

  /**
   * The point with its trailing totals: the seconds arrive in order, one each, so the
   * `seen`-th replaces the one ROLLING_POINTS before it in the ring (zeros at first).
   */
  private withTrailing(point: SeriesPoint): HeldPoint {
    const at = 3 * (this.seen % ROLLING_POINTS);
    const w = this.window;
    const sums = this.sums;
    sums.succeeded += point.succeeded - w[at]!;
    sums.degraded += point.degraded - w[at + 1]!;
    sums.finished += finished(point) - w[at + 2]!;
    w[at] = point.succeeded;
    w[at + 1] = point.degraded;
    w[at + 2] = finished(point);
    this.seen++;
    return { ...point, last60: { ...sums } };
  }
}

/** Held points as the engine's points, without their trailing totals. */
export function enginePoints(points: readonly SeriesPoint[]): SeriesPoint[] {
  return points.map(({ startS, arrived, succeeded, degraded, failed, p50Ms, p95Ms, p99Ms }) => ({
    startS,
    arrived,
    succeeded,
    degraded,
    failed,
    p50Ms,
    p95Ms,
    p99Ms,
  }));
}

/**
 * The store's metrics with its held series as the engine's points: what an engine's
 * `metrics()` gives when the run is short enough for every second to be held.
 */
export function withEnginePoints<M extends { series: readonly SeriesPoint[] }>(metrics: M): M {
  return { ...metrics, series: enginePoints(metrics.series) };
}
