/**
 * Validation of a whole configuration: a scenario's cloud and settings with changes on
 * top (a run's start settings, a share link's settings, design B's changes, `--set`).
 * One pure function, no engine built: share links, design B, the settings panel,
 * scenario files and the CLI all ask it before a run is created, so the engine is only
 * ever given a configuration it accepts. Each message names the setting (as `--set`
 * spells it) and what is allowed.
 */
import {
  DATABASE_DEFAULTS,
  defaultSettings,
  flattenOverrides,
  validateDatabaseOptions,
  validateCommand,
  validateSetting,
  validateTopology,
  withSetting,
  type Settings,
  type SettingsOverrides,
  type TopologySpec,
} from '../sim';

/** One setting changed by path, e.g. `{ path: 'database.quorumW', value: 3 }`. */
export interface SettingChange {
  path: string;
  value: unknown;
}

/** What a configuration is made of: a scenario's topology and settings. */
export interface Configuration {
  topology: TopologySpec;
  settings: SettingsOverrides;
}

/**
 * Every problem with `configuration` plus `changes` (later changes win), as sentences
 * naming the setting and the allowed range; empty when the engine accepts it. Safe on
 * any data: wrong types and nulls give a sentence, never a throw.
 */
export function validateConfiguration(
  configuration: Configuration,
  changes: readonly SettingChange[] = [],
): string[] {
  const problems = validateTopology(configuration.topology);
  const overrides: unknown = configuration.settings ?? {};
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    problems.push('settings must be an object such as { "healthCheck": { "intervalMs": 5000 } }');
    return problems;
  }
  let settings = defaultSettings();
  const pairs: Array<[string, unknown]> = [
    ...flattenOverrides(overrides as SettingsOverrides),
    ...changes.map((change): [string, unknown] => [change.path, change.value]),
  ];
  for (const [path, raw] of pairs) {
    const checked = validateSetting(path, raw);
    if (checked.error !== null) problems.push(checked.error);
    else settings = withSetting(settings, path, checked.value);
  }
  // Rules between settings are only meaningful once each setting is in its range.
  if (problems.length > 0) return problems;
  return crossFieldProblems(configuration.topology, settings);
}

/**
 * The settings a run of `configuration` plus `changes` starts with (a value out of
 * range keeps its default: check the configuration with validateConfiguration first).
 */
export function configuredSettings(
  configuration: Configuration,
  changes: readonly SettingChange[] = [],
): Settings {
  let settings = defaultSettings();
  const pairs: Array<[string, unknown]> = [
    ...flattenOverrides(configuration.settings ?? {}),
    ...changes.map((change): [string, unknown] => [change.path, change.value]),
  ];
  for (const [path, raw] of pairs) {
    const checked = validateSetting(path, raw);
    if (checked.error === null) settings = withSetting(settings, path, checked.value);
  }
  return settings;
}

/**
 * A checker of fault-script commands for a valid configuration: the command
 * registry's pure check over its topology and start settings, no engine built. What
 * depends on the run's moment (can this replica be promoted then?) is decided when
 * the command runs.
 */
export function faultChecker(
  configuration: Configuration,
  changes: readonly SettingChange[] = [],
): (command: unknown) => string | null {
  const settings = configuredSettings(configuration, changes);
  return (command) => validateCommand(command, configuration.topology, settings);
}

/**
 * Rules between settings, for this topology. The database's rules live in one place,
 * `validateDatabaseOptions` (the engine's own guard), so a rule added there is
 * enforced here too; they apply only when the topology has a database.
 */
function crossFieldProblems(topology: TopologySpec, settings: Settings): string[] {
  const database = topology.database;
  if (!database) return [];
  const problem = validateDatabaseOptions(
    {
      ...DATABASE_DEFAULTS,
      ...settings.database,
      fencing: settings.database.fencing === 'on',
    },
    database.nodes.length,
  );
  return problem === null ? [] : [problem];
}

/**
 * Takes `changes` in order on top of `base` (already valid), keeping each one that
 * leaves the configuration valid and leaving out each one that does not, with the
 * first problem it causes. For links and pages that must load what they can.
 */
export function keepValidChanges<T extends SettingChange>(
  configuration: Configuration,
  base: readonly SettingChange[],
  changes: readonly T[],
): { kept: T[]; dropped: Array<{ change: T; problem: string }> } {
  if (validateConfiguration(configuration, [...base, ...changes]).length === 0) {
    return { kept: [...changes], dropped: [] };
  }
  const kept: T[] = [];
  const dropped: Array<{ change: T; problem: string }> = [];
  for (const change of changes) {
    const problems = validateConfiguration(configuration, [...base, ...kept, change]);
    if (problems.length === 0) kept.push(change);
    else dropped.push({ change, problem: problems[0]! });
  }
  return { kept, dropped };
}
