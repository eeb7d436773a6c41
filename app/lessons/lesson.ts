/**
 * Guided lessons as data: a lesson opens a built-in scenario, then walks the learner
 * through steps. A step says what to look at and what to do; its check (a condition on
 * the run, as data) says when it is done, so the page can tell the learner "done" and
 * a test can play every lesson through headless. `solution` is what the step asks the
 * learner to do, as commands: "Show me" applies them, and the tests do too.
 */
import type { Command, LogEntry, Metrics, Snapshot } from '../sim';
import type { FaultEntry } from '../scenarios';

/** A change to the run's settings, as the URL and the store carry them. */
export interface LessonSetting {
  path: string;
  value: number | string;
}

/** Counters a check can read from the engine's metrics. */
type LessonMetric =
  | 'failed'
  | 'refused'
  | 'timeout'
  | 'errorSeconds'
  | 'writesLost'
  | 'writesAcked'
  | 'failovers'
  | 'circuitOpen'
  | 'loadAmplification'
  | 'p99MsLastMinute';

/** A condition on the run, as data. */
export type LessonCheck =
  /** A component's state contains `state` (`crashed`, `down`, `slow`, ...). */
  | { kind: 'state'; id: string; state: string }
  /** The event log has a line of this type (about this target). */
  | { kind: 'log'; type: string; target?: string }
  /** The run has reached this simulated time. */
  | { kind: 'time'; atLeastS: number }
  /** A counter is within bounds. */
  | { kind: 'metric'; metric: LessonMetric; atLeast?: number; atMost?: number }
  /** The share of its balancer's requests routed to a server since the start is at most this. */
  | { kind: 'share'; server: string; atMost: number };

export interface LessonStep {
  title: string;
  /** Paragraphs of explanation. */
  text: string[];
  /** What to do, in one sentence (absent: just read and watch). */
  task?: string;
  /** All must hold for the step to be done (absent: done when read). */
  checks?: LessonCheck[];
  /** What the task asks for, as commands ("Show me", and the tests). */
  solution?: Command[];
  /** Before this step, start the run again with these settings (the lesson's next experiment). */
  restartWith?: LessonSetting[];
}

export interface Lesson {
  /** Stable id, for links (`#lesson=health-checks`). */
  id: string;
  title: string;
  /** One line for the list of lessons. */
  summary: string;
  /** Built-in scenario the lesson runs on. */
  scenario: string;
  /** Settings on top of the scenario's, from the first step. */
  settings?: LessonSetting[];
  /** Faults added to the scenario's own script (the lesson's failure, on cue). */
  faults?: FaultEntry[];
  steps: LessonStep[];
}

/** What a check looks at: the run as the store has it. */
export interface RunView {
  snapshot: Snapshot | null;
  metrics: Metrics | null;
  log: readonly LogEntry[];
}

function metricValue(metrics: Metrics, metric: LessonMetric): number {
  switch (metric) {
    case 'failed':
      return metrics.requests.failed;
    case 'refused':
      return metrics.requests.failedBy.refused;
    case 'timeout':
      return metrics.requests.failedBy.timeout;
    case 'errorSeconds':
      return metrics.errorSeconds;
    case 'writesLost':
      return metrics.data?.writesLost ?? 0;
    case 'writesAcked':
      return metrics.data?.writesAcked ?? 0;
    case 'failovers':
      return metrics.data?.failovers.length ?? 0;
    case 'circuitOpen':
      return metrics.requests.failedBy['circuit-open'];
    case 'loadAmplification':
      return metrics.defences.loadAmplification;
    case 'p99MsLastMinute':
      return metrics.window60s.p99Ms;
  }
}

/** A server's share of what its balancer routed since the start; null before any. */
export function routedShare(snapshot: Snapshot | null, server: string): number | null {
  const target = snapshot?.targets.find((t) => t.server === server);
  if (!snapshot || !target) return null;
  const total = snapshot.targets
    .filter((t) => t.balancer === target.balancer)
    .reduce((sum, t) => sum + t.routed, 0);
  return total === 0 ? null : target.routed / total;
}

/** Whether one check holds for the run now. */
export function checkHolds(check: LessonCheck, run: RunView): boolean {
  switch (check.kind) {
    case 'state': {
      const view = run.snapshot?.components.find((c) => c.id === check.id);
      return view !== undefined && view.state.includes(check.state);
    }
    case 'log':
      return run.log.some(
        (e) => e.type === check.type && (check.target === undefined || e.target === check.target),
      );
    case 'time':
      return (run.snapshot?.nowUs ?? 0) >= check.atLeastS * 1_000_000;
    case 'share': {
      const share = routedShare(run.snapshot, check.server);
      return share !== null && share <= check.atMost;
    }
    case 'metric': {
      if (!run.metrics) return false;
      const value = metricValue(run.metrics, check.metric);
      return (
        (check.atLeast === undefined || value >= check.atLeast) &&
        (check.atMost === undefined || value <= check.atMost)
      );
    }
  }
}

/** Whether a step is done: every check holds (a step without checks is done when read). */
export function stepDone(step: LessonStep, run: RunView): boolean {
  return (step.checks ?? []).every((check) => checkHolds(check, run));
}

/** What a check waits for, in words, for the step card ("app-b1 crashed"). */
export function describeCheck(check: LessonCheck): string {
  switch (check.kind) {
    case 'state':
      return `${check.id} ${check.state}`;
    case 'log':
      return `the log says ${check.type}${check.target ? ` ${check.target}` : ''}`;
    case 'time':
      return `the clock reaches ${check.atLeastS} s`;
    case 'share':
      return `${check.server} gets at most ${Math.round(check.atMost * 100)}% of the requests`;
    case 'metric': {
      const bounds = [
        check.atLeast !== undefined ? `at least ${check.atLeast}` : '',
        check.atMost !== undefined ? `at most ${check.atMost}` : '',
      ].filter(Boolean);
      return `${check.metric}: ${bounds.join(' and ')}`;
    }
  }
}
