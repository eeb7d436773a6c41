/** The engine's public interface: what `createSimulation` takes and returns. */
import type { Command, ScheduledCommand } from './commands';
import type { LogEntry } from './output/log';
import type { SimTimeUs } from './engine/time';
import type { RequestTrace } from './output/trace';
import type { SeriesTiers } from './output/seriesTiers';
import type { Settings, SettingsOverrides } from './settings';
import type { MessageView, Metrics, Snapshot } from './output/snapshot';
import type { ComponentInfo, LinkInfo, TopologySpec } from './topology';

export interface SimulationInput {
  topology: TopologySpec;
  settings?: SettingsOverrides;
  /** Commands to apply at set times (the fault script). */
  faults?: readonly ScheduledCommand[];
}

export interface SimulationOptions {
  /** Seed of every random draw in the run. */
  seed: number;
  /**
   * Keep the set of messages on the wire for drawing. Off in the CLI and benchmarks;
   * it never changes what happens, only what a snapshot can show.
   */
  trackMessages?: boolean;
  /** Oldest log entries are dropped past this count (memory stays flat). Default 5000. */
  maxLogEntries?: number;
}

export type ApplyResult = { ok: true } | { ok: false; error: string };

/** Action types a menu may offer (commands with a target and a verb). */
export type ActionType = Exclude<Command['type'], 'set' | 'rate' | 'weight'>;

export interface Simulation {
  readonly seed: number;
  /** Current simulated time. */
  now(): SimTimeUs;
  /** Processes every event up to and including `timeUs`, then sets the clock there. */
  runUntil(timeUs: number): void;
  /** Applies a command now. Invalid commands change nothing and return an error. */
  apply(command: Command): ApplyResult;
  /** Schedules a command at a future time (as a fault script entry). */
  schedule(atUs: number, command: Command): ApplyResult;
  /** Current settings (after any `set` commands). */
  settings(): Settings;
  /** Components, links, balancer views and messages on the wire, for drawing. */
  snapshot(): Snapshot;
  /** Counters, percentiles, windows and the per-second series. */
  metrics(): Metrics;
  /**
   * The whole run's series as held: every hour, the minutes of the last day, the
   * seconds of the last hour (`metrics().series`), each tier ending where the finer
   * one starts. What the CSV export writes.
   */
  seriesTiers(): SeriesTiers;
  /**
   * Messages that reached the end of their hop (or were lost) after `fromUs`, oldest
   * first, at most the last 4096 (only with trackMessages). Hops inside a region take
   * well under a frame, so views draw these to show every request's real outcome.
   */
  deliveredSince(fromUs: number): MessageView[];
  /** Event log entries with index >= `fromIndex` (indices count from the run's start). */
  log(fromIndex?: number): { entries: LogEntry[]; nextIndex: number };
  /** Commands applied so far with their times, for replay and share links. */
  appliedCommands(): ScheduledCommand[];
  /** Component and link descriptions (static for a run). */
  components(): readonly ComponentInfo[];
  links(): readonly LinkInfo[];
  /** Checks that a command could be applied to this run, without applying it. */
  validate(command: Command): string | null;
  /**
   * Action types that make sense on a component or link right now (e.g. `restore`
   * only when something is broken): menus offer exactly these.
   */
  actionsFor(target: string): ActionType[];
  /**
   * Follow one request: trace the next user request from user group `from` (replacing
   * any trace), or with null stop tracing. Tracing changes nothing else in the run.
   */
  traceNext(from: string | null): ApplyResult;
  /**
   * Follow one request already in flight (a dot on the diagram): recording starts now,
   * with the spans open now drawn from the request's records (`followedFromUs`). Changes
   * nothing else in the run. A request not started yet is waited for and recorded
   * whole (a replay of the run uses this). Refused when the request has finished.
   */
  traceRequest(requestId: number): ApplyResult;
  /** The trace asked for by `traceNext`, as it stands now (a copy), or null. */
  trace(): RequestTrace | null;
}
