/**
 * `--years N`: the scenario's design under chaos mode for N simulated years in fluid mode
 * (app/sim/chaos/fluid.ts), summarised as the page's "Simulate N years" panel shows it.
 */
import { defaultSettings, flattenOverrides, withSetting, type Settings } from '../sim';
import { simulateYearsInChunks } from '../sim/chaos/yearsChunks';
import { percentText, type YearsReport } from '../sim/chaos/yearsReport';
import type { Scenario } from '../scenarios';
import { monthlyCost, type DesignCost } from '../scenarios/cost';
import { costText } from './report';

export interface YearsRun extends YearsReport {
  scenario: string;
  mode: 'fluid';
  /** The design's monthly cost at list prices, shown beside its availability as on the page. */
  cost: DesignCost;
}

/** The scenario's settings in force (its overrides on the defaults), already validated. */
function scenarioSettings(scenario: Scenario): Settings {
  let settings = defaultSettings();
  for (const [path, value] of flattenOverrides(scenario.settings ?? {})) {
    settings = withSetting(settings, path, value as number | string);
  }
  return settings;
}

/**
 * Runs `years` years of `scenario` from `seed` in the page's five-year stretches (so the
 * page's Years tab shows the same numbers); `onYear` hears each year finished.
 */
export function runYears(
  scenario: Scenario,
  seed: number,
  years: number,
  onYear?: (yearsDone: number) => void,
): YearsRun {
  const settings = scenarioSettings(scenario);
  const report = simulateYearsInChunks(scenario.topology, settings, seed, years, onYear);
  return {
    scenario: scenario.name,
    mode: 'fluid',
    ...report,
    cost: monthlyCost(scenario.topology, settings),
  };
}

const percent = percentText;

const duration = (s: number): string =>
  s >= 3600
    ? `${(s / 3600).toFixed(1)} h`
    : s >= 60
      ? `${(s / 60).toFixed(1)} min`
      : `${s.toFixed(0)} s`;

/** The text summary of a years run. */
export function formatYears(run: YearsRun): string {
  const lines = [
    `Scenario ${run.scenario}, seed ${run.seed}: ${run.years} simulated year${run.years === 1 ? '' : 's'} of chaos mode (fluid mode: traffic as rates between failures)`,
    `  availability   ${percent(run.availability)} over all years (5th-95th percentile of years ${percent(run.percentile5)} to ${percent(run.percentile95)}; worst year ${run.worstYear.index + 1}: ${percent(run.worstYear.availability)})`,
    `  cost           ${costText(run.cost).replace('Monthly cost: ', '')}`,
    `  downtime       ${duration(run.downtimeS)} in all, ${duration(run.downtimePerYearS)} a year on average`,
    `  incidents      ${run.incidents} (${run.incidentsPerYear.toFixed(1)} a year), from ${run.failures} failures`,
    `  by kind        expected over the run (rate x years x parts) against drawn: ${run.failuresByKind.map((c) => `${c.kind} ${c.expected >= 10 ? c.expected.toFixed(0) : c.expected.toFixed(1)} expected, ${c.drawn} drawn`).join('; ')}`,
    ...(run.rareFailureWarning === null ? [] : [`  warning        ${run.rareFailureWarning}`]),
    run.acknowledgedWritesLost === null
      ? `  writes lost    none: ${run.writesLostNote}`
      : `  writes lost    ${Math.round(run.acknowledgedWritesLost).toLocaleString('en-US')} acknowledged (${run.acknowledgedWritesLostPerYear!.toFixed(1)} a year) at ${run.databaseFailovers} database failovers; ${run.writesLostNote}`,
    `  formula        ${percent(run.formula.availability)}`,
    ...run.formula.lines.map((line) => `                 ${line}`),
    `  gap            ${run.explanation}`,
  ];
  return lines.join('\n');
}
