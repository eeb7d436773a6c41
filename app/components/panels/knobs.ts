/**
 * What the Defences and Data tabs show: their sections as data (which settings each
 * owns, which one is its on/off switch), short labels for the settings, and the
 * comparison of a teaching default with the real-world value it stands for.
 * Pure functions only, so they are tested without a browser.
 */
import { settingSpec, type Metrics, type SettingSpec, type Settings } from '../../sim';

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

/** Short labels (also the inputs' accessible names). */
export const KNOB_LABELS: Readonly<Record<string, string>> = {
  'client.timeoutMs': 'User timeout',
  'balancer.perTryTimeoutMs': 'Balancer per-try timeout',
  'dependency.timeoutMs': 'Payments timeout',
  'retries.clientMaxAttempts': 'User attempts',
  'retries.balancerMaxAttempts': 'Balancer attempts',
  'retries.serverMaxAttempts': 'App server attempts',
  'retries.backoffBaseMs': 'Backoff base',
  'retries.backoffCapMs': 'Backoff cap',
  'retries.jitter': 'Jitter',
  'retries.budget': 'Retry budget',
  'retries.budgetPercent': 'Budget percent',
  'retries.retryOn': 'Retry on',
  'idempotency.keys': 'Idempotency keys',
  'breaker.enabled': 'Circuit breaker',
  'breaker.failureRateThresholdPercent': 'Failure-rate threshold',
  'breaker.slidingWindowSize': 'Sliding window',
  'breaker.minimumNumberOfCalls': 'Minimum calls',
  'breaker.waitDurationInOpenStateMs': 'Wait in open',
  'breaker.permittedNumberOfCallsInHalfOpenState': 'Half-open trial calls',
  'breaker.slowCallRateThresholdPercent': 'Slow-call rate threshold',
  'breaker.slowCallDurationThresholdMs': 'Slow-call duration',
  'degradation.enabled': 'Graceful degradation',
  'degradation.countsAsAvailable': 'Degraded counts as available',
  'server.shedding': 'Load shedding',
  'server.queueLimit': 'Queue limit',
  'balancer.algorithm': 'Algorithm',
  'balancer.panicThresholdPercent': 'Panic threshold',
  'outlier.enabled': 'Outlier detection',
  'outlier.consecutive5xx': 'Consecutive failures',
  'outlier.baseEjectionTimeMs': 'Ejection time',
  'outlier.maxEjectionPercent': 'Max ejected',
  'database.replicationMode': 'Replication mode',
  'database.replicaApplyDelayMs': 'Replica apply delay',
  'database.semiSyncTimeoutMs': 'Semi-sync timeout',
  'database.readsFrom': 'Reads from',
  'database.quorumN': 'N (copies)',
  'database.quorumW': 'W (write quorum)',
  'database.quorumR': 'R (read quorum)',
  'database.failover': 'Failover',
  'database.leaseTtlMs': 'Lease TTL',
  'database.loopWaitMs': 'Loop wait',
  'database.retryTimeoutMs': 'Retry timeout',
  'database.promotionMs': 'Promotion',
  'database.rediscoveryMs': 'Client rediscovery',
  'database.maximumLagOnFailoverWrites': 'Maximum lag on failover',
  'database.fencing': 'Fencing',
  'database.alertDelayMs': 'Alert delay',
  'database.operatorDelayMs': 'Operator delay',
  'database.writeShare': 'Write share',
  'database.keys': 'Keys',
  'database.clientTimeoutMs': 'Database timeout',
  'database.rebuildMsPerThousandWrites': 'Rebuild time per 1000 writes',
  'database.conflictMode': 'Conflict mode',
};

/** The label of a setting, or its path when it has none. */
export function knobLabel(path: string): string {
  return KNOB_LABELS[path] ?? path;
}

/** A value with its unit: `100 ms`, `50 %` is written `50%`. */
export function withUnit(value: number | string, unit?: string): string {
  if (!unit) return String(value);
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

/** Milliseconds per unit a reference may be written in. */
const UNIT_SCALE_MS: Record<string, number> = { ms: 1, s: 1000 };

/**
 * The number a reference's first clause gives (before any `;`), in the setting's own
 * unit: "resilience4j 60000 ms; Hystrix 5000 ms" -> 60000, "Patroni ttl 30 s" -> 30000
 * for a setting in ms. "Envoy: 1 retry" on an attempts setting counts the original
 * attempt too (2). Null when the first clause has no standalone number.
 */
export function referenceNumber(spec: SettingSpec): number | null {
  if (spec.kind !== 'number' || !spec.reference) return null;
  const clause = spec.reference.split(';')[0]!;
  const match = /(?<![\w.])(\d+(?:\.\d+)?)(?:\s*(ms|s|%)(?![\w]))?(\s+retr(?:y|ies)\b)?/.exec(
    clause,
  );
  if (!match) return null;
  let value = Number(match[1]);
  const unit = match[2];
  if (unit && unit in UNIT_SCALE_MS && spec.unit && spec.unit in UNIT_SCALE_MS) {
    value = (value * UNIT_SCALE_MS[unit]!) / UNIT_SCALE_MS[spec.unit]!;
  }
  if (match[3] && /MaxAttempts$/.test(spec.path)) value += 1;
  return value;
}

/**
 * The choice a reference names ("Envoy and AWS ALB default: round robin" names
 * round-robin), or null when it names none of the setting's choices.
 */
export function referenceChoice(spec: SettingSpec): string | null {
  if (spec.kind !== 'choice' || !spec.reference) return null;
  const words = ` ${spec.reference.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  const named = spec.choices.filter((choice) =>
    words.includes(` ${choice.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `),
  );
  return named.length === 1 ? named[0]! : null;
}

/**
 * Whether the teaching default differs from the real-world value its reference names
 * (e.g. breaker.slidingWindowSize 20 vs "resilience4j 100"). False when the reference
 * names no comparable value.
 */
export function referenceDiffers(spec: SettingSpec): boolean {
  if (spec.kind === 'number') {
    const real = referenceNumber(spec);
    return real !== null && Math.abs(real - spec.default) > 1e-9;
  }
  const real = referenceChoice(spec);
  return real !== null && real !== spec.default;
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
 * Timeouts at or below the latency measured at their hop (REFERENCE.md section 4:
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
