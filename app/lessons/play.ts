/**
 * A lesson played headless the way a learner plays it: each step's task done (its
 * solution applied when the step opens), then the run goes on until the step is
 * complete (its checks hold, its prediction can be measured, its pause has come).
 * The tests play every lesson through this; a step link (`#lesson=ID&step=N`) uses it to
 * know which commands the earlier steps applied and when, so the page can fast-forward
 * to the same instant deterministically.
 */
import { type LogEntry, type ScheduledCommand, type Simulation } from '../sim';
import { createSimulation } from '../sim/runtime';
import { simulationInput } from '../scenarios';
import { lessonScenario, lessonSettings } from './builtin';
import { checkHeldSinceUs, stepDone, type Lesson, type LessonStep, type RunView } from './lesson';

/** How far the headless run advances between looks: a learner's half second. */
export const PLAY_STEP_US = 500_000;
/** Longest a step may take, simulated: a learner waits minutes at 50x, not hours. */
export const STEP_LIMIT_S = 300;

/** One step as played. */
export interface PlayedStep {
  /** Simulated time the step opened at (0 after a restart). */
  startAtUs: number;
  /** Commands its task applied, with their times. */
  actions: ScheduledCommand[];
  /** When the step was complete; null when it was not within STEP_LIMIT_S. */
  doneAtUs: number | null;
  /** The instant its pause condition first held (null: none, or not reached). */
  pausedAtUs: number | null;
  /** Its prediction's measured answer when the step was complete (null: none). */
  measured: number | null;
  /** The run as it was when the step was complete (or when it gave up). */
  view: RunView;
}

/** A new engine for a lesson with these settings, at 0:00 (the scenario's events at 0 run). */
export function startLessonSimulation(
  lesson: Lesson,
  settings: Parameters<typeof lessonScenario>[1],
  seed: number,
): Simulation {
  const sim = createSimulation(simulationInput(lessonScenario(lesson, settings)), { seed });
  sim.runUntil(0);
  return sim;
}

/**
 * Whether a step is complete: its checks hold, its prediction has a measured answer and
 * its pause moment has come. "Next step" waits for this on the page too.
 */
export function stepComplete(step: LessonStep, run: RunView, pauseReached: boolean): boolean {
  if (!stepDone(step, run)) return false;
  if (step.predict && step.predict.measure(run) === null) return false;
  return !step.pauseWhen || pauseReached;
}

/**
 * Plays the first `stepCount` steps of a lesson (all by default) with this seed.
 * The solution of a step is applied as the step opens, as "Show me" does.
 */
export function playLesson(
  lesson: Lesson,
  seed: number,
  stepCount = lesson.steps.length,
): PlayedStep[] {
  let sim = startLessonSimulation(lesson, lessonSettings(lesson, 0), seed);
  let log: LogEntry[] = [];
  let logNext = 0;
  const played: PlayedStep[] = [];
  for (const [index, step] of lesson.steps.slice(0, stepCount).entries()) {
    if (index > 0 && step.restartWith) {
      sim = startLessonSimulation(lesson, lessonSettings(lesson, index), seed);
      log = [];
      logNext = 0;
    }
    const startAtUs = sim.now();
    const actions: ScheduledCommand[] = [];
    for (const command of step.solution ?? []) {
      const result = sim.apply(command);
      if (!result.ok) throw new Error(`${lesson.id} step ${index + 1}: ${result.error}`);
      actions.push({ atUs: sim.now(), command });
    }
    const view = (): RunView => {
      const { entries, nextIndex } = sim.log(logNext);
      logNext = nextIndex;
      // A new array per look: a view kept for a step must not grow with later steps.
      if (entries.length > 0) log = [...log, ...entries];
      return { snapshot: sim.snapshot(), metrics: sim.metrics(), log };
    };
    let pausedAtUs: number | null = null;
    const limitUs = sim.now() + STEP_LIMIT_S * 1_000_000;
    let now = view();
    for (;;) {
      if (step.pauseWhen && pausedAtUs === null) {
        pausedAtUs = checkHeldSinceUs(step.pauseWhen.when, now);
      }
      if (stepComplete(step, now, pausedAtUs !== null) || sim.now() >= limitUs) break;
      sim.runUntil(sim.now() + PLAY_STEP_US);
      now = view();
    }
    const complete = stepComplete(step, now, pausedAtUs !== null);
    played.push({
      startAtUs,
      actions,
      doneAtUs: complete ? sim.now() : null,
      pausedAtUs,
      measured: step.predict?.measure(now) ?? null,
      view: now,
    });
    if (!complete) break;
  }
  return played;
}

/** What a step link needs: the run's settings, the commands to apply, and the instant. */
export interface LessonStartPlan {
  /** The step index (from 0) the plan opens. */
  step: number;
  /** Commands the earlier steps (since the last restart) applied, in time order. */
  actions: ScheduledCommand[];
  /** Simulated time the step opens at: when the step before it was complete. */
  atUs: number;
}

/**
 * How to open a lesson at a step as if the learner had played up to it: the earlier
 * steps' commands at the instants they were applied, and the time the step opens at.
 * A step that restarts the run (or the first) opens at 0:00 with nothing applied.
 */
export function lessonStartPlan(lesson: Lesson, step: number, seed: number): LessonStartPlan {
  if (step === 0 || lesson.steps[step]?.restartWith) return { step, actions: [], atUs: 0 };
  const played = playLesson(lesson, seed, step);
  const before = played[step - 1];
  if (played.length < step || !before || before.doneAtUs === null) {
    throw new Error(`${lesson.id}: step ${played.length} does not complete with seed ${seed}`);
  }
  let firstOfRun = 0;
  for (let i = step - 1; i > 0; i--) {
    if (lesson.steps[i]!.restartWith) {
      firstOfRun = i;
      break;
    }
  }
  return {
    step,
    actions: played.slice(firstOfRun).flatMap((p) => p.actions),
    atUs: before.doneAtUs,
  };
}
