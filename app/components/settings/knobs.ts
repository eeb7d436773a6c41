/**
 * What the Defences and Data tabs show: their sections as data (which settings each
 * owns, which one is its on/off switch), and how a setting's teaching default and its
 * real-world values (from its spec) are written and compared.
 * Pure functions only, so they are tested without a browser.
 */
import {
  primaryRealWorldValue,
  settingSpec,
  type Metrics,
  type ReferenceSource,
  type SettingSpec,
  type Settings,
} from '../../sim';

/** A collapsible section of a panel: one defence mechanism or one part of the data tier. */
export interface KnobSection {
  id: string;
  title: string;
  /** An on/off setting drawn as the section's switch, beside its heading. */
  switchPath?: string;
  /** Settings shown inside the section, in order. */
  paths: readonly string[];
}

/** The Defences tab (issue 4), one section per mechanism. */
export const DEFENCE_SECTIONS: readonly KnobSection[] = [
  {
    id: 'timeouts',
    title: 'Timeouts',
    paths: ['client.timeoutMs', 'balancer.perTryTimeoutMs', 'dependency.timeoutMs'],
  },
  {
    id: 'retries',
    title: 'Retries',
    paths: [
      'retries.clientMaxAttempts',
      'retries.balancerMaxAttempts',
      'retries.serverMaxAttempts',
      'retries.backoffBaseMs',
      'retries.backoffCapMs',
      'retries.jitter',
      'retries.budget',
      'retries.budgetPercent',
      'retries.retryOn',
    ],
  },
  { id: 'idempotency', title: 'Idempotency keys', switchPath: 'idempotency.keys', paths: [] },
  {
    id: 'breaker',
    title: 'Circuit breaker',
    switchPath: 'breaker.enabled',
    paths: [
      'breaker.failureRateThresholdPercent',
      'breaker.slidingWindowSize',
      'breaker.minimumNumberOfCalls',
      'breaker.waitDurationInOpenStateMs',
      'breaker.permittedNumberOfCallsInHalfOpenState',
      'breaker.slowCallRateThresholdPercent',
      'breaker.slowCallDurationThresholdMs',
    ],
  },
  {
    id: 'degradation',
    title: 'Graceful degradation',
    switchPath: 'degradation.enabled',
    paths: ['degradation.countsAsAvailable'],
  },
  {
    id: 'shedding',
    title: 'Load shedding',
    switchPath: 'server.shedding',
    paths: ['server.queueLimit'],
  },
  {
    id: 'balancing',
    title: 'Balancing',
    paths: [
      'balancer.algorithm',
      'balancer.panicThresholdPercent',
      'outlier.enabled',
      'outlier.consecutive5xx',
      'outlier.baseEjectionTimeMs',
      'outlier.maxEjectionPercent',
    ],
  },
];

/** The Data tab (issue 5): the database tier's settings. */
export const DATA_SECTIONS: readonly KnobSection[] = [
  {
    id: 'replication',
    title: 'Replication',
    paths: [
      'database.replicationMode',
      'database.replicaApplyDelayMs',
      'database.semiSyncTimeoutMs',
      'database.readsFrom',
    ],
  },
  {
    id: 'quorum',
    title: 'Quorum',
    paths: ['database.quorumN', 'database.quorumW', 'database.quorumR'],
  },
  {
    id: 'failover',
    title: 'Failover',
    paths: [
      'database.failover',
      'database.leaseTtlMs',
      'database.loopWaitMs',
      'database.retryTimeoutMs',
      'database.promotionMs',
      'database.rediscoveryMs',
      'database.maximumLagOnFailoverWrites',
    ],
  },
  { id: 'fencing', title: 'Fencing', switchPath: 'database.fencing', paths: [] },
  {
    id: 'manual',
    title: 'Manual failover',
    paths: ['database.alertDelayMs', 'database.operatorDelayMs'],
  },
  {
    id: 'workload',
    title: 'Workload',
    paths: [
      'database.writeShare',
      'database.keys',
      'database.clientTimeoutMs',
      'database.rebuildMsPerThousandWrites',
      'database.conflictMode',
    ],
  },
];

/** Every setting the Defences and Data tabs show (the generic Settings tab leaves them out). */
export const TAB_OWNED_SETTINGS: ReadonlySet<string> = new Set(
  [...DEFENCE_SECTIONS, ...DATA_SECTIONS].flatMap((s) =>
    s.switchPath ? [s.switchPath, ...s.paths] : s.paths,
  ),
);

/** The readable label of a setting (its spec's `label`, also the field's accessible name). */
export function knobLabel(path: string): string {
  return settingSpec(path)?.label ?? path;
}

export { primaryRealWorldValue, realWorldText, withUnit } from '../../sim';

/** The page the built site serves docs/reference.md as (app/build/referencePage.ts). */
export const REFERENCE_PAGE = 'reference.html';

/**
 * Where a spec's source (`docs/reference.md#aws-alb-health-checks`) is on the site:
 * `reference.html#aws-alb-health-checks`, relative so it works from any sub-path.
 */
export function referenceHref(source: ReferenceSource): string {
  return `${REFERENCE_PAGE}${source.slice(source.indexOf('#'))}`;
}

/**
 * Whether the teaching default differs from the first real-world value the spec names
 * (e.g. breaker.slidingWindowSize 20 vs resilience4j's 100). False when it names none.
 */
export function referenceDiffers(spec: SettingSpec): boolean {
  const real = primaryRealWorldValue(spec);
  if (real === null) return false;
  if (typeof real === 'number' && typeof spec.default === 'number') {
    return Math.abs(real - spec.default) > 1e-9;
  }
  return real !== spec.default;
}

/** The spec of a path the tabs show; throws on a typo (caught by the tests). */
export function knobSpec(path: string): SettingSpec {
  const spec = settingSpec(path);
  if (!spec) throw new Error(`unknown setting ${path}`);
  return spec;
}

/** A timeout that normal latency reaches: it will fire on calls that would have succeeded. */
export interface FalseTimeoutNote {
  path: string;
  timeoutMs: number;
  /** Which measured latency reaches it, e.g. `p99 of payments calls`. */
  measured: string;
  latencyMs: number;
}

/**
 * Timeouts at or below the latency measured at their hop (docs/reference.md "Timeouts, retries, backoff, jitter":
 * set a timeout above the percentile whose false timeout rate you accept). Measured
 * latency includes calls cut off by the timeout, so "reaches" means within 5% of it.
 */
export function falseTimeoutNotes(settings: Settings, metrics: Metrics | null): FalseTimeoutNote[] {
  if (!metrics) return [];
  const notes: FalseTimeoutNote[] = [];
  const check = (path: string, timeoutMs: number, measured: string, latencyMs: number) => {
    if (timeoutMs > 0 && Number.isFinite(latencyMs) && latencyMs > 0) {
      if (latencyMs >= timeoutMs * 0.95) notes.push({ path, timeoutMs, measured, latencyMs });
    }
  };
  const hop = metrics.defences.hopLatencyMs;
  if (metrics.defences.dependencyAttempts > 0) {
    const before = notes.length;
    check(
      'dependency.timeoutMs',
      settings.dependency.timeoutMs,
      'median payments call',
      hop.dependencyP50,
    );
    if (notes.length === before) {
      check(
        'dependency.timeoutMs',
        settings.dependency.timeoutMs,
        'p99 of payments calls',
        hop.dependencyP99,
      );
    }
  }
  if (metrics.defences.serverTries > 0) {
    check(
      'balancer.perTryTimeoutMs',
      settings.balancer.perTryTimeoutMs,
      'p99 of server time',
      hop.serverP99,
    );
  }
  // Answers of the last minute, so the note goes away soon after the timeout is raised.
  const recent = metrics.window60s.p99Ms;
  if (metrics.requests.succeeded > 0) {
    check(
      'client.timeoutMs',
      settings.client.timeoutMs,
      Number.isFinite(recent) ? 'p99 of answers in the last 60 s' : 'p99 of answered requests',
      Number.isFinite(recent) ? recent : metrics.latencyMs.p99,
    );
  }
  return notes;
}

/** Sections a panel remembers as open while its tab is closed and opened again. */
const openSections = new Set<string>();

export function isSectionOpen(key: string): boolean {
  return openSections.has(key);
}

export function rememberSectionOpen(key: string, open: boolean): void {
  if (open) openSections.add(key);
  else openSections.delete(key);
}
