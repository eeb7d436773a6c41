/**
 * The CLI command that replays the current run headless: same scenario, seed,
 * starting settings and interactive commands, run to the same simulated instant, so
 * the CLI's numbers can be checked against the browser's.
 */
import { DEFAULT_SCENARIO_NAME, formatFaultSpec, type Scenario } from '../scenarios';
import { sFromUs, type ScheduledCommand } from '../sim';
import { interactiveCommands, type StartSetting } from './store';

export interface ReproduceInput {
  scenario: Scenario;
  seed: number;
  startSettings: readonly StartSetting[];
  appliedCommands: readonly ScheduledCommand[];
  nowUs: number;
}

/** Seconds with millisecond precision: the driver keeps simulated time on whole ms. */
export function secondsText(us: number): string {
  return (us / 1_000_000).toFixed(3);
}

/** Quotes a shell word only when it needs it (`->` in link targets does). */
function shellWord(word: string): string {
  return /^[\w.:=/@+%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `npm run sim` line for a run: `--set` for the settings it started with and one
 * `--fault AT:ACTION:TARGET` per command the user applied, at its exact time.
 */
export function reproduceCommand(input: ReproduceInput): string {
  const words = ['npm', 'run', 'sim', '--'];
  if (input.scenario.name !== DEFAULT_SCENARIO_NAME) words.push('--scenario', input.scenario.name);
  words.push('--seed', String(input.seed));
  // The CLI needs a duration above 0; an untouched run shows the shortest one.
  words.push('--duration', secondsText(Math.max(input.nowUs, 1000)));
  for (const { path, value } of input.startSettings) words.push('--set', `${path}=${value}`);
  for (const { atUs, command } of interactiveCommands(input.scenario, input.appliedCommands)) {
    words.push('--fault', formatFaultSpec({ atS: sFromUs(atUs), command }));
  }
  return words.map(shellWord).join(' ');
}
