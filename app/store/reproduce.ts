/**
 * The CLI command that replays the current run headless: same scenario, seed,
 * starting settings and fault script, run to the same simulated instant, so the CLI's
 * numbers can be checked against the browser's.
 */
import { formatFaultSpec, type Scenario } from '../scenarios';
import { sFromUs } from '../sim';
import { scriptDiff, type ScriptEntry } from './faultScript';
import type { StartSetting } from './store';

export interface ReproduceInput {
  scenario: Scenario;
  seed: number;
  startSettings: readonly StartSetting[];
  /** The run's whole fault script (scenario faults, added and recorded entries). */
  script: readonly ScriptEntry[];
  nowUs: number;
  /** The scenario came from a file, so the CLI cannot find it by name. */
  imported: boolean;
  /** Design B's changes while two designs are compared (`--compare`). */
  compare?: readonly StartSetting[];
}

/** Seconds with millisecond precision: the driver keeps simulated time on whole ms. */
export function secondsText(us: number): string {
  return (us / 1_000_000).toFixed(3);
}

/** Quotes a shell word only when it needs it (`->` in link targets does). */
function shellWord(word: string): string {
  return /^[\w.:=/@+%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** File name of a scenario's export (what `--scenario FILE` is then given). */
export function scenarioFileName(scenario: Scenario): string {
  return `${scenario.name}.json`;
}

/**
 * Whether the CLI needs the exported scenario file: the scenario was imported (the
 * CLI does not know its name), or some of its own faults were removed (a `--fault`
 * can add a command but not take one away).
 */
export function needsScenarioFile(input: ReproduceInput): boolean {
  return input.imported || scriptDiff(input.scenario, input.script).missing.length > 0;
}

/**
 * The `npm run sim` line for a run. With a built-in scenario: `--scenario NAME`, the
 * seed and duration, `--set` for the settings the run started with, and one `--fault
 * AT:ACTION:TARGET[:ARG]` per script entry beyond the scenario's own. When the exported
 * file is needed, `--scenario FILE` alone: the file holds the settings and the whole
 * script. While two designs are compared, `--compare` for each of design B's changes.
 */
export function reproduceCommand(input: ReproduceInput): string {
  const words = ['npm', 'run', 'sim', '--'];
  const file = needsScenarioFile(input);
  words.push('--scenario', file ? scenarioFileName(input.scenario) : input.scenario.name);
  words.push('--seed', String(input.seed));
  // The CLI needs a duration above 0; an untouched run shows the shortest one.
  words.push('--duration', secondsText(Math.max(input.nowUs, 1000)));
  if (!file) {
    for (const { path, value } of input.startSettings) words.push('--set', `${path}=${value}`);
    for (const { atUs, command } of scriptDiff(input.scenario, input.script).extra) {
      words.push('--fault', formatFaultSpec({ atS: sFromUs(atUs), command }));
    }
  }
  for (const { path, value } of input.compare ?? []) words.push('--compare', `${path}=${value}`);
  return words.map(shellWord).join(' ');
}
