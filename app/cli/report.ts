/** Runs a scenario headless and shapes the result for the CLI's text and JSON output. */
import {
  FAILURE_REASONS,
  sFromUs,
  usFromS,
  type FailureReason,
  type Metrics,
  type Settings,
} from '../sim';
import { createSimulation } from '../sim/runtime';
import { simulationInput, type FaultEntry, type Scenario } from '../scenarios';
import { formatUsd, monthlyCost, type DesignCost } from '../scenarios/cost';

export interface RunReport {
  scenario: string;
  seed: number;
  durationS: number;
  requests: {
    total: number;
    succeeded: number;
    degraded: number;
    failed: number;
    /** Rejected at once by an overloaded server (also counted in failed and failedBy). */
    shed: number;
    inFlight: number;
    failedBy: Record<FailureReason, number>;
  };
  /** Request-based: succeeded / finished, 0..1. */
  availability: number;
  /**
   * Chaos mode as the run started: its rate multiplier and the failures it drew (log
   * entries of type `chaos`, applied or skipped); null when it was off.
   */
  chaos: { mode: 'on'; rateMultiplier: number; failures: number } | null;
  /** The design's monthly cost at list prices (the page's "Monthly cost"), with its settings at the start. */
  cost: DesignCost;
  /** The same over the last 60 simulated seconds. */
  availabilityLast60s: number;
  latencyMs: { p50: number | null; p99: number | null };
  /** Work nobody receives: finished after the caller gave up, or the answer was lost. */
  wastedWork: number;
  /** Simulated seconds with at least one failed request. */
  errorSeconds: number;
  /** Time-based: fraction of time the synthetic probes were answered. */
  timeAvailability: number;
  slo: { target: number; windowScale: number; budgetBurntFraction: number };
  alerts: Metrics['alerts'];
  duplicateSideEffects: number;
  /** Attempts reaching the bottom layer (the dependency) / user requests that needed it. */
  loadAmplification: number;
  breakers: Array<{ id: string; state: string; transitions: number }>;
  defences: Metrics['defences'];
  /** The database tier, or null without one. */
  data: Omit<NonNullable<Metrics['data']>, 'failovers'> | null;
  failovers: NonNullable<Metrics['data']>['failovers'];
  /** Per user group (users in each region). */
  userGroups: Metrics['userGroups'];
  settings: Settings;
  faults: Array<{ atS: number; command: FaultEntry['command'] }>;
  events: Array<{ atS: number; type: string; target: string; message: string }>;
}

/** The database counters without the failover list (reported on its own). */
const withoutFailovers = (data: NonNullable<Metrics['data']>): Omit<typeof data, 'failovers'> => {
  const rest: Partial<typeof data> = { ...data };
  delete rest.failovers;
  return rest as Omit<typeof data, 'failovers'>;
};

const finiteOrNull = (x: number): number | null =>
  Number.isFinite(x) ? Number(x.toFixed(3)) : null;

/**
 * Runs `scenario` (whose fault script already includes any --fault entries) for
 * `durationS` simulated seconds. Throws on an invalid fault, naming it.
 */
export function runScenario(scenario: Scenario, seed: number, durationS: number): RunReport {
  const sim = createSimulation(simulationInput(scenario), {
    seed,
    trackMessages: false,
    maxLogEntries: 100_000,
  });
  // The design as configured (a scheduled `set` or `rate` may change it later on).
  const cost = monthlyCost(scenario.topology, sim.settings());
  const chaosAtStart = sim.settings().chaos;
  sim.runUntil(usFromS(durationS));
  const metrics = sim.metrics();
  const entries = sim.log().entries;
  return {
    scenario: scenario.name,
    seed: sim.seed,
    durationS,
    requests: {
      ...metrics.requests,
      shed: metrics.requests.failedBy.shed,
      failedBy: { ...metrics.requests.failedBy },
    },
    availability: metrics.availability,
    chaos:
      chaosAtStart.mode === 'on'
        ? {
            mode: 'on',
            rateMultiplier: chaosAtStart.rateMultiplier,
            failures: entries.filter((e) => e.type === 'chaos').length,
          }
        : null,
    cost,
    availabilityLast60s: metrics.window60s.availability,
    latencyMs: {
      p50: finiteOrNull(metrics.latencyMs.p50),
      p99: finiteOrNull(metrics.latencyMs.p99),
    },
    wastedWork: metrics.wastedWork,
    errorSeconds: metrics.errorSeconds,
    timeAvailability: metrics.timeAvailability.sinceStart,
    slo: {
      target: metrics.slo.target,
      windowScale: metrics.slo.windowScale,
      budgetBurntFraction: metrics.slo.budgetBurntFraction,
    },
    alerts: metrics.alerts,
    duplicateSideEffects: metrics.defences.duplicateSideEffects,
    loadAmplification: Number(metrics.defences.loadAmplification.toFixed(4)),
    breakers: metrics.defences.breakers,
    defences: metrics.defences,
    data: metrics.data ? withoutFailovers(metrics.data) : null,
    failovers: metrics.data?.failovers ?? [],
    userGroups: metrics.userGroups,
    settings: sim.settings(),
    faults: scenario.faults.map((f) => ({ atS: f.atS, command: f.command })),
    events: entries.map((e) => ({
      atS: Number(sFromUs(e.atUs).toFixed(6)),
      type: e.type,
      target: e.target,
      message: e.message,
    })),
  };
}

/** Percentage with enough digits to show nines: 99.9372%. */
function formatPercent(fraction: number): string {
  if (fraction === 1) return '100%';
  return `${(fraction * 100).toFixed(4)}%`;
}

/** Log lines of data lost on a database node: their message does not name the node. */
const DATA_LOSS_TYPES: ReadonlySet<string> = new Set(['db-data-loss', 'db-lost-updates']);

/** An event as the summary prints it: a data-loss line with its node first (as the page's log shows it). */
function eventText(e: RunReport['events'][number]): string {
  return DATA_LOSS_TYPES.has(e.type) && !e.message.includes(e.target)
    ? `${e.target}: ${e.message}`
    : e.message;
}

/**
 * The design's monthly cost as the page shows it beside availability: the total, then
 * each charge that is not zero, and the traffic the traffic lines assume.
 */
export function costText(cost: DesignCost): string {
  const lines = cost.lines
    .filter((line) => line.usdPerMonth > 0)
    .map((line) => `${line.label} ${formatUsd(line.usdPerMonth)}`)
    .join(', ');
  return `Monthly cost: ${formatUsd(cost.usdPerMonth)} a month at list prices (${lines}; traffic at ${cost.requestsPerS.toLocaleString('en-US')} requests/s)`;
}

/** The short human summary the CLI prints without --json. */
export function formatSummary(report: RunReport): string {
  const r = report.requests;
  const reasons = FAILURE_REASONS.filter((reason) => r.failedBy[reason] > 0)
    .map((reason) => `${reason} ${r.failedBy[reason]}`)
    .join(', ');
  const lines = [
    `Nines: scenario ${report.scenario}, seed ${report.seed}, ${report.durationS} s simulated${report.chaos === null ? '' : `, chaos mode on (rates x${report.chaos.rateMultiplier.toLocaleString('en-US')}): ${report.chaos.failures.toLocaleString('en-US')} failure${report.chaos.failures === 1 ? '' : 's'}`}`,
    `Requests: ${r.total} total, ${r.succeeded} succeeded, ${r.degraded} degraded, ${r.failed} failed${reasons ? ` (${reasons})` : ''}, ${r.inFlight} in flight`,
    `Availability (request-based, succeeded / finished): ${formatPercent(report.availability)}; last 60 s: ${formatPercent(report.availabilityLast60s)}`,
    costText(report.cost),
    `Latency of successful requests: p50 ${report.latencyMs.p50 ?? '-'} ms, p99 ${report.latencyMs.p99 ?? '-'} ms`,
  ];
  lines.push(
    `Time-based availability (probes answered): ${formatPercent(report.timeAvailability)}; SLO ${formatPercent(report.slo.target)}: ${(report.slo.budgetBurntFraction * 100).toFixed(2)}% of the error budget burnt (period and windows scaled 1/${report.slo.windowScale})`,
  );
  for (const a of report.alerts) {
    const resolved = a.resolvedAtS === null ? '' : `, resolved at ${a.resolvedAtS} s`;
    lines.push(`  alert ${a.name} (${a.severity}) fired at ${a.firedAtS} s${resolved}`);
  }
  const d = report.defences;
  if (d.usersNeedingDependency > 0) {
    lines.push(
      `Dependency: ${d.dependencyAttempts} calls for ${d.usersNeedingDependency} requests (load amplification ${report.loadAmplification}x), ${d.sideEffects} charges, ${d.duplicateSideEffects} duplicate (charged twice)`,
    );
  }
  if (report.data) {
    const x = report.data;
    lines.push(
      `Database: ${x.writesAcked} writes acknowledged, ${x.writesLost} lost, ${x.staleReads} stale reads, ${x.lostUpdates} lost updates, ${x.splitBrainWrites} split-brain writes`,
    );
    for (const f of report.failovers) {
      lines.push(
        `  failover ${f.from} -> ${f.to} at ${f.atS.toFixed(1)} s: RTO ${f.rtoS === null ? 'not yet' : f.rtoS.toFixed(1) + ' s'}, RPO ${f.rpoWrites} writes (${f.rpoLagS.toFixed(2)} s)`,
      );
    }
  }
  for (const b of report.breakers)
    lines.push(`  breaker ${b.id}: ${b.state}, ${b.transitions} transitions`);
  if (report.userGroups.length > 1) {
    for (const g of report.userGroups) {
      lines.push(
        `  ${g.id}: ${formatPercent(g.availability)} available, ${g.failed} failed, errors in ${g.errorSeconds} s`,
      );
    }
  }
  if (report.errorSeconds > 0) lines.push(`Seconds with errors: ${report.errorSeconds}`);
  if (report.wastedWork > 0)
    lines.push(
      `Work nobody received (caller gave up, or the answer was lost): ${report.wastedWork} requests`,
    );
  if (report.events.length > 0) {
    lines.push('Events:');
    const shown = report.events.slice(0, 40);
    for (const e of shown) lines.push(`  ${e.atS.toFixed(3).padStart(10)} s  ${eventText(e)}`);
    if (report.events.length > shown.length)
      lines.push(`  ... ${report.events.length - shown.length} more (use --json)`);
  }
  return lines.join('\n');
}
