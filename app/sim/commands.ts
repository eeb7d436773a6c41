/**
 * Commands are plain records. The same record serves a click, a keyboard shortcut,
 * a fault script entry, a share link and the CLI, and goes through one `apply`.
 */
import type { ComponentKind } from './topology';

/** Crash a server's process: connections are refused at once. */
export interface KillCommand {
  type: 'kill';
  target: string;
}

/** Undo any failure of a component. */
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

export type Command = KillCommand | RestoreCommand | SetCommand;

/** A command scheduled at a simulated time, as in a fault script. */
export interface ScheduledCommand {
  atUs: number;
  command: Command;
}

/** What each action verb does, by component kind: drives menus, --list and validation. */
export interface ActionSpec {
  type: 'kill' | 'restore';
  /** Button text in the action menu (the UI contract names buttons by verb). */
  verb: string;
  kinds: readonly ComponentKind[];
  /** One sentence for --list and tooltips. */
  description: string;
  /** Whether applying it is a fault (drawn red on timelines) or a recovery. */
  category: 'fault' | 'recovery';
}

export const ACTION_SPECS: readonly ActionSpec[] = [
  {
    type: 'kill',
    verb: 'Kill',
    kinds: ['server'],
    description:
      'Crash the process: the host is alive, so connections are refused at once (fast failure).',
    category: 'fault',
  },
  {
    type: 'restore',
    verb: 'Restore',
    kinds: ['server'],
    description:
      'Undo the failure; the balancer sends traffic again after enough passing health checks.',
    category: 'recovery',
  },
];

/** A short human form of a command, e.g. `kill app-b1`, as used in fault specs and labels. */
export function describeCommand(command: Command): string {
  switch (command.type) {
    case 'kill':
    case 'restore':
      return `${command.type} ${command.target}`;
    case 'set':
      return `set ${command.path}=${command.value}`;
  }
}
