/**
 * Commands are plain records. The same record serves a click, a keyboard shortcut,
 * a fault script entry, a share link and the CLI, and goes through one `apply`.
 * What each command is called, takes and accepts is declared once, in `registry.ts`.
 */
import type { ComponentKind } from '../topology';
import type { SimTimeUs } from '../engine/time';

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
  atUs: SimTimeUs;
  command: Command;
}

/** Kinds of thing a command can target. `link` is a `FROM->TO` path. */
export type TargetKind = ComponentKind | 'link';
