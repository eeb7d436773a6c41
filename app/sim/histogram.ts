/**
 * Log-bucketed latency histogram: fixed memory whatever the request count, with a
 * relative error bounded by the bucket width (2^(1/subBuckets) - 1).
 */
export class LatencyHistogram {
  readonly counts: Uint32Array;
  total = 0;

  /** @param subBuckets buckets per doubling; 16 gives ~4.4% width, 8 gives ~9%. */
  constructor(readonly subBuckets = 16) {
    // Covers 1 us .. 2^32 us (over an hour), far beyond any client timeout.
    this.counts = new Uint32Array(32 * subBuckets + 1);
  }

  /** Records one latency in microseconds. */
  record(latencyUs: number): void {
    this.counts[this.bucketOf(latencyUs)]!++;
    this.total++;
  }

  /** Adds another histogram of the same resolution into this one. */
  add(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
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
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return this.bucketMiddleUs(i);
    }
    return this.bucketMiddleUs(this.counts.length - 1);
  }

  private bucketOf(latencyUs: number): number {
    if (latencyUs <= 1) return 0;
    const index = Math.floor(Math.log2(latencyUs) * this.subBuckets) + 1;
    return Math.min(index, this.counts.length - 1);
  }

  private bucketMiddleUs(index: number): number {
    if (index === 0) return 1;
    return 2 ** ((index - 0.5) / this.subBuckets);
  }
}
