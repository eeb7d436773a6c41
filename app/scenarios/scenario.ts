/**
 * The scenario format: a named cloud, its settings and a fault script, as plain JSON.
 * Built-in scenarios, scenario files, share links and the CLI all produce one of these.
 */
import {
  usFromS,
  type Command,
  type SettingsOverrides,
  type SimulationInput,
  type TopologySpec,
} from '../sim';
import { faultChecker, validateConfiguration } from './configuration';

/** Largest seed: seeds are unsigned 32-bit numbers (a larger one is refused, not wrapped). */
export const SEED_MAX = 4_294_967_295;

/** Longest run, and latest fault time, in seconds: a week. */
export const RUN_DURATION_S_MAX = 7 * 86_400;

/**
 * Most entries a fault script may hold, wherever it comes from (a share link, a
 * scenario file, the timeline's form, actions on the diagram, the CLI). The timeline
 * draws one focusable marker per entry: at 5,000 the page fell to 1 frame a second,
 * at 200 it keeps its frame rate, and a lesson or a talk uses a handful.
 */
export const SCRIPT_ENTRIES_MAX = 200;

/** The message for a script of `count` entries, over SCRIPT_ENTRIES_MAX. */
export function tooManyFaultsMessage(count: number): string {
  return `a fault script holds at most ${SCRIPT_ENTRIES_MAX} entries; this one would have ${count.toLocaleString('en-US')}`;
}

/** One fault script entry: a command at a time in seconds from the start. */
export interface FaultEntry {
  atS: number;
  command: Command;
}

export interface Scenario {
  /** Short machine name, used by `--scenario NAME` and share links. */
  name: string;
  title: string;
  description: string;
  /** Default seed when none is given. */
  seed: number;
  /** Default run length for the CLI, in seconds. */
  durationS: number;
  topology: TopologySpec;
  settings: SettingsOverrides;
  faults: FaultEntry[];
}

/** The engine input for a scenario. */
export function simulationInput(scenario: Scenario): SimulationInput {
  return {
    topology: scenario.topology,
    settings: scenario.settings,
    faults: scenario.faults.map((f) => ({ atUs: usFromS(f.atS), command: f.command })),
  };
}

/**
 * The scenario with some settings changed, given as flat `path = value` pairs (as the
 * URL, the store's start settings, lessons and comparisons carry them). Values are
 * taken as they are: check them with validateConfiguration first.
 */
export function scenarioWithSettings(
  scenario: Scenario,
  changes: ReadonlyArray<{ path: string; value: number | string }>,
): Scenario {
  if (changes.length === 0) return scenario;
  const settings: Record<string, Record<string, number | string>> = {};
  for (const [group, values] of Object.entries(scenario.settings)) {
    settings[group] = { ...(values as Record<string, number | string>) };
  }
  for (const { path, value } of changes) {
    const [group, key] = path.split('.') as [string, string];
    (settings[group] ??= {})[key] = value;
  }
  return { ...scenario, settings: settings as SettingsOverrides };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parses and checks untrusted scenario data (a file, a link). Returns the scenario or
 * a list of error sentences naming the field at fault.
 */
export function parseScenario(
  data: unknown,
): { scenario: Scenario; errors: [] } | { scenario: null; errors: string[] } {
  const errors: string[] = [];
  if (!isRecord(data)) return { scenario: null, errors: ['a scenario must be a JSON object'] };
  const name = data.name;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(name)) {
    errors.push('name must be a short lower-case name like "one-region"');
  }
  const seed = data.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > SEED_MAX)
    errors.push(`seed must be a whole number from 0 to ${SEED_MAX} (got ${JSON.stringify(seed)})`);
  const durationS = data.durationS ?? 120;
  if (typeof durationS !== 'number' || !(durationS > 0) || durationS > RUN_DURATION_S_MAX) {
    errors.push(
      `durationS must be a number of seconds above 0, at most ${RUN_DURATION_S_MAX} (a week) (got ${JSON.stringify(durationS)})`,
    );
  }
  const settings = data.settings ?? {};
  // The whole configuration at once: topology, each setting and the rules between them.
  errors.push(
    ...validateConfiguration({
      topology: data.topology as unknown as TopologySpec,
      settings: settings as SettingsOverrides,
    }).map((problem) =>
      problem.startsWith('topology') || problem.startsWith('settings ')
        ? problem
        : `settings: ${problem}`,
    ),
  );
  const faults = data.faults ?? [];
  if (!Array.isArray(faults)) {
    errors.push('faults must be a list of { "atS": number, "command": {...} }');
  } else if (faults.length > SCRIPT_ENTRIES_MAX) {
    errors.push(`faults: ${tooManyFaultsMessage(faults.length)}`);
  } else {
    faults.forEach((fault: unknown, i) => {
      if (!isRecord(fault) || !isRecord(fault.command)) {
        errors.push(
          `faults[${i}] must look like { "atS": 30, "command": { "type": "kill", "target": "app-b1" } }`,
        );
      } else if (
        typeof fault.atS !== 'number' ||
        !(fault.atS >= 0 && fault.atS <= RUN_DURATION_S_MAX)
      ) {
        errors.push(
          `faults[${i}].atS must be a number of seconds from 0 to ${RUN_DURATION_S_MAX} (a week) (got ${JSON.stringify(fault.atS)})`,
        );
      }
    });
  }
  if (errors.length === 0 && Array.isArray(faults)) {
    // The configuration is valid: check each command against its topology and start
    // settings with the command registry's pure check (targets, kinds, ranges).
    const problemOf = faultChecker({
      topology: data.topology as unknown as TopologySpec,
      settings: settings as SettingsOverrides,
    });
    faults.forEach((fault: { command: unknown }, i) => {
      const problem = problemOf(fault.command);
      if (problem) errors.push(`faults[${i}].command: ${problem}`);
    });
  }
  if (errors.length > 0) return { scenario: null, errors };
  const scenario: Scenario = {
    name: name as string,
    title: typeof data.title === 'string' ? data.title : (name as string),
    description: typeof data.description === 'string' ? data.description : '',
    seed: seed as number,
    durationS: durationS as number,
    topology: data.topology as unknown as TopologySpec,
    settings: settings as SettingsOverrides,
    faults: faults as FaultEntry[],
  };
  return { scenario, errors: [] };
}
