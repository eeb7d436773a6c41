/**
 * Monitoring: SLO burn-rate alerts evaluated on completed seconds, and the per-second tick.
 */
import { type World } from '../engine/world';
import { SECOND_TICK, TICK_PHASE } from '../engine/types';
import {
  createAlertEvaluator,
  DEFAULT_ALERT_RULES,
  type AlertEvaluator,
  type AlertRecord,
  type AlertRule,
} from './models/burnRateAlerts';
import { US_PER_S } from '../engine/time';

import { SecondCounts } from '../output/secondCounts';

import type { LogWriter } from '../output/logWriter';
import type { Events } from '../engine/events';

/**
 * Seconds of traffic an alert rule can look back: the longest window of the rules at
 * window scale 1 (3 days). A larger scale only shortens the windows.
 */
export const ALERT_LOOKBACK_S = Math.max(
  ...DEFAULT_ALERT_RULES.flatMap((rule) => [rule.longWindowS, rule.shortWindowS]),
);

/** What createMonitoring needs from the engine's other parts. */
export interface MonitoringDeps {
  logWriter: Pick<LogWriter, 'log'>;
  events: Pick<Events, 'makeEvent' | 'push'>;
}

/** Whether `rules` are exactly the rules named in `names` (rule names are unique). */
const sameRules = (rules: readonly AlertRule[], names: ReadonlySet<string>): boolean =>
  rules.length === names.size && rules.every((rule) => names.has(rule.name));

export function createMonitoring(w: World, deps: MonitoringDeps) {
  const { series } = w;
  const { log } = deps.logWriter;
  const { makeEvent, push } = deps.events;

  const newAlertEvaluator = (history: readonly AlertRecord[] = []): AlertEvaluator =>
    createAlertEvaluator(
      {
        rules: DEFAULT_ALERT_RULES,
        target: w.settings.slo.target,
        windowScale: w.settings.alerts.windowScale,
      },
      history,
    );

  let alertEvaluator = newAlertEvaluator();

  let firingAlerts = new Set<string>();

  /** Seconds fed to the alert evaluator so far. */
  let secondsObserved = 0;

  /**
   * Each observed second's outcome counts, for as long as an alert window can look
   * back: a rebuilt evaluator is fed them again (the series' own buckets are let go
   * after a few minutes).
   */
  const observed = new SecondCounts(ALERT_LOOKBACK_S);

  const feedSecond = (second: number, succeeded: number, degraded: number, failed: number) => {
    const degradedGood = w.settings.degradation.countsAsAvailable === 'on';
    alertEvaluator.observeSecond(
      second,
      succeeded + (degradedGood ? degraded : 0),
      failed + (degradedGood ? 0 : degraded),
    );
    secondsObserved = second + 1;
  };

  const observeSecond = (second: number): void => {
    const b = series.at(second * US_PER_S);
    observed.record(second, b.succeeded, b.degraded, b.failed);
    feedSecond(second, b.succeeded, b.degraded, b.failed);
  };

  /**
   * After a change of SLO, window scale or what counts as good, rebuild the windows from
   * the series so far. The alerts already fired are facts of the past: the new evaluator
   * keeps them with their times and the settings they fired under, and `firingAlerts`
   * stays, so an alert still firing under the new settings is not announced again.
   */
  const rebuildAlertEvaluator = (): void => {
    alertEvaluator = newAlertEvaluator(alertEvaluator.alerts());
    // The windows reach back at most ALERT_LOOKBACK_S: older seconds cannot change them
    // (the evaluator counts the seconds it was not given as empty and never reads them).
    for (let second = observed.fromS; second < observed.endS; second++) {
      const c = observed.get(second);
      feedSecond(second, c.succeeded, c.degraded, c.failed);
    }
  };

  const secondTick = (): void => {
    const second = Math.round(w.nowUs / US_PER_S) - 1;
    observeSecond(second);
    if (w.settings.monitoring.enabled === 'on') {
      const firingRules = alertEvaluator.evaluate(second + 1);
      // Most seconds the same rules fire as the second before: nothing to log, and the
      // burn rates the log lines quote need not be worked out again.
      if (!sameRules(firingRules, firingAlerts)) logAlertChanges(second + 1, firingRules);
    } else if (firingAlerts.size > 0) {
      firingAlerts = new Set();
    }
    pushSecondTick();
  };

  /** Logs the alerts that fired or resolved at `nowS`, and records the ones firing now. */
  const logAlertChanges = (nowS: number, firingRules: readonly AlertRule[]): void => {
    const firing = new Set(firingRules.map((rule) => rule.name));
    for (const status of alertEvaluator.ruleStatuses(nowS)) {
      const name = status.rule.name;
      if (firing.has(name) && !firingAlerts.has(name)) {
        log(
          'alert-fired',
          name,
          'detection',
          `ALERT ${name} (${status.rule.severity}): error budget burning at ${status.longBurnRate.toFixed(1)}x over ${status.longWindowS} s and ${status.shortBurnRate.toFixed(1)}x over ${status.shortWindowS} s (threshold ${status.rule.burnRate}x)`,
        );
      } else if (!firing.has(name) && firingAlerts.has(name)) {
        log(
          'alert-resolved',
          name,
          'recovery',
          `alert ${name} resolved: the short window is back under ${status.rule.burnRate}x`,
        );
      }
    }
    firingAlerts = firing;
  };

  /**
   * The next per-second tick, in TICK_PHASE: after everything else at that microsecond.
   * The phase is set before the push: the heap orders an event when it is inserted, so
   * a phase changed afterwards would not count.
   */
  const pushSecondTick = (): void => {
    const tick = makeEvent(SECOND_TICK, w.nowUs + US_PER_S);
    tick.phase = TICK_PHASE;
    push(tick);
  };
  /** The evaluator in force, the alerts firing and the seconds observed, for reports. */
  const alertState = () => ({ evaluator: alertEvaluator, firing: firingAlerts, secondsObserved });

  return { rebuildAlertEvaluator, secondTick, pushSecondTick, alertState };
}

export type Monitoring = ReturnType<typeof createMonitoring>;
