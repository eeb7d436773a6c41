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
const BUCKET_SUB_BUCKETS = 8;
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

/** Append-only list of one-second buckets starting at second 0. */
export class Series {
  readonly buckets = objectArray<SeriesBucket>();
  private block = new Uint32Array(0);
  private blockUsed = BUCKETS_PER_BLOCK;
  /** Buckets before this one have no latency histogram any more (`releaseLatencyBefore`). */
  private latencyFrom = 0;

  /**
   * Lets go of the latency histograms of the buckets before `second`; their counts
   * stay. A histogram is 1 KiB per simulated second, read only while its second is in
   * a sliding window and once for its chart point: kept for a whole run it was most of
   * a long run's memory. A block of histograms is freed once all its buckets let go.
   */
  releaseLatencyBefore(second: number): void {
    const end = Math.min(second, this.buckets.length);
    for (let i = this.latencyFrom; i < end; i++) this.buckets[i]!.latency = RELEASED_LATENCY;
    this.latencyFrom = Math.max(this.latencyFrom, end);
  }

  /** The bucket holding simulated time `timeUs`, creating any missing ones. */
  at(timeUs: number): SeriesBucket {
    const second = Math.floor(timeUs / US_PER_S);
    while (this.buckets.length <= second) this.addBucket();
    return this.buckets[second]!;
  }

  private addBucket(): void {
    if (this.blockUsed === BUCKETS_PER_BLOCK) {
      this.block = new Uint32Array(BUCKET_HISTOGRAM_SIZE * BUCKETS_PER_BLOCK);
      this.blockUsed = 0;
    }
    const offset = BUCKET_HISTOGRAM_SIZE * this.blockUsed++;
    this.buckets.push(emptyBucket(this.buckets.length, this.block, offset));
  }

  /**
   * Totals over [fromUs, toUs), by whole buckets: a bucket counts when its start
   * falls in the range. Used for sliding windows such as "the last 60 s". With
   * `withLatency` false the counts only: the latency histogram is left empty.
   */
  window(fromUs: number, toUs: number, withLatency = true): SeriesBucket {
    const first = Math.max(0, Math.floor(fromUs / US_PER_S));
    const last = Math.min(this.buckets.length, Math.ceil(toUs / US_PER_S));
    if (withLatency && first < this.latencyFrom && first < last) {
      throw new RangeError(
        `window from second ${first}: latency is kept from second ${this.latencyFrom} on`,
      );
    }
    const total = emptyBucket(first);
    for (let i = first; i < last; i++) {
      const b = this.buckets[i]!;
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
