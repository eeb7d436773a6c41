/**
 * The per-second series held in tiers, like a round-robin database (RRDtool, Prometheus
 * downsampling): every second of the last hour, every minute of the last day, every
 * hour of the run. A minute's or an hour's point is made from its seconds' own counts
 * and latency histograms when it ends, so its counts are exact sums and its
 * percentiles are those of all the requests answered in it (at the histograms' 9%
 * resolution, the same as a second's). Memory is flat in the run's length but for the
 * hours: 24 small points per simulated day.
 */
import { LatencyHistogram } from './histogram';
import { SERIES_SUB_BUCKETS, type SeriesBucket } from './series';
import type { SeriesPoint } from './snapshot';
import { US_PER_MS } from '../engine/time';

/** Seconds held one by one: the last hour (a chart's recent part, the CSV's finest rows). */
export const SECONDS_KEPT_S = 3600;
/** Seconds of per-minute points held: the last day. */
export const MINUTES_KEPT_S = 86_400;

/** The held points of each tier, each tier starting where the coarser one ends. */
export interface SeriesTiers {
  /** One point an hour, `widthS` 3600, up to where `minutes` start. */
  hours: readonly SeriesPoint[];
  /** One point a minute, `widthS` 60, up to where `seconds` start. */
  minutes: readonly SeriesPoint[];
  /** One point a second, up to the last completed second. */
  seconds: readonly SeriesPoint[];
}

/** A point of `widthS` seconds from its counts and the latency of what was answered. */
function pointOf(
  startS: number,
  widthS: number,
  counts: Pick<SeriesBucket, 'arrived' | 'succeeded' | 'degraded' | 'failed'>,
  latency: LatencyHistogram,
): SeriesPoint {
  const point: SeriesPoint = {
    startS,
    arrived: counts.arrived,
    succeeded: counts.succeeded,
    degraded: counts.degraded,
    failed: counts.failed,
    p50Ms: latency.quantileUs(0.5) / US_PER_MS,
    p95Ms: latency.quantileUs(0.95) / US_PER_MS,
    p99Ms: latency.quantileUs(0.99) / US_PER_MS,
  };
  if (widthS !== 1) point.widthS = widthS;
  return Object.freeze(point);
}

/** Sums seconds into one point of `widthS` seconds at a time. */
class Accumulator {
  private counts = { arrived: 0, succeeded: 0, degraded: 0, failed: 0 };
  private latency = new LatencyHistogram(SERIES_SUB_BUCKETS);

  constructor(private readonly widthS: number) {}

  /** Adds a completed second; returns the point of its period when that second ends it. */
  add(b: SeriesBucket): SeriesPoint | null {
    this.counts.arrived += b.arrived;
    this.counts.succeeded += b.succeeded;
    this.counts.degraded += b.degraded;
    this.counts.failed += b.failed;
    this.latency.add(b.latency);
    if ((b.startS + 1) % this.widthS !== 0) return null;
    const point = pointOf(b.startS + 1 - this.widthS, this.widthS, this.counts, this.latency);
    this.counts = { arrived: 0, succeeded: 0, degraded: 0, failed: 0 };
    this.latency = new LatencyHistogram(SERIES_SUB_BUCKETS);
    return point;
  }
}

/**
 * Drops the oldest points of `points` (whose widths are `widthS`) once they are twice
 * `keptS`, keeping at least `keptS` seconds and starting on a multiple of `alignS`, so
 * the coarser tier (whose periods are `alignS` long) ends exactly where this one starts.
 */
function trimmed(
  points: SeriesPoint[],
  widthS: number,
  keptS: number,
  alignS: number,
): SeriesPoint[] {
  if (points.length * widthS < 2 * keptS) return points;
  const endS = points[points.length - 1]!.startS + widthS;
  const fromS = Math.floor((endS - keptS) / alignS) * alignS;
  return points.filter((p) => p.startS >= fromS);
}

/** The tiers of one run's series, fed each completed second in order. */
export function createSeriesTiers() {
  let seconds: SeriesPoint[] = [];
  let minutes: SeriesPoint[] = [];
  const hours: SeriesPoint[] = [];
  const minute = new Accumulator(60);
  const hour = new Accumulator(3600);

  return {
    /** Adds the next completed second (with its latency histogram still held). */
    addSecond(b: SeriesBucket): void {
      seconds.push(pointOf(b.startS, 1, b, b.latency));
      seconds = trimmed(seconds, 1, SECONDS_KEPT_S, 60);
      const m = minute.add(b);
      if (m) {
        minutes.push(m);
        minutes = trimmed(minutes, 60, MINUTES_KEPT_S, 3600);
      }
      const h = hour.add(b);
      if (h) hours.push(h);
    },
    /** The per-second points held (the last SECONDS_KEPT_S to twice that). */
    seconds(): readonly SeriesPoint[] {
      return seconds;
    },
    /** Points held in every tier (a test's measure of memory). */
    heldCount(): number {
      return seconds.length + minutes.length + hours.length;
    },
    /** Every tier, each without the periods a finer tier covers. */
    export(): SeriesTiers {
      const secondsFromS = seconds[0]?.startS ?? 0;
      const finerMinutes = minutes.filter((p) => p.startS < secondsFromS);
      const minutesFromS = finerMinutes[0]?.startS ?? secondsFromS;
      return {
        hours: hours.filter((p) => p.startS < minutesFromS),
        minutes: finerMinutes,
        seconds: seconds.slice(),
      };
    },
  };
}
