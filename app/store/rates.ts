/**
 * Requests per simulated second on each link, from the balancers' `routed` counters.
 * The snapshot only says how many requests were routed so far; two samples a few
 * simulated seconds apart turn that into a rate a learner can read ("9.8/s"), which
 * shows traffic leaving a server once the balancer marks it unhealthy.
 */
import { linkId, US_PER_S, type Snapshot } from '../sim';

/** Routed counters at one simulated instant, keyed by link id. */
export interface RoutedSample {
  nowUs: number;
  routedByLink: ReadonlyMap<string, number>;
}

/** Rates are measured over at least this much simulated time when the history allows. */
export const RATE_WINDOW_US = 2 * US_PER_S;

/** No rate is shown before this much simulated time has been measured (too noisy). */
export const RATE_MIN_WINDOW_US = US_PER_S;

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
 * Requests per simulated second on each link, measured from the newest sample at
 * least `RATE_WINDOW_US` older than the latest one (or the oldest sample when the run
 * is younger than that). Empty until RATE_MIN_WINDOW_US of simulated time is measured.
 */
export function linkRates(history: readonly RoutedSample[]): Record<string, number> {
  const latest = history[history.length - 1];
  if (!latest) return {};
  let baseline: RoutedSample | undefined;
  for (const sample of history) {
    if (latest.nowUs - sample.nowUs >= RATE_WINDOW_US) baseline = sample;
  }
  baseline ??= history[0];
  if (!baseline || latest.nowUs - baseline.nowUs < RATE_MIN_WINDOW_US) return {};
  const seconds = (latest.nowUs - baseline.nowUs) / US_PER_S;
  const rates: Record<string, number> = {};
  for (const [id, routed] of latest.routedByLink) {
    rates[id] = (routed - (baseline.routedByLink.get(id) ?? 0)) / seconds;
  }
  return rates;
}

/**
 * What one engine's reports add up to between reports: per-link rates (from a sample
 * history) and user timeouts since the previous report (flashed at the users node).
 * The run and design B each keep one.
 */
export class ReportRates {
  private history: RoutedSample[] = [];
  private timeoutsBefore = 0;

  /** Takes a report: its snapshot and the run's timeouts so far. */
  next(
    snapshot: Snapshot,
    timeouts: number,
  ): { linkRates: Record<string, number>; recentTimeouts: number } {
    this.history = appendSample(this.history, routedSample(snapshot));
    const recentTimeouts = Math.max(0, timeouts - this.timeoutsBefore);
    this.timeoutsBefore = timeouts;
    return { linkRates: linkRates(this.history), recentTimeouts };
  }

  /** A new run starts: no history, no timeouts. */
  reset(): void {
    this.history = [];
    this.timeoutsBefore = 0;
  }
}
