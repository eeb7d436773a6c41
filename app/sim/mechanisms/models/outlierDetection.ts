/**
 * Passive outlier detection, Envoy style (docs/reference.md "Health checks"; envoy
 * `outlier_detection.proto`, consecutive-5xx detection).
 *
 * The balancer watches the answers of real requests: a host that fails `consecutive5xx`
 * times in a row is ejected from balancing for baseEjectionTime x (times ejected),
 * capped at maxEjectionTime. At most maxEjectionPercent of the hosts may be ejected at
 * once, but always at least one, so a bad deploy cannot empty the cluster.
 *
 * Why it exists beside active health checks: a process that fails fast (refuses,
 * answers 500 at once) passes TCP checks and, under least-request balancing, looks like
 * the least loaded host and attracts more traffic (docs/reference.md "Load balancing and gray failure"). Only the
 * failures of real requests reveal it.
 *
 * Simplifications, chosen so the rules stay visible:
 * - Envoy un-ejects on its sweep timer (`interval` 10 s), so a host can stay out up to
 *   one interval longer; here a host returns exactly when its ejection time ends.
 * - Newer Envoy versions lower the ejection multiplier again while a host stays healthy;
 *   here `timesEjected` only grows, as in the docs/reference.md rule "30 s x times ejected".
 * - Outcomes reported while a host is ejected (requests sent before the ejection) are
 *   ignored, and the failure counter restarts at every ejection, as Envoy resets it.
 */

/** Tunables of consecutive-failure outlier detection. */
export interface OutlierDetectionOptions {
  /** Consecutive failures that eject a host. Default 5 (Envoy `consecutive_5xx`). */
  consecutive5xx: number;
  /**
   * Ejection time per time ejected: the n-th ejection lasts n x this.
   * Default 30000 ms (Envoy `base_ejection_time` 30 s).
   */
  baseEjectionTimeMs: number;
  /**
   * Most hosts ejected at once, as a percentage of the cluster; at least one host may
   * always be ejected. Default 10 (Envoy `max_ejection_percent` 10%).
   */
  maxEjectionPercent: number;
  /**
   * Longest single ejection (never less than the base).
   * Default 300000 ms (Envoy `max_ejection_time` 300 s).
   */
  maxEjectionTimeMs: number;
}

/** Envoy's defaults, as documented on `OutlierDetectionOptions`. */
export const ENVOY_OUTLIER_DEFAULTS: Readonly<OutlierDetectionOptions> = Object.freeze({
  consecutive5xx: 5,
  baseEjectionTimeMs: 30_000,
  maxEjectionPercent: 10,
  maxEjectionTimeMs: 300_000,
});

/** What outlier detection knows about one host. */
export interface OutlierHostState {
  /** Failures since the last success (or ejection). */
  consecutiveFailures: number;
  /** The host is ejected while simulated time is before this instant (0: never ejected). */
  ejectedUntilUs: number;
  /** Ejections so far: the multiplier of the next ejection's length. */
  timesEjected: number;
}

/** Outlier detection for one cluster: options and per-host state keyed by host id. */
export interface OutlierDetector {
  readonly options: Readonly<OutlierDetectionOptions>;
  hosts: Record<string, OutlierHostState>;
}

/** What a recorded outcome triggered, for the event log. */
export type OutlierEvent =
  | {
      type: 'ejected';
      hostId: string;
      /** The host returns to balancing at this instant. */
      untilUs: number;
      ejectionMs: number;
      /** Including this ejection. */
      timesEjected: number;
    }
  | {
      /** The host met the failure threshold, but ejecting it would pass the maximum. */
      type: 'ejection-overflow';
      hostId: string;
      ejectedHosts: number;
      maxEjectedHosts: number;
    };

/** An empty detector. Missing options take Envoy's defaults. */
export function createOutlierDetector(
  options: Partial<OutlierDetectionOptions> = {},
): OutlierDetector {
  const merged: OutlierDetectionOptions = { ...ENVOY_OUTLIER_DEFAULTS, ...options };
  if (!(Number.isInteger(merged.consecutive5xx) && merged.consecutive5xx >= 1)) {
    throw new RangeError(
      `consecutive5xx must be a whole number >= 1, got ${merged.consecutive5xx}`,
    );
  }
  if (!(merged.maxEjectionPercent >= 0 && merged.maxEjectionPercent <= 100)) {
    throw new RangeError(
      `maxEjectionPercent must be in [0, 100], got ${merged.maxEjectionPercent}`,
    );
  }
  for (const key of ['baseEjectionTimeMs', 'maxEjectionTimeMs'] as const) {
    if (!(merged[key] >= 0 && Number.isFinite(merged[key]))) {
      throw new RangeError(`${key} must be a finite number >= 0, got ${merged[key]}`);
    }
  }
  return { options: Object.freeze(merged), hosts: {} };
}

/**
 * Records the outcome of one request to `hostId` at `nowUs` and returns the ejection it
 * caused, if any. `hostCount` is the number of hosts in the cluster now (ejected ones
 * included), which sets the ejection maximum.
 */
export function outlierRecord(
  detector: OutlierDetector,
  hostId: string,
  failed: boolean,
  nowUs: number,
  hostCount: number,
): OutlierEvent | null {
  const host = outlierHost(detector, hostId);
  if (nowUs < host.ejectedUntilUs) return null;
  if (!failed) {
    host.consecutiveFailures = 0;
    return null;
  }
  host.consecutiveFailures++;
  if (host.consecutiveFailures < detector.options.consecutive5xx) return null;

  // Envoy resets the counter whether or not the ejection is allowed, so a host refused
  // by the maximum needs another full run of failures before it is considered again.
  host.consecutiveFailures = 0;
  const ejectedHosts = outlierEjectedCount(detector, nowUs);
  const maxEjectedHosts = outlierMaxEjectedHosts(detector.options, hostCount);
  if (ejectedHosts + 1 > maxEjectedHosts) {
    return { type: 'ejection-overflow', hostId, ejectedHosts, maxEjectedHosts };
  }
  host.timesEjected++;
  const ejectionMs = outlierEjectionTimeMs(detector.options, host.timesEjected);
  host.ejectedUntilUs = nowUs + Math.round(ejectionMs * 1000);
  return {
    type: 'ejected',
    hostId,
    untilUs: host.ejectedUntilUs,
    ejectionMs,
    timesEjected: host.timesEjected,
  };
}

/** True while `hostId` is ejected; it returns by itself when its time is up. */
export function outlierIsEjected(
  detector: OutlierDetector,
  hostId: string,
  nowUs: number,
): boolean {
  return Object.hasOwn(detector.hosts, hostId) && nowUs < detector.hosts[hostId]!.ejectedUntilUs;
}

/** Hosts ejected at `nowUs`. */
export function outlierEjectedCount(detector: OutlierDetector, nowUs: number): number {
  let count = 0;
  for (const id in detector.hosts) if (nowUs < detector.hosts[id]!.ejectedUntilUs) count++;
  return count;
}

/**
 * Most hosts that may be ejected at once: max(1, floor(maxEjectionPercent% x hostCount)),
 * Envoy's "max_ejection_percent, but at least one host".
 */
export function outlierMaxEjectedHosts(
  options: OutlierDetectionOptions,
  hostCount: number,
): number {
  // Multiply before dividing so whole percentages of whole counts stay exact.
  return Math.max(1, Math.floor((options.maxEjectionPercent * hostCount) / 100));
}

/**
 * Length of the n-th ejection: base x n, capped at max(base, maxEjectionTime) as Envoy
 * caps it (a max below the base does not shorten the first ejection).
 */
export function outlierEjectionTimeMs(
  options: OutlierDetectionOptions,
  timesEjected: number,
): number {
  const { baseEjectionTimeMs, maxEjectionTimeMs } = options;
  return Math.min(
    baseEjectionTimeMs * timesEjected,
    Math.max(baseEjectionTimeMs, maxEjectionTimeMs),
  );
}

/** The state of `hostId`, created on first use. */
export function outlierHost(detector: OutlierDetector, hostId: string): OutlierHostState {
  // hasOwn, not a truthiness test: an id such as "constructor" must not find Object's.
  if (!Object.hasOwn(detector.hosts, hostId)) {
    detector.hosts[hostId] = { consecutiveFailures: 0, ejectedUntilUs: 0, timesEjected: 0 };
  }
  return detector.hosts[hostId]!;
}
