/**
 * The alerts already fired are facts of the past (found by the invariant sweep, issue 12):
 * changing the SLO target, the alert window scale or what counts as available mid-run
 * rebuilds the burn-rate windows, but must not erase the firings recorded before, nor
 * announce an alert still firing as new.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from './simulation';
import { usFromS } from './engine/time';
import { THREE_ZONES } from './testTopologies';

const KILL_S = 10;
const CHANGE_S = 90;
const END_S = 120;
const FAST = 'fast-burn-page';

describe('a settings change mid-run keeps the alerts already fired', () => {
  // Every zone dies at 10 s, so from then on every request fails. The fast-burn page
  // (14.4x over 60 s and 5 s at the default scale 60, SLO 99.9%: error rate > 1.44%)
  // fires within seconds. Each change at 90 s still sees 100% errors in both windows:
  // SLO 99% (threshold 14.4%); scale 30 (windows 120 s and 10 s, the long one 80 of 90
  // covered seconds failing: 80/120 = 67%); degraded answers good (there are none).
  const changes = [
    { path: 'slo.target', value: 0.99, target: 0.99, windowScale: 60 },
    { path: 'alerts.windowScale', value: 30, target: 0.999, windowScale: 30 },
    { path: 'degradation.countsAsAvailable', value: 'off', target: 0.999, windowScale: 60 },
  ];

  for (const change of changes) {
    it(`${change.path} = ${change.value}: the page fired before stays, is not announced again`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const sim = createSimulation(
          { topology: THREE_ZONES, settings: { traffic: { arrivalRatePerS: 50 } } },
          { seed, trackMessages: false },
        );
        sim.runUntil(usFromS(KILL_S));
        for (const zone of ['eu-a', 'eu-b', 'eu-c'])
          expect(sim.apply({ type: 'kill-zone', target: zone })).toEqual({ ok: true });
        sim.runUntil(usFromS(CHANGE_S));
        const before = sim.metrics().alerts;
        const page = before.find((a) => a.name === FAST);
        expect(page, `seed ${seed}`).toMatchObject({ target: 0.999, windowScale: 60 });
        expect(page!.firedAtS).toBeGreaterThan(KILL_S);
        expect(page!.firedAtS).toBeLessThan(CHANGE_S);
        expect(page!.resolvedAtS).toBeNull();

        expect(sim.apply({ type: 'set', path: change.path, value: change.value })).toEqual({
          ok: true,
        });
        sim.runUntil(usFromS(END_S));
        const after = sim.metrics().alerts;
        // Every firing recorded before is still there, as it was (the open page still open).
        for (const record of before) expect(after, `seed ${seed}`).toContainEqual(record);
        // Nothing fired again: the log announces each recorded firing exactly once, at its time.
        const fired = sim
          .log()
          .entries.filter((e) => e.type === 'alert-fired')
          .map((e) => `${e.target}@${e.atUs / 1e6}`);
        expect(fired, `seed ${seed}`).toEqual(after.map((a) => `${a.name}@${a.firedAtS}`));
        expect(sim.log().entries.filter((e) => e.type === 'alert-resolved')).toEqual([]);
        // A rule that fires after the change records the settings then in force.
        for (const record of after.filter((a) => a.firedAtS > CHANGE_S))
          expect(record).toMatchObject({
            target: change.target,
            windowScale: change.windowScale,
          });
      }
    });
  }
});
