/**
 * The messages between the page and the session that owns the engines (app/driver's
 * Session, in a Web Worker or in process). Data flows one way: the page sends
 * requests (commands), the session answers with events (what the view shows), and
 * the store only receives those. Every message is plain data, so it crosses a
 * worker's boundary by structured clone.
 */
import type {
  ActionType,
  ApplyResult,
  Command,
  ComponentInfo,
  LinkInfo,
  LogEntry,
  MessageView,
  Metrics,
  RequestTrace,
  ScheduledCommand,
  SeriesPoint,
  Settings,
  SimulationInput,
  Snapshot,
} from '../sim';
import type { LearnerSetting, Verdict } from '../challenges';

/** Everything the panels show, published a few times a second and after each change. */
export interface RunReport {
  snapshot: Snapshot;
  metrics: Metrics;
  /**
   * Index of `metrics.series[0]` in the run's whole series: the session sends only the
   * seconds completed since its previous report (the store appends them), so a report's
   * copy between threads stays small as the run grows. Absent or 0: the whole series.
   */
  seriesStart?: number;
  /** Log entries since the previous report. */
  newLog: readonly LogEntry[];
  appliedCommands: readonly ScheduledCommand[];
  settings: Settings;
  actions: Readonly<Record<string, readonly ActionType[]>>;
  components: readonly ComponentInfo[];
  links: readonly LinkInfo[];
  /** Messages delivered since the previous frame (reports sent from a frame carry them). */
  delivered?: readonly MessageView[];
  /**
   * After a jump with no frames (a seek, a step): the hops delivered in the simulated
   * seconds before it, oldest first, for the diagram to show the traffic of the moment.
   */
  recentHops?: readonly MessageView[];
  /** Follow one request: the trace asked for with `trace`, as it stands, or null. */
  trace?: RequestTrace | null;
  /** Why the last `trace-request` was refused (the request had finished), or absent. */
  traceRefusal?: string | null;
}

/** Design B's output: what publishReport does for the run, without log or script. */
export interface CompareReport {
  snapshot: Snapshot;
  metrics: Metrics;
  /** As RunReport.seriesStart, for design B's series. */
  seriesStart?: number;
  settings: Settings;
  delivered?: readonly MessageView[];
  recentHops?: readonly MessageView[];
}

/** One engine to create: its input (scenario and start settings, no faults) and seed. */
export interface EngineSetup {
  input: SimulationInput;
  seed: number;
}

/** A fault script entry as the session schedules it (the id names a refused one). */
export interface SessionScriptItem {
  id: number;
  atUs: number;
  command: Command;
}

/** What the page asks of the session. */
export type SessionRequest =
  /**
   * A new run (start, reset, new seed or scenario, replay): the engine, and design B's
   * when two designs are compared, with the script scheduled. Cancels a running seek.
   */
  | {
      type: 'load';
      runId: number;
      run: EngineSetup;
      script: readonly SessionScriptItem[];
      compare: EngineSetup | null;
    }
  /**
   * One animation frame: advance by wall time x speed (the page owns the clock).
   * Answered by one `frame` (or `report` when `report`), or `idle` during a seek.
   */
  | { type: 'advance'; wallDeltaMs: number; speed: number; report: boolean }
  /** Advance a fixed slice of simulated time at once (Step), then report. */
  | { type: 'step'; durationUs: number }
  /** Report now (e.g. on pause: the exact numbers at the pause instant). */
  | { type: 'report' }
  /**
   * A command: applied now when `atUs` is null (to both designs), scheduled when
   * later. Answered by `result` with the instant it was applied or scheduled at.
   */
  | { type: 'apply'; requestId: number; command: Command; atUs: number | null }
  /**
   * The same run without a cancelled script entry: rebuilt from the commands applied
   * so far and `script`'s entries still to come, back to the current time.
   */
  | { type: 'rebuild'; script: readonly SessionScriptItem[]; compare: EngineSetup | null }
  /**
   * Run on to `targetUs` in chunks, with `seek-progress` after each, so the page stays
   * responsive and a newer seek (or any command) cancels this one.
   */
  | { type: 'seek'; seekId: number; targetUs: number }
  /** Stops a running seek where it is (answered by `seek-done` with `cancelled`). */
  | { type: 'cancel-seek' }
  /** Design B's engine goes; the run goes on. */
  | { type: 'stop-compare' }
  /**
   * The whole per-second series of the run's engine (or design B's), for an export: the
   * page holds only the seconds its charts draw. Answered by `series`.
   */
  | { type: 'series'; requestId: number; design: 'run' | 'compare' }
  /**
   * Judges a learner's design for a challenge: every seed run headless, in chunks with
   * `judge-progress` after each, beside the run (which goes on between chunks). A newer
   * `judge` cancels this one. Answered by `judge-done`.
   */
  | { type: 'judge'; judgeId: number; challengeId: string; learner: readonly LearnerSetting[] }
  /** Stops a running judging where it is (answered by `judge-done` with no verdict). */
  | { type: 'cancel-judge' }
  /**
   * Follow one request: trace the next request from user group `from` (reports carry
   * the trace from then on), or with null stop. Tracing changes nothing else in the run.
   */
  | { type: 'trace'; from: string | null }
  /**
   * Follow one request already in flight (a dot on the diagram), from now on. When it
   * has finished meanwhile, reports carry `traceRefusal` saying so.
   */
  | { type: 'trace-request'; request: number };

/** Design B's part of a frame. */
export interface CompareFrame {
  frame: Snapshot;
  delivered: readonly MessageView[];
}

/** What the session tells the page. `runId` is the load it belongs to. */
export type SessionEvent =
  | {
      type: 'frame';
      runId: number;
      frame: Snapshot;
      delivered: readonly MessageView[];
      compare: CompareFrame | null;
    }
  | { type: 'report'; runId: number; report: RunReport; compare: CompareReport | null }
  /** Answers `apply`: the result, when it applies (`atUs`), and design B's refusal. */
  | {
      type: 'result';
      requestId: number;
      runId: number;
      result: ApplyResult;
      atUs: number;
      compareError: string | null;
    }
  /** Script entries the new run's engine would not schedule (they leave the script). */
  | { type: 'refused'; runId: number; refused: ReadonlyArray<{ id: number; error: string }> }
  | { type: 'seek-progress'; runId: number; seekId: number; atUs: number; targetUs: number }
  | { type: 'seek-done'; runId: number; seekId: number; cancelled: boolean }
  /** Answers `series`: every completed second from 0:00 (empty without that engine). */
  | { type: 'series'; requestId: number; runId: number; series: readonly SeriesPoint[] }
  /** A judging has run seed `seedIndex` (0-based) to `doneS` simulated seconds. */
  | { type: 'judge-progress'; judgeId: number; seedIndex: number; doneS: number }
  /** A judging's verdict, or null when it was cancelled. */
  | { type: 'judge-done'; judgeId: number; verdict: Verdict | null }
  /** Answers `advance` while a seek runs: the frame comes when the seek is done. */
  | { type: 'idle' };

/** How the page talks to a session: in process or through a Web Worker. */
export interface SessionPort {
  send(request: SessionRequest): void;
}
