/**
 * The shared "acknowledged writes lost" prediction: its choices cover every count once,
 * and both lessons that ask it read the same numbers they read before it was shared.
 */
import { describe, expect, it } from 'vitest';
import { builtinLesson } from '../builtin';
import type { ChoicePrediction, RunView } from '../lesson';
import { writesLostAtPromotion, writesLostChoices, writesLostOnce } from './writesLost';

const holds = (c: { atLeast?: number; below?: number }, n: number) =>
  (c.atLeast === undefined || n >= c.atLeast) && (c.below === undefined || n < c.below);

/** A run view with only the numbers these measures read. */
const view = (rpoWrites: number | null, writesLost: number): RunView =>
  ({
    snapshot: null,
    log: [],
    metrics: {
      data: { writesLost, failovers: rpoWrites === null ? [] : [{ rpoWrites }] },
    },
  }) as unknown as RunView;

describe('acknowledged writes lost: one prediction for the course', () => {
  it('its choices cover every count exactly once', () => {
    for (const many of [2, 10, 100]) {
      const choices = writesLostChoices(many);
      for (let n = 0; n <= 3 * many; n++)
        expect(
          choices.filter((c) => holds(c, n)),
          `${many}: ${n}`,
        ).toHaveLength(1);
      expect(choices.map((c) => c.label)).toEqual(['None', `1 to ${many - 1}`, `${many} or more`]);
    }
  });

  it('measures the first promotion’s loss, or the count once its moment has come', () => {
    expect(writesLostAtPromotion(view(null, 5))).toBeNull();
    expect(writesLostAtPromotion(view(7, 12))).toBe(7);
    expect(writesLostOnce(() => false)(view(7, 12))).toBeNull();
    expect(writesLostOnce(() => true)(view(7, 12))).toBe(12);
  });

  it('both lessons ask it with their own choices and units as before', () => {
    const asked = (id: string) =>
      builtinLesson(id)!
        .steps.map((s) => s.predict)
        .filter((p): p is ChoicePrediction => p?.unit === 'acknowledged writes');
    const async = asked('async-replication');
    expect(async).toHaveLength(2);
    for (const p of async) {
      expect(p.choices.map((c) => c.label)).toEqual(['None', 'A few (1 to 9)', '10 or more']);
      expect(p.measuredWhat).toBe('lost at the promotion');
      expect(p.measure(view(3, 40))).toBe(3);
    }
    const split = asked('split-brain');
    expect(split).toHaveLength(3);
    for (const p of split)
      expect(p.choices.map((c) => c.label)).toEqual(['None', '1 to 99', '100 or more']);
  });
});
