/**
 * Issue 11 item 5: the probe behind time-based availability is a synthetic user
 * journey (docs/reference.md "Availability, nines and error budgets": time-based = uptime / (uptime + downtime)). It takes
 * the same path as a user request, through every step some users' requests take: the
 * checkout call to the payments dependency and a database write. So a part that fails
 * every checkout or every write makes the service count as down, not 100% up.
 */
import { describe, expect, it } from 'vitest';
import { usFromS, type Command, type Metrics } from '../sim';
import { CHECKOUT, DATABASE } from './builtin';
import { seeds, simulate } from './testSupport';

/** Seconds the probes saw the service down over a run of `runS` seconds. */
const downS = (m: Metrics, runS: number): number => (1 - m.timeAvailability.sinceStart) * runS;

describe('time-based availability follows the user journey (issue 11)', () => {
  const FAULT_S = 30;
  const RESTORE_S = 90;
  const RUN_S = 120;

  for (const fault of [
    { type: 'kill', target: 'payments' },
    { type: 'errors', target: 'payments', percent: 100 },
  ] satisfies Command[]) {
    it(`payments ${fault.type === 'kill' ? 'dead' : 'failing every call'} for 60 s: the probes see ~60 s down (10 seeds)`, () => {
      for (const seed of seeds(10)) {
        const sim = simulate(CHECKOUT, seed, {}, [
          { atS: FAULT_S, command: fault },
          { atS: RESTORE_S, command: { type: 'restore', target: 'payments' } },
        ]);
        sim.runUntil(usFromS(RUN_S));
        const m = sim.metrics();
        // Users who check out (3 in 10) fail while payments is down: the request-based
        // figure falls by about 0.3 x 60 / 120 = 15%.
        expect(m.availability, `seed ${seed}`).toBeLessThan(0.9);
        expect(m.availability).toBeGreaterThan(0.8);
        // Every probe checks out, and a refused or failed charge fails the journey at
        // once (no retries, no fallback in this scenario): the probes sent during the
        // 60 s fail. Probes go out every second and each result holds until the next,
        // so each edge is seen within a second (the run's first < 1 s is unobserved).
        const down = downS(m, RUN_S);
        expect(down, `seed ${seed}`).toBeGreaterThan(RESTORE_S - FAULT_S - 1.5);
        expect(down).toBeLessThan(RESTORE_S - FAULT_S + 1.5);
        // The last minute (60 .. 120 s) was down for its first 30 s.
        expect(Math.abs(m.timeAvailability.window1m * 60 - 30)).toBeLessThan(1.5);
      }
    });
  }

  it('the primary database dead, writes failing until someone promotes a replica: time-based availability falls (10 seeds)', () => {
    // Manual failover and no simulated operator: every write fails from the kill on.
    // Reads are set to go to the replicas, so they go on and only the users who write
    // (1 in 2) fail: a probe that only read would see nothing.
    const KILL_S = 10;
    const END_S = 40;
    for (const seed of seeds(10)) {
      const sim = simulate(
        DATABASE,
        seed,
        { database: { failover: 'manual', readsFrom: 'replicas', writeShare: 0.5 } },
        [{ atS: KILL_S, command: { type: 'kill', target: 'db-a1' } }],
      );
      sim.runUntil(usFromS(END_S));
      const m = sim.metrics();
      expect(m.data?.failovers ?? [], `seed ${seed}`).toEqual([]);
      expect(m.availability).toBeLessThan(0.9);
      // Every probe writes. A probe fails by the end of the database client timeout
      // (2 s) plus the hops, within the 3 s client timeout, so probes sent from the kill
      // on all fail and their results count from when they were sent.
      const down = downS(m, END_S);
      expect(down, `seed ${seed}`).toBeGreaterThan(END_S - KILL_S - 1.5);
      expect(down).toBeLessThan(END_S - KILL_S + 1.5);
    }
  });

  it('probes check out, counted apart: no probe call in the load amplification or the side effects (10 seeds)', () => {
    for (const seed of seeds(10)) {
      const sim = simulate(CHECKOUT, seed);
      sim.runUntil(usFromS(30));
      const d = sim.metrics().defences;
      expect(d.usersNeedingDependency, `seed ${seed}`).toBeGreaterThan(0);
      // No failures, no retries: at most one call and one charge per user checkout
      // (the last few are still on their way at the end); 30 probe checkouts a group
      // counted as users' would push the calls past the checkouts.
      expect(d.dependencyAttempts).toBeLessThanOrEqual(d.usersNeedingDependency);
      expect(d.dependencyAttempts).toBeGreaterThan(d.usersNeedingDependency - 10);
      expect(d.sideEffects).toBeLessThanOrEqual(d.usersNeedingDependency);
      expect(d.sideEffects).toBeGreaterThan(d.usersNeedingDependency - 10);
      expect(d.duplicateSideEffects).toBe(0);
      // The probes do check out: one probe a second from a random start in the first
      // second, counted apart (the last may still be on its way).
      expect(d.probeDependencyAttempts).toBeGreaterThanOrEqual(28);
      expect(d.probeDependencyAttempts).toBeLessThanOrEqual(30);
    }
  });
});
