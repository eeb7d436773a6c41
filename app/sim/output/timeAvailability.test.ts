import { describe, expect, it } from 'vitest';
import { US_PER_S } from '../engine/time';
import { createRandom } from '../engine/random';
import { createUptimeTracker } from './timeAvailability';

const S = US_PER_S;

/** A tracker fed one probe per `intervalS`, from 0 to `untilS`, failing in [downFromS, downToS). */
function probedEvery(intervalS: number, untilS: number, downFromS: number, downToS: number) {
  const tracker = createUptimeTracker();
  for (let t = 0; t <= untilS; t += intervalS) {
    tracker.recordProbe(t * S, !(t >= downFromS && t < downToS));
  }
  return tracker;
}

describe('createUptimeTracker', () => {
  it('holds each probe result until the next probe', () => {
    const tracker = createUptimeTracker();
    tracker.recordProbe(0, true);
    tracker.recordProbe(10 * S, false); // down from 10 s...
    tracker.recordProbe(15 * S, true); // ...until the next probe at 15 s
    tracker.recordProbe(20 * S, true);
    expect(tracker.uptimeUs(0, 20 * S)).toBe(15 * S);
    expect(tracker.uptimeFraction(0, 20 * S)).toBe(0.75);
    expect(tracker.uptimeFraction(10 * S, 15 * S)).toBe(0);
    expect(tracker.uptimeFraction(12 * S, 17 * S)).toBeCloseTo(2 / 5, 12);
    expect(tracker.probeCount).toBe(4);
  });

  it('extends the last result up to the time asked about', () => {
    const tracker = createUptimeTracker();
    tracker.recordProbe(0, true);
    tracker.recordProbe(30 * S, false);
    expect(tracker.uptimeFraction(0, 60 * S)).toBe(0.5);
    expect(tracker.uptimeFraction(0, 90 * S)).toBeCloseTo(1 / 3, 12);
  });

  it('leaves time before the first probe out rather than counting it as up', () => {
    const tracker = createUptimeTracker();
    tracker.recordProbe(10 * S, false);
    tracker.recordProbe(20 * S, true);
    expect(tracker.observedUs(0, 30 * S)).toBe(20 * S);
    expect(tracker.uptimeFraction(0, 30 * S)).toBe(0.5);
    expect(tracker.observedUs(0, 5 * S)).toBe(0);
  });

  it('is 1 with no probe covering the range, like requestAvailability with no requests', () => {
    const tracker = createUptimeTracker();
    expect(tracker.uptimeFraction(0, 60 * S)).toBe(1);
    expect(tracker.observedUs(0, 60 * S)).toBe(0);
    tracker.recordProbe(100 * S, false);
    expect(tracker.uptimeFraction(0, 60 * S)).toBe(1);
    expect(tracker.uptimeFraction(0, 100 * S)).toBe(1);
    expect(tracker.uptimeFraction(0, 110 * S)).toBe(0);
    expect(tracker.uptimeFraction(50 * S, 50 * S)).toBe(1); // empty range
  });

  it('lets the last of several probes at one instant count', () => {
    const tracker = createUptimeTracker();
    tracker.recordProbe(0, true);
    tracker.recordProbe(10 * S, true);
    tracker.recordProbe(10 * S, false);
    tracker.recordProbe(20 * S, true);
    expect(tracker.uptimeUs(0, 20 * S)).toBe(10 * S);
    expect(tracker.uptimeFraction(10 * S, 20 * S)).toBe(0);
  });

  it('refuses probes out of time order', () => {
    const tracker = createUptimeTracker();
    tracker.recordProbe(10 * S, true);
    expect(() => tracker.recordProbe(5 * S, true)).toThrow(RangeError);
    expect(() => tracker.recordProbe(NaN, true)).toThrow(RangeError);
    expect(tracker.probeCount).toBe(1);
  });

  it('agrees with a second-by-second count over a long run of 1 s probes', () => {
    // Up except [3600 s, 3630 s): 30 s of 7200 s down.
    const tracker = probedEvery(1, 7200, 3600, 3630);
    expect(tracker.uptimeFraction(0, 7200 * S)).toBeCloseTo(1 - 30 / 7200, 12);
    expect(tracker.uptimeFraction(3000 * S, 3660 * S)).toBeCloseTo(1 - 30 / 660, 12);
  });
});

describe('sliding windows', () => {
  it('a 30 s outage dips the 1 min window to 50% and the 10 min window to 95%', () => {
    // Probe every 5 s (the health-check interval of docs/reference.md "Health checks"); down 600-630 s.
    const tracker = probedEvery(5, 1200, 600, 630);
    const [minute, tenMinutes] = [60 * S, 600 * S]; // the panel's windows
    const at = (s: number, windowUs: number) => tracker.windowUptimeFraction(s * S, windowUs);
    expect(at(590, minute)).toBe(1);
    expect(at(630, minute)).toBe(0.5);
    expect(at(630, tenMinutes)).toBe(0.95);
    // The short window recovers a minute later; the long one remembers for ten.
    expect(at(690, minute)).toBe(1);
    expect(at(690, tenMinutes)).toBe(0.95);
    expect(at(1230, tenMinutes)).toBe(1);
  });

  it('before a full window has passed, covers the run so far', () => {
    const tracker = probedEvery(5, 40, 20, 30);
    expect(tracker.windowUptimeFraction(40 * S, 60 * S)).toBe(0.75);
  });
});

describe('forgetBefore', () => {
  it('answers the whole run and later windows as before while holding a bounded number of probes', () => {
    const random = createRandom(11, 'uptime-forget');
    const whole = createUptimeTracker();
    const bounded = createUptimeTracker();
    let most = 0;
    for (let i = 1; i <= 20_000; i++) {
      const atUs = i * 1_000_000 + random.int(500_000);
      const ok = random.next() < 0.9;
      whole.recordProbe(atUs, ok);
      bounded.recordProbe(atUs, ok);
      bounded.forgetBefore(atUs - 600_000_000);
      most = Math.max(most, bounded.heldCount);
      if (i % 997 === 0) {
        expect(bounded.uptimeFraction(0, atUs)).toBe(whole.uptimeFraction(0, atUs));
        expect(bounded.windowUptimeFraction(atUs, 600_000_000)).toBe(
          whole.windowUptimeFraction(atUs, 600_000_000),
        );
        expect(bounded.windowUptimeFraction(atUs, 60_000_000)).toBe(
          whole.windowUptimeFraction(atUs, 60_000_000),
        );
      }
    }
    expect(bounded.probeCount).toBe(20_000);
    expect(most).toBeLessThanOrEqual(2 * 601 + 2);
    expect(() => bounded.uptimeUs(1_000_000_000, 2_000_000_000)).toThrow(RangeError);
  });
});
