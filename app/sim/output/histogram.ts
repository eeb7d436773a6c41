/**
 * Log-bucketed latency histogram: fixed memory whatever the request count, with a
 * relative error bounded by the bucket width (2^(1/subBuckets) - 1).
 */
export class LatencyHistogram {
  /** Counters of this histogram: `size` of them from `offset` on. */
  private readonly counts: Uint32Array;
  private readonly offset: number;
  /** Number of buckets (see `sizeFor`). */
  readonly size: number;
  total = 0;

  /**
   * @param subBuckets buckets per doubling; 16 gives ~4.4% width, 8 gives ~9%.
   * @param storage zeroed counters to use from `offset` on, instead of an array of its
   *   own: many histograms can share one block (the per-second series makes one a
   *   second, and a typed array each costs more than the counting in that second).
   */
  constructor(
    readonly subBuckets = 16,
    storage?: Uint32Array,
    offset = 0,
  ) {
    this.size = LatencyHistogram.sizeFor(subBuckets);
    if (storage !== undefined && (offset < 0 || offset + this.size > storage.length)) {
      throw new RangeError(`no room for ${this.size} counters at ${offset}`);
    }
    this.counts = storage ?? new Uint32Array(this.size);
    this.offset = storage === undefined ? 0 : offset;
  }

  /**
   * Counters a histogram needs: it covers 1 us .. 2^32 us (over an hour), far beyond
   * any client timeout.
   */
  static sizeFor(subBuckets: number): number {
    return 32 * subBuckets + 1;
  }

  /** Records one latency in microseconds. */
  record(latencyUs: number): void {
    this.counts[this.offset + this.bucketOf(latencyUs)]!++;
    this.total++;
  }

  /**
   * Records one latency here and in `other` (any resolution) with one logarithm: the
   * same buckets as `record` on each (a request's latency goes to the run's histogram
   * and to its second's).
   */
  recordBoth(latencyUs: number, other: LatencyHistogram): void {
    const log2 = latencyUs <= 1 ? 0 : Math.log2(latencyUs);
    this.counts[this.offset + this.bucketOfLog2(latencyUs, log2)]!++;
    this.total++;
    other.counts[other.offset + other.bucketOfLog2(latencyUs, log2)]!++;
    other.total++;
  }

  /** Adds another histogram of the same resolution into this one. */
  add(other: LatencyHistogram): void {
    for (let i = 0; i < this.size; i++) {
      this.counts[this.offset + i]! += other.counts[other.offset + i]!;
    }
    this.total += other.total;
  }

  /**
   * The latency (us) below which a fraction q of samples fall, as the geometric
   * middle of the bucket holding that rank. NaN when empty.
   */
  quantileUs(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.size; i++) {
      seen += this.counts[this.offset + i]!;
      if (seen >= rank) return this.bucketMiddleUs(i);
    }
    return this.bucketMiddleUs(this.size - 1);
  }

  private bucketOf(latencyUs: number): number {
    return this.bucketOfLog2(latencyUs, latencyUs <= 1 ? 0 : Math.log2(latencyUs));
  }

  /** `bucketOf` given the latency's base-2 logarithm (read only above 1 us). */
  private bucketOfLog2(latencyUs: number, log2: number): number {
    if (latencyUs <= 1) return 0;
    const index = Math.floor(log2 * this.subBuckets) + 1;
    return Math.min(index, this.size - 1);
  }

  private bucketMiddleUs(index: number): number {
    if (index === 0) return 1;
    return 2 ** ((index - 0.5) / this.subBuckets);
  }
}
