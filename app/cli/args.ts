/**
 * Command-line parsing for `npm run sim`. Hand-written so every mistake gets one
 * clear sentence naming the flag at fault.
 */
import { DEFAULT_SCENARIO_NAME, FAULT_ACTIONS, RUN_DURATION_S_MAX, SEED_MAX } from '../scenarios';
import { YEARS_MAX } from '../sim/chaos/yearsReport';

export interface CliOptions {
  scenario: string | null;
  seed: number | null;
  durationS: number | null;
  faults: string[];
  sets: Array<{ path: string; value: string }>;
  /** Design B's changes: run the scenario twice, as given and with these, and print both. */
  compare: Array<{ path: string; value: string }>;
  list: boolean;
  json: boolean;
  help: boolean;
  /** Chaos mode: failures arrive at random from the `chaos.*` rates. */
  chaos: boolean;
  /** Simulate this many years of chaos mode in fluid mode (implies chaos). */
  years: number | null;
}

/** Flags that take a value, and those that do not. */
const VALUE_FLAGS = new Set([
  '--scenario',
  '--seed',
  '--duration',
  '--fault',
  '--set',
  '--compare',
  '--years',
]);
const SWITCH_FLAGS = new Set(['--list', '--json', '--help', '-h', '--chaos']);

export class UsageError extends Error {}

/** Parses argv (without node and script) into options; throws UsageError on bad input. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    scenario: null,
    seed: null,
    durationS: null,
    faults: [],
    sets: [],
    compare: [],
    list: false,
    json: false,
    help: false,
    chaos: false,
    years: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCH_FLAGS.has(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      if (flag === '--list') options.list = true;
      else if (flag === '--json') options.json = true;
      else if (flag === '--chaos') options.chaos = true;
      else options.help = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) {
      throw new UsageError(
        arg.startsWith('-')
          ? `unknown flag ${flag} (see --help)`
          : `unexpected argument "${arg}" (see --help)`,
      );
    }
    let value: string;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`${flag} needs a value`);
      }
      value = next;
      i++;
    }
    switch (flag) {
      case '--scenario':
        options.scenario = value;
        break;
      case '--seed': {
        const seed = Number(value);
        if (value.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) {
          throw new UsageError(
            `--seed must be a whole number from 0 to ${SEED_MAX} (got "${value}")`,
          );
        }
        options.seed = seed;
        break;
      }
      case '--duration': {
        const durationS = Number(value);
        if (
          value.trim() === '' ||
          !Number.isFinite(durationS) ||
          durationS <= 0 ||
          durationS > RUN_DURATION_S_MAX
        ) {
          throw new UsageError(
            `--duration must be a number of seconds above 0, at most a week (got "${value}")`,
          );
        }
        options.durationS = durationS;
        break;
      }
      case '--fault':
        options.faults.push(value);
        break;
      case '--years': {
        const years = Number(value);
        if (value.trim() === '' || !Number.isInteger(years) || years < 1 || years > YEARS_MAX) {
          throw new UsageError(
            `--years must be a whole number from 1 to ${YEARS_MAX} (got "${value}")`,
          );
        }
        options.years = years;
        break;
      }
      case '--set':
      case '--compare': {
        const at = value.indexOf('=');
        if (at <= 0)
          throw new UsageError(
            `${flag} must look like PATH=VALUE, e.g. healthCheck.intervalMs=10000 (got "${value}")`,
          );
        const setting = { path: value.slice(0, at), value: value.slice(at + 1) };
        (flag === '--set' ? options.sets : options.compare).push(setting);
        break;
      }
    }
  }
  return options;
}

/** `words` joined by commas, wrapped to lines of at most `width` after `indent`. */
function wrapped(words: readonly string[], indent: string, width = 88): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words.map((w, i) => (i < words.length - 1 ? `${w},` : w))) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

const OPTION_INDENT = ' '.repeat(25);

export const USAGE = `Usage: npm run sim -- [options]

Runs a Nines scenario headless with the same engine as the browser.

Options:
  --scenario NAME|FILE   built-in scenario name or a scenario JSON file (default: ${DEFAULT_SCENARIO_NAME})
  --seed N               random seed (default: the scenario's)
  --duration SECONDS     simulated time to run (default: the scenario's)
  --fault AT:ACTION:TARGET   schedule a command, e.g. 30:kill:app-b1 (repeatable);
                         ACTION is one of (--list shows each form and its argument):
${wrapped(FAULT_ACTIONS, OPTION_INDENT)}
  --set PATH=VALUE       override a setting, e.g. healthCheck.intervalMs=10000 (repeatable)
  --compare PATH=VALUE   also run design B, the same run with this setting changed, and
                         print both, design A then design B (repeatable: one design B,
                         several changes)
  --chaos                chaos mode: servers, hosts, disks, zones, regions and links fail at
                         random at the chaos.* rates (see --list) and are repaired
  --years N              simulate N years (1 to ${YEARS_MAX}) of chaos mode in fluid mode (traffic
                         as rates between failures): availability per year, its spread,
                         downtime, incidents and the formula's prediction (implies --chaos)
  --list                 list component and link ids, settings and fault forms, then exit
  --json                 print one JSON object instead of a summary
  --help                 show this help
`;
