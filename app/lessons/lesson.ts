/**
 * Guided lessons as data: a lesson opens a built-in scenario, then walks the learner
 * through steps. A step says what to look at and what to do; its check (a condition on
 * the run, as data) says when it is done, so the page can tell the learner "done" and
 * a test can play every lesson through headless. `solution` is what the step asks the
 * learner to do, as commands: "Show me" applies them, and the tests do too.
 *
 * A step can also make the learner think first and look at the right place:
 * - `predict`: a question asked before the step's part of the run plays (the run is held
 *   paused until it is answered), revealed next to the number MEASURED from this run by
 *   the step's own `measure` function (never a number written in the lesson);
 * - `pauseWhen`: a condition on the run (a typed log entry, a state, a counter) at which
 *   the run pauses by itself, until the learner resumes it;
 * - `spotlight`: parts of the diagram to ring, with a short label drawn beside them.
 */
import type { Command, ComponentStatus, LogEntry, Metrics, Snapshot } from '../sim';
import { COMPONENT_STATUS_LABELS, componentIsSlow } from '../sim';
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
  | 'p99MsLastMinute'
  | 'degraded'
  | 'duplicateCharges'
  | 'idempotentReplays'
  | 'splitBrainWrites';

/** A condition on the run, as data. */
export type LessonCheck =
  /** A component is in this state (`crashed`, `down`, ...: its kind's union). */
  | { kind: 'state'; id: string; state: ComponentStatus }
  /** A server (or the dependency) is slowed down: a gray failure. */
  | { kind: 'slow'; id: string }
  /** The event log has a line of this type (about this target). */
  | { kind: 'log'; type: string; target?: string }
  /** The run has reached this simulated time. */
  | { kind: 'time'; atLeastS: number }
  /** A counter is within bounds. */
  | { kind: 'metric'; metric: LessonMetric; atLeast?: number; atMost?: number }
  /** The share of its balancer's requests routed to a server since the start is at most this. */
  | { kind: 'share'; server: string; atMost: number };

/**
 * One answer of a multiple-choice prediction. It is the right one when the measured
 * number falls in [atLeast, below) (an absent bound is open): choices are ranges of the
 * measured number, so which one is right is decided by the run, not by the lesson text.
 */
export interface PredictionChoice {
  label: string;
  atLeast?: number;
  below?: number;
}

interface PredictionBase {
  /** The question, asked before the run plays this part ("How many seconds until ...?"). */
  question: string;
  /**
   * The true answer, measured from this run (its metrics, log or snapshot); null until
   * what it measures has happened. The reveal shows it once the step's checks hold.
   */
  measure: (run: RunView) => number | null;
  /** The measured number's unit, written after it ("s", "writes", "%"). */
  unit: string;
  /** What the number means, after it: "from the kill to lb-1 marking app-b1 unhealthy". */
  measuredWhat: string;
  /** One line that says why the answer is what it is, shown with the reveal. */
  explain: string;
}

export interface ChoicePrediction extends PredictionBase {
  kind: 'choice';
  choices: PredictionChoice[];
}

export interface SliderPrediction extends PredictionBase {
  kind: 'slider';
  min: number;
  max: number;
  step: number;
  /** A guess within this of the measured number counts as right (same unit). */
  tolerance: number;
}

export type LessonPrediction = ChoicePrediction | SliderPrediction;

/** Where the run stops by itself: the moment that matters. */
export interface LessonPause {
  /** The condition; the run pauses at the first instant it holds during the step. */
  when: LessonCheck;
  /** What just happened, for the card: "lb-1 has marked app-b1 unhealthy". */
  label: string;
}

/** Parts of the diagram the step is about: ringed, with a short label on the diagram. */
export interface LessonSpotlight {
  /**
   * Component, zone, region or link ids as the diagram names them (`app-b1`, `eu`,
   * `db-a1->db-b1`): a part gets a ring, a link a band along it.
   */
  ids: string[];
  /** A few words drawn beside the ring ("lb-1 checks app-b1"). */
  label: string;
}

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
  /** Asked before the step's part of the run plays; revealed with the measured answer. */
  predict?: LessonPrediction;
  /** The run pauses by itself when this happens during the step. */
  pauseWhen?: LessonPause;
  /** Ringed on the diagram while the step is shown. */
  spotlight?: LessonSpotlight;
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
    case 'degraded':
      return metrics.requests.degraded;
    case 'duplicateCharges':
      return metrics.defences.duplicateSideEffects;
    case 'idempotentReplays':
      return metrics.defences.idempotentReplays;
    case 'splitBrainWrites':
      return metrics.data?.splitBrainWrites ?? 0;
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
      return view !== undefined && view.state === check.state;
    }
    case 'slow':
      return componentIsSlow(run.snapshot?.components.find((c) => c.id === check.id));
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

/**
 * The simulated instant (µs) from which a check has held, or null while it does not.
 * The moment itself, even when the run is looked at later (a report comes 4 times a
 * second, seconds of simulated time apart at 50x), wherever the run records it: a log
 * check's first matching line; a time check's instant; the n-th failover's promotion;
 * the first timeout and the first duplicate charge (`metrics.firstAtUs`). For other
 * checks (states, shares, other counters) the run's current time.
 */
export function checkHeldSinceUs(check: LessonCheck, run: RunView): number | null {
  if (check.kind === 'log') {
    const entry = run.log.find(
      (e) => e.type === check.type && (check.target === undefined || e.target === check.target),
    );
    return entry ? entry.atUs : null;
  }
  if (!checkHolds(check, run)) return null;
  const nowUs = run.snapshot?.nowUs ?? 0;
  if (check.kind === 'time') return Math.min(nowUs, Math.round(check.atLeastS * 1_000_000));
  if (check.kind === 'metric' && check.atMost === undefined && run.metrics) {
    const exact = metricReachedAtUs(run.metrics, check.metric, check.atLeast ?? 0);
    if (exact !== null) return exact;
  }
  return nowUs;
}

/**
 * When a counter first reached `atLeast`, where the run records it; null where it does
 * not (the caller then uses the time it looked).
 */
function metricReachedAtUs(metrics: Metrics, metric: LessonMetric, atLeast: number): number | null {
  if (atLeast <= 0) return null;
  switch (metric) {
    case 'failovers': {
      const failover = metrics.data?.failovers[atLeast - 1];
      return failover ? Math.round(failover.atS * 1_000_000) : null;
    }
    case 'timeout':
      return atLeast === 1 ? metrics.firstAtUs.timeout : null;
    case 'duplicateCharges':
      return atLeast === 1 ? metrics.firstAtUs.duplicateCharges : null;
    default:
      return null;
  }
}

/**
 * The simulated second of the first log line of this type about this target that did
 * something (not an "already crashed" note), or null: the building block of most
 * measures ("seconds from the kill to the mark").
 */
export function loggedAtS(run: RunView, type: string, target: string): number | null {
  const entry = run.log.find(
    (e) => e.type === type && e.target === target && e.category !== 'info',
  );
  return entry ? entry.atUs / 1_000_000 : null;
}

/** Seconds between two logged events, or null until both have happened. */
export function secondsBetween(
  run: RunView,
  from: { type: string; target: string },
  to: { type: string; target: string },
): number | null {
  const fromS = loggedAtS(run, from.type, from.target);
  const toS = loggedAtS(run, to.type, to.target);
  return fromS === null || toS === null ? null : toS - fromS;
}

/** Index of the choice the measured number falls in, or -1 when none does. */
export function choiceFor(prediction: ChoicePrediction, measured: number): number {
  return prediction.choices.findIndex(
    (c) =>
      (c.atLeast === undefined || measured >= c.atLeast) &&
      (c.below === undefined || measured < c.below),
  );
}

/** Whether a guess (a choice index, or a slider value) is right for the measured number. */
export function predictionRight(
  prediction: LessonPrediction,
  guess: number,
  measured: number,
): boolean {
  if (prediction.kind === 'choice') return choiceFor(prediction, measured) === guess;
  return Math.abs(guess - measured) <= prediction.tolerance;
}

/** A guess in words: the choice's label, or the slider's number with its unit. */
export function describeGuess(prediction: LessonPrediction, guess: number): string {
  if (prediction.kind === 'choice') return prediction.choices[guess]?.label ?? '(none)';
  return `${formatMeasured(guess)} ${prediction.unit}`;
}

/** A measured number as the reveal shows it: whole numbers as they are, others to 0.1. */
export function formatMeasured(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Whether a step is done: every check holds (a step without checks is done when read). */
export function stepDone(step: LessonStep, run: RunView): boolean {
  return (step.checks ?? []).every((check) => checkHolds(check, run));
}

/** What a check waits for, in words, for the step card ("app-b1 crashed"). */
export function describeCheck(check: LessonCheck): string {
  switch (check.kind) {
    case 'state':
      return `${check.id} ${COMPONENT_STATUS_LABELS[check.state]}`;
    case 'slow':
      return `${check.id} slow`;
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
