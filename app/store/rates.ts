/**
 * Requests per simulated second on each link, from the balancers' `routed` counters.
 * The snapshot only says how many requests were routed so far; two samples a few
 * simulated seconds apart turn that into a rate a learner can read ("9.8/s"), which
 * shows traffic leaving a server once the balancer marks it unhealthy.
 */
import { linkId, US_PER_S, type Snapshot, type UserGroupMetrics } from '../sim';

/** Routed counters at one simulated instant, keyed by link id. */
export interface RoutedSample {
  nowUs: number;
  routedByLink: ReadonlyMap<string, number>;
  /** Each user group's timed-out requests so far (absent in samples that predate it). */
  timedOutByGroup?: ReadonlyMap<string, number>;
}

/**
 * Rates are measured over at least this much simulated time, and none is shown before
 * that much has been measured. A rate is a Poisson count divided by the window, so its
 * noise is sqrt(count): over 1 s at 50 req/s that is +-7/s, and the first second of the
 * default seed really had 63 arrivals, shown as "63/s" while the users sent 50/s. Over
 * 2 s the noise halves relative to a 1 s window's, and the window is what it claims.
 */
export const RATE_WINDOW_US = 2 * US_PER_S;

/** Samples kept: enough for the window at the slowest speed (0.25x, 4 samples a second). */
export const RATE_HISTORY_MAX = 64;

/**
 * Counters per link: each balancer->server link carries what was routed to that
 * server; each users->balancer link carries the balancer's total (what reached it
 * and was routed on).
 */
export function routedSample(snapshot: Snapshot): RoutedSample {
  const routedByLink = new Map<string, number>();
  const totalByBalancer = new Map<string, number>();
  for (const target of snapshot.targets) {
    routedByLink.set(linkId(target.balancer, target.server), target.routed);
    totalByBalancer.set(
      target.balancer,
      (totalByBalancer.get(target.balancer) ?? 0) + target.routed,
    );
  }
  for (const link of snapshot.links) {
    const total = totalByBalancer.get(link.to);
    if (link.scope === 'user' && total !== undefined) routedByLink.set(link.id, total);
  }
  return { nowUs: snapshot.nowUs, routedByLink };
}

/**
 * Appends `sample` to `history` (oldest first), dropping samples past the cap and
 * any sample from the future (a reset). Returns a new array.
 */
export function appendSample(
  history: readonly RoutedSample[],
  sample: RoutedSample,
): RoutedSample[] {
  const kept = history.filter((s) => s.nowUs < sample.nowUs);
  kept.push(sample);
  return kept.slice(-RATE_HISTORY_MAX);
}

/**
 * The newest sample at least `RATE_WINDOW_US` older than the latest one, or null when
 * the history does not yet cover that much simulated time.
 */
function rateBaseline(history: readonly RoutedSample[]): RoutedSample | null {
  const latest = history[history.length - 1];
  if (!latest) return null;
  let baseline: RoutedSample | null = null;
  for (const sample of history) {
    if (latest.nowUs - sample.nowUs >= RATE_WINDOW_US) baseline = sample;
  }
  return baseline;
}

/** Per-key increase from `before` to `after`, per simulated second between them. */
function perSecond(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  seconds: number,
): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const [id, count] of after) rates[id] = (count - (before.get(id) ?? 0)) / seconds;
  return rates;
}

/**
 * Requests per simulated second on each link, measured from the newest sample at
 * least `RATE_WINDOW_US` older than the latest one. Empty until the history covers
 * RATE_WINDOW_US of simulated time.
 */
export function linkRates(history: readonly RoutedSample[]): Record<string, number> {
  const latest = history[history.length - 1];
  const baseline = rateBaseline(history);
  if (!latest || !baseline) return {};
  const seconds = (latest.nowUs - baseline.nowUs) / US_PER_S;
  return perSecond(baseline.routedByLink, latest.routedByLink, seconds);
}

/**
 * The simulated time the rates of `history` are measured over (linkRates, timeoutRates):
 * RATE_WINDOW_US or more, as much more as the reports are apart in simulated time (0.25 s
 * at 1x, 5 s at 20x), or null before the history covers RATE_WINDOW_US. A rate's label
 * says this window (DESIGN: a window is labelled by what it covers).
 */
export function rateWindowUs(history: readonly RoutedSample[]): number | null {
  const latest = history[history.length - 1];
  const baseline = rateBaseline(history);
  return latest && baseline ? latest.nowUs - baseline.nowUs : null;
}

/**
 * Timeouts per simulated second for each user group, over the same window as the link
 * rates: a count per group and per simulated second, so it neither shows one group's
 * timeouts on every group nor changes with the playback speed.
 */
export function timeoutRates(history: readonly RoutedSample[]): Record<string, number> {
  const latest = history[history.length - 1];
  const baseline = rateBaseline(history);
  if (!latest?.timedOutByGroup || !baseline) return {};
  const seconds = (latest.nowUs - baseline.nowUs) / US_PER_S;
  return perSecond(baseline.timedOutByGroup ?? new Map(), latest.timedOutByGroup, seconds);
}

/**
 * What one engine's reports add up to: per-link rates and per-group timeouts per
 * simulated second (flashed at each users node), and the window they cover, from one
 * sample history. The run and
 * design B each keep one.
 */
export class ReportRates {
  private history: RoutedSample[] = [];

  /** Takes a report: its snapshot and each user group's timed-out requests so far. */
  next(
    snapshot: Snapshot,
    userGroups: readonly Pick<UserGroupMetrics, 'id' | 'timedOut'>[],
  ): {
    linkRates: Record<string, number>;
    timeoutsPerSByGroup: Record<string, number>;
    rateWindowUs: number | null;
  } {
    const timedOutByGroup = new Map(userGroups.map((g) => [g.id, g.timedOut]));
    this.history = appendSample(this.history, { ...routedSample(snapshot), timedOutByGroup });
    return {
      linkRates: linkRates(this.history),
      timeoutsPerSByGroup: timeoutRates(this.history),
      rateWindowUs: rateWindowUs(this.history),
    };
  }

  /** A new run starts: no history. */
  reset(): void {
    this.history = [];
  }
}
