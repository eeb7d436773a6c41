/**
 * Time-based availability: uptime / (uptime + downtime), measured by probing the
 * service (docs/reference.md "Availability, nines and error budgets", the first of Google SRE's two definitions; the
 * request-based one is `requestAvailability`). A probe is a synthetic user journey,
 * such as a synthetic-monitoring check sends every few seconds: the simulation sends it
 * down the users' path through every step some users take (a checkout at the payments
 * dependency, a database write), so the service counts as down while any of them fails.
 */
import { numberArray, objectArray } from '../engine/arrays';

/** Accumulates probe results and answers uptime questions over any time range. */
export interface UptimeTracker {
  /**
   * Records a probe at simulated time `atUs` that succeeded (`ok`) or not. Probes come
   * in time order; several at the same instant are allowed and the last one counts.
   * Throws RangeError for a probe earlier than the previous one.
   */
  recordProbe(atUs: number, ok: boolean): void;
  /** Microseconds in [fromUs, toUs) during which the service counted as up. */
  uptimeUs(fromUs: number, toUs: number): number;
  /** Microseconds in [fromUs, toUs) covered by some probe result (up or down). */
  observedUs(fromUs: number, toUs: number): number;
  /**
   * Uptime / observed time over [fromUs, toUs): the time-based availability. 1 when no
   * probe result covers the range, like `requestAvailability` before any request ends.
   */
  uptimeFraction(fromUs: number, toUs: number): number;
  /** `uptimeFraction` over the `windowUs` before `nowUs` (the panel's last 1 and 10 min). */
  windowUptimeFraction(nowUs: number, windowUs: number): number;
  /**
   * Lets go of the probes no question from `fromUs` on needs (all but the last one at or
   * before it), so memory stays flat over a long run. Afterwards a range must start at
   * or before the first probe (the whole run) or at or after `fromUs`; anything between
   * throws RangeError.
   */
  forgetBefore(fromUs: number): void;
  /** Number of probes recorded. */
  readonly probeCount: number;
  /** Number of probes held (bounded once older ones are let go). */
  readonly heldCount: number;
}

/** Index of the last element <= `value` in ascending `sorted`, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length; // invariant: answer + 1 lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * An uptime tracker. Convention (the usual one for uptime checkers): a probe's result
 * holds from that probe until the next probe, so the service is up from a successful
 * probe to the next probe and down from a failed one to the next. The last result
 * holds until whatever "now" the question asks about. Time before the first probe is
 * unknown and left out of both uptime and observed time, rather than counted as up.
 *
 * Each probe costs two numbers; a query is two binary searches, O(log probes), so the
 * panel can ask for the whole run and the sliding windows every frame.
 */
export function createUptimeTracker(): UptimeTracker {
  const timesUs = numberArray();
  const oks = objectArray<boolean>();
  /** Up time from the first probe to probe i, microseconds. */
  const cumulativeUpUs = numberArray();
  /** The first probe's time, and the probes let go (`forgetBefore`). */
  let firstProbeUs = NaN;
  let forgotten = 0;

  /** Up time in [first probe, atUs). */
  function upUntil(atUs: number): number {
    if (!(atUs > firstProbeUs)) return 0;
    const i = lastAtOrBefore(timesUs, atUs);
    if (i < 0) {
      throw new RangeError(
        `uptime at ${atUs} us: probes before ${timesUs[0]} us were let go (forgetBefore)`,
      );
    }
    return cumulativeUpUs[i]! + (oks[i]! ? atUs - timesUs[i]! : 0);
  }

  function observedUs(fromUs: number, toUs: number): number {
    if (timesUs.length === 0) return 0;
    return Math.max(0, toUs - Math.max(fromUs, firstProbeUs));
  }

  function uptimeUs(fromUs: number, toUs: number): number {
    if (toUs <= fromUs) return 0;
    return upUntil(toUs) - upUntil(fromUs);
  }

  function uptimeFraction(fromUs: number, toUs: number): number {
    const observed = observedUs(fromUs, toUs);
    return observed > 0 ? uptimeUs(fromUs, toUs) / observed : 1;
  }

  return {
    recordProbe(atUs, ok) {
      const n = timesUs.length;
      if (!Number.isFinite(atUs) || (n > 0 && atUs < timesUs[n - 1]!)) {
        throw new RangeError(`recordProbe(${atUs}): probes must come in time order`);
      }
      if (n === 0 && forgotten === 0) firstProbeUs = atUs;
      cumulativeUpUs.push(n === 0 ? 0 : upUntil(atUs));
      timesUs.push(atUs);
      oks.push(ok);
    },
    forgetBefore(fromUs) {
      const last = lastAtOrBefore(timesUs, fromUs);
      // Cut once the probes to let go are as many as the ones kept (amortised O(1)).
      if (last <= 0 || last < timesUs.length - last) return;
      timesUs.splice(0, last);
      oks.splice(0, last);
      cumulativeUpUs.splice(0, last);
      forgotten += last;
    },
    uptimeUs,
    observedUs,
    uptimeFraction,
    windowUptimeFraction(nowUs, windowUs) {
      return uptimeFraction(nowUs - windowUs, nowUs);
    },
    get probeCount() {
      return forgotten + timesUs.length;
    },
    get heldCount() {
      return timesUs.length;
    },
  };
}
