/**
 * Availability arithmetic (docs/reference.md "Availability, nines and error budgets"): nines, downtime budgets and the
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

/** Seconds in a day, a 30-day SLO month and a 365-day year (docs/reference.md "Availability, nines and error budgets"). */
export const S_PER_DAY = 86_400;
export const S_PER_30_DAYS = 30 * S_PER_DAY;
export const S_PER_YEAR = 365 * S_PER_DAY;

/** Downtime an availability allows over the three periods of docs/reference.md "Availability, nines and error budgets". */
export interface DowntimePerPeriod {
  /** Over a 365-day year, seconds. */
  perYearS: number;
  /** Over 30 days (the usual SLO period), seconds. */
  per30DaysS: number;
  /** Over one day, seconds. */
  perDayS: number;
}

/**
 * "At this rate: X of downtime per year / per 30 days / per day". Uses a 365-day year
 * and a 30-day month, as the docs/reference.md "Availability, nines and error budgets" table does (99.9%: 8.76 h / 43.2 min
 * / 1.44 min). Availabilities outside [0, 1] are clamped so a display never shows
 * negative downtime.
 */
export function downtimePerPeriod(availability: number): DowntimePerPeriod {
  const a = Math.min(1, Math.max(0, availability));
  return {
    perYearS: downtimeAllowed(a, S_PER_YEAR),
    per30DaysS: downtimeAllowed(a, S_PER_30_DAYS),
    perDayS: downtimeAllowed(a, S_PER_DAY),
  };
}

/** Display units of `formatDuration`, smallest first, with their size in seconds. */
const DURATION_UNITS: readonly { unit: string; seconds: number }[] = [
  { unit: 'ms', seconds: 0.001 },
  { unit: 's', seconds: 1 },
  { unit: 'min', seconds: 60 },
  { unit: 'h', seconds: 3600 },
  { unit: 'd', seconds: S_PER_DAY },
];

/** Where each unit starts, in seconds: below 0.1 s milliseconds read better than "0.04 s". */
const DURATION_UNIT_FROM_S = [0, 0.1, 60, 3600, S_PER_DAY];

/** `value` rounded to `decimals` places, trailing zeros dropped ("7.20" -> "7.2"). */
function trimmedFixed(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** Decimals that keep at most three significant figures, and at most two decimals. */
function decimalsFor3SignificantMax2(value: number): number {
  if (value === 0) return 0;
  return Math.min(2, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value)))));
}

/**
 * A duration as short human text: "3.65 d", "7.2 h", "43.2 min", "8.64 s", "0.86 s",
 * "86.4 ms". The unit is the largest that keeps the number >= 1 (below 0.1 s, ms).
 * Minutes, hours and days keep up to two decimals (the well-known "52.56 min" a year
 * at 99.99%); seconds and milliseconds keep three significant figures and at most two
 * decimals ("25.9 s", "0.86 s"). Together these reproduce every cell of the
 * docs/reference.md "Availability, nines and error budgets" downtime table. Trailing zeros are dropped. A value that
 * rounds up to the next unit moves to it (59.999 s -> "1 min", not "60 s").
 * Non-finite input gives "∞" or "n/a" rather than throwing, because this feeds labels;
 * positive durations under 0.005 ms read "< 0.01 ms".
 */
export function formatDuration(seconds: number): string {
  if (Number.isNaN(seconds)) return 'n/a';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === Infinity) return '∞';
  if (seconds === 0) return '0 s';
  let index = DURATION_UNIT_FROM_S.length - 1;
  while (index > 0 && seconds < DURATION_UNIT_FROM_S[index]!) index--;
  for (;;) {
    const { unit, seconds: size } = DURATION_UNITS[index]!;
    const value = seconds / size;
    const decimals = size >= 60 ? 2 : decimalsFor3SignificantMax2(value);
    const text = trimmedFixed(value, decimals);
    const nextFromS = DURATION_UNIT_FROM_S[index + 1];
    // Rounding can reach the next unit (59.999 s -> "60"); say "1 min" instead.
    if (nextFromS !== undefined && Number(text) >= nextFromS / size) {
      index++;
      continue;
    }
    // A positive duration too small for two decimals of a millisecond is not "0 ms".
    if (index === 0 && Number(text) === 0) return '< 0.01 ms';
    return `${text} ${unit}`;
  }
}

/** A classic availability target, for the nines bar and the downtime table. */
export interface NinesTarget {
  /** The target as a fraction, e.g. 0.999. */
  availability: number;
  /** The target as people write it, e.g. "99.9%". */
  label: string;
}

/** The classic targets of docs/reference.md "Availability, nines and error budgets", lowest first: 99% to 99.999%. */
export const NINES_TARGETS: readonly NinesTarget[] = [
  { availability: 0.99, label: '99%' },
  { availability: 0.999, label: '99.9%' },
  { availability: 0.9995, label: '99.95%' },
  { availability: 0.9999, label: '99.99%' },
  { availability: 0.99999, label: '99.999%' },
];
