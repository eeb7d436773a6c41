/**
 * What "Simulate N years" reports (the CLI's `--years` and the page): availability per
 * year, its mean, 5th-95th percentile and worst year, downtime and incidents, the
 * formula's prediction, and a sentence that explains the gap from the numbers: the same
 * years run again with instant detection and no DNS caching show how much of the gap is
 * detection, failover and DNS TTL, and the rest is what the formula leaves out.
 */
import type { Settings } from '../settings';
import type { TopologySpec } from '../topology';
import { predictedAvailability } from './analytic';
import { expectedFailures, rareFailureWarning, type KindFailureCount } from './expectedFailures';
import type { FailureKind } from './failureProcess';
import { fluidTimings, runFluid, US_PER_YEAR, usFromYears, type FluidYear } from './fluid';

/** Longest run the CLI and the page accept. */
export const YEARS_MAX = 1000;

export interface YearsReport {
  years: number;
  seed: number;
  /** Availability of each simulated year, 0..1, in order. */
  availabilityByYear: number[];
  /** Over all the years (time-weighted mean). */
  availability: number;
  /** 5th and 95th percentile of the yearly availabilities (nearest rank). */
  percentile5: number;
  percentile95: number;
  worstYear: { index: number; availability: number };
  /** Equivalent full downtime, seconds: all years, and per year on average. */
  downtimeS: number;
  downtimePerYearS: number;
  incidents: number;
  incidentsPerYear: number;
  failures: number;
  /** Each failure kind: parts, expected count over the run (rate x years x parts), drawn count. */
  failuresByKind: KindFailureCount[];
  /**
   * Set when the kind making most of the formula's downtime was expected fewer than 3
   * times over the run: the headline then says little about what the design can expect.
   */
  rareFailureWarning: string | null;
  /**
   * Acknowledged writes lost at the database's promotions over all the years (fluid
   * mode's expected count, `fluidDatabase.ts`); null when the design has no database.
   * `writesLostNote` says how it is counted.
   */
  acknowledgedWritesLost: number | null;
  /** The same per year on average; null without a database. */
  acknowledgedWritesLostPerYear: number | null;
  /** Database promotions (failovers) over all the years; null without a database. */
  databaseFailovers: number | null;
  writesLostNote: string;
  /** The series/parallel prediction from the same MTBF/MTTR. */
  formula: { availability: number; lines: string[] };
  /** The same years with instant detection and no DNS caching. */
  instantDetectionAvailability: number;
  /** Minutes a year: measured downtime minus the formula's, split by where it comes from. */
  gap: { totalMinPerYear: number; detectionMinPerYear: number; otherMinPerYear: number };
  /** The gap explained in one or two sentences. */
  explanation: string;
}

/** Nearest-rank percentile of ascending `sorted` (q in 0..1). */
function percentile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

const minPerYear = (unavailability: number): number => (unavailability * US_PER_YEAR) / 60e6;
const fixed = (x: number): string =>
  Math.abs(x) < 0.05 ? '0' : Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(1);

/**
 * One stretch of simulated years from one seed: the fluid run's years and the same years
 * with instant detection and no DNS caching. The page splits a long run into stretches
 * (`yearsChunks.ts`) run in parallel and summarises them together (`summariseYears`).
 */
export interface YearsPart {
  years: FluidYear[];
  /** Over the stretch (time-weighted). */
  availability: number;
  instantDetectionAvailability: number;
  failures: number;
  /** Acknowledged writes lost over the stretch; null when fluid mode has no database to lose. */
  writesLost: number | null;
  /** Database failovers (promotions) over the stretch; 0 without a database. */
  databaseFailovers: number;
  /** The failures by kind (absent in parts made before it was counted: then not shown). */
  failuresByKind?: Partial<Record<FailureKind, number>>;
}

/** Runs `years` years of `topology` from `seed` (fluid mode, and again with instant detection). */
export function simulateYearsPart(
  topology: TopologySpec,
  settings: Settings,
  seed: number,
  years: number,
  onYear?: (yearsDone: number) => void,
): YearsPart {
  const run = runFluid(topology, settings, seed, years, usFromYears(years), { onYear });
  const instant = runFluid(topology, settings, seed, years, usFromYears(years), {
    timings: { detectRefusedUs: 0, detectSilentUs: 0, returnUs: 0, dnsMoveUs: 0 },
  });
  return {
    years: run.years,
    availability: run.availability,
    instantDetectionAvailability: instant.availability,
    failures: run.failures,
    writesLost: run.writesLost,
    databaseFailovers: run.failovers.length,
    failuresByKind: run.failuresByKind,
  };
}

/**
 * Simulates `years` years of `topology` under chaos mode's rates in `settings` from
 * `seed` (fluid mode) and summarises them.
 */
export function simulateYears(
  topology: TopologySpec,
  settings: Settings,
  seed: number,
  years: number,
  onYear?: (yearsDone: number) => void,
): YearsReport {
  const part = simulateYearsPart(topology, settings, seed, years, onYear);
  return summariseYears(topology, settings, seed, [part]);
}

/** Time-weighted mean of the parts' `pick` (whole years each; one part is itself). */
function overParts(parts: readonly YearsPart[], pick: (part: YearsPart) => number): number {
  if (parts.length === 1) return pick(parts[0]!);
  let sum = 0;
  let count = 0;
  for (const part of parts) {
    sum += pick(part) * part.years.length;
    count += part.years.length;
  }
  return count > 0 ? sum / count : 1;
}

/**
 * The report over `parts`, in order (their years one after another): what
 * `simulateYears` prints for one part, and the page for the stretches its workers ran.
 */
export function summariseYears(
  topology: TopologySpec,
  settings: Settings,
  seed: number,
  parts: readonly YearsPart[],
): YearsReport {
  const run = {
    years: parts.flatMap((part) => part.years),
    availability: overParts(parts, (part) => part.availability),
    failures: parts.reduce((sum, part) => sum + part.failures, 0),
    // Every stretch runs the same design, so they all have a database or none do.
    writesLost: parts.some((part) => part.writesLost === null)
      ? null
      : parts.reduce((sum, part) => sum + (part.writesLost ?? 0), 0),
    databaseFailovers: parts.reduce((sum, part) => sum + part.databaseFailovers, 0),
  };
  const drawnByKind: Partial<Record<FailureKind, number>> = {};
  for (const part of parts) {
    for (const [kind, n] of Object.entries(part.failuresByKind ?? {}) as [FailureKind, number][]) {
      drawnByKind[kind] = (drawnByKind[kind] ?? 0) + n;
    }
  }
  const instant = { availability: overParts(parts, (part) => part.instantDetectionAvailability) };
  const years = run.years.length;
  const formula = predictedAvailability(topology, settings.chaos);
  const failuresByKind = expectedFailures(topology, settings.chaos, years, drawnByKind);
  const byYear = run.years.map((y) => y.availability);
  const sorted = [...byYear].sort((a, b) => a - b);
  let worst = 0;
  byYear.forEach((a, i) => {
    if (a < byYear[worst]!) worst = i;
  });
  const downtimeS = run.years.reduce((sum, y) => sum + y.downtimeS, 0);
  const incidents = run.years.reduce((sum, y) => sum + y.incidents, 0);

  const totalMin = minPerYear(formula.availability - run.availability);
  const detectionMin = minPerYear(instant.availability - run.availability);
  const otherMin = totalMin - detectionMin;
  const t = fluidTimings(settings);
  const hc = settings.healthCheck;
  const detectionWhy = `health checks every ${hc.intervalMs / 1000} s x ${hc.unhealthyThreshold} to notice a dead server, about ${fixed(t.detectSilentUs / 1e6)} s when nothing answers; ${topology.trafficManager ? `about ${fixed(t.dnsMoveUs / 1e6)} s for DNS to notice a dead region and for cached answers (TTL ${settings.trafficManager.dnsTtlS} s) to expire` : 'no DNS failover: a region outage is down until repaired'}`;
  const headline = `Measured ${pct(run.availability)} over ${years} year${years === 1 ? '' : 's'} against the formula's ${pct(formula.availability)}: ${fixed(Math.abs(totalMin))} min a year ${totalMin >= 0 ? 'more' : 'less'} downtime than predicted.`;
  // Chance removed downtime (always so when measured beats the formula): detection still
  // added downtime, so it cannot be "part of" the difference; say what each did.
  const words =
    otherMin < 0 && fixed(otherMin) !== '0'
      ? [
          headline,
          `Failure detection and failover add about ${fixed(detectionMin)} min a year (${detectionWhy}), which the formula counts as instant;`,
          `chance removed about ${fixed(-otherMin)} min a year: these ${years} year${years === 1 ? '' : 's'} drew fewer or shorter outages than the rates' average (more years narrow it).`,
        ]
      : [
          headline,
          `About ${fixed(detectionMin)} min a year of it is detection and failover (${detectionWhy}), which the formula counts as instant;`,
          fixed(otherMin) === '0'
            ? 'the rest is under 0.05 min a year: detection and failover explain the gap.'
            : `the other ${fixed(otherMin)} min a year is what it leaves out (link faults, which cut a server off its balancer${run.writesLost === null ? '' : '; the database, unavailable from the loss of its primary until clients reach a promoted one'}) and chance over ${years} year${years === 1 ? '' : 's'}.`,
        ];
  return {
    years,
    seed,
    availabilityByYear: byYear,
    availability: run.availability,
    percentile5: percentile(sorted, 0.05),
    percentile95: percentile(sorted, 0.95),
    worstYear: { index: worst, availability: byYear[worst]! },
    downtimeS,
    downtimePerYearS: downtimeS / years,
    incidents,
    incidentsPerYear: incidents / years,
    failures: run.failures,
    acknowledgedWritesLost: run.writesLost,
    acknowledgedWritesLostPerYear: run.writesLost === null ? null : run.writesLost / years,
    databaseFailovers: run.writesLost === null ? null : run.databaseFailovers,
    failuresByKind,
    rareFailureWarning: rareFailureWarning(failuresByKind, years),
    writesLostNote:
      run.writesLost === null
        ? 'no database in this design (or multi-primary, not modelled in fluid mode): nothing to lose'
        : `expected count: at each promotion, the acknowledged writes the promoted node never had (${settings.database.replicationMode} replication${settings.database.replicationMode === 'async' ? `: about the replication lag of ${settings.database.replicaApplyDelayMs} ms x the write rate, more when the replica was cut off before` : ': none unless the node promoted had been cut off too'})`,
    formula,
    instantDetectionAvailability: instant.availability,
    gap: {
      totalMinPerYear: totalMin,
      detectionMinPerYear: detectionMin,
      otherMinPerYear: otherMin,
    },
    explanation: words.join(' '),
  };
}

/**
 * An availability as a percentage with enough digits to show its nines and one more
 * (99.99990%, not a rounded 100.00000%).
 */
export function percentText(a: number): string {
  if (a >= 1) return '100%';
  const nines = Math.floor(-Math.log10(1 - a));
  return `${(Math.floor(a * 10 ** (nines + 3)) / 10 ** (nines + 1)).toFixed(Math.max(1, nines))}%`;
}
const pct = percentText;
