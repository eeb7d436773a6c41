/**
 * Scenario files: the current run exported as a scenario (its settings with the run's
 * start settings folded in, and the whole fault script), and files read back in,
 * checked by the same parser the CLI uses.
 */
import { parseJsonText, parseScenario, type Scenario } from '../../scenarios';
import { scenarioWithStartSettings, scriptFaults, type RunSlice } from '../../store';

/** The run as a scenario: what `--scenario FILE` replays, and what Import reads back. */
export function exportedScenario(
  run: Pick<RunSlice, 'scenario' | 'seed' | 'startSettings' | 'script'>,
): Scenario {
  const withSettings = scenarioWithStartSettings(run.scenario, run.startSettings);
  return {
    ...withSettings,
    seed: run.seed,
    faults: scriptFaults(run.script),
  };
}

/** The scenario file's text (pretty-printed JSON, a final newline). */
export function scenarioJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

export type ScenarioFileResult =
  { scenario: Scenario; errors: [] } | { scenario: null; errors: string[] };

/**
 * Reads a scenario file's text: JSON first (a byte order mark allowed, a syntax error
 * named by line and column), then the scenario checks. The same reader as the CLI's.
 */
export function readScenarioFile(text: string): ScenarioFileResult {
  const json = parseJsonText(text);
  if (json.error !== null) return { scenario: null, errors: [`the file is ${json.error}`] };
  return parseScenario(json.data);
}
