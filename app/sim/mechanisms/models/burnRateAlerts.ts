/**
 * Multiwindow, multi-burn-rate SLO alerts (docs/reference.md "Availability, nines and error budgets"; Google SRE Workbook,
 * "Alerting on SLOs", approach 6). A rule fires only while the error rate over BOTH its
 * long and its short window exceeds burnRate x (1 - SLO): the long window makes sure
 * enough budget is at stake, the short window makes the alert resolve soon after the
 * errors stop instead of an hour later.
 */
import { S_PER_30_DAYS } from '../../output/availability';
import { burnRate, errorRate, SLO_DEFAULTS, sloOptions } from './slo';

/** Who hears about it: a page wakes someone now, a ticket waits for working hours. */
export type AlertSeverity = 'page' | 'ticket';

/** One multiwindow burn-rate rule. */
export interface AlertRule {
  /** Short stable id, shown in the alerts list and the CLI's JSON. */
  name: string;
  severity: AlertSeverity;
  /** Fires while both windows burn faster than this multiple of the sustainable rate. */
  burnRate: number;
  /** Long window, seconds of simulated time before scaling. */
  longWindowS: number;
  /** Short window, seconds of simulated time before scaling. The Workbook uses 1/12 of the long. */
  shortWindowS: number;
}

/**
 * The SRE Workbook's recommended rules for a 30-day SLO (docs/reference.md "Availability, nines and error budgets"):
 * page at 14.4x over 1 h and 5 min (2% of the budget gone in an hour), page at 6x over
 * 6 h and 30 min (5% in six hours), ticket at 1x over 3 d and 6 h (10% in three days).
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    name: 'fast-burn-page',
    severity: 'page',
    burnRate: 14.4,
    longWindowS: 3600,
    shortWindowS: 300,
  },
  {
    name: 'slow-burn-page',
    severity: 'page',
    burnRate: 6,
    longWindowS: 6 * 3600,
    shortWindowS: 1800,
  },
  {
    name: 'slow-burn-ticket',
    severity: 'ticket',
    burnRate: 1,
    longWindowS: 3 * 86_400,
    shortWindowS: 6 * 3600,
  },
];

/**
 * Share of a period's error budget that a rule's long window spends at exactly the
 * rule's burn rate: burnRate x longWindow / period. The defaults give 2%, 5% and 10%
 * of a 30-day budget, which is how the Workbook chose them.
 */
export function alertBudgetFraction(rule: AlertRule, periodS: number = S_PER_30_DAYS): number {
  return (rule.burnRate * rule.longWindowS) / periodS;
}

/**
 * A window shortened for a demo: windowS / windowScale, rounded to whole seconds
 * (the evaluator counts per-second buckets) and at least 1 s. Scale 60 turns 1 h into
 * 60 s, 5 min into 5 s and 3 d into 72 min.
 */
export function scaledWindowS(windowS: number, windowScale: number): number {
  if (!(windowScale > 0 && Number.isFinite(windowScale))) {
    throw new RangeError(`window scale must be a positive number, got ${windowScale}`);
  }
  return Math.max(1, Math.round(windowS / windowScale));
}

/** A rule with both windows divided by `windowScale` (see `scaledWindowS`). */
export function scaledAlertRule(rule: AlertRule, windowScale: number): AlertRule {
  return {
    ...rule,
    longWindowS: scaledWindowS(rule.longWindowS, windowScale),
    shortWindowS: scaledWindowS(rule.shortWindowS, windowScale),
  };
}

/** Options of `createAlertEvaluator`. */
export interface AlertEvaluatorOptions {
  /** Rules to evaluate, in display order. Default `DEFAULT_ALERT_RULES`. */
  rules: readonly AlertRule[];
  /** The SLO target the burn rates are relative to. Default 0.999 (`SLO_DEFAULTS`). */
  target: number;
  /**
   * Divides every window so a short demo can show alerts meant for hours or days:
   * at 60, one simulated minute stands for an hour (1 h -> 60 s, 5 min -> 5 s,
   * 6 h -> 6 min, 3 d -> 72 min). Burn-rate thresholds are not scaled. The UI must
   * state the factor on screen. Default 1 (real windows).
   */
  windowScale: number;
}

/** One firing of a rule, in simulated seconds since the start of the run. */
export interface AlertRecord {
  name: string;
  severity: AlertSeverity;
  /** The SLO target in force when it fired (its threshold is burnRate x (1 - target)). */
  target: number;
  /** The window scale in force when it fired (windows were divided by it). */
  windowScale: number;
  /** The `nowS` of the evaluation that first saw both windows over the threshold. */
  firedAtS: number;
  /** The `nowS` of the evaluation that first saw it stop, or null while still firing. */
  resolvedAtS: number | null;
}

/** What one rule sees at one instant: for the panel's "burn rate now" and for tests. */
export interface AlertRuleStatus {
  /** The rule as given (windows not scaled). */
  rule: AlertRule;
  /** Windows actually used, after `windowScale`. */
  longWindowS: number;
  shortWindowS: number;
  /**
   * Seconds of each window the run covers so far: min(nowS, window). Less than the
   * window at the start of a run ("last 1 h, 12 s so far").
   */
  longWindowCoveredS: number;
  shortWindowCoveredS: number;
  /** Burn rates over the full windows (see `createAlertEvaluator` for a partial window). */
  longBurnRate: number;
  shortBurnRate: number;
  /** Both windows over the threshold. */
  firing: boolean;
}

/** Incremental evaluator over per-second (good, bad) request counts. */
export interface AlertEvaluator {
  /** The options in use, defaults filled in. */
  readonly options: Readonly<AlertEvaluatorOptions>;
  /**
   * Adds the requests that finished in simulated second `second` ([second, second + 1)).
   * Call once per completed second in increasing order; skipped seconds count as no
   * traffic. Throws RangeError for a second already covered by `observeSecond` or
   * `evaluate`, or for negative or non-finite counts.
   */
  observeSecond(second: number, good: number, bad: number): void;
  /**
   * Evaluates every rule at `nowS` over the seconds before it, records fired and
   * resolved transitions stamped `nowS`, and returns the rules (as given) now firing.
   * Like a Prometheus rule evaluation, transitions are seen at evaluation times, so call
   * it after each `observeSecond(nowS - 1, ...)`. `nowS` is a whole second, never
   * earlier than a previous `nowS` or than the end of the last observed second.
   */
  evaluate(nowS: number): AlertRule[];
  /**
   * Burn rates of every rule's windows at `nowS`, without recording anything: the panel's
   * "burn rate now". Same rules for `nowS` as `evaluate`.
   */
  ruleStatuses(nowS: number): AlertRuleStatus[];
  /** Every firing so far, oldest first (copies). */
  alerts(): AlertRecord[];
}

/**
 * Per-second totals kept as cumulative sums in a ring buffer: the count over any window
 * is the difference of two cumulative values, so an evaluation is O(1) per rule and an
 * observed second O(1) amortised. The ring holds the last `longest + 1` boundaries, so
 * memory is bounded by the longest window, not the run: 3 days at scale 1 is 259,201
 * boundaries x 2 Float64 = 4 MiB. Float64 sums of whole counts stay exact below 2^53.
 */
class CumulativeRing {
  private readonly good: Float64Array;
  private readonly bad: Float64Array;
  /** Boundaries recorded so far: cumulative sums exist for boundaries 0..end. */
  private endBoundary = 0;

  constructor(windowSMax: number) {
    this.good = new Float64Array(windowSMax + 1);
    this.bad = new Float64Array(windowSMax + 1);
  }

  /** End of the last recorded second (= next second to record). */
  get end(): number {
    return this.endBoundary;
  }

  /** Records second `second` (>= end), filling skipped seconds with zero traffic. */
  add(second: number, good: number, bad: number): void {
    const size = this.good.length;
    const g = this.good[this.endBoundary % size]!;
    const b = this.bad[this.endBoundary % size]!;
    // Skipped seconds repeat the last cumulative value; past a whole ring the older
    // copies are overwritten anyway, so fill at most `size` of them.
    const gap = Math.min(second - this.endBoundary, size);
    for (let i = 1; i <= gap; i++) {
      this.good[(second - gap + i) % size] = g;
      this.bad[(second - gap + i) % size] = b;
    }
    this.endBoundary = second + 1;
    this.good[this.endBoundary % size] = g + good;
    this.bad[this.endBoundary % size] = b + bad;
  }

  /**
   * (good, bad) over seconds [nowS - windowS, nowS); seconds before 0 or from `end` on
   * are empty. Needs nowS >= end and windowS <= windowSMax, so that both boundaries
   * are still in the ring (the evaluator checks the first; it sized the ring for the second).
   */
  window(nowS: number, windowS: number): { good: number; bad: number } {
    const size = this.good.length;
    const to = Math.min(nowS, this.endBoundary) % size;
    const from = Math.min(Math.max(0, nowS - windowS), this.endBoundary) % size;
    return { good: this.good[to]! - this.good[from]!, bad: this.bad[to]! - this.bad[from]! };
  }
}

/**
 * An evaluator of multiwindow burn-rate rules over simulated time.
 *
 * Error rate in a window = bad / (good + bad) over the whole seconds in it
 * ([nowS - window, nowS)), 0 without traffic. A rule fires while both windows' error
 * rates are strictly above burnRate x (1 - target), the comparison the Workbook writes
 * in its alert expressions.
 *
 * A window that has not filled yet (nowS < window, early in the run) is not treated
 * as full: its error rate is the errors so far over the requests the whole window
 * would hold at the rate observed so far,
 *
 *   bad / ((good + bad) x window / covered) = bad / (good + bad) x covered / window,
 *
 * with covered = min(nowS, window). The Workbook's rule means "this share of the
 * budget was spent within the window" (14.4x over 1 h = 2% of 30 days), and a budget
 * is spent by errors that happened, not by errors extrapolated from the first seconds.
 * Dividing by the covered part alone would page on 3 failures in the first second.
 *
 * `carriedOver` is the record of the evaluator this one replaces when a setting changes
 * mid-run (its `alerts()`). Those firings are facts of the past and are kept as they are,
 * with the settings they fired under. One still open continues while its rule keeps
 * firing under the new settings and resolves at the first evaluation that sees it stop;
 * it is not recorded again.
 */
export function createAlertEvaluator(
  options: Partial<AlertEvaluatorOptions> = {},
  carriedOver: readonly AlertRecord[] = [],
): AlertEvaluator {
  const resolved: AlertEvaluatorOptions = {
    rules: options.rules ?? DEFAULT_ALERT_RULES,
    // sloOptions checks the target is in (0, 1): a 100% SLO has no budget to burn.
    target: sloOptions({ target: options.target ?? SLO_DEFAULTS.target }).target,
    windowScale: options.windowScale ?? 1,
  };
  const { rules, target, windowScale } = resolved;
  const scaled = rules.map((rule) => scaledAlertRule(rule, windowScale));
  const windowSMax = Math.max(1, ...scaled.flatMap((r) => [r.longWindowS, r.shortWindowS]));
  const ring = new CumulativeRing(windowSMax);
  const history: AlertRecord[] = carriedOver.map((record) => ({ ...record }));
  /** Index into `history` of each rule's open firing, or -1 (carried-over ones included). */
  const open = rules.map((rule) =>
    history.findIndex((record) => record.name === rule.name && record.resolvedAtS === null),
  );
  let evaluatedS = 0;

  function checkNow(nowS: number): void {
    if (!Number.isInteger(nowS) || nowS < Math.max(evaluatedS, ring.end)) {
      throw new RangeError(
        `evaluate(${nowS}): need a whole second >= ${Math.max(evaluatedS, ring.end)}`,
      );
    }
  }

  /**
   * Error rate over the `windowS` seconds before `nowS`; over a window the run does not
   * fill yet, relative to the requests the full window would hold (see above).
   */
  function windowErrorRate(nowS: number, windowS: number): number {
    const { good, bad } = ring.window(nowS, windowS);
    const coveredS = Math.min(nowS, windowS);
    // One division, so a full window (coveredS = windowS) gives exactly bad / valid.
    return errorRate(bad * coveredS, (good + bad) * windowS);
  }

  function statuses(nowS: number): AlertRuleStatus[] {
    return rules.map((rule, i) => {
      const { longWindowS, shortWindowS } = scaled[i]!;
      const longRate = windowErrorRate(nowS, longWindowS);
      const shortRate = windowErrorRate(nowS, shortWindowS);
      // Compare error rates with burnRate x budget, as the Workbook's expressions do,
      // rather than divided burn rates: one rounding fewer right at the threshold.
      const threshold = rule.burnRate * (1 - target);
      return {
        rule,
        longWindowS,
        shortWindowS,
        longWindowCoveredS: Math.min(nowS, longWindowS),
        shortWindowCoveredS: Math.min(nowS, shortWindowS),
        longBurnRate: burnRate(longRate, target),
        shortBurnRate: burnRate(shortRate, target),
        firing: longRate > threshold && shortRate > threshold,
      };
    });
  }

  return {
    options: resolved,
    observeSecond(second, good, bad) {
      if (!Number.isInteger(second) || second < Math.max(evaluatedS, ring.end)) {
        throw new RangeError(
          `observeSecond(${second}): seconds before ${Math.max(evaluatedS, ring.end)} are done`,
        );
      }
      if (!(good >= 0 && bad >= 0 && Number.isFinite(good + bad))) {
        throw new RangeError(`observeSecond(${second}): bad counts ${good}, ${bad}`);
      }
      ring.add(second, good, bad);
    },
    evaluate(nowS) {
      checkNow(nowS);
      evaluatedS = nowS;
      const firing: AlertRule[] = [];
      statuses(nowS).forEach((status, i) => {
        const { rule } = status;
        if (status.firing) {
          firing.push(rule);
          if (open[i] === -1) {
            open[i] = history.length;
            history.push({
              name: rule.name,
              severity: rule.severity,
              target,
              windowScale,
              firedAtS: nowS,
              resolvedAtS: null,
            });
          }
        } else if (open[i] !== -1) {
          history[open[i]!]!.resolvedAtS = nowS;
          open[i] = -1;
        }
      });
      return firing;
    },
    ruleStatuses(nowS) {
      checkNow(nowS);
      return statuses(nowS);
    },
    alerts() {
      return history.map((record) => ({ ...record }));
    },
  };
}
