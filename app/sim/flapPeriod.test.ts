/**
 * A flapping server crashes and restarts every half period. Periods are allowed up to
 * an hour (3.6e9 us), beyond a 32-bit integer: the half period must not wrap around.
 * Found by the invariant sweep (issue 12): `flap:app-a2:3600` toggled every microsecond
 * and a run never finished.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from './simulation';
import { usFromS } from './engine/time';
import { TWO_ZONES } from './testTopologies';

describe('flapping with long periods', () => {
  it('waits half the period between toggles, for every period up to an hour', () => {
    for (const periodS of [2000, 2148, 3600]) {
      const sim = createSimulation(
        { topology: TWO_ZONES, settings: { traffic: { arrivalRatePerS: 1 } } },
        { seed: 1, trackMessages: false },
      );
      sim.runUntil(usFromS(1));
      expect(sim.apply({ type: 'flap', target: 'app-a2', periodS })).toEqual({ ok: true });
      const toggles = () =>
        sim.log().entries.filter((e) => e.type === 'flap-down' || e.type === 'flap-up');
      // The process crashes at once, then stays down for half the period.
      sim.runUntil(usFromS(1.001));
      expect(
        toggles().map((e) => e.type),
        `period ${periodS} s`,
      ).toEqual(['flap-down']);
      sim.runUntil(usFromS(1 + periodS / 2) - 1);
      expect(toggles(), `period ${periodS} s`).toHaveLength(1);
      sim.runUntil(usFromS(1 + periodS / 2));
      expect(toggles().map((e) => [e.type, e.atUs])).toEqual([
        ['flap-down', usFromS(1)],
        ['flap-up', usFromS(1 + periodS / 2)],
      ]);
    }
  });
});
