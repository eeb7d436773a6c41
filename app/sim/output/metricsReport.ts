/**
 * Metrics: counters, availability, windows, SLO and alerts, defences, and the per-second series made once per completed second.
 */
import { requestAvailability } from './availability';
import { type World } from '../engine/world';
import { type Database } from '../database';
import { createSeriesTiers, type SeriesTiers } from './seriesTiers';
import { budgetBurntFraction, burnRate, errorRate } from '../mechanisms/models/slo';
import type { Metrics, SeriesPoint, UserGroupMetrics } from './snapshot';
import { sFromUs, US_PER_MS, US_PER_S } from '../engine/time';

import type { Monitoring } from '../mechanisms/monitoring';
import type { SnapshotView } from './snapshotView';
import type { DatabaseTier } from '../requests/databaseTier';

/** What createMetricsReport needs from the engine's other parts. */
export interface MetricsReportDeps {
  snapshotView: Pick<SnapshotView, 'breakerView'>;
  databaseTier: Pick<DatabaseTier, 'database'>;
  monitoring: Pick<Monitoring, 'alertState'>;
}

/** Seconds of per-second latency and buckets kept: the longest window a report reads (10 min). */
const LATENCY_KEPT_S = 600;

export function createMetricsReport(w: World, deps: MetricsReportDeps) {
  const {
    series,
    latency,
    serverTimeHistogram,
    dependencyTimeHistogram,
    servers,
    dependency,
    groups,
    shareTotal,
    failedBy,
    retriesBy,
  } = w;
  const { breakerView } = deps.snapshotView;
  const { database } = deps.databaseTier;
  const { alertState } = deps.monitoring;

  const countsAsGood = (outcome: 'ok' | 'degraded'): boolean =>
    outcome === 'ok' || w.settings.degradation.countsAsAvailable === 'on';

  /**
   * Chart points of the completed seconds, made once each: a second that has ended
   * never changes (everything is recorded at the current time), so a report only
   * converts the seconds completed since the previous one and its cost stays flat as
   * the run grows. Held in tiers, like a round-robin database, so memory stays flat
   * too: every second of the last SECONDS_KEPT_S, every minute of the last
   * MINUTES_KEPT_S, every hour of the run (`seriesTiers`). A tier's points are made
   * from the seconds' own counts and latency histograms, so a minute's p99 is the p99
   * of the requests answered in that minute, not a mean of the seconds' percentiles.
   */
  const tiers = createSeriesTiers();
  /** Seconds converted into points so far (the next one to convert). */
  let secondsMade = 0;

  /** The last series handed out: shared while no second has completed since. */
  let publishedSeries: readonly SeriesPoint[] = Object.freeze([]);
  let publishedEndS = -1;

  const completedSeries = (): readonly SeriesPoint[] => {
    // The bucket still filling is left out of the chart so its last point is not a dip.
    const complete = Math.min(series.length, Math.floor(w.nowUs / US_PER_S));
    for (; secondsMade < complete; secondsMade++) tiers.addSecond(series.bucket(secondsMade));
    // Seconds with a point and out of the 10-minute window need no latency histogram,
    // nor their bucket (the windows read the last 10 minutes only).
    const windowFromS = Math.min(secondsMade, Math.floor(w.nowUs / US_PER_S) - LATENCY_KEPT_S);
    series.releaseLatencyBefore(windowFromS);
    series.dropBefore(windowFromS);
    if (publishedEndS !== secondsMade) {
      // A copy of references (frozen points), not of points: each report keeps its own
      // series, which later seconds do not lengthen.
      publishedSeries = Object.freeze(tiers.seconds().slice());
      publishedEndS = secondsMade;
    }
    return publishedSeries;
  };

  /** Every tier, oldest first, each starting where the finer one's seconds end. */
  const seriesTiers = (): SeriesTiers => {
    completedSeries();
    return tiers.export();
  };

  /** Request-based availability, with degraded answers counted as the user chose. */
  const availabilityOf = (ok: number, deg: number, bad: number): number =>
    countsAsGood('degraded')
      ? requestAvailability(ok + deg, bad)
      : requestAvailability(ok, deg + bad);

  const dataMetrics = (db: Database): Metrics['data'] => {
    const m = db.metrics();
    return {
      writesIssued: m.writesIssued,
      writesAcked: m.writesAcked,
      writesFailed: m.writesFailed,
      writesLost: m.writesLost,
      readsServed: m.readsServed,
      readsFailed: m.readsFailed,
      staleReads: m.staleReads,
      lostUpdates: m.lostUpdates,
      splitBrainWrites: m.splitBrainWrites,
      failovers: m.failovers,
    };
  };

  const metrics = (): Metrics => {
    const { evaluator: alertEvaluator, firing: firingAlerts, secondsObserved } = alertState();
    const window = series.window(w.nowUs - 60 * US_PER_S, w.nowUs);
    // Counts only: the 10-minute window shows no latency, and summing 600 histograms
    // was most of a report's cost.
    const window10m = series.window(w.nowUs - 600 * US_PER_S, w.nowUs, false);
    let wastedWork = dependency?.wastedWork ?? 0;
    for (const s of servers.values()) wastedWork += s.wastedWork;
    const userGroups: UserGroupMetrics[] = groups.map((g) => ({
      id: g.id,
      total: g.total,
      succeeded: g.succeeded,
      degraded: g.degraded,
      failed: g.failed,
      availability: availabilityOf(g.succeeded, g.degraded, g.failed),
      errorSeconds: g.errorSeconds,
      timedOut: g.timedOut,
      timeAvailability: g.uptime.uptimeFraction(0, w.nowUs),
    }));
    // Time-based availability across groups, weighted by their share of the users.
    const uptime = (fromUs: number): number =>
      groups.reduce(
        (sum, g) => sum + g.share * g.uptime.uptimeFraction(Math.max(0, fromUs), w.nowUs),
        0,
      ) / shareTotal;
    const scale = w.settings.alerts.windowScale;
    const periodS = (w.settings.slo.periodDays * 86400) / scale;
    const good = countsAsGood('degraded') ? w.succeeded + w.degraded : w.succeeded;
    const valid = w.succeeded + w.degraded + w.failed;
    const windowGood = countsAsGood('degraded')
      ? window.succeeded + window.degraded
      : window.succeeded;
    const windowValid = window.succeeded + window.degraded + window.failed;
    const breakers = [...servers.values()]
      .filter((s) => breakerView(s) !== undefined)
      .map((s) => ({ id: s.info.id, ...breakerView(s)! }));
    const report: Metrics = {
      nowUs: w.nowUs,
      requests: {
        total: w.total,
        succeeded: w.succeeded,
        degraded: w.degraded,
        failed: w.failed,
        inFlight: w.inFlight,
        failedBy: { ...failedBy },
      },
      availability: availabilityOf(w.succeeded, w.degraded, w.failed),
      latencyMs: {
        p50: latency.quantileUs(0.5) / US_PER_MS,
        p99: latency.quantileUs(0.99) / US_PER_MS,
      },
      window60s: {
        succeeded: window.succeeded,
        degraded: window.degraded,
        failed: window.failed,
        availability: availabilityOf(window.succeeded, window.degraded, window.failed),
        p50Ms: window.latency.quantileUs(0.5) / US_PER_MS,
        p99Ms: window.latency.quantileUs(0.99) / US_PER_MS,
      },
      window10m: {
        succeeded: window10m.succeeded,
        degraded: window10m.degraded,
        failed: window10m.failed,
        availability: availabilityOf(window10m.succeeded, window10m.degraded, window10m.failed),
      },
      timeAvailability: {
        sinceStart: uptime(0),
        window1m: uptime(w.nowUs - 60 * US_PER_S),
        window10m: uptime(w.nowUs - 600 * US_PER_S),
        probesSinceStart: groups.reduce((sum, g) => sum + g.uptime.probeCount, 0),
      },
      slo: {
        target: w.settings.slo.target,
        periodDays: w.settings.slo.periodDays,
        windowScale: scale,
        budgetTimeS: (1 - w.settings.slo.target) * periodS,
        budgetRequestsSoFar: (1 - w.settings.slo.target) * valid,
        budgetBurntFraction: budgetBurntFraction(
          valid - good,
          valid,
          w.settings.slo.target,
          sFromUs(w.nowUs),
          periodS,
        ),
        burnRateLastMinute: burnRate(
          errorRate(windowValid - windowGood, windowValid),
          w.settings.slo.target,
        ),
      },
      monitoring: w.settings.monitoring.enabled === 'on',
      alerts: alertEvaluator.alerts(),
      alertRules: alertEvaluator.ruleStatuses(secondsObserved).map((status) => ({
        name: status.rule.name,
        severity: status.rule.severity,
        burnRateThreshold: status.rule.burnRate,
        longWindowS: status.longWindowS,
        shortWindowS: status.shortWindowS,
        longBurnRate: status.longBurnRate,
        shortBurnRate: status.shortBurnRate,
        firing: firingAlerts.has(status.rule.name),
      })),
      defences: {
        usersNeedingDependency: w.usersNeedingDependency,
        usersReachingDependency: w.usersReachingDependency,
        dependencyAttempts: w.dependencyAttempts,
        probeDependencyAttempts: w.probeDependencyAttempts,
        loadAmplification:
          w.usersReachingDependency === 0 ? 0 : w.dependencyAttempts / w.usersReachingDependency,
        serverTries: w.serverTries,
        sideEffects: w.sideEffects,
        duplicateSideEffects: w.duplicateSideEffects,
        idempotentReplays: w.idempotentReplays,
        retries: { ...retriesBy },
        retriesDeniedByBudget: w.retriesDeniedByBudget,
        breakers,
        hopLatencyMs: {
          serverP99: serverTimeHistogram.quantileUs(0.99) / US_PER_MS,
          dependencyP50: dependencyTimeHistogram.quantileUs(0.5) / US_PER_MS,
          dependencyP99: dependencyTimeHistogram.quantileUs(0.99) / US_PER_MS,
        },
      },
      data: database ? dataMetrics(database) : null,
      errorSeconds: w.errorSeconds,
      firstAtUs: { timeout: w.firstTimeoutUs, duplicateCharges: w.firstDuplicateChargeUs },
      userGroups,
      wastedWork,
      series: completedSeries(),
    };
    // Later reports ask about the whole run (from 0) and the last 10 minutes only.
    for (const g of groups) g.uptime.forgetBefore(w.nowUs - LATENCY_KEPT_S * US_PER_S);
    return report;
  };

  return { metrics, seriesTiers };
}
