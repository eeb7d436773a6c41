/**
 * Queueing sanity against docs/reference.md "Overload and queues". The default cluster is M/M/c (four
 * workers per server), so these tests build a case that is exactly M/M/1: one server with
 * one worker, exponential service of mean S = 10 ms, Poisson arrivals, and no network
 * delay (latencies 0, jitter 0: each hop then takes the engine's minimum of 1 us, so a
 * request's latency is its time in the server plus 4 us).
 *
 * M/M/1 with rho = lambda x S: mean time in system W = S / (1 - rho), and the time in
 * system is itself exponentially distributed with that mean, so its median is ln 2 x W and
 * its 99th percentile ln 100 x W. Little's law: mean number in system L = lambda x W.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from './simulation';
import { usFromMs, usFromS } from './engine/time';
import type { TopologySpec } from './topology';

const ONE_SERVER: TopologySpec = {
  regions: [{ id: 'r', balancer: 'lb', zones: [{ id: 'z', servers: ['s1'] }] }],
  users: [{ id: 'u', region: 'r', share: 1 }],
};

const SERVICE_MS = 10;

function mm1(seed: number, ratePerS: number): Simulation {
  return createSimulation(
    {
      topology: ONE_SERVER,
      settings: {
        traffic: { arrivalRatePerS: ratePerS },
        server: { workers: 1, serviceTimeMsMean: SERVICE_MS },
        network: { userLatencyMs: 0, inRegionLatencyMs: 0, jitterFraction: 0 },
      },
    },
    { seed, trackMessages: false },
  );
}

/** Runs for `durationS` and returns p50, p99 and the time-averaged number in the server. */
function measure(seed: number, ratePerS: number, durationS: number) {
  const sim = mm1(seed, ratePerS);
  // Sampling N(t) at fixed times, independent of the process, estimates its time average.
  let sum = 0;
  let samples = 0;
  for (let t: number = usFromMs(500); t <= usFromS(durationS); t += usFromMs(500)) {
    sim.runUntil(t);
    const server = sim.snapshot().components.find((c) => c.id === 's1')!;
    sum += server.inService + server.queued;
    samples++;
  }
  const m = sim.metrics();
  return { p50: m.latencyMs.p50, p99: m.latencyMs.p99, inSystem: sum / samples, m };
}

const average = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Tolerances come from the spread between seeds (measured over 30 seeds x 600 s:
 * rho 0.5: sd of p50 0.30 ms, p99 2.8 ms, L 0.020; rho 0.8: p50 1.1 ms, p99 22 ms,
 * L 0.17), divided by sqrt(6) for the 6-seed average, taken at >= 4 sd, plus the
 * histogram's 2.2% quantile error (histogram.test.ts) for percentiles. E.g. p50 at
 * rho 0.8: 4 x 1.1 / sqrt(6) = 1.8 ms, plus 2.2% of 34.7 ms = 0.8 ms: 2.6 ms = 7.5% < 8%.
 */
const CASES = [
  // docs/reference.md: service 10 ms -> rho 0.5: 20 ms; rho 0.8: 50 ms.
  { ratePerS: 50, rho: 0.5, wMs: 20, p50Tol: 0.06, p99Tol: 0.08, lTol: 0.05 },
  { ratePerS: 80, rho: 0.8, wMs: 50, p50Tol: 0.08, p99Tol: 0.2, lTol: 0.1 },
];
const SEEDS = [1, 2, 3, 4, 5, 6];
const DURATION_S = 600;

describe('M/M/1 queue (docs/reference.md "Overload and queues")', () => {
  for (const { ratePerS, rho, wMs, p50Tol, p99Tol, lTol } of CASES) {
    it(`rho ${rho}: time in system ~${wMs} ms = S / (1 - rho)`, () => {
      expect(ratePerS * (SERVICE_MS / 1000)).toBeCloseTo(rho, 10);
      expect(SERVICE_MS / (1 - rho)).toBeCloseTo(wMs, 10);
      const runs = SEEDS.map((seed) => measure(seed, ratePerS, DURATION_S));
      for (const { m } of runs) {
        // Far below the 3 s client timeout: nothing fails.
        expect(m.requests.failed).toBe(0);
        // Poisson arrivals at the set rate: sd of a 600 s count is sqrt(lambda x 600).
        expect(Math.abs(m.requests.total / DURATION_S - ratePerS)).toBeLessThan(
          (5 * Math.sqrt(ratePerS * DURATION_S)) / DURATION_S,
        );
      }
      const p50 = average(runs.map((r) => r.p50));
      const p99 = average(runs.map((r) => r.p99));
      const inSystem = average(runs.map((r) => r.inSystem));
      expect(Math.abs(p50 / (Math.LN2 * wMs) - 1), `p50 ${p50} ms`).toBeLessThan(p50Tol);
      expect(Math.abs(p99 / (Math.log(100) * wMs) - 1), `p99 ${p99} ms`).toBeLessThan(p99Tol);
      // Little's law: L = lambda x W (1 at rho 0.5, 4 at rho 0.8).
      const littleL = ratePerS * (wMs / 1000);
      expect(Math.abs(inSystem / littleL - 1), `L ${inSystem}`).toBeLessThan(lTol);
    });
  }

  it('grows without bound when lambda >= mu: goodput falls to 0 while throughput stays high', () => {
    // mu = 1 / 10 ms = 100/s; lambda = 110/s: the queue grows by ~10 requests per second,
    // so the wait passes the 3 s client timeout after ~30 s. From then on every user gives
    // up before being served, yet the server keeps working through abandoned requests
    // (docs/reference.md "Overload and queues", load shedding: goodput -> 0 while throughput stays high).
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = mm1(seed, 110);
      const server = () => sim.snapshot().components.find((c) => c.id === 's1')!;
      sim.runUntil(usFromS(60));
      const at60 = server();
      const succeededAt60 = sim.metrics().requests.succeeded;
      sim.runUntil(usFromS(120));
      const at120 = server();
      const m = sim.metrics();
      // Expected queue ~600 and ~1200; the random walk's sd is sqrt((lambda + mu) t): 112, 159.
      expect(at60.queued).toBeGreaterThan(200);
      expect(at120.queued).toBeGreaterThan(at60.queued);
      // Throughput: the server never idles, ~mu x 60 s = 6000 completions (sd < 80).
      expect(at120.served - at60.served).toBeGreaterThan(5500);
      // Goodput: after the wait passed the timeout, (almost) nobody gets an answer in time.
      expect(m.requests.succeeded - succeededAt60).toBeLessThan(60);
      expect(m.requests.failedBy.timeout).toBeGreaterThan(4000);
      expect(m.wastedWork).toBeGreaterThan(4000);
    }
  });
});
