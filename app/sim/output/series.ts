/**
 * Per-second buckets of simulated time: what finished in each second and how. The
 * charts, sliding-window availability and the CLI all read from these buckets.
 */
import { objectArray } from '../engine/arrays';
import { LatencyHistogram } from './histogram';
import { US_PER_S } from '../engine/time';

/**
 * Why a request failed: connection refused (a crashed process), no answer in time,
 * rejected by an overloaded server (shed), rejected by an open circuit breaker, or an
 * error answer (5xx) from a server.
 */
export type FailureReason = 'refused' | 'timeout' | 'shed' | 'circuit-open' | 'error';

export const FAILURE_REASONS: readonly FailureReason[] = [
  'refused',
  'timeout',
  'shed',
  'circuit-open',
  'error',
];

/** A zeroed count per failure reason. */
export function emptyFailureCounts(): Record<FailureReason, number> {
  return { refused: 0, timeout: 0, shed: 0, 'circuit-open': 0, error: 0 };
}

export interface SeriesBucket {
  /** Start of the bucket, in whole simulated seconds. */
  startS: number;
  /** Requests that entered the system in this second. */
  arrived: number;
  succeeded: number;
  /** Answered with a fallback (degraded), not a full success. */
  degraded: number;
  failed: number;
  failedBy: Record<FailureReason, number>;
  /** Latency of requests that succeeded in this second (9% buckets, 1 KiB). */
  latency: LatencyHistogram;
}

/** Sub-buckets of a bucket's latency histogram (9% wide). */
export const SERIES_SUB_BUCKETS = 8;
const BUCKET_SUB_BUCKETS = SERIES_SUB_BUCKETS;
const BUCKET_HISTOGRAM_SIZE = LatencyHistogram.sizeFor(BUCKET_SUB_BUCKETS);

function emptyBucket(startS: number, storage?: Uint32Array, offset?: number): SeriesBucket {
  return {
    startS,
    arrived: 0,
    succeeded: 0,
    degraded: 0,
    failed: 0,
    failedBy: emptyFailureCounts(),
    latency: new LatencyHistogram(BUCKET_SUB_BUCKETS, storage, offset),
  };
}

/**
 * Buckets whose histogram counters share one block. A run makes a bucket per simulated
 * second; a typed array each (a backing store of its own) cost more than all the
 * counting done in that second at the default rate.
 */
const BUCKETS_PER_BLOCK = 64;

/**
 * Stands in for the histograms of buckets whose latency was released: empty, and never
 * recorded into (nothing is recorded in a second that has ended).
 */
const RELEASED_LATENCY = new LatencyHistogram(BUCKET_SUB_BUCKETS);

/**
 * One-second buckets from second 0, of which only the newer ones are held: a bucket is
 * an object per simulated second, so holding all of them grew the engine's memory with
 * the run (25 simulated hours at the page's 50x is 90,000 of them). The reader that has
 * taken what it needs from the older ones lets them go (`dropBefore`); the whole-run
 * figures are running counters in `World`, never sums over these buckets.
 */
export class Series {
  /** The held buckets: second `firstS + i` at index i. */
  private held = objectArray<SeriesBucket>();
  /** Second of `held[0]`: the buckets before it were let go. */
  private firstS = 0;
  private block = new Uint32Array(0);
  private blockUsed = BUCKETS_PER_BLOCK;
  /** Buckets before this one have no latency histogram any more (`releaseLatencyBefore`). */
  private latencyFrom = 0;
  /**
   * The bucket `at` returned last and the microseconds it covers: nearly every call is
   * for the same second as the one before (two a request), so no division then. NaN
   * (matches nothing) rather than 0: times outgrow small integers, see `engine/arrays.ts`.
   */
  private lastBucket: SeriesBucket | null = null;
  private lastFromUs = NaN;
  private lastToUs = NaN;

  /** Seconds made so far (held or let go): the next bucket is second `length`. */
  get length(): number {
    return this.firstS + this.held.length;
  }

  /** The first second still held (`dropBefore`). */
  get heldFromS(): number {
    return this.firstS;
  }

  /** Buckets held now (bounded when the reader lets old ones go). */
  get heldCount(): number {
    return this.held.length;
  }

  /** The bucket of whole second `second`; throws for one let go or not made yet. */
  bucket(second: number): SeriesBucket {
    const b = this.held[second - this.firstS];
    if (second < this.firstS || !b) {
      throw new RangeError(
        `second ${second} is not held: seconds ${this.firstS} to ${this.length - 1} are`,
      );
    }
    return b;
  }

  /**
   * Lets go of the buckets before `second` (their counts are in the run's counters and
   * in the chart points already made from them). Amortised: the array is cut once the
   * seconds let go are as many as the ones held.
   */
  dropBefore(second: number): void {
    const drop = Math.min(second, this.length) - this.firstS;
    if (drop <= 0 || drop < this.held.length - drop) return;
    this.latencyFrom = Math.max(this.latencyFrom, this.firstS + drop);
    this.held.splice(0, drop);
    this.firstS += drop;
    // The bucket `at` remembers may be one let go: forget it, so asking for it throws.
    this.lastBucket = null;
    this.lastToUs = NaN;
  }

  /**
   * Lets go of the latency histograms of the buckets before `second`; their counts
   * stay. A histogram is 1 KiB per simulated second, read only while its second is in
   * a sliding window and once for its chart point: kept for a whole run it was most of
   * a long run's memory. A block of histograms is freed once all its buckets let go.
   */
  releaseLatencyBefore(second: number): void {
    const end = Math.min(second, this.length);
    for (let i = Math.max(this.latencyFrom, this.firstS); i < end; i++) {
      this.held[i - this.firstS]!.latency = RELEASED_LATENCY;
    }
    this.latencyFrom = Math.max(this.latencyFrom, end);
  }

  /** The bucket holding simulated time `timeUs`, creating any missing ones. */
  at(timeUs: number): SeriesBucket {
    if (timeUs >= this.lastFromUs && timeUs < this.lastToUs) return this.lastBucket!;
    const second = Math.floor(timeUs / US_PER_S);
    while (this.length <= second) this.addBucket();
    const bucket = this.bucket(second);
    this.lastBucket = bucket;
    this.lastFromUs = second * US_PER_S;
    this.lastToUs = (second + 1) * US_PER_S;
    return bucket;
  }

  private addBucket(): void {
    if (this.blockUsed === BUCKETS_PER_BLOCK) {
      this.block = new Uint32Array(BUCKET_HISTOGRAM_SIZE * BUCKETS_PER_BLOCK);
      this.blockUsed = 0;
    }
    const offset = BUCKET_HISTOGRAM_SIZE * this.blockUsed++;
    this.held.push(emptyBucket(this.length, this.block, offset));
  }

  /**
   * Totals over [fromUs, toUs), by whole buckets: a bucket counts when its start
   * falls in the range. Used for sliding windows such as "the last 60 s". With
   * `withLatency` false the counts only: the latency histogram is left empty.
   */
  window(fromUs: number, toUs: number, withLatency = true): SeriesBucket {
    const first = Math.max(0, Math.floor(fromUs / US_PER_S));
    const last = Math.min(this.length, Math.ceil(toUs / US_PER_S));
    if (first < this.firstS && first < last) {
      throw new RangeError(`window from second ${first}: seconds are held from ${this.firstS} on`);
    }
    if (withLatency && first < this.latencyFrom && first < last) {
      throw new RangeError(
        `window from second ${first}: latency is kept from second ${this.latencyFrom} on`,
      );
    }
    const total = emptyBucket(first);
    for (let i = first; i < last; i++) {
      const b = this.held[i - this.firstS]!;
      total.arrived += b.arrived;
      total.succeeded += b.succeeded;
      total.degraded += b.degraded;
      total.failed += b.failed;
      for (const reason of FAILURE_REASONS) total.failedBy[reason] += b.failedBy[reason];
      if (withLatency) total.latency.add(b.latency);
    }
    return total;
  }
}
