/**
 * How many failures of each kind a run of N years should see on average, against how
 * many it drew, and a warning when the kind that makes most of the formula's downtime is
 * too rare for the run's length: 3 years of a design whose downtime is mostly region
 * outages (MTBF 10 years) usually draw none and show a headline far above what the
 * design can expect.
 */
import type { ChaosSettings } from '../settings';
import type { TopologySpec } from '../topology';
import { componentAvailability, predictedAvailability } from './analytic';
import { chaosComponents, type FailureKind } from './failureProcess';
import { US_PER_YEAR } from './fluid';

/** Below this many expected failures of the dominant kind a run's mean is mostly luck. */
export const EXPECTED_FAILURES_FEW = 3;

/** One failure kind over a run. */
export interface KindFailureCount {
  kind: FailureKind;
  /** Parts that can fail this way (servers for a crash, regions for a region outage...). */
  parts: number;
  /** Mean number over the run: rate x years x parts (x the share of time each part is up). */
  expected: number;
  /** How many the run drew. */
  drawn: number;
  /** Share of the formula's unavailability this kind makes, 0..1 (0 for kinds not in it). */
  formulaShare: number;
}

/** The kind's MTBF setting (only the kinds that stop the request path are in the formula). */
const FORMULA_MTBF: Partial<Record<FailureKind, keyof ChaosSettings>> = {
  crash: 'serverCrashMtbfH',
  host: 'hostDownMtbfH',
  zone: 'zoneMtbfH',
  region: 'regionMtbfH',
};

/** "a region outage": the kind in words, singular. */
export const FAILURE_KIND_NAME: Record<FailureKind, string> = {
  crash: 'a server crash',
  host: 'a host failure',
  slow: 'a slow server episode',
  disk: 'a disk loss',
  zone: 'a zone outage',
  region: 'a region outage',
  link: 'a link cut',
};

/**
 * Each failure kind of `topology` under `chaos` over `years` years: parts, the expected
 * count and the drawn one (`drawn`, by kind), and its share of the formula's
 * unavailability. A part is an alternating renewal process: while it is being repaired
 * it cannot fail, so mode k fails at rate 1/MTBF_k for the share of time the part is up
 * (its availability over all its modes).
 */
export function expectedFailures(
  topology: TopologySpec,
  chaos: ChaosSettings,
  years: number,
  drawn: Partial<Record<FailureKind, number>>,
): KindFailureCount[] {
  const byKind = new Map<FailureKind, { parts: number; expected: number }>();
  const runUs = years * US_PER_YEAR;
  for (const component of chaosComponents(topology, chaos)) {
    const upShare = componentAvailability(component.modes);
    for (const mode of component.modes) {
      const entry = byKind.get(mode.kind) ?? { parts: 0, expected: 0 };
      entry.parts += 1;
      entry.expected += (runUs / mode.mtbfUs) * upShare;
      byKind.set(mode.kind, entry);
    }
  }
  const unavailability = 1 - predictedAvailability(topology, chaos).availability;
  return [...byKind].map(([kind, entry]) => {
    const setting = FORMULA_MTBF[kind];
    let formulaShare = 0;
    if (setting !== undefined && unavailability > 0) {
      // The kind's part: how much the formula's unavailability falls without it.
      const without = predictedAvailability(topology, { ...chaos, [setting]: Infinity });
      formulaShare = Math.max(0, (unavailability - (1 - without.availability)) / unavailability);
    }
    return { kind, ...entry, drawn: drawn[kind] ?? 0, formulaShare };
  });
}

const countText = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/**
 * The warning when the kind making the largest share of the formula's unavailability was
 * expected fewer than `EXPECTED_FAILURES_FEW` times over the run, else null.
 */
export function rareFailureWarning(
  counts: readonly KindFailureCount[],
  years: number,
): string | null {
  let dominant: KindFailureCount | undefined;
  for (const c of counts) if (c.formulaShare > (dominant?.formulaShare ?? 0)) dominant = c;
  if (years <= 0 || dominant === undefined || dominant.expected >= EXPECTED_FAILURES_FEW) {
    return null;
  }
  const name = FAILURE_KIND_NAME[dominant.kind];
  const perYear = dominant.expected / years;
  const yearsForFew = Math.ceil(EXPECTED_FAILURES_FEW / perYear);
  const share = Math.round(dominant.formulaShare * 100);
  const shareText = share >= 100 && dominant.formulaShare < 1 ? 'over 99%' : `${share}%`;
  const drew = dominant.drawn === 0 ? 'none' : String(dominant.drawn);
  return (
    `${name[0]!.toUpperCase()}${name.slice(1)} makes ${shareText} of the formula's downtime and is expected ${countText(dominant.expected)} times in ${years} year${years === 1 ? '' : 's'}: this run drew ${drew}; ` +
    `the average needs many more years (about ${yearsForFew.toLocaleString('en-US')} for ${EXPECTED_FAILURES_FEW} expected), so this headline says little about what the design can expect.`
  );
}
