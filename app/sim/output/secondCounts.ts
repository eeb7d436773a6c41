/**
 * Outcome counts of the most recent whole seconds, three numbers each in typed arrays: a
 * bounded history for readers that must look back further than the series' buckets are
 * held (the alert evaluator rebuilt after a settings change looks back up to 3 days).
 */

/** Seconds allocated at first; the store doubles up to its bound as the run grows. */
const INITIAL_SECONDS = 1024;

/** One second's outcome counts. */
export interface OutcomeCounts {
  succeeded: number;
  degraded: number;
  failed: number;
}

/**
 * The counts of the last `keptS` seconds recorded (every second from 0 on, in order).
 * Memory is 12 bytes a second up to `keptS`, then flat: second s sits at s mod keptS.
 */
export class SecondCounts {
  private data = new Uint32Array(3 * INITIAL_SECONDS);
  private capacityS = INITIAL_SECONDS;
  private end = 0;

  constructor(private readonly keptS: number) {
    if (!Number.isInteger(keptS) || keptS < 1) {
      throw new RangeError(`keptS must be a whole number from 1, got ${keptS}`);
    }
    if (keptS < INITIAL_SECONDS) {
      this.capacityS = keptS;
      this.data = new Uint32Array(3 * keptS);
    }
  }

  /** The first second still held. */
  get fromS(): number {
    return Math.max(0, this.end - this.keptS);
  }

  /** One past the last second recorded. */
  get endS(): number {
    return this.end;
  }

  /** Records second `second`, which must be the next one (`endS`). */
  record(second: number, succeeded: number, degraded: number, failed: number): void {
    if (second !== this.end) {
      throw new RangeError(`record(${second}): the next second to record is ${this.end}`);
    }
    if (second >= this.capacityS && this.capacityS < this.keptS) {
      // Not wrapped yet (second s is at index s), so a longer copy keeps every place.
      this.capacityS = Math.min(this.keptS, 2 * this.capacityS);
      const grown = new Uint32Array(3 * this.capacityS);
      grown.set(this.data);
      this.data = grown;
    }
    const at = 3 * (second % this.keptS);
    this.data[at] = succeeded;
    this.data[at + 1] = degraded;
    this.data[at + 2] = failed;
    this.end++;
  }

  /** The counts of a held second; throws for one not held. */
  get(second: number): OutcomeCounts {
    if (!Number.isInteger(second) || second < this.fromS || second >= this.end) {
      throw new RangeError(
        `second ${second} is not held: seconds ${this.fromS} to ${this.end - 1} are`,
      );
    }
    const at = 3 * (second % this.keptS);
    return { succeeded: this.data[at]!, degraded: this.data[at + 1]!, failed: this.data[at + 2]! };
  }
}
