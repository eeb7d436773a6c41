/**
 * The command registry: every command declared once, with what it is called in menus,
 * what it targets, the number it takes (unit, range, default), whether it breaks or
 * mends, how the fault script writes it and how a log line names it. The action menu,
 * the timeline's fault form, the CLI's `--fault` and `--list`, scenario files, share
 * links and the engine's own validation all read this table; none keeps a copy.
 * Adding a command: docs/architecture.md, "How to add a command".
 */
import type { Settings } from '../settings';
import type { TopologySpec } from '../topology';
import type { Command, CommandType, TargetKind } from './types';

/** The number a command takes, and how every surface shows and reads it. */
export interface CommandParameter {
  /** The command record's field holding the number. */
  field: string;
  /** The input's label in menus and the fault form, e.g. `Slowdown factor`. */
  label: string;
  /** The number in a sentence, e.g. `the slowdown factor` (error messages). */
  name: string;
  /** Shown after the number: `×`, `s`, `ms`, `%`, `req/s`, or nothing. */
  unit: string;
  /** Where menus start: visible within a minute of simulated time. */
  default: number;
  min: number;
  max: number;
  /** Step of the number inputs. */
  step: number;
  /** The word standing for the number in the command's description, e.g. FACTOR. */
  placeholder?: string;
  /**
   * How the fault script writes the number (`x10`, `+200ms`, `20%`): the prefix and
   * suffix are written, and optional when read (as are the other `readSuffixes`).
   */
  script: { prefix?: string; suffix?: string; readSuffixes?: readonly string[]; example: number };
}

/**
 * Where a command is offered besides the fault script (which takes every command):
 * `menu` is a part's action menu on the diagram, `form` the timeline's "Add fault".
 */
export type CommandSurface = 'menu' | 'form';

/** A second spelling of a command with some fields fixed, e.g. `cut-oneway`. */
export interface CommandVariant {
  /** The fault script's action word and the form's option value. */
  id: string;
  verb: string;
  description: string;
  /** Fields the variant fixes in the record. */
  fields: Readonly<Record<string, unknown>>;
}

/** One line of `--list` and the help: a way to write the command in a fault script. */
export interface ScriptForm {
  /** The action word when not the command type (a variant's id). */
  action?: string;
  /** What stands in the target slot, e.g. `SERVER`, `FROM->TO`. */
  target?: string;
  /** What stands in the argument slot; the parameter's example when left out. */
  argument?: string;
  description: string;
}

/** What a configuration-only check may look at: the cloud and the settings in force. */
export interface CommandContext {
  topology: TopologySpec;
  settings: Settings;
}

/** A command's declaration. */
export interface CommandSpec {
  type: CommandType;
  /** Button or option text (the UI contract names buttons by verb). */
  verb: string;
  /** One sentence for `--list`, tooltips and the fault form. */
  description: string;
  /** Parts of these kinds, a setting path, or nothing (the arrival rate). */
  targets: readonly TargetKind[] | 'setting' | 'none';
  /** A fault (drawn red on timelines), a recovery, or neither. */
  category: 'fault' | 'recovery' | 'info';
  parameter?: CommandParameter;
  /** Fields every record of this command has besides type, target and parameter. */
  fields?: Readonly<Record<string, unknown>>;
  variants?: readonly CommandVariant[];
  offeredIn: readonly CommandSurface[];
  script: readonly ScriptForm[];
  /**
   * How a setting command's target slot is read and written (`PATH=VALUE`); other
   * commands hold a part or link id there.
   */
  scriptTarget?: {
    read(text: string): Record<string, unknown> | { error: string };
    write(command: Command): string;
  };
  /** A short human form for logs and timelines, e.g. `slow app-b1 x10`. */
  describe(command: Command): string;
  /**
   * Checks beyond the target's kind and the parameter's range that need only the
   * configuration (never the run's state). Pure.
   */
  check?(command: Command, context: CommandContext): string | null;
}

/** The record's fields, for describe functions (each spec knows its own command). */
type Fields = Record<string, unknown>;
const f = (command: Command): Fields => command as unknown as Fields;
const plain = (command: Command): string =>
  `${command.type} ${String(f(command).target ?? '')}`.trim();

const PERCENT_SCRIPT = { suffix: '%' } as const;

/** Every command, in menu order. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  // ---- server and dependency faults ----
  {
    type: 'kill',
    verb: 'Kill',
    description:
      'Crash the process: the host is alive, so connections are refused at once (fast failure).',
    targets: ['server', 'dependency', 'database'],
    category: 'fault',
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'SERVER',
        description: 'crash the server process: connections refused at once (fast failure)',
      },
      { target: 'DB_NODE', description: 'a database node stops (its disk survives)' },
    ],
    describe: plain,
  },
  {
    type: 'host-down',
    verb: 'Host down',
    description:
      'The machine dies: nothing answers, so callers wait for their timeout (slow failure).',
    targets: ['server', 'dependency'],
    category: 'fault',
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'SERVER',
        description: 'the host dies: no answer, callers wait for their timeout',
      },
    ],
    describe: plain,
  },
  {
    type: 'slow',
    verb: 'Make slow',
    description:
      'Gray failure: every request takes FACTOR times longer, yet health checks still pass.',
    targets: ['server', 'dependency'],
    category: 'fault',
    parameter: {
      field: 'factor',
      label: 'Slowdown factor',
      name: 'the slowdown factor',
      unit: '×',
      default: 10,
      min: 1,
      max: 1000,
      step: 1,
      placeholder: 'FACTOR',
      script: { prefix: 'x', example: 10 },
    },
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'SERVER',
        description: 'gray failure: service time x10 (health checks still pass)',
      },
    ],
    describe: (c) => `slow ${String(f(c).target)} x${String(f(c).factor)}`,
  },
  {
    type: 'flap',
    verb: 'Flap',
    description: 'The process crashes and restarts over and over, half a period each.',
    targets: ['server'],
    category: 'fault',
    parameter: {
      field: 'periodS',
      label: 'Period',
      name: 'the flapping period',
      unit: 's',
      default: 20,
      min: 0.1,
      max: 3600,
      step: 1,
      script: { readSuffixes: ['s'], example: 20 },
    },
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'SERVER',
        argument: 'PERIOD_S',
        description: 'crash and restart over and over, half a period each',
      },
    ],
    describe: (c) => `flap ${String(f(c).target)} every ${String(f(c).periodS)} s`,
  },
  {
    type: 'errors',
    verb: 'Make failing',
    description:
      'Answers PERCENT of requests with a fast error (5xx) while health checks still pass.',
    targets: ['server', 'dependency'],
    category: 'fault',
    parameter: {
      field: 'percent',
      label: 'Errors',
      name: 'the error percentage',
      unit: '%',
      default: 100,
      min: 0,
      max: 100,
      step: 1,
      placeholder: 'PERCENT',
      script: { ...PERCENT_SCRIPT, example: 50 },
    },
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'SERVER',
        description:
          'gray failure: answer this share of requests with a fast 5xx (health checks pass)',
      },
    ],
    describe: (c) => `errors ${String(f(c).target)} ${String(f(c).percent)}%`,
  },
  // ---- database ----
  {
    type: 'disk-fail',
    verb: 'Fail disk',
    description:
      "The node's disk fails: its data is gone; it is rebuilt from another copy, taking time proportional to the data.",
    targets: ['database'],
    category: 'fault',
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'DB_NODE',
        description: "a database node's data is gone; it is rebuilt from a copy",
      },
    ],
    describe: plain,
  },
  {
    type: 'isolate',
    verb: 'Isolate',
    description:
      'Partition the node from the other database nodes and the failure detector; app servers can still reach it (split brain without fencing).',
    targets: ['database'],
    category: 'fault',
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'DB_NODE',
        description: 'cut a database node from the others and the failure detector',
      },
    ],
    describe: plain,
  },
  {
    type: 'promote',
    verb: 'Promote',
    description: 'Manual failover: promote this replica to primary.',
    targets: ['database'],
    category: 'recovery',
    offeredIn: ['menu', 'form'],
    script: [{ target: 'DB_NODE', description: 'manual failover: promote this replica' }],
    describe: plain,
    // Whether the node is a replica that can take over depends on the moment (the
    // database decides when it runs); with one primary per region there is never one.
    check: (_command, { settings }) =>
      settings.database.conflictMode === 'multi-primary-lww'
        ? 'every region already has a writable primary (multi-primary)'
        : null,
  },
  // ---- zone and region ----
  {
    type: 'kill-zone',
    verb: 'Kill zone',
    description:
      'Zone outage: every server in the zone stops at once (no answers, callers time out).',
    targets: ['zone'],
    category: 'fault',
    offeredIn: ['menu', 'form'],
    script: [
      { target: 'ZONE', description: 'zone outage: every server in the zone stops at once' },
    ],
    describe: plain,
  },
  {
    type: 'kill-region',
    verb: 'Kill region',
    description: 'Region outage: the balancer and every server in the region stop at once.',
    targets: ['region'],
    category: 'fault',
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'REGION',
        description: 'region outage: its balancer and servers stop at once',
      },
    ],
    describe: plain,
  },
  // ---- network ----
  {
    type: 'cut',
    verb: 'Cut',
    description:
      'Network partition: messages on the link are lost (both directions, or FROM to TO only with cut-oneway).',
    targets: ['link'],
    category: 'fault',
    fields: { oneWay: false },
    variants: [
      {
        id: 'cut-oneway',
        verb: 'Cut one way',
        description: 'Network partition in one direction: messages from FROM to TO are lost.',
        fields: { oneWay: true },
      },
    ],
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'FROM->TO',
        description: 'partition a link, both directions (FROM->ZONE: every link into a zone)',
      },
      {
        action: 'cut-oneway',
        target: 'FROM->TO',
        description: 'lose messages from FROM to TO only',
      },
    ],
    describe: (c) => `${f(c).oneWay ? 'cut one way' : 'cut'} ${String(f(c).target)}`,
  },
  {
    type: 'latency',
    verb: 'Add latency',
    description: 'Adds this many milliseconds to every message on the link, both directions.',
    targets: ['link'],
    category: 'fault',
    parameter: {
      field: 'addedMs',
      label: 'Added latency',
      name: 'the added latency',
      unit: 'ms',
      default: 200,
      min: 0,
      max: 60000,
      step: 10,
      script: { prefix: '+', suffix: 'ms', example: 200 },
    },
    offeredIn: ['menu', 'form'],
    script: [{ target: 'FROM->TO', description: 'add one-way latency on a link, both directions' }],
    describe: (c) => `latency ${String(f(c).target)} +${String(f(c).addedMs)} ms`,
  },
  {
    type: 'loss',
    verb: 'Make lossy',
    description: 'Each message on the link is dropped with this probability, both directions.',
    targets: ['link'],
    category: 'fault',
    parameter: {
      field: 'percent',
      label: 'Loss',
      name: 'the loss percentage',
      unit: '%',
      default: 20,
      min: 0,
      max: 100,
      step: 1,
      script: { ...PERCENT_SCRIPT, example: 20 },
    },
    offeredIn: ['menu', 'form'],
    script: [
      { target: 'FROM->TO', description: 'drop this share of messages on a link, both directions' },
    ],
    describe: (c) => `loss ${String(f(c).target)} ${String(f(c).percent)}%`,
  },
  // ---- recovery, weights, traffic and settings ----
  {
    type: 'restore',
    verb: 'Restore',
    description:
      'Undo every failure of the target; health checks then decide when traffic returns.',
    targets: ['server', 'dependency', 'database', 'zone', 'region', 'link'],
    category: 'recovery',
    offeredIn: ['menu', 'form'],
    script: [
      {
        target: 'TARGET',
        description: 'undo every failure of a server, zone, region, link or database node',
      },
    ],
    describe: plain,
  },
  {
    type: 'weight',
    verb: 'Set weight',
    description: "The balancer's weight for a server: 1 is a normal share, 0 drains it.",
    targets: ['server'],
    category: 'info',
    parameter: {
      field: 'weight',
      label: 'Weight',
      name: 'the weight',
      unit: '',
      default: 1,
      min: 0,
      max: 100,
      step: 1,
      script: { example: 2 },
    },
    // Weights are set on the diagram's balancer knobs, not from a part's menu.
    offeredIn: [],
    script: [{ target: 'SERVER', description: "the balancer's weight for a server (0 drains it)" }],
    describe: (c) => `weight ${String(f(c).target)} ${String(f(c).weight)}`,
  },
  {
    type: 'rate',
    verb: 'Change arrival rate',
    description: 'Users send this many requests per second from then on (a spike or a lull).',
    targets: 'none',
    category: 'fault',
    parameter: {
      field: 'perS',
      label: 'Arrival rate',
      name: 'the arrival rate',
      unit: 'req/s',
      default: 500,
      min: 1,
      max: 5000,
      step: 10,
      script: { readSuffixes: ['req/s', '/s'], example: 500 },
    },
    offeredIn: ['form'],
    script: [{ description: 'change the arrival rate (req/s): a traffic spike' }],
    describe: (c) => `rate ${String(f(c).perS)} req/s`,
  },
  {
    type: 'set',
    verb: 'Change a setting',
    description: 'Any setting of the Settings panel, changed at that moment.',
    targets: 'setting',
    category: 'info',
    offeredIn: ['form'],
    script: [
      { target: 'PATH=VALUE', description: 'change a setting mid-run (paths as for --set)' },
    ],
    scriptTarget: {
      read(text) {
        const at = text.indexOf('=');
        if (at <= 0) return { error: 'must look like AT:set:PATH=VALUE' };
        const raw = text.slice(at + 1);
        const value = raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
        return { path: text.slice(0, at), value };
      },
      write: (c) => `${String(f(c).path)}=${String(f(c).value)}`,
    },
    describe: (c) => `set ${String(f(c).path)}=${String(f(c).value)}`,
    // The setting's own range and the rules between settings: see validate.ts.
  },
];

const BY_TYPE = new Map<string, CommandSpec>(COMMAND_SPECS.map((spec) => [spec.type, spec]));

/** The declaration of a command type, or undefined for an unknown one. */
export function commandSpec(type: string): CommandSpec | undefined {
  return BY_TYPE.get(type);
}

/** The parts a command targets, when it targets parts (not a setting, not nothing). */
export function targetKinds(spec: CommandSpec): readonly TargetKind[] {
  return Array.isArray(spec.targets) ? spec.targets : [];
}

/** What each action of a part's menu does and where it applies: menus, --list, docs. */
export interface ActionSpec {
  type: Exclude<CommandType, 'set' | 'rate' | 'weight'>;
  /** Button text in the action menu (the UI contract names buttons by verb). */
  verb: string;
  kinds: readonly TargetKind[];
  /** One sentence for --list and tooltips. */
  description: string;
  /** A fault (drawn red on timelines) or a recovery. */
  category: 'fault' | 'recovery';
}

/** The commands of a part's action menu, in menu order (derived from COMMAND_SPECS). */
export const ACTION_SPECS: readonly ActionSpec[] = COMMAND_SPECS.filter((spec) =>
  spec.offeredIn.includes('menu'),
).map((spec) => ({
  type: spec.type as ActionSpec['type'],
  verb: spec.verb,
  kinds: targetKinds(spec),
  description: spec.description,
  category: spec.category as ActionSpec['category'],
}));

/** The commands a database node takes (what the database tier understands). */
export const DATABASE_COMMAND_TYPES: readonly CommandType[] = COMMAND_SPECS.filter((spec) =>
  targetKinds(spec).includes('database'),
).map((spec) => spec.type);

/** Whether a command breaks something (a fault), mends it (a recovery), or neither. */
export function commandCategory(command: Command): 'fault' | 'recovery' | 'info' {
  return commandSpec(command.type)?.category ?? 'info';
}

/** A short human form of a command, e.g. `kill app-b1`, `slow app-b1 x10`. */
export function describeCommand(command: Command): string {
  const spec = commandSpec(command.type);
  if (spec) return spec.describe(command);
  const { type, target } = command as { type: unknown; target?: unknown };
  return `${String(type)} ${String(target ?? '')}`.trim();
}

/** `from 1 to 1000`, `from 0 to 60000 ms`, `from 0 to 100%`: a parameter's range in words. */
export function parameterRange(parameter: CommandParameter): string {
  const { unit } = parameter;
  const shown = unit === '' || unit === '×' ? '' : unit === '%' ? '%' : ` ${unit}`;
  return `from ${parameter.min} to ${parameter.max}${shown}`;
}
