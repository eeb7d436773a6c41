/**
 * Challenges passed, kept in the browser's localStorage like the lessons' progress:
 * anything unreadable reads as nothing passed, and a storage that refuses (private
 * mode, quota) just means nothing is kept. Never throws.
 */

/** The localStorage key. */
export const CHALLENGE_PROGRESS_KEY = 'nines.challenges.v1';

/** The part of Storage progress needs (injectable: tests, and no window in Node). */
export type ChallengeStorage = Pick<Storage, 'getItem' | 'setItem'>;

const ID = /^[a-z0-9-]{1,64}$/;

/** Ids of the challenges passed, from stored text; whatever part is valid. */
export function parsePassed(text: string | null): string[] {
  if (text === null) return [];
  try {
    const raw: unknown = JSON.parse(text);
    const passed =
      typeof raw === 'object' && raw !== null ? (raw as { passed?: unknown }).passed : undefined;
    if (!Array.isArray(passed)) return [];
    return [...new Set(passed.filter((id): id is string => typeof id === 'string' && ID.test(id)))];
  } catch {
    return [];
  }
}

/** The challenges passed; a storage that throws reads as none. */
export function readPassed(storage: ChallengeStorage | null): string[] {
  try {
    return parsePassed(storage ? storage.getItem(CHALLENGE_PROGRESS_KEY) : null);
  } catch {
    return [];
  }
}

/** Records a challenge as passed; returns the list now kept (or as it would be). */
export function recordPassed(storage: ChallengeStorage | null, id: string): string[] {
  const passed = readPassed(storage);
  if (!passed.includes(id)) passed.push(id);
  try {
    storage?.setItem(CHALLENGE_PROGRESS_KEY, JSON.stringify({ passed }));
  } catch {
    // A storage that refuses keeps nothing; the page still shows this run's verdict.
  }
  return passed;
}
