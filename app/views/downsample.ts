/**
 * Min/max buckets of per-second values, so a chart of a long run draws about one bucket
 * per pixel column without hiding a spike or an outage.
 *
 * A run at 50x makes 50 chart points a second, 90,000 in half an hour: drawing every
 * one on a chart 500 pixels wide costs a long path per report for nothing the eye can
 * see. Averaging seconds together would be cheaper but dishonest: a one-second outage
 * in a bucket of a minute would vanish. So each bucket keeps, per stream of values,
 * the seconds that hold its lowest and highest value and its first and last seconds
 * without one (a gap: nothing answered). A chart draws those real seconds, in time
 * order, at their own time: every extreme and every gap stays on screen, and no point
 * is drawn at a time or value that did not happen. (M4, Jugel et al., VLDB 2014, adds
 * each bucket's first and last second to get the lines between columns pixel-exact;
 * they doubled the points drawn and change nothing a reader can see at a pixel.)
 *
 * Buckets are a power of two seconds wide and aligned on multiples of their width from
 * second 0, so two neighbours merge into one of the next width exactly. Seconds are fed
 * once each, as they complete; when the buckets pass BUCKETS_MAX they merge in pairs,
 * so memory stays bounded however long the run. Drawing merges further on the fly, to
 * the coarsest width a pixel column needs. Pure data in, indices out: no DOM here.
 */

/** Most buckets kept per stream before neighbours merge (enough for a 1920 px export). */
export const BUCKETS_MAX = 4096;

/** Fields per bucket and stream in the flat store (MIN is NONE when it has no value). */
const MIN = 0;
const MAX = 1;
const GAP_FIRST = 2;
const GAP_LAST = 3;
const MIN_VALUE = 4;
const MAX_VALUE = 5;
const FIELDS = 6;
/** "No such second" in an index field. */
const NONE = -1;

/** The smallest power of two (1, 2, 4...) at or above `value`; 1 for anything up to 1. */
export function powerOfTwoAtLeast(value: number): number {
  let width = 1;
  while (width < value) width *= 2;
  return width;
}

/**
 * Seconds per drawn bucket for `columns` pixel columns over `spanS` seconds: the
 * smallest power of two that gives at most one bucket per column.
 */
export function bucketSecondsFor(spanS: number, columns: number): number {
  return powerOfTwoAtLeast(spanS / Math.max(1, Math.floor(columns)));
}

/**
 * Several streams of per-second values (a chart's lines and band edges), each kept as
 * min/max buckets. Seconds are pushed in ascending order of their start; point `i` is
 * the i-th pushed, and the indices handed back are these.
 */
export class MinMaxBuckets {
  /** Seconds per stored bucket (a power of two). */
  private widthS = 1;
  /** Buckets in use (the last one may still be filling). */
  private used = 0;
  private store: Float64Array;
  private pushed = 0;
  private lastStartS = -Infinity;
  private readonly lowest: number[];
  private readonly highest: number[];

  constructor(
    readonly streams: number,
    private readonly capacity = BUCKETS_MAX,
  ) {
    if (!Number.isInteger(streams) || streams < 1) {
      throw new RangeError(`streams must be a whole number from 1, got ${streams}`);
    }
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
      throw new RangeError(`capacity must be an even whole number from 2, got ${capacity}`);
    }
    this.store = new Float64Array(Math.min(capacity, 64) * streams * FIELDS);
    this.lowest = new Array<number>(streams).fill(Infinity);
    this.highest = new Array<number>(streams).fill(-Infinity);
  }

  /** Seconds pushed so far. */
  get count(): number {
    return this.pushed;
  }

  /** Seconds per stored bucket: 1 until the run outgrows BUCKETS_MAX seconds. */
  get storedBucketS(): number {
    return this.widthS;
  }

  /** Lowest and highest value of `stream` over every second, or null when it has none. */
  extent(stream: number): [number, number] | null {
    const low = this.lowest[stream]!;
    return low === Infinity ? null : [low, this.highest[stream]!];
  }

  /**
   * Adds the second starting at `startS` (after every second pushed before it) with
   * one value per stream; null (or NaN) where the stream has no value that second.
   * `id` is what `drawn` hands back for it: its index among the seconds pushed unless
   * the caller names it otherwise (SeriesBuckets names seconds by their start, so the
   * buckets outlive a series that drops seconds between reports).
   */
  push(startS: number, values: ArrayLike<number | null>, id = this.pushed): void {
    if (!Number.isFinite(startS) || startS < 0 || startS < this.lastStartS) {
      throw new RangeError(
        `seconds must be pushed in order from 0: got ${startS} after ${this.lastStartS}`,
      );
    }
    if (values.length !== this.streams) {
      throw new RangeError(`expected ${this.streams} values, got ${values.length}`);
    }
    this.lastStartS = startS;
    let bucket = Math.floor(startS / this.widthS);
    while (bucket >= this.capacity) {
      this.halve();
      bucket = Math.floor(startS / this.widthS);
    }
    this.reserve(bucket + 1);
    for (let b = this.used; b <= bucket; b++) this.clear(b);
    this.used = Math.max(this.used, bucket + 1);
    this.pushed++;
    const index = id;
    for (let s = 0; s < this.streams; s++) {
      const at = this.offset(bucket, s);
      const raw = values[s];
      const value = raw === null || raw === undefined || Number.isNaN(raw) ? null : raw;
      const f = this.store;
      if (value === null) {
        if (f[at + GAP_FIRST] === NONE) f[at + GAP_FIRST] = index;
        f[at + GAP_LAST] = index;
        continue;
      }
      if (f[at + MIN] === NONE) {
        f[at + MIN] = index;
        f[at + MAX] = index;
        f[at + MIN_VALUE] = value;
        f[at + MAX_VALUE] = value;
      } else {
        // Ties keep the earlier second: the extreme is where it first happened.
        if (value < f[at + MIN_VALUE]!) {
          f[at + MIN] = index;
          f[at + MIN_VALUE] = value;
        }
        if (value > f[at + MAX_VALUE]!) {
          f[at + MAX] = index;
          f[at + MAX_VALUE] = value;
        }
      }
      if (value < this.lowest[s]!) this.lowest[s] = value;
      if (value > this.highest[s]!) this.highest[s] = value;
    }
  }

  /**
   * The seconds to draw for `streams`, in buckets at least `minBucketS` wide: per
   * bucket, the union over those streams of the lowest and highest second and the
   * first and last second without a value, ascending, as the ids they were pushed with
   * (their indices unless named otherwise). Also the bucket
   * width used (a power of two, never finer than the stored buckets).
   */
  drawn(streams: readonly number[], minBucketS: number): { bucketS: number; indices: number[] } {
    for (const s of streams) {
      if (!Number.isInteger(s) || s < 0 || s >= this.streams) {
        throw new RangeError(`no stream ${s}: streams are 0 to ${this.streams - 1}`);
      }
    }
    const bucketS = Math.max(this.widthS, powerOfTwoAtLeast(minBucketS));
    const group = bucketS / this.widthS;
    const indices: number[] = [];
    const picks: number[] = [];
    const merged = new Float64Array(FIELDS);
    for (let first = 0; first < this.used; first += group) {
      const end = Math.min(this.used, first + group);
      picks.length = 0;
      for (const s of streams) {
        merged.fill(NONE);
        for (let b = first; b < end; b++) mergeBucket(merged, 0, this.store, this.offset(b, s));
        for (const field of [MIN, MAX, GAP_FIRST, GAP_LAST]) {
          if (merged[field] !== NONE) picks.push(merged[field]!);
        }
      }
      picks.sort((a, b) => a - b);
      for (let k = 0; k < picks.length; k++) {
        if (k === 0 || picks[k] !== picks[k - 1]) indices.push(picks[k]!);
      }
    }
    return { bucketS, indices };
  }

  private offset(bucket: number, stream: number): number {
    return (bucket * this.streams + stream) * FIELDS;
  }

  /** Room for `buckets` buckets (at most the capacity), doubling the store as needed. */
  private reserve(buckets: number): void {
    const have = this.store.length / (this.streams * FIELDS);
    if (buckets <= have) return;
    let size = have;
    while (size < buckets) size *= 2;
    const grown = new Float64Array(Math.min(this.capacity, size) * this.streams * FIELDS);
    grown.set(this.store);
    this.store = grown;
  }

  private clear(bucket: number): void {
    const from = this.offset(bucket, 0);
    this.store.fill(NONE, from, from + this.streams * FIELDS);
  }

  /** Doubles the bucket width: each pair of neighbours becomes one bucket. */
  private halve(): void {
    const f = this.store;
    const merged = Math.ceil(this.used / 2);
    // Bucket b is written after buckets 2b and 2b + 1 are read, and before any later
    // pair is: b < 2b for every b > 0, and b = 0 is its own left half.
    for (let b = 0; b < merged; b++) {
      for (let s = 0; s < this.streams; s++) {
        const into = this.offset(b, s);
        const left = this.offset(2 * b, s);
        if (into !== left) f.copyWithin(into, left, left + FIELDS);
        if (2 * b + 1 < this.used) mergeBucket(f, into, f, this.offset(2 * b + 1, s));
      }
    }
    for (let b = merged; b < this.used; b++) this.clear(b);
    this.used = merged;
    this.widthS *= 2;
  }
}

/**
 * Merges the bucket at `from` in `source` into the one at `into` in `target`, which
 * holds the seconds just before it (or nothing yet: every field NONE).
 */
function mergeBucket(target: Float64Array, into: number, source: Float64Array, from: number): void {
  if (source[from + GAP_FIRST] !== NONE) {
    if (target[into + GAP_FIRST] === NONE) target[into + GAP_FIRST] = source[from + GAP_FIRST]!;
    target[into + GAP_LAST] = source[from + GAP_LAST]!;
  }
  if (source[from + MIN] === NONE) return;
  if (target[into + MIN] === NONE) {
    target[into + MIN] = source[from + MIN]!;
    target[into + MAX] = source[from + MAX]!;
    target[into + MIN_VALUE] = source[from + MIN_VALUE]!;
    target[into + MAX_VALUE] = source[from + MAX_VALUE]!;
  } else {
    // Ties keep the earlier second: the extreme is where it first happened.
    if (source[from + MIN_VALUE]! < target[into + MIN_VALUE]!) {
      target[into + MIN] = source[from + MIN]!;
      target[into + MIN_VALUE] = source[from + MIN_VALUE]!;
    }
    if (source[from + MAX_VALUE]! > target[into + MAX_VALUE]!) {
      target[into + MAX] = source[from + MAX]!;
      target[into + MAX_VALUE] = source[from + MAX_VALUE]!;
    }
  }
}
