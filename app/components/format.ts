/** Number formatting for the panels: percentages that show nines, counts, latencies. */
import { ninesOf } from '../sim';

/** Absorbs binary noise: 1 - 0.999 is 0.0010000000000000009, which is 2.9999999 nines. */
const NINES_EPSILON = 1e-9;

/**
 * Decimals that make the nines visible: every leading 9 plus one or two more digits,
 * and at least 4, as the CLI prints, so the two can be compared digit for digit.
 * 99.9372% (3.2 nines) gets 4; 99.999987% (6.9 nines) gets 7.
 */
export function percentDecimals(availability: number): number {
  const nines = ninesOf(availability);
  if (!Number.isFinite(nines)) return 0;
  return Math.min(10, Math.max(4, Math.floor(nines + NINES_EPSILON) + 1));
}

/**
 * An availability (0..1) as a percentage with enough digits to show its nines. With
 * at least floor(nines) + 1 decimals, rounding can never turn 99.99...% into 100%.
 */
export function formatAvailability(availability: number): string {
  if (availability >= 1) return '100%';
  return `${(availability * 100).toFixed(percentDecimals(availability))}%`;
}

/** "2.2 nines", "∞ nines" at 100%. */
export function formatNines(availability: number): string {
  const nines = ninesOf(availability);
  if (!Number.isFinite(nines)) return '∞ nines';
  return `${(Math.floor(nines * 10 + NINES_EPSILON) / 10).toFixed(1)} nines`;
}

const COUNT = new Intl.NumberFormat('en-US');

/** 12,345 */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A latency in milliseconds with 3 significant figures; "–" when unknown (NaN). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "0.25×", "1×", "50×" */
export function formatSpeed(speed: number): string {
  return `${speed}×`;
}

/** How failures are named in the breakdown; refused and timed out are always shown. */
const FAILURE_WORDS: Record<string, string> = {
  refused: 'refused',
  timeout: 'timed out',
  shed: 'shed',
  'circuit-open': 'circuit open',
  error: 'server error',
};

/** "45 refused, 0 timed out" plus any other reason that occurred. */
export function failureBreakdown(failedBy: Readonly<Record<string, number>> | undefined): string {
  const counts = { refused: 0, timeout: 0, ...failedBy };
  return Object.entries(counts)
    .filter(([reason, n]) => n > 0 || reason === 'refused' || reason === 'timeout')
    .map(([reason, n]) => `${formatCount(n)} ${FAILURE_WORDS[reason] ?? reason}`)
    .join(', ');
}
