/**
 * Measures the course's lessons share: numbers read from the run at a given moment, or
 * null until that moment (a prediction is revealed only once its number is known).
 */
import type { RunView } from '../lesson';

/** Simulated seconds of the run now. */
export function nowS(run: RunView): number {
  return (run.snapshot?.nowUs ?? 0) / 1_000_000;
}

/** A percentage to 0.1. */
export function percent(fraction: number): number {
  return Math.round(fraction * 1000) / 10;
}

/** Request-based availability since the start, in %, once the run has reached `atS`. */
export function availabilityPercentAt(run: RunView, atS: number): number | null {
  return nowS(run) >= atS && run.metrics ? percent(run.metrics.availability) : null;
}

/** The simulated second of the first log line of this type (any target), or null. */
export function firstLoggedS(run: RunView, type: string, target?: string): number | null {
  const entry = run.log.find(
    (e) => e.type === type && (target === undefined || e.target === target),
  );
  return entry ? entry.atUs / 1_000_000 : null;
}

/** The first failover's RTO (seconds, to 0.1) once clients write to the new primary. */
export function firstFailoverRtoS(run: RunView): number | null {
  const rto = run.metrics?.data?.failovers[0]?.rtoS ?? null;
  return rto === null ? null : Math.round(rto * 10) / 10;
}

/** Downtime a year (365 days) that an availability allows, in minutes. */
export function downtimeMinutesPerYear(availability: number): number {
  return (1 - availability) * 365 * 24 * 60;
}
