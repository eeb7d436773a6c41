/**
 * Retry backoff with jitter, after the AWS Architecture Blog post "Exponential Backoff
 * and Jitter" and its simulator, aws-samples/aws-arch-backoff-simulator
 * (docs/reference.md "Timeouts, retries, backoff, jitter"):
 *
 *   expo         = min(cap, base * 2^n)
 *   none         = expo
 *   full         = U(0, expo)
 *   equal        = expo / 2 + U(0, expo / 2)
 *   decorrelated = min(cap, U(base, previousSleep * 3))
 *
 * n is the retry number: the first retry uses n = 1, so its ceiling is 2 x base. That
 * is what the AWS simulator does (its client increments `attempt` before calling
 * `backoff(attempt)`). Jitter matters because clients that failed together otherwise
 * retry together: without it every retry of a synchronised burst lands at the same
 * instant, and full jitter spreads them across the whole interval.
 *
 * Envoy's formula differs: retry n sleeps U(0, (2^n - 1) x base) with base 25 ms, capped
 * at 10 x base (250 ms) by default, so its first retry waits at most 1 x base, not 2 x.
 * The settings name Envoy's numbers as references only; the formula here is AWS's.
 */
import type { Random } from '../../engine/random';

/** How a sleep is drawn from the exponential ceiling. */
export type JitterKind = 'none' | 'full' | 'equal' | 'decorrelated';

/** Tunables of a retry backoff; the app's defaults are the `retries.*` settings. */
export interface BackoffOptions {
  /**
   * Base of the exponential (and the minimum sleep of decorrelated jitter).
   * Envoy's retry base interval is 25 ms; a larger base keeps retries visible.
   */
  baseMs: number;
  /**
   * No sleep is longer than this (Envoy caps at 10 x base, 250 ms; the AWS blog leaves
   * the cap to the caller).
   */
  capMs: number;
  /** How the sleep is drawn (AWS: full jitter spreads best; Envoy uses it). */
  jitter: JitterKind;
}

/** The un-jittered ceiling for retry `attempt` (1 = first retry): min(cap, base * 2^attempt). */
export function backoffExpoMs(options: BackoffOptions, attempt: number): number {
  // 2^attempt overflows to Infinity for huge attempts, and min() then returns the cap.
  return Math.min(options.capMs, options.baseMs * 2 ** attempt);
}

/**
 * How long to sleep before retry `attempt` (1 = first retry), in milliseconds.
 *
 * `previousSleepMs` is only read by decorrelated jitter: pass the sleep this function
 * returned for the previous retry, or anything <= baseMs before the first retry (the
 * AWS simulator starts from `sleep = base`). 'none' draws no random number, so with
 * jitter off the stream's other draws stay where they were.
 */
export function backoffDelayMs(
  options: BackoffOptions,
  attempt: number,
  previousSleepMs: number,
  random: Random,
): number {
  switch (options.jitter) {
    case 'none':
      return backoffExpoMs(options, attempt);
    case 'full':
      return random.next() * backoffExpoMs(options, attempt);
    case 'equal': {
      const half = backoffExpoMs(options, attempt) / 2;
      return half + random.next() * half;
    }
    case 'decorrelated': {
      const previous = Math.max(options.baseMs, previousSleepMs);
      const low = options.baseMs;
      const high = previous * 3;
      return Math.min(options.capMs, low + random.next() * (high - low));
    }
  }
}
