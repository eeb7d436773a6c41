/**
 * The lesson player: holds the run while a prediction is unanswered, reveals the answer
 * measured from the run, pauses at the step's moment, and opens a step link with the run
 * fast-forwarded to where a learner playing up to it would be. State lives in the store's
 * lessonPlayer slice; this module watches the run and acts on it.
 */
import {
  builtinLesson,
  checkHeldSinceUs,
  lessonStartPlan,
  predictionRight,
  readProgress,
  stepDone,
  withLessonDone,
  withPrediction,
  writeProgress,
  type Lesson,
  type LessonProgress,
  type LessonStep,
  type RunView,
} from '../../lessons';
import {
  applyCommand,
  emptyLessonPlayer,
  engineNowUs,
  lessonPlayer,
  pause,
  play,
  playground,
  seekTo,
  setLessonPlayer,
} from '../../store';
import { browserStorageOrNull as browserStorage } from './storage';

/** A pause noticed later than this after its moment goes back to the moment itself. */
const PAUSE_SLACK_US = 300_000;
/** A step link runs the engine forward this much between repaints (its progress bar moves). */
const FAST_FORWARD_SLICE_US = 10_000_000;

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
 * Moves the paused run forward to `atUs`, a slice at a time with a repaint between, so a
 * long fast-forward shows its progress. Behind this one function so the engine's move to a
 * Web Worker (with its own seek) can replace it.
 */
export async function seekRunForward(
  atUs: number,
  onProgress: (doneUs: number) => void,
): Promise<void> {
  while (engineNowUs() < atUs) {
    seekTo(Math.min(atUs, engineNowUs() + FAST_FORWARD_SLICE_US));
    onProgress(engineNowUs());
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Fast-forwards a freshly loaded lesson run to a step: the earlier steps' commands at the
 * instants a learner playing up to it applied them (found by playing the lesson headless
 * with the same seed), then on to the instant the step opens. Ends paused there.
 */
export async function fastForwardToStep(lesson: Lesson, step: number, seed: number): Promise<void> {
  const plan = lessonStartPlan(lesson, step, seed);
  if (plan.atUs === 0 && plan.actions.length === 0) return;
  setLessonPlayer({ fastForward: 0 });
  try {
    pause();
    const progress = (doneUs: number) =>
      setLessonPlayer({ fastForward: Math.min(1, doneUs / plan.atUs) });
    for (const action of plan.actions) {
      await seekRunForward(action.atUs, progress);
      applyCommand(action.command);
    }
    await seekRunForward(plan.atUs, progress);
  } finally {
    setLessonPlayer({ fastForward: null });
  }
}
