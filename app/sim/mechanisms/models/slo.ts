/**
 * Service level objectives and error budgets (docs/reference.md "Availability, nines and error budgets"; Google SRE
 * Workbook, "Implementing SLOs" and "Alerting on SLOs"). Request-based: the SLO is the
 * share of valid requests that must succeed over a rolling period.
 */
import { S_PER_DAY } from '../../output/availability';

/** An SLO: a target share of good requests over a rolling period. */
export interface SloOptions {
  /** Share of valid requests that must succeed, in (0, 1). Default 0.999 (99.9%). */
  target: number;
  /** Length of the rolling SLO period. Default 30 days (the SRE Workbook's period). */
  periodDays: number;
}

/** The default SLO: 99.9% over 30 days. */
export const SLO_DEFAULTS: Readonly<SloOptions> = { target: 0.999, periodDays: 30 };

/**
 * Complete SLO options from a partial record, checked. A target of 1 is refused: it
 * leaves no error budget, so every burn rate would be infinite (the SRE book: 100% is
 * the wrong target).
 */
export function sloOptions(overrides: Partial<SloOptions> = {}): SloOptions {
  const options = { ...SLO_DEFAULTS, ...overrides };
  if (!(options.target > 0 && options.target < 1)) {
    throw new RangeError(`SLO target must be in (0, 1), got ${options.target}`);
  }
  if (!(options.periodDays > 0 && Number.isFinite(options.periodDays))) {
    throw new RangeError(`SLO period must be a positive number of days, got ${options.periodDays}`);
  }
  return options;
}

/** Length of the SLO period, seconds. */
export function sloPeriodS(options: Partial<SloOptions> = {}): number {
  return sloOptions(options).periodDays * S_PER_DAY;
}

/** Error rate: failed / valid requests, 0 when there were none (nothing went wrong). */
export function errorRate(failed: number, valid: number): number {
  return valid > 0 ? failed / valid : 0;
}

/**
 * Burn rate = error rate / (1 - SLO) (docs/reference.md "Availability, nines and error budgets"): how fast the budget is
 * spent relative to spending exactly all of it by the end of the period. 1x spends the
 * budget in one period; 14.4x spends 2% of a 30-day budget in an hour. With no budget
 * (target >= 1) any error is an infinite burn rate and no error is 0.
 */
export function burnRate(errorRateNow: number, target: number): number {
  const budget = 1 - target;
  if (budget <= 0) return errorRateNow > 0 ? Infinity : 0;
  return errorRateNow / budget;
}

/**
 * Share of the whole period's error budget that the run has consumed so far.
 *
 * The budget of a period is (1 - target) x the valid requests of the period. A run
 * lasts `elapsedS`, usually far less than the period, so the period's request count is
 * extrapolated from the run's own request rate: valid x periodS / elapsedS. Then
 *
 *   burnt = failed / ((1 - target) x valid x periodS / elapsedS)
 *         = burnRate(failed / valid) x elapsedS / periodS,
 *
 * which is the SRE Workbook's "budget consumed = burn rate x window / period" (14.4x
 * for 1 h of a 30-day period = 2%). So a 10-minute run at 99% success against a
 * 99.9%/30 d SLO has burnt 10 x 10 min / 30 d = 0.23% of the month's budget.
 *
 * Not clamped: above 1 the budget is exhausted, which the panel should say. 0 when
 * nothing was valid or no time passed. For runs longer than the period, pass the
 * counts and length of the last period only (a rolling window).
 */
export function budgetBurntFraction(
  failed: number,
  valid: number,
  target: number,
  elapsedS: number,
  periodS: number = sloPeriodS(),
): number {
  if (valid <= 0 || elapsedS <= 0) return 0;
  return (burnRate(errorRate(failed, valid), target) * elapsedS) / periodS;
}
