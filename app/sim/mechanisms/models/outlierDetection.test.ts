import { describe, expect, it } from 'vitest';
import { leastOutstandingPick, type BalancingCandidate } from './balancing';
import {
  ENVOY_OUTLIER_DEFAULTS,
  createOutlierDetector,
  outlierEjectedCount,
  outlierEjectionTimeMs,
  outlierHost,
  outlierIsEjected,
  outlierMaxEjectedHosts,
  outlierRecord,
  type OutlierDetector,
  type OutlierEvent,
} from './outlierDetection';
import { createRandom } from '../../engine/random';
import { defaultSettings } from '../../settings';

const S = 1_000_000; // microseconds per second

/** Records `count` failures of `hostId` at `nowUs`; returns the last event. */
function failMany(
  detector: OutlierDetector,
  hostId: string,
  count: number,
  nowUs: number,
  hostCount: number,
): OutlierEvent | null {
  let event: OutlierEvent | null = null;
  for (let i = 0; i < count; i++) event = outlierRecord(detector, hostId, true, nowUs, hostCount);
  return event;
}

describe('defaults (docs/reference.md "Health checks", envoy outlier_detection.proto)', () => {
  it('copies Envoy: consecutive_5xx 5, 30 s x times ejected, max 300 s, max 10%', () => {
    expect(ENVOY_OUTLIER_DEFAULTS).toEqual({
      consecutive5xx: 5,
      baseEjectionTimeMs: 30_000,
      maxEjectionPercent: 10,
      maxEjectionTimeMs: 300_000,
    });
    expect(createOutlierDetector().options).toEqual(ENVOY_OUTLIER_DEFAULTS);
    // The app keeps Envoy's thresholds (only the ejection time is shorter).
    expect(defaultSettings().outlier.consecutive5xx).toBe(5);
    expect(defaultSettings().outlier.maxEjectionPercent).toBe(10);
  });

  it('rejects invalid options', () => {
    expect(() => createOutlierDetector({ consecutive5xx: 0 })).toThrow(RangeError);
    expect(() => createOutlierDetector({ maxEjectionPercent: 101 })).toThrow(RangeError);
    expect(() => createOutlierDetector({ baseEjectionTimeMs: -1 })).toThrow(RangeError);
  });
});

describe('consecutive failures', () => {
  it('ejects a host on the 5th consecutive failure, not before', () => {
    const detector = createOutlierDetector();
    expect(failMany(detector, 'app-a1', 4, 0, 10)).toBeNull();
    expect(outlierIsEjected(detector, 'app-a1', 0)).toBe(false);
    expect(outlierRecord(detector, 'app-a1', true, 2 * S, 10)).toEqual({
      type: 'ejected',
      hostId: 'app-a1',
      untilUs: 32 * S,
      ejectionMs: 30_000,
      timesEjected: 1,
    });
    expect(outlierIsEjected(detector, 'app-a1', 2 * S)).toBe(true);
  });

  it('a success in between resets the count', () => {
    const detector = createOutlierDetector();
    failMany(detector, 'app-a1', 4, 0, 10);
    outlierRecord(detector, 'app-a1', false, 0, 10);
    expect(failMany(detector, 'app-a1', 4, 0, 10)).toBeNull();
    expect(outlierHost(detector, 'app-a1').consecutiveFailures).toBe(4);
  });

  it('counts each host separately', () => {
    const detector = createOutlierDetector();
    for (let i = 0; i < 4; i++) {
      outlierRecord(detector, 'app-a1', true, 0, 10);
      outlierRecord(detector, 'app-a2', true, 0, 10);
    }
    expect(outlierEjectedCount(detector, 0)).toBe(0);
  });

  it('ignores outcomes that arrive while the host is ejected', () => {
    const detector = createOutlierDetector();
    failMany(detector, 'app-a1', 5, 0, 10);
    expect(failMany(detector, 'app-a1', 20, 1 * S, 10)).toBeNull();
    expect(outlierHost(detector, 'app-a1')).toMatchObject({
      consecutiveFailures: 0,
      timesEjected: 1,
    });
  });
});

describe('ejection time: base x times ejected, capped at max', () => {
  it('returns the host when its time is up', () => {
    const detector = createOutlierDetector();
    failMany(detector, 'app-a1', 5, 0, 10);
    expect(outlierIsEjected(detector, 'app-a1', 30 * S - 1)).toBe(true);
    expect(outlierIsEjected(detector, 'app-a1', 30 * S)).toBe(false);
  });

  it('lasts 30 s, 60 s, 90 s... for the 1st, 2nd, 3rd ejection', () => {
    const detector = createOutlierDetector();
    let nowUs = 0;
    const lengthsMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const event = failMany(detector, 'app-a1', 5, nowUs, 10);
      expect(event?.type).toBe('ejected');
      if (event?.type === 'ejected') {
        lengthsMs.push(event.ejectionMs);
        nowUs = event.untilUs;
      }
    }
    expect(lengthsMs).toEqual([30_000, 60_000, 90_000]);
  });

  it('never exceeds maxEjectionTime (300 s), and a max below the base keeps the base', () => {
    expect(outlierEjectionTimeMs(ENVOY_OUTLIER_DEFAULTS, 10)).toBe(300_000);
    expect(outlierEjectionTimeMs(ENVOY_OUTLIER_DEFAULTS, 11)).toBe(300_000);
    const odd = { ...ENVOY_OUTLIER_DEFAULTS, maxEjectionTimeMs: 1000 };
    expect(outlierEjectionTimeMs(odd, 1)).toBe(30_000);
    expect(outlierEjectionTimeMs(odd, 5)).toBe(30_000);
  });
});

describe('max_ejection_percent 10%, but at least one host', () => {
  it('allows max(1, floor(10% x hosts)) ejected at once', () => {
    expect(
      [1, 3, 9, 10, 19, 20, 30].map((n) => outlierMaxEjectedHosts(ENVOY_OUTLIER_DEFAULTS, n)),
    ).toEqual([1, 1, 1, 1, 1, 2, 3]);
    const half = { ...ENVOY_OUTLIER_DEFAULTS, maxEjectionPercent: 50 };
    expect(outlierMaxEjectedHosts(half, 4)).toBe(2);
    expect(outlierMaxEjectedHosts(half, 5)).toBe(2);
  });

  it('ejects one host of three, then refuses a second with an overflow event', () => {
    const detector = createOutlierDetector();
    expect(failMany(detector, 'app-a1', 5, 0, 3)?.type).toBe('ejected');
    expect(failMany(detector, 'app-a2', 5, 1 * S, 3)).toEqual({
      type: 'ejection-overflow',
      hostId: 'app-a2',
      ejectedHosts: 1,
      maxEjectedHosts: 1,
    });
    expect(outlierIsEjected(detector, 'app-a2', 1 * S)).toBe(false);
    // The refused host's counter restarted: after app-a1 returns, one more failure is not
    // enough; it takes another five.
    expect(outlierRecord(detector, 'app-a2', true, 31 * S, 3)).toBeNull();
    expect(failMany(detector, 'app-a2', 4, 31 * S, 3)?.type).toBe('ejected');
  });

  it('with 20 hosts two may be out at once, not three', () => {
    const detector = createOutlierDetector();
    expect(failMany(detector, 'h1', 5, 0, 20)?.type).toBe('ejected');
    expect(failMany(detector, 'h2', 5, 0, 20)?.type).toBe('ejected');
    expect(failMany(detector, 'h3', 5, 0, 20)?.type).toBe('ejection-overflow');
    expect(outlierEjectedCount(detector, 0)).toBe(2);
  });
});

describe('outlier detection catches the fast-failing host (docs/reference.md "Load balancing and gray failure")', () => {
  /**
   * One request per 10 ms tick for 30 s to three hosts under least-outstanding; `bad`
   * refuses at once (nothing in flight), the others answer after 100 ms. Returns the
   * share of requests sent to `bad`.
   */
  function badShare(detector: OutlierDetector | null): number {
    const random = createRandom(1, 'routing');
    const TICK_US = 10_000;
    const TICKS = 3000;
    const hosts: BalancingCandidate[] = ['a', 'b', 'bad'].map((id) => ({
      id,
      outstanding: 0,
      weight: 1,
    }));
    const answers: { atTick: number; host: BalancingCandidate }[] = [];
    let toBad = 0;
    for (let tick = 0; tick < TICKS; tick++) {
      const nowUs = tick * TICK_US;
      while (answers.length > 0 && answers[0]!.atTick <= tick) {
        const { host } = answers.shift()!;
        host.outstanding--;
        if (detector) outlierRecord(detector, host.id, false, nowUs, hosts.length);
      }
      const usable = detector
        ? hosts.filter((host) => !outlierIsEjected(detector, host.id, nowUs))
        : hosts;
      const host = leastOutstandingPick(usable, random)!;
      if (host.id === 'bad') {
        toBad++;
        if (detector) outlierRecord(detector, host.id, true, nowUs, hosts.length);
      } else {
        host.outstanding++;
        answers.push({ atTick: tick + 10, host });
      }
    }
    return toBad / TICKS;
  }

  it('least-outstanding alone sends it most of the traffic; ejection cuts that to a trickle', () => {
    const without = badShare(null);
    // Envoy's thresholds with the app's shorter base ejection (the outlier.* settings).
    const withDetection = badShare(
      createOutlierDetector({ ...ENVOY_OUTLIER_DEFAULTS, baseEjectionTimeMs: 10_000 }),
    );
    expect(without).toBeGreaterThan(0.75);
    // Ejected after 5 failures for 10 s, then 20 s: about 10 requests in 3000 reach it.
    expect(withDetection).toBeLessThan(0.01);
  });
});
