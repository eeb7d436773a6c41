/**
 * Simulated time. The engine counts integer microseconds so that event ordering
 * never depends on floating-point rounding; the brand keeps wall-clock numbers out.
 */
export type SimTimeUs = number & { readonly __brand: 'SimTimeUs' };

/** Microseconds in one millisecond and one second. */
export const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;

/** A simulated instant or duration from milliseconds, rounded to the microsecond. */
export function usFromMs(ms: number): SimTimeUs {
  return Math.round(ms * US_PER_MS) as SimTimeUs;
}

/** A simulated instant or duration from seconds, rounded to the microsecond. */
export function usFromS(seconds: number): SimTimeUs {
  return Math.round(seconds * US_PER_S) as SimTimeUs;
}

/** Seconds (fractional) in a simulated duration. */
export function sFromUs(us: number): number {
  return us / US_PER_S;
}

/** Formats a simulated instant as `m:ss.t` for logs and labels. */
export function formatSimTime(us: number): string {
  const totalTenths = Math.floor(us / 100_000);
  const tenths = totalTenths % 10;
  const totalS = Math.floor(totalTenths / 10);
  const s = totalS % 60;
  const m = Math.floor(totalS / 60);
  return `${m}:${String(s).padStart(2, '0')}.${tenths}`;
}
