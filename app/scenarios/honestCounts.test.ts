/**
 * Counters the panels show beside a rate (issue 11, "every number tells the truth"):
 * timeouts are counted per user group, and load amplification divides dependency
 * calls by the user requests that reached the dependency, so it is never below 1.
 */
import { describe, expect, it } from 'vitest';
import { usFromS } from '../sim';
import { CHECKOUT, RETRY_STORM, TWO_REGIONS } from './builtin';
import { seeds, simulate } from './testSupport';

describe('timeouts per user group', () => {
  it('belong to the group whose requests timed out, not to every group (10 seeds)', () => {
    for (const seed of seeds(10)) {
      // 5 s on the eu users' link: longer than the 3 s client timeout, so every eu
      // request sent after 2 s times out; the us users never cross that link.
      const sim = simulate(TWO_REGIONS, seed, {}, [
        { atS: 2, command: { type: 'latency', target: 'users-eu->lb-eu', addedMs: 5000 } },
      ]);
      sim.runUntil(usFromS(15));
      const m = sim.metrics();
      const eu = m.userGroups.find((g) => g.id === 'users-eu')!;
      const us = m.userGroups.find((g) => g.id === 'users-us')!;
      expect(eu.timedOut, `seed ${seed}`).toBeGreaterThan(0);
      expect(us.timedOut, `seed ${seed}`).toBe(0);
      // The groups' counts add up to the run's.
      expect(eu.timedOut + us.timedOut).toBe(m.requests.failedBy.timeout);
    }
  });
});

describe('load amplification', () => {
  it('is exactly 1 without retries, while requests are still on their way (10 seeds)', () => {
    for (const seed of seeds(10)) {
      const sim = simulate(CHECKOUT, seed);
      for (const atS of [0.5, 1, 2, 5]) {
        sim.runUntil(usFromS(atS));
        const d = sim.metrics().defences;
        // One call per request that reached payments: the ratio is 1 whatever is in flight.
        expect(d.usersReachingDependency, `seed ${seed} at ${atS} s`).toBe(d.dependencyAttempts);
        expect(d.loadAmplification, `seed ${seed} at ${atS} s`).toBe(1);
        expect(d.usersReachingDependency).toBeLessThanOrEqual(d.usersNeedingDependency);
      }
    }
  });

  it('is never below 1 in a retry storm, before and after payments fails (5 seeds)', () => {
    for (const seed of seeds(5)) {
      const sim = simulate(RETRY_STORM, seed);
      for (let atS = 1; atS <= 40; atS += 3) {
        sim.runUntil(usFromS(atS));
        const d = sim.metrics().defences;
        expect(d.loadAmplification, `seed ${seed} at ${atS} s`).toBeGreaterThanOrEqual(1);
        // 3 attempts at 3 layers: at most 27 calls per request (docs/reference.md "Timeouts, retries, backoff, jitter").
        expect(d.loadAmplification).toBeLessThanOrEqual(27);
      }
    }
  });
});
