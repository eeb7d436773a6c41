/**
 * The cost-against-nines chart's points: for each built-in scenario, its monthly cost
 * and the nines a run of it supports (the 95% Wilson lower bound, format.ts
 * `ninesClaim`), flagged when the sample is too small to claim even one nine.
 */
import { configuredSettings, simulationInput, type Scenario } from '../../scenarios';
import { monthlyCost } from '../../scenarios/cost';
import { ninesOf } from '../../sim';
import type { SweepRun } from '../../driver/sweep';
import { ninesClaim, type NinesClaim } from '../app/format';

export interface CostNinesPoint {
  name: string;
  title: string;
  usdPerMonth: number;
  good: number;
  finished: number;
  claim: NinesClaim;
  /** Where the point sits: the nines of the interval's lower bound (0 when none). */
  nines: number;
  /** The interval straddles one nine: the run is too short to say (drawn hollow). */
  smallSample: boolean;
}

/** The runs behind the chart: each scenario from 0:00 to its own length, at its own seed. */
export function sweepRuns(scenarios: readonly Scenario[]): SweepRun[] {
  return scenarios.map((scenario) => ({
    input: simulationInput(scenario),
    seed: scenario.seed,
    durationS: scenario.durationS,
  }));
}

/** A scenario's point from its run's counts. */
export function costNinesPoint(
  scenario: Scenario,
  counts: { good: number; finished: number },
): CostNinesPoint {
  const claim = ninesClaim(counts.good, counts.finished);
  const lower = claim.kind === 'none' ? 0 : claim.interval.lower;
  return {
    name: scenario.name,
    title: scenario.title,
    usdPerMonth: monthlyCost(scenario.topology, configuredSettings(scenario)).usdPerMonth,
    good: counts.good,
    finished: counts.finished,
    claim,
    nines: claim.kind === 'at-least' ? claim.nines : Math.max(0, ninesOf(lower)),
    smallSample: claim.kind === 'too-few' || claim.kind === 'none',
  };
}
