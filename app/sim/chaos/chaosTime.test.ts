/**
 * Chaos mode keeps simulated time as the engine does (issue 12): the failures it draws and
 * the spans of the run it covers are `SimTimeUs`, whole microseconds; only the means of
 * its distributions (MTBF, MTTR, mean detection times), which need not be whole, stay
 * plain numbers named in microseconds. The type checker (`npx tsc`) refuses a bare number
 * where a span of the run is expected.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { SimTimeUs } from '../engine/time';
import { defaultSettings } from '../settings';
import { THREE_ZONES } from '../testTopologies';
import {
  chaosComponents,
  failureIntervals,
  failureStream,
  type FailureDraw,
  type FailureInterval,
} from './failureProcess';
import { runFluid, US_PER_YEAR, usFromYears } from './fluid';

describe('SimTimeUs in chaos mode', () => {
  it('types the draws, the failures on the run clock and the spans the fluid model covers', () => {
    expectTypeOf<FailureDraw['upUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<FailureDraw['repairUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<FailureInterval['failUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<FailureInterval['repairUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Parameters<typeof failureIntervals>[2]>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Parameters<typeof runFluid>[4]>().toEqualTypeOf<SimTimeUs | undefined>();
    expectTypeOf(US_PER_YEAR).toEqualTypeOf<SimTimeUs>();
    expectTypeOf(usFromYears(2)).toEqualTypeOf<SimTimeUs>();
  });

  it('draws whole microseconds of at least 1, over 10 seeds', () => {
    const chaos = { ...defaultSettings().chaos, rateMultiplier: 1_000_000 };
    for (let seed = 1; seed <= 10; seed++) {
      for (const component of chaosComponents(THREE_ZONES, chaos)) {
        const next = failureStream(seed, component);
        for (let i = 0; i < 20; i++) {
          const draw = next();
          expect(Number.isInteger(draw.upUs) && draw.upUs >= 1).toBe(true);
          expect(Number.isInteger(draw.repairUs) && draw.repairUs >= 1).toBe(true);
        }
        for (const iv of failureIntervals(seed, component, usFromYears(1 / 365))) {
          expect(Number.isInteger(iv.failUs) && Number.isInteger(iv.repairUs)).toBe(true);
          expect(iv.repairUs).toBeGreaterThan(iv.failUs);
        }
      }
    }
    expect(Number.isInteger(US_PER_YEAR)).toBe(true);
  });
});
