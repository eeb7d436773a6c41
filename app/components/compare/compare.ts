/**
 * Comparing two designs: the quick picks a learner starts from (each a design B that
 * differs from the run in one idea), the URL form of design B's changes, and the rows
 * of the side-by-side table. Pure functions; the panels are in CompareView.tsx.
 */
import { getSetting, settingSpec, withUnit, type Metrics, type Settings } from '../../sim';
import type { StartSetting } from '../../store';
import {
  failureBreakdown,
  formatAvailability,
  formatCount,
  formatMs,
  higherShare,
  ninesClaim,
  ninesClaimText,
  type ShareSample,
} from '../app/format';

export interface ComparePreset {
  /** What design B does differently, as a button label. */
  label: string;
  changes: StartSetting[];
}

/** What the cloud has, for choosing the quick picks that make sense in it. */
export interface CloudShape {
  regions: number;
  database: boolean;
  dependency: boolean;
}

/**
 * Design B ideas for this cloud, each the other side of a choice docs/reference.md discusses:
 * region mode, balancing algorithm, health-check speed, DNS TTL, load shedding, the
 * dependency's defences, replication and fencing.
 */
export function comparePresets(shape: CloudShape, settings: Settings): ComparePreset[] {
  const presets: ComparePreset[] = [];
  const add = (label: string, ...changes: Array<[string, number | string]>) =>
    presets.push({ label, changes: changes.map(([path, value]) => ({ path, value })) });
  if (shape.regions > 1) {
    if (settings.regions.mode === 'active-passive') {
      add('Active-active regions', ['regions.mode', 'active-active']);
    } else {
      add('Active-passive regions', ['regions.mode', 'active-passive']);
    }
    if (settings.trafficManager.dnsTtlS > 10)
      add('DNS TTL of 10 s', ['trafficManager.dnsTtlS', 10]);
  }
  if (settings.balancer.algorithm === 'round-robin') {
    add('Least outstanding requests', ['balancer.algorithm', 'least-outstanding']);
  } else {
    add('Round robin', ['balancer.algorithm', 'round-robin']);
  }
  if (settings.healthCheck.intervalMs > 5000) {
    add('Health checks every 5 s', ['healthCheck.intervalMs', 5000]);
  } else {
    add('Health checks every 30 s', ['healthCheck.intervalMs', 30000]);
  }
  if (settings.server.shedding === 'off') add('Load shedding', ['server.shedding', 'on']);
  if (shape.dependency) {
    if (settings.breaker.enabled === 'off') add('Circuit breaker', ['breaker.enabled', 'on']);
    if (settings.retries.jitter === 'none')
      add('Retries with full jitter', ['retries.jitter', 'full']);
    if (settings.idempotency.keys === 'off') add('Idempotency keys', ['idempotency.keys', 'on']);
  }
  if (shape.database) {
    if (settings.database.replicationMode !== 'sync') {
      add('Synchronous replication', ['database.replicationMode', 'sync']);
    } else {
      add('Asynchronous replication', ['database.replicationMode', 'async']);
    }
    if (settings.database.fencing === 'off') add('Fencing', ['database.fencing', 'on']);
  }
  // Only picks that really change something (a scenario may already have made the choice).
  return presets.filter((p) =>
    p.changes.some((c) => String(getSetting(settings, c.path)) !== String(c.value)),
  );
}

/**
 * "Region mode: active-active; DNS TTL: 10 s": each setting by its spec's readable label
 * (the name the Settings tab shows) and its value with the spec's unit. The share link
 * keeps the paths (`urlState.ts`); a path with no spec is shown as it is.
 */
export function describeChanges(changes: readonly StartSetting[]): string {
  return changes
    .map(({ path, value }) => {
      const spec = settingSpec(path);
      return `${spec?.label ?? path}: ${withUnit(value, spec?.kind === 'number' ? spec.unit : undefined)}`;
    })
    .join('; ');
}

export interface CompareRow {
  label: string;
  a: string;
  b: string;
  /** Which design does better on this row, in words (never colour alone). */
  verdict: 'A better' | 'B better' | 'same' | '';
}

/** +1 when higher is better, -1 when lower is, 0 when neither is (context decides). */
type Direction = 1 | -1 | 0;

/**
 * Which design's measured share is higher, only where the samples show it (`higherShare`:
 * the 95% intervals do not overlap); 'same' where they do not, '' with no data on a side.
 */
function sampleVerdict(a: ShareSample, b: ShareSample): CompareRow['verdict'] {
  if (!(a.total > 0) || !(b.total > 0)) return '';
  const higher = higherShare(a, b);
  return higher === 'b' ? 'B better' : higher === 'a' ? 'A better' : 'same';
}

function verdictOf(a: number, b: number, direction: Direction): CompareRow['verdict'] {
  if (direction === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return '';
  if (Math.abs(a - b) < 1e-12) return 'same';
  return (b - a) * direction > 0 ? 'B better' : 'A better';
}

/** The side-by-side table: the same measures of both runs, at the same simulated instant. */
export function compareRows(a: Metrics, b: Metrics): CompareRow[] {
  const rows: CompareRow[] = [];
  const row = (
    label: string,
    va: number,
    vb: number,
    format: (n: number) => string,
    direction: Direction,
  ) => rows.push({ label, a: format(va), b: format(vb), verdict: verdictOf(va, vb, direction) });
  // Every availability row: the one formatter, with the digits its sample supports
  // (requests for the request-based rows, probes for the time-based one), and a verdict
  // only where the two samples show a difference (their 95% intervals do not overlap): a
  // design that served 8x the requests at the same rate is not "better".
  const availabilityRow = (
    label: string,
    sample: (m: Metrics) => ShareSample & { share: number },
  ) => {
    const [sa, sb] = [sample(a), sample(b)];
    const text = ({ share, total }: { share: number; total: number }) =>
      total > 0 && Number.isFinite(share) ? formatAvailability(share, total) : '–';
    rows.push({ label, a: text(sa), b: text(sb), verdict: sampleVerdict(sa, sb) });
  };
  const finishedOf = (c: { succeeded: number; degraded: number; failed: number }) =>
    c.succeeded + c.degraded + c.failed;
  const requestSample = (share: number, total: number) => ({
    share,
    total,
    good: Math.round(Math.max(0, Math.min(1, share)) * total),
  });
  const wholeRun = (m: Metrics) => requestSample(m.availability, finishedOf(m.requests));
  availabilityRow('Availability, whole run (request-based)', wholeRun);
  // Nines as far as each sample supports them (the headline's rule), never "∞ nines".
  const nines = (m: Metrics) => ninesClaimText(ninesClaim(wholeRun(m).good, wholeRun(m).total));
  rows.push({
    label: 'Nines, whole run',
    a: nines(a),
    b: nines(b),
    verdict: sampleVerdict(wholeRun(a), wholeRun(b)),
  });
  availabilityRow('Availability, last 1 min', (m) =>
    requestSample(m.window60s.availability, finishedOf(m.window60s)),
  );
  availabilityRow('Availability, whole run (time-based)', (m) =>
    requestSample(m.timeAvailability.sinceStart, m.timeAvailability.probesSinceStart),
  );
  rows.push({
    label: 'Failed requests',
    a: `${formatCount(a.requests.failed)} (${failureBreakdown(a.requests.failedBy)})`,
    b: `${formatCount(b.requests.failed)} (${failureBreakdown(b.requests.failedBy)})`,
    verdict: verdictOf(a.requests.failed, b.requests.failed, -1),
  });
  row('Seconds with errors', a.errorSeconds, b.errorSeconds, (n) => `${formatCount(n)} s`, -1);
  for (const group of a.userGroups) {
    const other = b.userGroups.find((g) => g.id === group.id);
    if (!other || a.userGroups.length < 2) continue;
    row(
      `Seconds with errors, ${group.id}`,
      group.errorSeconds,
      other.errorSeconds,
      (n) => `${formatCount(n)} s`,
      -1,
    );
  }
  row('Latency p99 (answered)', a.latencyMs.p99, b.latencyMs.p99, formatMs, -1);
  if (a.defences.usersNeedingDependency > 0 || b.defences.usersNeedingDependency > 0) {
    // Fewer calls can mean retries saved or checkouts that never got that far: no verdict.
    row(
      'Calls to the dependency per checkout',
      a.defences.loadAmplification,
      b.defences.loadAmplification,
      (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–'),
      0,
    );
    row(
      'Cards charged twice',
      a.defences.duplicateSideEffects,
      b.defences.duplicateSideEffects,
      formatCount,
      -1,
    );
  }
  if (a.data && b.data) {
    row('Acknowledged writes lost', a.data.writesLost, b.data.writesLost, formatCount, -1);
    row('Writes acknowledged', a.data.writesAcked, b.data.writesAcked, formatCount, 1);
  }
  return rows;
}
