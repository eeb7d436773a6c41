/**
 * Issue 11 items 4 and 6: retries in the engine.
 *
 * Item 4: a balancer retry goes to a host this request has not tried yet, as
 * Envoy's `retry_host_predicate: previous_hosts` does (docs/reference.md "Retrying on another host"; HAProxy
 * `option redispatch`, nginx `proxy_next_upstream` also move on). Health checks are
 * made too slow to act (interval 300 s) so the numbers are the retries' alone.
 */
import { describe, expect, it } from 'vitest';
import { usFromS, type BalancerAlgorithm, type Simulation } from '../sim';
import { createSimulation } from '../sim/runtime';
import { CHECKOUT, ONE_REGION } from './builtin';
import { simulationInput } from './scenario';
import { SERVERS, seeds, simulate, THREE_SERVERS } from './testSupport';

const ALGORITHMS: BalancerAlgorithm[] = [
  'round-robin',
  'least-outstanding',
  'random',
  'power-of-two',
];
const KILL_S = 5;
const END_S = 35;

/** Share of the requests finished between the kill and the end that succeeded. */
function successAfterKill(sim: Simulation, dead: string[]): { rate: number; finished: number } {
  sim.runUntil(usFromS(KILL_S));
  for (const target of dead) sim.apply({ type: 'kill', target });
  const a = sim.metrics().requests;
  sim.runUntil(usFromS(END_S));
  const b = sim.metrics().requests;
  const succeeded = b.succeeded - a.succeeded;
  const finished = succeeded + b.failed - a.failed;
  return { rate: succeeded / finished, finished };
}

const settingsFor = (algorithm: BalancerAlgorithm, balancerMaxAttempts: number) => ({
  balancer: { algorithm },
  healthCheck: { intervalMs: 300_000 },
  retries: { balancerMaxAttempts, clientMaxAttempts: 1 },
});

describe('balancer retries try hosts not yet tried (Envoy previous_hosts)', () => {
  it('round robin keeps its rotation: with 1 of 6 dead and retries, the 5 live servers share evenly (10 seeds)', () => {
    // Each request that lands on the dead host is retried on the next host of the
    // rotation (Envoy reselects until the predicate accepts), so every live server still
    // gets 1/5 of the tries. Picking the retry from the shorter list moved the shared
    // cursor in the wrong index space: one server took double turns, its neighbour few.
    for (const seed of seeds(10)) {
      const sim = simulate(ONE_REGION, seed, settingsFor('round-robin', 3));
      sim.runUntil(usFromS(KILL_S));
      const dead = SERVERS[2]!;
      sim.apply({ type: 'kill', target: dead });
      const before = new Map(sim.snapshot().targets.map((t) => [t.server, t.routed]));
      sim.runUntil(usFromS(END_S));
      const live = sim
        .snapshot()
        .targets.filter((t) => t.server !== dead)
        .map((t) => t.routed - before.get(t.server)!);
      const mean = live.reduce((a, b) => a + b, 0) / live.length;
      for (const routed of live) {
        expect(Math.abs(routed - mean) / mean, `seed ${seed}: ${live.join(', ')}`).toBeLessThan(
          0.05,
        );
      }
    }
  });

  it('2 of 6 servers dead, 2 retries: every algorithm succeeds >= 99.5% (10 seeds)', () => {
    // Three tries on three distinct hosts cannot all hit the two dead ones: only
    // requests caught in flight by the kill fail. Skipping just the last host lets the
    // third try return to the first dead one: 1/3 x 1/5 x 1/5 = 1/75 fail (0.987)
    // under random picks, and least-outstanding favours the dead hosts (below).
    for (const algorithm of ALGORITHMS) {
      for (const seed of seeds(10)) {
        const sim = simulate(ONE_REGION, seed, settingsFor(algorithm, 3));
        const { rate, finished } = successAfterKill(sim, SERVERS.slice(0, 2));
        expect(finished).toBeGreaterThan(1000);
        expect(rate, `${algorithm} seed ${seed}`).toBeGreaterThanOrEqual(0.995);
      }
    }
  });

  it('2 of 3 dead under least-outstanding: 2 retries reach the live one; 1 retry cannot (10 seeds)', () => {
    // A crashed process refuses at once, so a dead host never has a request in flight:
    // least-outstanding ranks it least loaded and picks it first (the live host ties
    // with them only when it too is idle). Skipping only the previous host, the retry
    // went to the other dead one and the third try back to the first: ~0.47 succeeded.
    for (const seed of seeds(10)) {
      const three = successAfterKill(
        simulate(THREE_SERVERS, seed, settingsFor('least-outstanding', 3)),
        ['app-1', 'app-2'],
      );
      // Three tries cover all three hosts: only requests in flight at the kill fail.
      expect(three.rate, `seed ${seed}`).toBeGreaterThanOrEqual(0.995);
      // Two tries: at best 1 - P(both dead) = 1 - 2/3 x 1/2 = 2/3 if picks ignored load;
      // dead hosts look idle, so least-outstanding does worse than that.
      const two = successAfterKill(
        simulate(THREE_SERVERS, seed, settingsFor('least-outstanding', 2)),
        ['app-1', 'app-2'],
      );
      expect(two.rate, `seed ${seed}`).toBeLessThan(2 / 3 + 0.02);
    }
  });
});

describe('decorrelated jitter at the app servers grows from the previous sleep (AWS formula)', () => {
  // AWS Architecture Blog "Exponential Backoff and Jitter": sleep = min(cap, U(base,
  // prev_sleep x 3)), the first prev = base (docs/reference.md "Timeouts, retries, backoff, jitter"). Payments' process
  // is crashed, so each call is refused one round trip (2 x 5 ms, no network jitter)
  // after it leaves; the gap between two calls of one request is that round trip plus
  // the sleep the server chose.
  const BASE_MS = 100;
  const CAP_MS = 3000;
  const ROUND_TRIP_MS = 10;
  const ATTEMPTS = 8;

  it('each sleep lies in [base, min(cap, 3 x previous)], uniformly, and grows past 3 x base (10 seeds)', () => {
    const fractions: number[] = [];
    let aboveThreeBases = 0;
    let chains = 0;
    for (const seed of seeds(10)) {
      const sim = createSimulation(
        {
          ...simulationInput(CHECKOUT),
          settings: {
            network: { jitterFraction: 0 },
            traffic: { arrivalRatePerS: 10 },
            retries: {
              serverMaxAttempts: ATTEMPTS,
              jitter: 'decorrelated',
              backoffBaseMs: BASE_MS,
              backoffCapMs: CAP_MS,
            },
          },
        },
        { seed },
      );
      sim.apply({ type: 'kill', target: 'payments' });
      const callsByRequest = new Map<number, Map<string, number>>();
      for (let t = 0.5; t <= 20; t += 0.5) {
        sim.runUntil(usFromS(t));
        for (const m of sim.deliveredSince(usFromS(t - 0.5))) {
          if (m.to !== 'payments' || m.kind !== 'request') continue;
          const calls = callsByRequest.get(m.requestId) ?? new Map<string, number>();
          calls.set(m.id, m.sentUs);
          callsByRequest.set(m.requestId, calls);
        }
      }
      for (const calls of callsByRequest.values()) {
        const sentUs = [...calls.values()].sort((a, b) => a - b);
        if (sentUs.length < ATTEMPTS) continue; // still retrying at the end
        chains++;
        let previousMs = BASE_MS;
        for (let i = 1; i < sentUs.length; i++) {
          const sleepMs = (sentUs[i]! - sentUs[i - 1]!) / 1000 - ROUND_TRIP_MS;
          const highMs = previousMs * 3;
          // Microsecond rounding of each hop and sleep: 0.01 ms is ample.
          expect(sleepMs).toBeGreaterThanOrEqual(BASE_MS - 0.01);
          expect(sleepMs).toBeLessThanOrEqual(Math.min(CAP_MS, highMs) + 0.01);
          if (highMs < CAP_MS) fractions.push((sleepMs - BASE_MS) / (highMs - BASE_MS));
          if (sleepMs > 3 * BASE_MS) aboveThreeBases++;
          previousMs = sleepMs;
        }
      }
    }
    expect(chains).toBeGreaterThan(200);
    // Passing 0 (or base) as the previous sleep kept every sleep in [base, 3 x base].
    expect(aboveThreeBases).toBeGreaterThan(chains);
    // Below the cap, (sleep - base) / (3 x previous - base) is U(0, 1): mean 1/2, sd of
    // the mean 0.29 / sqrt(n) < 0.01 for n > 1000.
    expect(fractions.length).toBeGreaterThan(1000);
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.04);
  });
});
