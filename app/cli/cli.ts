/**
 * The `npm run sim` program as a function of argv, so tests can call it without a
 * process. Exit codes: 0 ok, 2 bad input (one clear line on stderr).
 */
import { readFileSync } from 'node:fs';
import { validateSetting } from '../sim';
import {
  BUILTIN_SCENARIOS,
  builtinScenario,
  DEFAULT_SCENARIO_NAME,
  parseFaultSpec,
  parseScenario,
  type Scenario,
} from '../scenarios';
import { parseArgs, USAGE, UsageError } from './args';
import { formatSummary, runScenario } from './report';
import { createSimulation, simulationTopologyList } from './topologyList';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export const nodeIo: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  readFile: (path) => readFileSync(path, 'utf8'),
};

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
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `scenario file ${nameOrFile} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = parseScenario(data);
  if (parsed.scenario === null) {
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    throw new UsageError(`scenario file ${nameOrFile} is invalid: ${parsed.errors[0]}${more}`);
  }
  return parsed.scenario;
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
    // --set overrides: validated one by one so the message names the bad one.
    let settingsOverrides = structuredClone(scenario.settings);
    for (const { path, value } of options.sets) {
      const checked = validateSetting(path, value);
      if (checked.error !== null) throw new UsageError(`--set ${path}=${value}: ${checked.error}`);
      const [group, key] = path.split('.') as [keyof typeof settingsOverrides, string];
      settingsOverrides = {
        ...settingsOverrides,
        [group]: { ...settingsOverrides[group], [key]: checked.value },
      };
    }
    scenario = { ...scenario, settings: settingsOverrides };

    if (options.list) {
      const list = simulationTopologyList(scenario);
      if (options.json) {
        io.out(JSON.stringify(list, null, 2));
      } else {
        io.out(`Scenario ${scenario.name}: ${scenario.title}`);
        io.out('\nComponents (id, kind, zone, region):');
        for (const c of list.components)
          io.out(`  ${c.id.padEnd(10)} ${c.kind.padEnd(9)} ${c.zone ?? '-'} ${c.region ?? '-'}`);
        io.out('\nSettings (--set PATH=VALUE):');
        for (const s of list.settings) {
          io.out(
            `  ${s.path} = ${s.default}${s.unit ? ' ' + s.unit : ''}  ${s.description}${s.reference ? ` (${s.reference})` : ''}`,
          );
        }
        io.out('\nFaults (--fault):');
        for (const f of list.faults) io.out(`  ${f.form.padEnd(22)} ${f.description}`);
      }
      return 0;
    }

    const faults = [...scenario.faults];
    const probe = createSimulation(scenario);
    for (const spec of options.faults) {
      const parsed = parseFaultSpec(spec);
      if (parsed.error !== null) throw new UsageError(parsed.error);
      const problem = probe.validate(parsed.fault.command);
      if (problem) throw new UsageError(`fault "${spec}": ${problem}`);
      faults.push(parsed.fault);
    }
    faults.sort((a, b) => a.atS - b.atS);
    const report = runScenario(
      { ...scenario, faults },
      options.seed ?? scenario.seed,
      options.durationS ?? scenario.durationS,
    );
    io.out(options.json ? JSON.stringify(report, null, 2) : formatSummary(report));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`nines sim: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
