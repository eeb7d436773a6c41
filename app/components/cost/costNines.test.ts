import { describe, expect, it } from 'vitest';
import { DATABASE, ONE_REGION, configuredSettings } from '../../scenarios';
import { monthlyCost } from '../../scenarios/cost';
import { ninesOf } from '../../sim';
import { ninesClaim } from '../app/format';
import { costNinesPoint, sweepRuns } from './costNines';

describe('cost against nines', () => {
  it('places a scenario at its monthly cost and the nines its run supports', () => {
    const point = costNinesPoint(DATABASE, { good: 17_850, finished: 17_864 });
    expect(point.usdPerMonth).toBe(
      monthlyCost(DATABASE.topology, configuredSettings(DATABASE)).usdPerMonth,
    );
    const claim = ninesClaim(17_850, 17_864);
    expect(claim.kind).toBe('at-least');
    expect(point.nines).toBe(claim.kind === 'at-least' ? claim.nines : NaN);
    expect(point.smallSample).toBe(false);
  });

  it('flags a run too short to claim one nine, and never places it from a point estimate', () => {
    // 30 of 30: 100% as a point estimate, but the lower bound is under 90%.
    const point = costNinesPoint(ONE_REGION, { good: 30, finished: 30 });
    expect(point.smallSample).toBe(true);
    expect(point.nines).toBeLessThan(1);
    const claim = ninesClaim(30, 30);
    expect(point.nines).toBeCloseTo(ninesOf(claim.kind === 'none' ? 0 : claim.interval.lower), 9);
    expect(costNinesPoint(ONE_REGION, { good: 0, finished: 0 }).smallSample).toBe(true);
    // A well-measured outage is not a small sample: under one nine, as measured.
    expect(costNinesPoint(ONE_REGION, { good: 3_000, finished: 17_000 }).smallSample).toBe(false);
  });

  it('runs each scenario to its own length at its own seed', () => {
    const [run] = sweepRuns([DATABASE]);
    expect(run!.durationS).toBe(DATABASE.durationS);
    expect(run!.seed).toBe(DATABASE.seed);
    expect(run!.input.topology).toBe(DATABASE.topology);
  });
});
