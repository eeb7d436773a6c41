/**
 * The lesson player's state for the step being shown, kept apart from the playground's
 * store (its own small store, so lesson work never touches the run slices): the
 * learner's guess, the reveal, the pause at the moment, and a step link's fast-forward.
 */
import { createStore } from 'zustand/vanilla';

export interface LessonPlayerState {
  /** `lessonId:stepIndex` the fields below belong to ('' for none). */
  stepKey: string;
  /** The guess: a choice index or a slider value; null before an answer. */
  guess: number | null;
  /** The measured answer, once the step's part of the run has played. */
  reveal: { measured: number; right: boolean } | null;
  /** The simulated instant the run paused at by itself (null: not yet). */
  pausedAtUs: number | null;
  /** The learner resumed after the pause. */
  resumed: boolean;
  /** A step link fast-forwarding: the share done, 0..1 (null: not fast-forwarding). */
  fastForward: number | null;
  /** Diagram parts the step points at, with the label drawn beside them (null: none). */
  spotlight: { ids: readonly string[]; label: string } | null;
}

export function emptyLessonPlayer(stepKey = ''): LessonPlayerState {
  return {
    stepKey,
    guess: null,
    reveal: null,
    pausedAtUs: null,
    resumed: false,
    fastForward: null,
    spotlight: null,
  };
}

export const lessonPlayer = createStore<LessonPlayerState>()(() => emptyLessonPlayer());

export function setLessonPlayer(patch: Partial<LessonPlayerState>): void {
  lessonPlayer.setState(patch);
}
