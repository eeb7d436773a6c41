import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextLessonId,
  parseProgress,
  predictionScore,
  PROGRESS_KEY,
  readProgress,
  withLessonDone,
  withPrediction,
  writeProgress,
  type LessonProgress,
  type ProgressStorage,
} from './progress';

function memoryStorage(): ProgressStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

const isProgress = (p: LessonProgress) =>
  Array.isArray(p.done) &&
  p.done.every((id) => typeof id === 'string') &&
  new Set(p.done).size === p.done.length &&
  Object.values(p.predictions).every((v) => typeof v === 'boolean') &&
  typeof p.visited === 'boolean';

describe('lesson progress in localStorage', () => {
  it('round-trips through storage', () => {
    const storage = memoryStorage();
    let progress = readProgress(storage);
    expect(progress.visited).toBe(false);
    progress = withPrediction(progress, 'health-checks', 1, true);
    progress = withPrediction(progress, 'health-checks', 3, false);
    progress = withLessonDone(progress, 'health-checks');
    expect(writeProgress(storage, progress)).toBe(true);
    const read = readProgress(storage);
    expect(read).toEqual(progress);
    expect(predictionScore(read, 'health-checks')).toEqual({ answered: 2, right: 1 });
    expect(nextLessonId(read, ['health-checks', 'crash-vs-host-down'])).toBe('crash-vs-host-down');
    expect(
      nextLessonId(withLessonDone(read, 'crash-vs-host-down'), [
        'health-checks',
        'crash-vs-host-down',
      ]),
    ).toBe(null);
  });

  it('reads any stored text (corrupted, another shape, another version) as valid progress, never throwing', () => {
    const jsonish = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({
          done: fc.oneof(
            fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
            fc.anything(),
          ),
          predictions: fc.oneof(
            fc.dictionary(fc.string(), fc.oneof(fc.boolean(), fc.string())),
            fc.anything(),
          ),
          visited: fc.anything(),
        })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        const storage = memoryStorage();
        storage.items.set(PROGRESS_KEY, text);
        const progress = readProgress(storage);
        expect(isProgress(progress)).toBe(true);
        // What is read can be written and read back the same.
        expect(writeProgress(storage, progress)).toBe(true);
        expect(readProgress(storage)).toEqual(progress);
      }),
      { numRuns: 300 },
    );
  });

  it('a storage that throws (private mode, quota, blocked) reads as none and refuses writes quietly', () => {
    const broken: ProgressStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(readProgress(broken).done).toEqual([]);
    expect(writeProgress(broken, withLessonDone(readProgress(broken), 'retry-storm'))).toBe(false);
    expect(readProgress(null).visited).toBe(false);
    expect(writeProgress(null, readProgress(null))).toBe(false);
  });

  it('keeps only lesson-like ids and prediction keys', () => {
    const progress = parseProgress(
      JSON.stringify({
        done: ['health-checks', 'health-checks', '<script>', 7],
        predictions: { 'health-checks:1': true, 'x:y': true, 'retry-storm:2': 'yes' },
      }),
    );
    expect(progress.done).toEqual(['health-checks']);
    expect(progress.predictions).toEqual({ 'health-checks:1': true });
    expect(progress.visited).toBe(true);
  });
});
