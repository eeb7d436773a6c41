import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../sim';
import { HeldSeries } from './heldSeries';

const point = (startS: number): SeriesPoint => ({
  startS,
  arrived: 10,
  succeeded: 9,
  degraded: 0,
  failed: 1,
  p50Ms: 20,
  p95Ms: 40,
  p99Ms: 60,
});

describe('HeldSeries', () => {
  it('takes a report whose seconds start after a gap the engine no longer held', () => {
    const held = new HeldSeries();
    held.append(0, [0, 1, 2].map(point));
    // The session sends from the 3 seconds held, but the engine starts at 7,200.
    held.append(3, [7200, 7201].map(point));
    expect(held.count).toBe(7202);
    expect(held.points().map((p) => p.startS)).toEqual([0, 1, 2, 7200, 7201]);
    // The trailing totals start again after the gap: two seconds, not five.
    expect(held.points()[4]!.last60).toEqual({ succeeded: 18, degraded: 0, finished: 20 });
    held.append(7202, [point(7202)]);
    expect(held.count).toBe(7203);
  });
});
