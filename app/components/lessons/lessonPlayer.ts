/**
 * The lesson player: holds the run while a prediction is unanswered, reveals the answer
 * measured from the run, pauses at the step's moment, and opens a step link with the run
 * fast-forwarded to where a learner playing up to it would be. State lives in the store's
 * lessonPlayer slice; this module watches the run and acts on it.
 */
import {
  builtinLesson,
  checkHeldSinceUs,
  lessonScenario,
  lessonSettings,
  lessonStartPlan,
  predictionRight,
  readProgress,
  stepDone,
  withLessonDone,
  withPrediction,
  writeProgress,
  type Lesson,
  type LessonProgress,
  type LessonStartPlan,
  type LessonStep,
  type RunView,
} from '../../lessons';
import { type ScheduledCommand } from '../../sim';
import { builtinScenario } from '../../scenarios';
import {
  emptyLessonPlayer,
  engineNowUs,
  insertEntry,
  lessonPlayer,
  loadRun,
  loadRunAt,
  pause,
  play,
  playground,
  scriptEntry,
  scriptFromFaults,
  seekTo,
  setLessonPlayer,
  type RunSetup,
} from '../../store';
import { browserStorageOrNull as browserStorage } from './storage';

/** A pause noticed later than this after its moment goes back to the moment itself. */
const PAUSE_SLACK_US = 300_000;

export { browserStorageOrNull as browserStorage } from './storage';

/** Reads, changes and writes the learner's progress; storage failures change nothing. */
export function updateProgress(change: (p: LessonProgress) => LessonProgress): LessonProgress {
  const storage = browserStorage();
  const next = change(readProgress(storage));
  writeProgress(storage, next);
  return next;
}

function currentStep(): { lesson: Lesson; index: number; step: LessonStep } | null {
  const { lesson: current } = playground.getState().ui;
  const lesson = current ? builtinLesson(current.id) : undefined;
  const step = lesson?.steps[current!.step];
  return lesson && step ? { lesson, index: current!.step, step } : null;
}

function runView(): RunView {
  const { run } = playground.getState();
  return { snapshot: run.snapshot, metrics: run.metrics, log: run.log };
}

let ticking = false;

/** One look at the run for the step shown: hold, pause, reveal, as the step declares. */
export function lessonTick(): void {
  if (ticking) return;
  ticking = true;
  try {
    tick();
  } finally {
    ticking = false;
  }
}

function tick(): void {
  const current = currentStep();
  if (!current) return;
  const { lesson, index, step } = current;
  const key = `${lesson.id}:${index}`;
  let player = lessonPlayer.getState();
  if (player.stepKey !== key) {
    lessonPlayer.setState({
      ...emptyLessonPlayer(key),
      fastForward: player.fastForward,
      spotlight: step.spotlight ?? null,
    });
    player = lessonPlayer.getState();
  }
  if (player.fastForward !== null) return;
  const { run } = playground.getState();
  // Think first: the run waits for the learner's guess.
  if (step.predict && player.guess === null) {
    if (run.playing) pause();
    return;
  }
  const view = runView();
  if (step.pauseWhen && player.pausedAtUs === null) {
    const sinceUs = checkHeldSinceUs(step.pauseWhen.when, view);
    if (sinceUs !== null) {
      setLessonPlayer({ pausedAtUs: sinceUs });
      // Seen at a report after the moment (4 a second, up to seconds at 50x): go back to
      // the moment itself; the run is seeded, so going back replays the same run.
      if (engineNowUs() - sinceUs > PAUSE_SLACK_US) seekTo(sinceUs);
      else pause();
    }
  }
  player = lessonPlayer.getState();
  if (step.predict && player.guess !== null && !player.reveal && stepDone(step, runView())) {
    const measured = step.predict.measure(runView());
    if (measured !== null) {
      const right = predictionRight(step.predict, player.guess, measured);
      setLessonPlayer({ reveal: { measured, right } });
      updateProgress((p) => withPrediction(p, lesson.id, index, right));
    }
  }
  // Play pressed in the toolbar after the pause counts as resuming.
  if (player.pausedAtUs !== null && !player.resumed && playground.getState().run.playing) {
    setLessonPlayer({ resumed: true });
  }
}

/** The learner's guess: kept, and the run plays on. */
export function answerPrediction(guess: number): void {
  setLessonPlayer({ guess });
  play();
}

/** Goes on after the pause at the moment. */
export function resumeLesson(): void {
  setLessonPlayer({ resumed: true });
  play();
}

/** Marks a lesson finished in the learner's progress. */
export function recordLessonDone(id: string): void {
  updateProgress((p) => withLessonDone(p, id));
}

/** Marks that the learner has seen the lessons (no "Start here" any more). */
export function recordVisited(): void {
  updateProgress((p) => ({ ...p, visited: true }));
}

/**
 * The run a lesson opens with at a step: its scenario from 0:00 with the step's settings,
 * the lesson's own faults, and the commands the earlier steps applied (`actions`) at the
 * instants they applied them. Those join the script as recorded by hand, as "Show me"
 * records them: Reset leaves them out, Replay repeats them.
 */
export function lessonRunSetup(
  lesson: Lesson,
  step: number,
  seed: number,
  actions: readonly ScheduledCommand[],
): RunSetup {
  const scenario = builtinScenario(lesson.scenario)!;
  let script = scriptFromFaults(scenario, lessonScenario(lesson, []).faults);
  // After the faults due at the same instant: the learner applied them after those ran.
  for (const { atUs, command } of actions)
    script = insertEntry(script, scriptEntry(atUs, command, 'recorded'));
  return { scenario, seed, startSettings: lessonSettings(lesson, step), script };
}

/**
 * Loads a lesson's run for a step as if the learner had played up to it (a step link):
 * the earlier steps' commands, found by playing the lesson headless with the same seed
 * (`lessonStartPlan`), are scheduled at their instants in the new run, which then runs
 * paused to the instant the step opens. Scheduled, not applied as the seek reaches them:
 * a command sent during a seek lands wherever the seek is then (and stops it), which
 * made one link open different runs. A step at 0:00 plays at once. Throws (with the run
 * loaded at 0:00) when the lesson cannot reach the step with this seed.
 */
export async function openLessonRun(lesson: Lesson, step: number, seed: number): Promise<void> {
  let plan: LessonStartPlan;
  try {
    plan = lessonStartPlan(lesson, step, seed);
  } catch (error) {
    loadRun(lessonRunSetup(lesson, step, seed, []));
    throw error;
  }
  const setup = lessonRunSetup(lesson, step, seed, plan.actions);
  if (plan.atUs === 0) {
    loadRun(setup);
    return;
  }
  setLessonPlayer({ fastForward: 0 });
  const unsubscribe = playground.subscribe(({ run }) => {
    if (run.seeking) setLessonPlayer({ fastForward: Math.min(1, run.seeking.atUs / plan.atUs) });
  });
  try {
    await loadRunAt(setup, plan.atUs);
  } finally {
    unsubscribe();
    setLessonPlayer({ fastForward: null });
  }
}
