/** The browser's localStorage, or null where even looking at it throws (some private modes). */
export function browserStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The key lesson progress is kept under (app/lessons/progress.ts's PROGRESS_KEY). */
const PROGRESS_KEY = 'nines.lessons.v1';

/** No lesson progress stored yet: a first visit (or a storage that keeps nothing). */
export function firstVisit(): boolean {
  try {
    return browserStorageOrNull()?.getItem(PROGRESS_KEY) == null;
  } catch {
    return true;
  }
}
