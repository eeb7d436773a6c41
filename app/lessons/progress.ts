/**
 * What the learner has done, kept in the browser's localStorage: lessons finished and
 * predictions answered right or wrong. Anything unreadable (another version, a hand
 * edit, a broken write) is read as far as it makes sense and never throws; a storage
 * that refuses (private mode, quota, blocked cookies) just means nothing is kept.
 */

/** The localStorage key. */
export const PROGRESS_KEY = 'nines.lessons.v1';

export interface LessonProgress {
  /** Ids of lessons finished, in the order they were finished. */
  done: string[];
  /** `lessonId:stepIndex` of each prediction answered: right (true) or not. */
  predictions: Record<string, boolean>;
  /** The learner has been shown the lessons before (no "Start here" any more). */
  visited: boolean;
}

export const EMPTY_PROGRESS: LessonProgress = Object.freeze({
  done: [],
  predictions: {},
  visited: false,
}) as LessonProgress;

/** The part of Storage progress needs (injectable: tests, and no window in Node). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

const ID = /^[a-z0-9-]{1,64}$/;
const PREDICTION_KEY = /^[a-z0-9-]{1,64}:\d{1,3}$/;

/** Progress from stored text: whatever part is valid, never an exception. */
export function parseProgress(text: string | null): LessonProgress {
  if (text === null) return { ...EMPTY_PROGRESS, done: [], predictions: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...EMPTY_PROGRESS, done: [], predictions: {} };
  }
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const done = Array.isArray(record.done)
    ? [...new Set(record.done.filter((id): id is string => typeof id === 'string' && ID.test(id)))]
    : [];
  const predictions: Record<string, boolean> = {};
  const stored = record.predictions;
  if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
    for (const [key, right] of Object.entries(stored)) {
      if (PREDICTION_KEY.test(key) && typeof right === 'boolean') predictions[key] = right;
    }
  }
  return { done, predictions, visited: record.visited === true || done.length > 0 };
}

/** Reads progress; a storage that throws reads as no progress. */
export function readProgress(storage: ProgressStorage | null): LessonProgress {
  try {
    return parseProgress(storage ? storage.getItem(PROGRESS_KEY) : null);
  } catch {
    return parseProgress(null);
  }
}

/** Writes progress; returns false (and changes nothing else) when the storage refuses. */
export function writeProgress(storage: ProgressStorage | null, progress: LessonProgress): boolean {
  if (!storage) return false;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

/** Progress with a lesson finished. */
export function withLessonDone(progress: LessonProgress, id: string): LessonProgress {
  if (progress.done.includes(id)) return { ...progress, visited: true };
  return { ...progress, done: [...progress.done, id], visited: true };
}

/** Progress with a prediction answered (the latest answer counts). */
export function withPrediction(
  progress: LessonProgress,
  lessonId: string,
  step: number,
  right: boolean,
): LessonProgress {
  return {
    ...progress,
    predictions: { ...progress.predictions, [`${lessonId}:${step}`]: right },
    visited: true,
  };
}

/** Predictions of one lesson answered so far, and how many were right. */
export function predictionScore(
  progress: LessonProgress,
  lessonId: string,
): { answered: number; right: number } {
  const mine = Object.entries(progress.predictions).filter(([k]) => k.startsWith(`${lessonId}:`));
  return { answered: mine.length, right: mine.filter(([, right]) => right).length };
}

/** Where to go next: the first lesson of the course not done yet (null: all done). */
export function nextLessonId(
  progress: LessonProgress,
  courseIds: readonly string[],
): string | null {
  return courseIds.find((id) => !progress.done.includes(id)) ?? null;
}
