/** Number formatting for the panels: percentages that show nines, counts, latencies. */
import { formatDuration, formatSimTime, ninesOf, usFromS, type Metrics } from '../../sim';

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
 * Decimals of a measured share of `successes` out of `total` that the sample supports:
 * the last shown digit is the first significant digit of the 95% Wilson interval's
 * half-width (the usual rule for a measurement and its uncertainty). 371 of 373 (±0.9%)
 * gets 1 ("99.5%"); 9,999,120 of 10 million (±0.0006%) gets 4 ("99.9912%"); 2 of 10
 * (±25%) gets 0 ("20%"). At most 10.
 */
export function sampleDecimals(successes: number, total: number): number {
  const interval = wilsonInterval(successes, total);
  if (!interval) return 0;
  const halfWidthPercent = ((interval.upper - interval.lower) / 2) * 100;
  if (!(halfWidthPercent > 0)) return 0;
  return Math.min(10, Math.max(0, -Math.floor(Math.log10(halfWidthPercent))));
}

/**
 * An availability (0..1) as a percentage. Measured over `total` requests (a sample), with
 * only the digits its 95% interval supports (`sampleDecimals`); without a sample (a
 * computed figure, a share of probed time) with enough digits to show its nines
 * (`percentDecimals`). Never "100%" while something failed (">99.99%" where the digits
 * would round up to it), never "0%" while something succeeded ("<0.1%").
 */
export function formatAvailability(availability: number, total?: number): string {
  if (availability >= 1) return '100%';
  const decimals =
    total === undefined || !(total > 0)
      ? percentDecimals(availability)
      : sampleDecimals(Math.round(Math.max(0, availability) * total), total);
  const text = (availability * 100).toFixed(decimals);
  const step = 10 ** -decimals;
  if (Number(text) >= 100) return `>${(100 - step).toFixed(decimals)}%`;
  if (availability > 0 && Number(text) === 0) return `<${step.toFixed(decimals)}%`;
  return `${text}%`;
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

/**
 * Requests still waiting for an answer, beside a headline's finished count, when they are
 * enough to matter: in overload thousands sit in queues, most of them on their way to a
 * timeout, and "99.1% of 10,141 requests" without "5,146 still waiting" reads as all well.
 * Shown from 10 waiting and 1% of the finished; under that (a normal run has a handful in
 * flight) null.
 */
export function waitingNote(inFlight: number, finished: number): string | null {
  if (inFlight < 10 || inFlight < 0.01 * finished) return null;
  return `${formatCount(inFlight)} still waiting`;
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

/** A share (0..1) as a short percentage: "7.6%", "0.23%", "250%"; "–" when unknown. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const percent = share * 100;
  if (percent === 0) return '0%';
  if (Math.abs(percent) >= 10) return `${Math.round(percent)}%`;
  if (Math.abs(percent) >= 1) return `${percent.toFixed(1)}%`;
  return `${Number(percent.toPrecision(2))}%`;
}

/** A burn rate as a multiple: "14.4×", "0×", "∞×". */
export function formatBurnRate(rate: number): string {
  if (Number.isNaN(rate)) return '–';
  if (rate === Infinity) return '∞×';
  if (rate === 0) return '0×';
  if (rate >= 100) return `${Math.round(rate)}×`;
  return `${Number(rate.toFixed(1)) || Number(rate.toPrecision(1))}×`;
}

/** A count that may be fractional (a budget of 7.5 requests): at most one decimal. */
export function formatAmount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return n >= 100 ? formatCount(Math.round(n)) : String(Number(n.toFixed(1)));
}

/** One segment of the nines ladder: a classic target and how far the figure has climbed it. */
export interface LadderStep {
  /** The target as people write it, "99.9%". */
  label: string;
  /** The target's nines (3 for 99.9%). */
  nines: number;
  /** 0..1: how much of the way from the previous target to this one the figure has come. */
  fill: number;
  /** The figure meets this target. */
  met: boolean;
}

/**
 * The nines bar: one step per classic target (99%, 99.9%, 99.95%, 99.99%, 99.999%).
 * A step fills as the measured nines climb from the previous target (the first from
 * 1 nine, 90%) to this one, so the bar reads continuously on the nines scale.
 */
export function ninesLadder(
  availability: number,
  targets: readonly { availability: number; label: string }[],
): LadderStep[] {
  const measured = ninesOf(availability);
  let previous = 1;
  return targets.map((target) => {
    const nines = ninesOf(target.availability);
    const span = nines - previous;
    const fill = span > 0 ? Math.min(1, Math.max(0, (measured - previous) / span)) : 1;
    const met = availability + NINES_EPSILON >= target.availability;
    previous = nines;
    return { label: target.label, nines, fill: met ? 1 : Math.min(fill, 0.999), met };
  });
}

/** Whole units in words: "1 hour", "2 days", "90 seconds" (largest unit that divides it). */
export function durationWords(seconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds >= size && Number.isInteger(seconds / size)) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  const n = Number(seconds.toFixed(2));
  return `${n} second${n === 1 ? '' : 's'}`;
}

/** The alert windows' time scale in words: "1 simulated minute stands for 1 hour". */
export function windowScaleSentence(scale: number): string {
  if (scale === 1)
    return 'Real time: alert windows and the SLO period are as long as in production';
  return `1 simulated minute stands for ${durationWords(60 * scale)}`;
}

/** The newest alert event as a sentence: "0:35: alert fast-burn-page fired (page)". */
export function latestAlertEvent(alerts: Metrics['alerts']): string {
  let best: { atS: number; text: string } | null = null;
  for (const a of alerts) {
    if (!best || a.firedAtS >= best.atS) {
      best = { atS: a.firedAtS, text: `alert ${a.name} fired (${a.severity})` };
    }
    if (a.resolvedAtS !== null && a.resolvedAtS >= best.atS) {
      best = { atS: a.resolvedAtS, text: `alert ${a.name} resolved` };
    }
  }
  return best ? `${formatSimTime(usFromS(best.atS))}: ${best.text}` : '';
}

/** z for a two-sided 95% interval. */
const Z_95 = 1.96;

/** A 95% confidence interval of a proportion (0..1). */
export interface ProportionInterval {
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval (95%, z = 1.96) of `successes` out of `total`
 * (docs/reference.md "Small samples"): centre (k + z²/2)/(n + z²), half-width
 * z·sqrt(k(n-k)/n + z²/4)/(n + z²). Unlike p ± z·sqrt(p(1-p)/n) it stays inside 0..1
 * and does not collapse to zero width at 100%: 150 of 150 gives a lower bound of
 * about 97.5%, not "infinite nines". Null when there is nothing to measure (n = 0).
 */
export function wilsonInterval(successes: number, total: number): ProportionInterval | null {
  if (!(total > 0)) return null;
  if (successes < 0 || successes > total) {
    throw new RangeError(`successes must be between 0 and total (${total}), got ${successes}`);
  }
  const z2 = Z_95 * Z_95;
  const centre = (successes + z2 / 2) / (total + z2);
  const halfWidth =
    (Z_95 * Math.sqrt((successes * (total - successes)) / total + z2 / 4)) / (total + z2);
  // At k = 0 or k = n the formula gives exactly 0 or 1; say so despite rounding.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === total ? 1 : Math.min(1, centre + halfWidth),
  };
}

/** A measured share: `good` out of `total`. */
export interface ShareSample {
  good: number;
  total: number;
}

/**
 * Which of two measured shares the samples show to be higher: 'a' or 'b' only when their
 * 95% Wilson intervals do not overlap; null when they overlap or either has no data. A
 * bigger sample alone never makes a difference: 259 of 259 and 2,170 of 2,170 are both
 * 100%; the larger count only narrows its interval (its lower bound is higher), which
 * says nothing about which design is better.
 */
export function higherShare(a: ShareSample, b: ShareSample): 'a' | 'b' | null {
  return higherInterval(wilsonInterval(a.good, a.total), wilsonInterval(b.good, b.total));
}

/** `higherShare` of two intervals already computed: the one wholly above the other, if any. */
export function higherInterval(
  a: ProportionInterval | null,
  b: ProportionInterval | null,
): 'a' | 'b' | null {
  if (!a || !b) return null;
  if (b.lower > a.upper) return 'b';
  if (a.lower > b.upper) return 'a';
  return null;
}

/**
 * What a sample supports saying about nines (the rule the headline follows):
 * - `none`: no finished request yet.
 * - `at-least`: the interval's lower bound clears 90% (one nine); the claim is the
 *   lower bound's nines, rounded down ("at least 1.6 nines"). A point estimate would
 *   claim more than the sample shows (100% of 150 is not "∞ nines").
 * - `under-one`: the whole interval is below 90%: less than one nine, whatever the
 *   sample size (a real outage, measured well enough).
 * - `too-few`: the interval straddles 90%, so even "one nine" is not yet supported
 *   or ruled out: too few requests yet (e.g. 90 of 94: 89.6% to 98.3%).
 * Downtime per year follows the same rule, from the same bound.
 */
export type NinesClaim =
  | { kind: 'none' }
  | { kind: 'too-few'; interval: ProportionInterval }
  | { kind: 'under-one'; interval: ProportionInterval }
  | { kind: 'at-least'; interval: ProportionInterval; nines: number };

/** The nines claim `successes` out of `total` supports (see NinesClaim). */
export function ninesClaim(successes: number, total: number): NinesClaim {
  const interval = wilsonInterval(successes, total);
  if (!interval) return { kind: 'none' };
  if (interval.upper < 0.9) return { kind: 'under-one', interval };
  if (interval.lower < 0.9) return { kind: 'too-few', interval };
  const nines = ninesOf(interval.lower);
  return { kind: 'at-least', interval, nines: Math.floor(nines * 10 + NINES_EPSILON) / 10 };
}

/** "at least 1.6 nines", "under 1 nine", "too few requests yet", "no data yet". */
export function ninesClaimText(claim: NinesClaim): string {
  switch (claim.kind) {
    case 'none':
      return 'no data yet';
    case 'too-few':
      return 'too few requests yet';
    case 'under-one':
      return 'under 1 nine';
    case 'at-least':
      return `at least ${claim.nines.toFixed(1)} nines`;
  }
}

/**
 * A 95% interval as percentages, "95% CI 89.6–98.3%": enough decimals to show the
 * lower bound's nines (at least one), the lower bound rounded down and the upper up
 * so the shown range contains the computed one.
 */
export function formatInterval(interval: ProportionInterval): string {
  const decimals = Math.min(6, Math.max(1, Math.floor(ninesOf(interval.lower) + NINES_EPSILON)));
  const factor = 10 ** decimals;
  const down = (x: number) => (Math.floor(x * 100 * factor + 1e-6) / factor).toFixed(decimals);
  const up = (x: number) =>
    x >= 1 ? '100' : (Math.ceil(x * 100 * factor - 1e-6) / factor).toFixed(decimals);
  return `95% CI ${down(interval.lower)}–${up(interval.upper)}%`;
}

/** "only 12 s so far" while a window of `windowS` is not yet full, else "". */
export function windowCoverage(windowS: number, elapsedS: number): string {
  if (elapsedS >= windowS) return '';
  return `only ${formatDuration(Math.floor(Math.max(0, elapsedS)))} so far`;
}
