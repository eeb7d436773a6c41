/**
 * The `npm run sim` program as a function of argv, so tests can call it without a
 * process. Exit codes: 0 ok, 2 bad input (one clear line on stderr), 1 an internal
 * error (a bug: one line on stderr, never a stack trace).
 */
import { readFileSync } from 'node:fs';
import { validateSetting, withUnit, type Command } from '../sim';
import {
  BUILTIN_SCENARIOS,
  builtinScenario,
  DEFAULT_SCENARIO_NAME,
  faultChecker,
  parseFaultSpec,
  parseJsonText,
  SCRIPT_ENTRIES_MAX,
  tooManyFaultsMessage,
  parseScenario,
  scenarioWithSettings,
  validateConfiguration,
  type Scenario,
  type SettingChange,
} from '../scenarios';
import { parseArgs, USAGE, UsageError } from './args';
import { formatSummary, runScenario } from './report';
import { simulationTopologyList } from './topologyList';
import { formatYears, runYears } from './years';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  /** Progress of a long run (`--years`), or absent when nobody watches (not a terminal). */
  progress?(text: string): void;
}

const nodeIo: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  readFile: (path) => readFileSync(path, 'utf8'),
  // Only on a terminal: piped or redirected stderr stays clean.
  progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r${text}\x1b[K`) : undefined,
};

/**
 * `--chaos` and `--years` against the rest of the command line: one clear sentence for
 * a contradiction, else the setting change chaos mode needs (none if already on).
 */
function chaosChanges(
  options: ReturnType<typeof parseArgs>,
  sets: ReadonlyArray<{ path: string; value: number | string }>,
): Array<{ path: string; value: number | string }> {
  const wanted = options.chaos || options.years !== null;
  if (options.years !== null) {
    if (options.durationS !== null)
      throw new UsageError('--years and --duration cannot be combined: --years sets the length');
    if (options.faults.length > 0)
      throw new UsageError(
        "--years simulates chaos mode's own failures only: drop --fault, or use --chaos with --duration for a live run",
      );
    if (options.compare.length > 0)
      throw new UsageError('--years and --compare cannot be combined: run --years once per design');
  }
  const off = sets.find((s) => s.path === 'chaos.mode' && s.value === 'off');
  if (wanted && off)
    throw new UsageError(
      `${options.years !== null ? '--years' : '--chaos'} runs chaos mode: it cannot be combined with --set chaos.mode=off`,
    );
  return wanted ? [{ path: 'chaos.mode', value: 'on' }] : [];
}

function loadScenario(nameOrFile: string, io: CliIo): Scenario {
  const builtin = builtinScenario(nameOrFile);
  if (builtin) return builtin;
  if (!/[./\\]/.test(nameOrFile)) {
    throw new UsageError(
      `unknown scenario "${nameOrFile}" (built-in: ${BUILTIN_SCENARIOS.map((s) => s.name).join(', ')}; or give a .json file)`,
    );
  }
  let text: string;
  try {
    text = io.readFile(nameOrFile);
  } catch (error) {
    throw new UsageError(`cannot read scenario file ${nameOrFile}: ${(error as Error).message}`);
  }
  const json = parseJsonText(text);
  if (json.error !== null) throw new UsageError(`scenario file ${nameOrFile}: ${json.error}`);
  const parsed = parseScenario(json.data);
  if (parsed.scenario === null) {
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    throw new UsageError(`scenario file ${nameOrFile} is invalid: ${parsed.errors[0]}${more}`);
  }
  return parsed.scenario;
}

/** `--set` or `--compare` settings, each checked, so the message names the bad one. */
function checkedSettings(
  flag: string,
  settings: ReadonlyArray<{ path: string; value: string }>,
): Array<{ path: string; value: number | string }> {
  return settings.map(({ path, value }) => {
    const checked = validateSetting(path, value);
    if (checked.error !== null) throw new UsageError(`${flag} ${path}=${value}: ${checked.error}`);
    return { path, value: checked.value };
  });
}

/**
 * Checks the whole configuration `changes` lead to (rules between settings included),
 * so a combination the engine would refuse is one clear line naming the setting.
 */
function checkConfiguration(
  flag: string,
  scenario: Scenario,
  changes: readonly SettingChange[],
): void {
  const problems = validateConfiguration(scenario, changes);
  if (problems.length === 0) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new UsageError(`${flag}: ${problems[0]}${more}`);
}

/**
 * A script known in advance is checked as it will run: each `set`, in time order, on top
 * of the ones before it. Two changes each valid alone can break a rule together (loop
 * wait + 2 x retry timeout <= ttl); the engine would refuse the second when it runs, so
 * the script is refused up front with the same rule.
 */
function checkSetsInTimeOrder(
  scenario: Scenario,
  faults: ReadonlyArray<{ atS: number; command: Command }>,
): void {
  const before: SettingChange[] = [];
  for (const { atS, command } of faults) {
    if (command.type !== 'set') continue;
    const change = { path: command.path, value: command.value };
    const problem = validateConfiguration(scenario, [...before, change])[0];
    if (problem !== undefined) {
      throw new UsageError(
        `fault script: set ${command.path}=${String(command.value)} at ${atS} s would not be applied: ${problem}`,
      );
    }
    before.push(change);
  }
}

/** One line for an error, never a stack trace. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!;
}

/** Runs the CLI; returns the process exit code. */
export function runCli(argv: readonly string[], io: CliIo = nodeIo): number {
  try {
    const options = parseArgs(argv);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    let scenario = loadScenario(options.scenario ?? DEFAULT_SCENARIO_NAME, io);
    const userSets = checkedSettings('--set', options.sets);
    const sets = [...userSets, ...chaosChanges(options, userSets)];
    checkConfiguration('--set', scenario, sets);
    scenario = scenarioWithSettings(scenario, sets);
    const designB = checkedSettings('--compare', options.compare);
    checkConfiguration('--compare', scenario, designB);

    if (options.list) {
      const list = simulationTopologyList(scenario);
      if (options.json) {
        io.out(JSON.stringify(list, null, 2));
      } else {
        io.out(`Scenario ${scenario.name}: ${scenario.title}`);
        io.out('\nComponents (id, kind, zone, region):');
        for (const c of list.components)
          io.out(`  ${c.id.padEnd(10)} ${c.kind.padEnd(9)} ${c.zone ?? '-'} ${c.region ?? '-'}`);
        // The link ids are what cut, latency and loss faults name (FROM->TO).
        io.out(
          '\nLinks (FROM->TO, for cut, cut-oneway, latency and loss; FROM->ZONE: every link into a zone):',
        );
        for (const id of list.links) io.out(`  ${id}`);
        io.out('\nSettings (--set PATH=VALUE):');
        for (const s of list.settings) {
          const unit = s.unit ?? undefined;
          const allowed =
            'choices' in s ? s.choices.join(', ') : `${s.min} to ${withUnit(s.max, unit)}`;
          const sources = [...new Set(s.realWorld.map((r) => r.source))].join(', ');
          io.out(`  ${s.path} = ${withUnit(s.default, unit)}  ${s.label}: ${s.description}`);
          io.out(`      allowed ${allowed}; real: ${s.realWorld.map((r) => r.text).join('; ')}`);
          io.out(`      source: ${sources}`);
        }
        io.out('\nFaults (--fault):');
        for (const f of list.faults) io.out(`  ${f.form.padEnd(22)} ${f.description}`);
      }
      return 0;
    }

    if (options.years !== null) {
      const seed = options.seed ?? scenario.seed;
      const years = options.years;
      const run = runYears(scenario, seed, years, (done) =>
        io.progress?.(`nines sim: year ${done} of ${years}`),
      );
      io.progress?.('');
      io.out(options.json ? JSON.stringify(run, null, 2) : formatYears(run));
      return 0;
    }

    const faults = [...scenario.faults];
    // Targets, kinds and ranges: the command registry's pure check, no engine built.
    const problemOf = faultChecker(scenario);
    for (const spec of options.faults) {
      const parsed = parseFaultSpec(spec);
      if (parsed.error !== null) throw new UsageError(parsed.error);
      const problem = problemOf(parsed.fault.command);
      if (problem) throw new UsageError(`fault "${spec}": ${problem}`);
      faults.push(parsed.fault);
    }
    if (faults.length > SCRIPT_ENTRIES_MAX) {
      // Name where the entries came from: the scenario's own script counts too.
      const from =
        scenario.faults.length === 0
          ? '--fault'
          : `fault script (${scenario.faults.length} from the scenario, ${options.faults.length} from --fault)`;
      throw new UsageError(`${from}: ${tooManyFaultsMessage(faults.length)}`);
    }
    faults.sort((a, b) => a.atS - b.atS);
    checkSetsInTimeOrder(scenario, faults);
    const seed = options.seed ?? scenario.seed;
    const durationS = options.durationS ?? scenario.durationS;
    const report = runScenario({ ...scenario, faults }, seed, durationS);
    if (designB.length === 0) {
      io.out(options.json ? JSON.stringify(report, null, 2) : formatSummary(report));
      return 0;
    }
    // Design B: the same scenario, seed and faults with the --compare changes on top.
    const reportB = runScenario(
      { ...scenarioWithSettings(scenario, designB), faults },
      seed,
      durationS,
    );
    if (options.json) {
      io.out(JSON.stringify({ changes: designB, designA: report, designB: reportB }, null, 2));
    } else {
      const changes = designB.map((c) => `${c.path}=${c.value}`).join(', ');
      io.out(`Design A (as given):\n${formatSummary(report)}`);
      io.out(`\nDesign B (${changes}):\n${formatSummary(reportB)}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`nines sim: ${error.message}`);
      return 2;
    }
    // Last resort: every bad input above has its own message; reaching this is a bug.
    io.err(`nines sim: internal error: ${oneLine(error)} (please report it with the command line)`);
    return 1;
  }
}
