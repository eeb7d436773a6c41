/**
 * Availability arithmetic (REFERENCE.md section 7): nines, downtime budgets and the
 * series/parallel formulas.
 */

/** Request-based availability: succeeded / finished. 1 when nothing finished yet. */
export function requestAvailability(succeeded: number, failed: number): number {
  const finished = succeeded + failed;
  return finished === 0 ? 1 : succeeded / finished;
}

/** Number of nines: -log10(1 - A). Infinity for A = 1. */
export function ninesOf(availability: number): number {
  if (availability >= 1) return Infinity;
  if (availability <= 0) return 0;
  return -Math.log10(1 - availability);
}

/** Downtime allowed over a period at an availability, in the period's unit. */
export function downtimeAllowed(availability: number, period: number): number {
  return (1 - availability) * period;
}

/** Series composition: every part must work. A = product of A_i. */
export function seriesAvailability(parts: readonly number[]): number {
  return parts.reduce((a, p) => a * p, 1);
}

/** Parallel composition of independent parts: one must work. A = 1 - product(1 - A_i). */
export function parallelAvailability(parts: readonly number[]): number {
  return 1 - parts.reduce((a, p) => a * (1 - p), 1);
}
