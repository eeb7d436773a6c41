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
  formatNines,
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
 * Design B ideas for this cloud, each the other side of a choice REFERENCE.md discusses:
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
  const percent = (n: number) => (Number.isFinite(n) ? formatAvailability(n) : '–');
  // A measured figure shows the digits its count supports (each side its own count).
  const finishedOf = (c: { succeeded: number; degraded: number; failed: number }) =>
    c.succeeded + c.degraded + c.failed;
  const measured = (n: number, total: number) =>
    Number.isFinite(n) ? formatAvailability(n, total) : '–';
  rows.push({
    label: 'Availability, whole run (request-based)',
    a: measured(a.availability, finishedOf(a.requests)),
    b: measured(b.availability, finishedOf(b.requests)),
    verdict: verdictOf(a.availability, b.availability, 1),
  });
  row('Nines, whole run', a.availability, b.availability, formatNines, 1);
  rows.push({
    label: 'Availability, last 1 min',
    a: measured(a.window60s.availability, finishedOf(a.window60s)),
    b: measured(b.window60s.availability, finishedOf(b.window60s)),
    verdict: verdictOf(a.window60s.availability, b.window60s.availability, 1),
  });
  row(
    'Availability, whole run (time-based)',
    a.timeAvailability.sinceStart,
    b.timeAvailability.sinceStart,
    percent,
    1,
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
