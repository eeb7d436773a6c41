/**
 * Commands are plain records. The same record serves a click, a keyboard shortcut,
 * a fault script entry, a share link and the CLI, and goes through one `apply`.
 */
import type { ComponentKind } from './topology';

/** Crash a server's process: the host is alive, so connections are refused at once. */
export interface KillCommand {
  type: 'kill';
  target: string;
}

/** The whole host dies: nothing answers, callers wait for their timeout. */
export interface HostDownCommand {
  type: 'host-down';
  target: string;
}

/** Gray failure: the server's service time is multiplied by `factor`. */
export interface SlowCommand {
  type: 'slow';
  target: string;
  factor: number;
}

/** The server's process crashes and comes back, half a period each. */
export interface FlapCommand {
  type: 'flap';
  target: string;
  periodS: number;
}

/** Everything in an availability zone stops at once. */
export interface KillZoneCommand {
  type: 'kill-zone';
  target: string;
}

/** Everything in a region, its balancer included, stops at once. */
export interface KillRegionCommand {
  type: 'kill-region';
  target: string;
}

/**
 * Network partition on a link (`FROM->TO`; `FROM->ZONE` means every link from FROM
 * into that zone). Both directions unless `oneWay`, which cuts FROM to TO only.
 */
export interface CutCommand {
  type: 'cut';
  target: string;
  oneWay: boolean;
}

/** Extra one-way latency on a link, both directions. */
export interface LatencyCommand {
  type: 'latency';
  target: string;
  addedMs: number;
}

/** Packet loss on a link: each traversal is dropped with this probability. */
export interface LossCommand {
  type: 'loss';
  target: string;
  percent: number;
}

/** A component answers this share of requests with a fast error (5xx): a gray failure health checks miss. */
export interface ErrorsCommand {
  type: 'errors';
  target: string;
  percent: number;
}

/** A database node's disk fails: its data is gone; it must be rebuilt from another copy. */
export interface DiskFailCommand {
  type: 'disk-fail';
  target: string;
}

/** Cut a database node from the other nodes and the failure detector (app servers still reach it). */
export interface IsolateCommand {
  type: 'isolate';
  target: string;
}

/** The operator promotes a database replica to primary (manual failover). */
export interface PromoteCommand {
  type: 'promote';
  target: string;
}

/** A server's weight for the balancer (1 = normal share, 0 = drain). */
export interface WeightCommand {
  type: 'weight';
  target: string;
  weight: number;
}

/** Change the users' arrival rate (a traffic spike or lull). */
export interface RateCommand {
  type: 'rate';
  perS: number;
}

/** Undo every failure of a component or link. */
export interface RestoreCommand {
  type: 'restore';
  target: string;
}

/** Change one setting mid-run (same paths as the CLI's --set). */
export interface SetCommand {
  type: 'set';
  path: string;
  value: number | string;
}

export type Command =
  | KillCommand
  | HostDownCommand
  | SlowCommand
  | FlapCommand
  | KillZoneCommand
  | KillRegionCommand
  | CutCommand
  | LatencyCommand
  | LossCommand
  | ErrorsCommand
  | DiskFailCommand
  | IsolateCommand
  | PromoteCommand
  | WeightCommand
  | RateCommand
  | RestoreCommand
  | SetCommand;

export type CommandType = Command['type'];

/** A command scheduled at a simulated time, as in a fault script. */
export interface ScheduledCommand {
  atUs: number;
  command: Command;
}

/** Kinds of thing a command can target. `link` is a `FROM->TO` path. */
export type TargetKind = ComponentKind | 'link';

/** What each action does and where it applies: drives menus, --list and validation. */
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

export const ACTION_SPECS: readonly ActionSpec[] = [
  {
    type: 'kill',
    verb: 'Kill',
    kinds: ['server', 'dependency', 'database'],
    description:
      'Crash the process: the host is alive, so connections are refused at once (fast failure).',
    category: 'fault',
  },
  {
    type: 'host-down',
    verb: 'Host down',
    kinds: ['server', 'dependency'],
    description:
      'The machine dies: nothing answers, so callers wait for their timeout (slow failure).',
    category: 'fault',
  },
  {
    type: 'slow',
    verb: 'Make slow',
    kinds: ['server', 'dependency'],
    description:
      'Gray failure: every request takes FACTOR times longer, yet health checks still pass.',
    category: 'fault',
  },
  {
    type: 'flap',
    verb: 'Flap',
    kinds: ['server'],
    description: 'The process crashes and restarts over and over, half a period each.',
    category: 'fault',
  },
  {
    type: 'errors',
    verb: 'Make failing',
    kinds: ['server', 'dependency'],
    description:
      'Answers PERCENT of requests with a fast error (5xx) while health checks still pass.',
    category: 'fault',
  },
  {
    type: 'disk-fail',
    verb: 'Fail disk',
    kinds: ['database'],
    description:
      "The node's disk fails: its data is gone; it is rebuilt from another copy, taking time proportional to the data.",
    category: 'fault',
  },
  {
    type: 'isolate',
    verb: 'Isolate',
    kinds: ['database'],
    description:
      'Partition the node from the other database nodes and the failure detector; app servers can still reach it (split brain without fencing).',
    category: 'fault',
  },
  {
    type: 'promote',
    verb: 'Promote',
    kinds: ['database'],
    description: 'Manual failover: promote this replica to primary.',
    category: 'recovery',
  },
  {
    type: 'kill-zone',
    verb: 'Kill zone',
    kinds: ['zone'],
    description:
      'Zone outage: every server in the zone stops at once (no answers, callers time out).',
    category: 'fault',
  },
  {
    type: 'kill-region',
    verb: 'Kill region',
    kinds: ['region'],
    description: 'Region outage: the balancer and every server in the region stop at once.',
    category: 'fault',
  },
  {
    type: 'cut',
    verb: 'Cut',
    kinds: ['link'],
    description:
      'Network partition: messages on the link are lost (both directions, or FROM to TO only with cut-oneway).',
    category: 'fault',
  },
  {
    type: 'latency',
    verb: 'Add latency',
    kinds: ['link'],
    description: 'Adds this many milliseconds to every message on the link, both directions.',
    category: 'fault',
  },
  {
    type: 'loss',
    verb: 'Make lossy',
    kinds: ['link'],
    description: 'Each message on the link is dropped with this probability, both directions.',
    category: 'fault',
  },
  {
    type: 'restore',
    verb: 'Restore',
    kinds: ['server', 'dependency', 'database', 'zone', 'region', 'link'],
    description:
      'Undo every failure of the target; health checks then decide when traffic returns.',
    category: 'recovery',
  },
];

/** The action spec of a command type, if it is an action (not `set` or `rate`). */
export function actionSpec(type: CommandType): ActionSpec | undefined {
  if (type === 'weight') return undefined;
  return ACTION_SPECS.find((a) => a.type === type);
}

/** Whether a command breaks something (a fault) or mends it (a recovery). */
export function commandCategory(command: Command): 'fault' | 'recovery' | 'info' {
  if (command.type === 'set') return 'info';
  if (command.type === 'rate') return 'fault';
  if (command.type === 'weight') return 'info';
  return actionSpec(command.type)!.category;
}

/** A short human form of a command, e.g. `kill app-b1`, `slow app-b1 x10`. */
export function describeCommand(command: Command): string {
  switch (command.type) {
    case 'slow':
      return `slow ${command.target} x${command.factor}`;
    case 'flap':
      return `flap ${command.target} every ${command.periodS} s`;
    case 'cut':
      return `${command.oneWay ? 'cut one way' : 'cut'} ${command.target}`;
    case 'latency':
      return `latency ${command.target} +${command.addedMs} ms`;
    case 'loss':
      return `loss ${command.target} ${command.percent}%`;
    case 'rate':
      return `rate ${command.perS} req/s`;
    case 'errors':
      return `errors ${command.target} ${command.percent}%`;
    case 'weight':
      return `weight ${command.target} ${command.weight}`;
    case 'set':
      return `set ${command.path}=${command.value}`;
    default: {
      const { type, target } = command as { type: unknown; target?: unknown };
      return `${String(type)} ${String(target ?? '')}`.trim();
    }
  }
}
