/**
 * The share link: a run in the address's hash, readable by people and by the CLI's
 * vocabulary.
 *
 *   #scenario=active-passive&seed=7&settings=healthCheck.intervalMs=10000
 *     &faults=60:kill-region:eu,95:restore:eu
 *
 * `cloud` (optional, added with the design editor; not `design`, which a challenge link
 * uses for the learner's settings) is the scenario's cloud as JSON
 * (the scenario file's `topology`) when it was edited: absent, the link means the
 * built-in scenario's own cloud, so every older link reads as it did.
 *
 * `settings` lists the settings the run started with beyond the scenario's own
 * (PATH=VALUE, as `--set`); `faults` is the whole fault script in the compact
 * `AT:ACTION:TARGET[:ARG]` form of `--fault`, present only when it differs from the
 * scenario's own (`faults=` alone: no faults at all). Query parameters work too; the
 * hash wins. A broken part is left out with one sentence naming it, and the rest loads.
 */
import {
  builtinScenario,
  DEFAULT_SCENARIO,
  faultChecker,
  formatFaultSpec,
  keepValidChanges,
  linkKeysOf,
  parseFaultSpec,
  SEED_MAX,
  SCRIPT_ENTRIES_MAX,
  tooManyFaultsMessage,
  type FaultEntry,
  type LinkKeyOf,
  type Scenario,
} from '../../scenarios';
import { designProblem, designScenario, sameTopology } from '../../scenarios/design/designScenario';
import { validateSetting, type TopologySpec } from '../../sim';
import type { StartSetting } from '../../store';

export { SEED_MAX };

export interface UrlState {
  scenario: Scenario;
  seed: number;
  /** Settings the run starts with beyond the scenario's own (valid ones only). */
  startSettings: StartSetting[];
  /** The link's fault script (valid entries only); null: the scenario's own. */
  faults: FaultEntry[] | null;
  /** Design B's changes when the link opens two designs side by side; else null. */
  compare: StartSetting[] | null;
  /** At most one sentence naming every part of the link that was ignored. */
  problems: string[];
}

/** What a link carries. */
export interface ShareState {
  scenarioName: string;
  seed: number;
  startSettings?: readonly StartSetting[];
  /** The whole fault script, or null/undefined when it is the scenario's own. */
  faults?: readonly FaultEntry[] | null;
  /** Design B's changes while two designs are compared. */
  compare?: readonly StartSetting[] | null;
  /** The cloud, when it differs from the named built-in scenario's own (an edited design). */
  topology?: TopologySpec | null;
}

/**
 * The cloud a link must carry for `scenario`: its topology when a built-in scenario of
 * that name exists and has another one (the design editor changed it), else null.
 */
export function linkTopology(scenario: Scenario): TopologySpec | null {
  const builtin = builtinScenario(scenario.name);
  if (!builtin || sameTopology(builtin.topology, scenario.topology)) return null;
  return scenario.topology;
}

/** Parses a user-typed seed: a whole number from 0 to SEED_MAX, or null. */
export function parseSeed(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const seed = Number(trimmed);
  return seed <= SEED_MAX ? seed : null;
}

/** The parameters this file owns (the run's); any other hash parameter is kept as it is. */
const OWN_KEYS = linkKeysOf('run');

/** `key=value` pairs of a query or hash, values still encoded (lists split on `,`). */
function rawParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.replace(/^[#?]/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    params.set(safeDecode(key) ?? key, eq < 0 ? '' : part.slice(eq + 1));
  }
  return params;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Encodes one list item, keeping `:`, `>`, `=` and `/` readable; `,` stays escaped. */
function encodeItem(text: string): string {
  return encodeURIComponent(text)
    .replace(/%3A/gi, ':')
    .replace(/%3E/gi, '>')
    .replace(/%3D/gi, '=')
    .replace(/%2F/gi, '/');
}

/** A list parameter's items, decoded; undecodable items come back as null. */
function listItems(raw: string): Array<{ raw: string; text: string | null }> {
  if (raw === '') return [];
  return raw.split(',').map((item) => ({ raw: item, text: safeDecode(item) }));
}

/** A quoted piece of a link for a message, shortened if very long. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** Reads a run from a page address, leaving out (and naming) any broken part. */
export function readUrlState(href: string): UrlState {
  const url = new URL(href);
  const params = rawParams(url.search);
  for (const [key, value] of rawParams(url.hash)) params.set(key, value);
  const linkParam = (key: LinkKeyOf<'run'>) => params.get(key);
  const ignored: string[] = [];
  const fallback = DEFAULT_SCENARIO;

  let scenario = fallback;
  const nameRaw = linkParam('scenario');
  if (nameRaw !== undefined) {
    const name = safeDecode(nameRaw) ?? nameRaw;
    const found = builtinScenario(name);
    if (found) scenario = found;
    else
      ignored.push(
        `scenario ${quoted(name)} (no built-in scenario has that name; an imported scenario travels as a file; showing "${fallback.title}")`,
      );
  }

  // An edited cloud: checked as a whole by the share link's configuration check; a
  // broken one is left out and the scenario's own cloud is shown.
  const designRaw = linkParam('cloud');
  if (designRaw !== undefined && scenario === builtinScenario(scenario.name)) {
    const text = safeDecode(designRaw);
    let topology: unknown = null;
    let problem: string | null = text === null ? 'badly encoded' : null;
    if (text !== null) {
      try {
        topology = JSON.parse(text) as unknown;
      } catch {
        problem = 'not valid JSON';
      }
    }
    problem ??= designProblem(scenario, topology as TopologySpec);
    if (problem !== null) {
      ignored.push(`cloud (${problem}; showing the cloud of "${scenario.title}")`);
    } else {
      scenario = designScenario(scenario, topology as TopologySpec);
    }
  }

  let seed = scenario.seed;
  const seedRaw = linkParam('seed');
  if (seedRaw !== undefined) {
    const text = safeDecode(seedRaw) ?? seedRaw;
    const parsed = parseSeed(text);
    if (parsed === null) {
      ignored.push(
        `seed ${quoted(text)} (not a whole number from 0 to ${SEED_MAX}; using seed ${seed})`,
      );
    } else {
      seed = parsed;
    }
  }

  // The whole configuration is checked (rules between settings included), so the
  // engine is never handed one it refuses: a setting that breaks it is left out.
  const startSettings = validSettings(
    scenario,
    [],
    settingItems(linkParam('settings') ?? '', 'setting', ignored),
    'setting',
    ignored,
  );
  // Design B of a side-by-side comparison: settings changed on top of the run's.
  const compareRaw = linkParam('compare');
  const compare =
    compareRaw === undefined
      ? null
      : validSettings(
          scenario,
          startSettings,
          settingItems(compareRaw, 'compare change', ignored),
          'compare change',
          ignored,
        );

  let faults: FaultEntry[] | null = null;
  const faultsRaw = linkParam('faults');
  if (faultsRaw !== undefined) {
    faults = [];
    // Targets, kinds and ranges: the command registry's pure check, no engine built.
    const problemOf = faultChecker(scenario, startSettings);
    for (const item of listItems(faultsRaw)) {
      if (item.text === null) {
        ignored.push(`fault ${quoted(item.raw)} (badly encoded)`);
        continue;
      }
      const parsed = parseFaultSpec(item.text);
      if (parsed.error !== null) {
        const prefix = `fault "${item.text}": `;
        const why = parsed.error.startsWith(prefix)
          ? parsed.error.slice(prefix.length)
          : parsed.error;
        ignored.push(`fault ${quoted(item.text)} (${why})`);
        continue;
      }
      const problem = problemOf(parsed.fault.command);
      if (problem) {
        ignored.push(`fault ${quoted(item.text)} (${problem})`);
        continue;
      }
      faults.push(parsed.fault);
    }
    if (faults.length > SCRIPT_ENTRIES_MAX) {
      ignored.push(
        `faults after the first ${SCRIPT_ENTRIES_MAX} (${tooManyFaultsMessage(faults.length)})`,
      );
      faults = faults.slice(0, SCRIPT_ENTRIES_MAX);
    }
  }

  const problems =
    ignored.length === 0
      ? []
      : [`Parts of this link were ignored: ${ignored.join('; ')}. The rest of the run was loaded.`];
  return {
    scenario,
    seed,
    startSettings,
    faults,
    compare: compare && compare.length > 0 ? compare : null,
    problems,
  };
}

/**
 * `PATH=VALUE` items of a list parameter, checked against the settings table; broken
 * ones are named in `ignored` (as `<noun> "text" (why)`) and left out. A path given
 * twice keeps its last value.
 */
function settingItems(raw: string, noun: string, ignored: string[]): StartSetting[] {
  const settings: StartSetting[] = [];
  for (const item of listItems(raw)) {
    const text = item.text ?? item.raw;
    const eq = text.indexOf('=');
    const checked =
      item.text === null
        ? { error: 'badly encoded' }
        : eq <= 0
          ? { error: 'must look like PATH=VALUE' }
          : validateSetting(text.slice(0, eq), text.slice(eq + 1));
    if (checked.error !== null || !('value' in checked) || checked.value === null) {
      ignored.push(`${noun} ${quoted(text)} (${checked.error.replace(/ \(see --list\)$/, '')})`);
      continue;
    }
    const path = text.slice(0, eq);
    const kept = settings.findIndex((s) => s.path === path);
    if (kept >= 0) settings.splice(kept, 1);
    settings.push({ path, value: checked.value });
  }
  return settings;
}

/**
 * The settings of `changes` that keep the scenario's configuration (with `base` on top)
 * valid; each one left out is named in `ignored` with the rule it breaks.
 */
function validSettings(
  scenario: Scenario,
  base: readonly StartSetting[],
  changes: StartSetting[],
  noun: string,
  ignored: string[],
): StartSetting[] {
  const { kept, dropped } = keepValidChanges(scenario, base, changes);
  for (const { change, problem } of dropped) {
    ignored.push(`${noun} ${quoted(`${change.path}=${change.value}`)} (${problem})`);
  }
  return kept;
}

/** The hash parameters of a run, in a fixed order. */
export function shareParams(state: ShareState): string {
  const parts = [`scenario=${encodeItem(state.scenarioName)}`, `seed=${state.seed}`];
  const settings = state.startSettings ?? [];
  if (settings.length > 0) {
    parts.push(`settings=${settings.map((s) => encodeItem(`${s.path}=${s.value}`)).join(',')}`);
  }
  if (state.faults) {
    parts.push(`faults=${state.faults.map((f) => encodeItem(formatFaultSpec(f))).join(',')}`);
  }
  if (state.compare && state.compare.length > 0) {
    parts.push(`compare=${state.compare.map((s) => encodeItem(`${s.path}=${s.value}`)).join(',')}`);
  }
  if (state.topology) parts.push(`cloud=${encodeItem(JSON.stringify(state.topology))}`);
  return parts.join('&');
}

/**
 * The address with the run in its hash. Other hash parameters are kept after it;
 * the run's query parameters are dropped so one source stays true.
 */
export function urlWithState(href: string, state: ShareState): string {
  const url = new URL(href);
  const search = new URLSearchParams(url.search);
  for (const key of OWN_KEYS) search.delete(key);
  url.search = search.toString();
  const others = url.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const key = part.split('=')[0]!;
      return !(OWN_KEYS as readonly string[]).includes(safeDecode(key) ?? key);
    });
  url.hash = [shareParams(state), ...others].join('&');
  return url.toString();
}
