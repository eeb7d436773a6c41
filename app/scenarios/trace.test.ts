/**
 * Issue 13, "Follow one request": the engine's opt-in trace of one request. A trace
 * must tell the truth about the request it follows (its spans add up to the
 * request's end-to-end time, its retries follow the retry policy, a dead host shows
 * as silence, then the balancer's per-try timeout, then a retry on another host, as
 * Envoy's `previous_hosts` predicate does: docs/reference.md "Timeouts, retries, backoff, jitter" and "Retrying on another host"), and it must
 * change nothing else in the run.
 */
import { describe, expect, it } from 'vitest';
import { usFromMs, usFromS, type RequestTrace, type Simulation, type TraceSpan } from '../sim';
import { createSimulation } from '../sim/runtime';
import { DATABASE, ONE_REGION, RETRY_STORM, TWO_REGIONS } from './builtin';
import { simulationInput, type Scenario } from './scenario';
import { seeds, simulate } from './testSupport';

/** Runs on in 10 ms steps until the armed trace is done (or `limitUs` passes). */
function traceNext(sim: Simulation, from: string, limitUs: number): RequestTrace | null {
  expect(sim.traceNext(from)).toEqual({ ok: true });
  while (sim.now() < limitUs) {
    sim.runUntil(sim.now() + 10_000);
    const trace = sim.trace();
    if (trace?.status === 'done') return trace;
  }
  return null;
}

const childrenOf = (trace: RequestTrace, parent: TraceSpan): TraceSpan[] =>
  trace.spans.filter((s) => s.parentId === parent.id);

/** Spans of `kinds` under `parent`, in time order. */
const chain = (trace: RequestTrace, parent: TraceSpan, kinds: string[]): TraceSpan[] =>
  childrenOf(trace, parent)
    .filter((s) => kinds.includes(s.kind))
    .sort((a, b) => a.startUs - b.startUs || a.id - b.id);

const duration = (s: TraceSpan): number => s.endUs! - s.startUs;

/** What every finished trace must satisfy, whatever happened to the request. */
function checkConsistent(trace: RequestTrace, clientMaxAttempts: number, balancerMax: number) {
  const request = trace.spans[0]!;
  expect(request.kind).toBe('request');
  expect(request.startUs).toBe(trace.startUs);
  expect(request.endUs).toBe(trace.endUs);
  expect(request.outcome).toBe(trace.outcome);
  // Every span is closed and lies inside its parent.
  for (const span of trace.spans) {
    expect(span.endUs).not.toBeNull();
    expect(span.endUs!).toBeGreaterThanOrEqual(span.startUs);
    if (span.parentId === null) continue;
    const parent = trace.spans[span.parentId]!;
    expect(span.startUs).toBeGreaterThanOrEqual(parent.startUs);
    expect(span.endUs!).toBeLessThanOrEqual(request.endUs!);
    // Work may go on after its caller stopped waiting (a timeout, or the caller gave
    // up): the server does not know. Otherwise a part ends within its whole.
    if (parent.outcome !== 'timeout' && parent.outcome !== 'abandoned')
      expect(span.endUs!).toBeLessThanOrEqual(parent.endUs!);
  }
  // Attempts and the client's backoffs are back to back from the start to the end:
  // their durations add up to the end-to-end latency.
  const steps = chain(trace, request, ['attempt', 'client-backoff']);
  expect(steps[0]!.kind).toBe('attempt');
  expect(steps[steps.length - 1]!.kind).toBe('attempt');
  let atUs = request.startUs;
  steps.forEach((step, i) => {
    expect(step.kind).toBe(i % 2 === 0 ? 'attempt' : 'client-backoff');
    expect(step.startUs).toBe(atUs);
    atUs = step.endUs!;
  });
  expect(atUs).toBe(request.endUs);
  const total = steps.reduce((sum, s) => sum + duration(s), 0);
  expect(total).toBe(trace.endUs! - trace.startUs!);
  const attempts = steps.filter((s) => s.kind === 'attempt');
  expect(attempts.length).toBeLessThanOrEqual(clientMaxAttempts);
  // The last attempt's outcome is the request's.
  expect(attempts[attempts.length - 1]!.outcome).toBe(trace.outcome);
  // Each attempt starts with its DNS answer, and its tries never overlap.
  for (const attempt of attempts) {
    const tries = chain(trace, attempt, ['try']);
    expect(tries.length).toBeGreaterThanOrEqual(1);
    expect(tries.length).toBeLessThanOrEqual(balancerMax);
    for (let i = 1; i < tries.length; i++)
      expect(tries[i]!.startUs).toBeGreaterThanOrEqual(tries[i - 1]!.endUs!);
  }
  return { attempts, request };
}

describe('a trace follows one request truthfully', () => {
  it('tracing changes nothing else in the run (counters, log, snapshot), 3 seeds x 3 scenarios', () => {
    for (const scenario of [RETRY_STORM, TWO_REGIONS, DATABASE] as Scenario[]) {
      for (const seed of seeds(3)) {
        const plain = simulate(scenario, seed);
        const traced = simulate(scenario, seed);
        const group = simulationInput(scenario).topology.users[0]!.id;
        for (const atS of [1, 12, 31, 33]) {
          plain.runUntil(usFromS(atS));
          traced.traceNext(group);
          traced.runUntil(usFromS(atS));
        }
        plain.runUntil(usFromS(40));
        traced.runUntil(usFromS(40));
        expect(traced.trace()).not.toBeNull();
        expect(traced.metrics()).toEqual(plain.metrics());
        expect(traced.log().entries).toEqual(plain.log().entries);
        expect(traced.snapshot()).toEqual(plain.snapshot());
      }
    }
  });

  it('spans add up to the end-to-end time and retries follow the policy, through a retry storm (12 seeds)', () => {
    // RETRY_STORM: 3 attempts at each layer, no retry budget; payments fails at 30 s.
    let failedSeen = 0;
    let retriedSeen = 0;
    let timedOutSeen = 0;
    for (const seed of seeds(12)) {
      const sim = simulate(RETRY_STORM, seed);
      const { clientMaxAttempts, balancerMaxAttempts, serverMaxAttempts, backoffCapMs } =
        sim.settings().retries;
      for (const startS of [5, 29.9, 31, 40]) {
        sim.runUntil(Math.max(sim.now(), usFromS(startS)));
        const trace = traceNext(sim, 'users', sim.now() + usFromS(30))!;
        expect(trace.status).toBe('done');
        const { attempts } = checkConsistent(trace, clientMaxAttempts, balancerMaxAttempts);
        for (const s of trace.spans.filter((x) => x.kind.endsWith('backoff')))
          expect(duration(s)).toBeLessThanOrEqual(usFromMs(backoffCapMs));
        if (trace.outcome === 'ok') continue;
        // Failed with no retry budget: every layer used all its attempts (payments
        // answers 500 at once, a retryable error).
        failedSeen++;
        expect(attempts.length).toBe(clientMaxAttempts);
        for (const attempt of attempts) {
          const tries = chain(trace, attempt, ['try']);
          // The storm queues work at the app servers: an attempt can run out of time
          // (the client's timeout) before the balancer used its tries. Else it used all.
          if (attempt.outcome === 'timeout') {
            const timeout = chain(trace, attempt, ['timeout'])[0]!;
            expect(timeout.startUs - attempt.startUs).toBe(
              usFromMs(sim.settings().client.timeoutMs),
            );
            timedOutSeen++;
          } else {
            expect(tries.length).toBe(balancerMaxAttempts);
            expect(chain(trace, attempt, ['balancer-backoff'])).toHaveLength(
              balancerMaxAttempts - 1,
            );
          }
          // Every try the server answered used all the server's calls to payments.
          for (const t of tries.filter((x) => x.outcome === 'error')) {
            const calls = chain(trace, t, ['dependency-call']);
            expect(calls.length).toBe(serverMaxAttempts);
            expect(calls.every((c) => c.outcome === 'error')).toBe(true);
            expect(chain(trace, t, ['server-backoff'])).toHaveLength(serverMaxAttempts - 1);
          }
        }
        expect(
          trace.spans.some((s) => s.kind === 'gave-up' && /no attempts left/.test(s.label)),
        ).toBe(true);
        retriedSeen += attempts.length - 1;
      }
    }
    // After payments fails every checkout fails: the check above ran on real failures.
    expect(failedSeen).toBeGreaterThanOrEqual(12);
    expect(retriedSeen).toBeGreaterThan(0);
    expect(timedOutSeen).toBeGreaterThan(0);
  });

  it('a dead host: silence, the per-try timeout, then a retry on a host not tried (10 seeds)', () => {
    const perTryTimeoutMs = 400;
    let seen = 0;
    for (const seed of seeds(10)) {
      const sim = simulate(ONE_REGION, seed, {
        // Health checks too slow to act: the balancer keeps sending the dead host tries.
        healthCheck: { intervalMs: 300_000 },
        balancer: { perTryTimeoutMs },
        retries: { balancerMaxAttempts: 2 },
      });
      sim.runUntil(usFromS(2));
      expect(sim.apply({ type: 'host-down', target: 'app-b1' })).toEqual({ ok: true });
      let found: RequestTrace | null = null;
      for (let i = 0; i < 40 && !found; i++) {
        const trace = traceNext(sim, 'users', sim.now() + usFromS(10))!;
        const request = checkConsistent(trace, 1, 2).request;
        const firstTry = chain(trace, chain(trace, request, ['attempt'])[0]!, ['try'])[0]!;
        if (firstTry.target === 'app-b1') found = trace;
      }
      expect(found).not.toBeNull();
      const trace = found!;
      const attempt = chain(trace, trace.spans[0]!, ['attempt'])[0]!;
      const [first, second] = chain(trace, attempt, ['try']);
      const inFirst = childrenOf(trace, first!);
      expect(inFirst.some((s) => s.kind === 'no-answer')).toBe(true);
      const timeout = inFirst.find((s) => s.kind === 'timeout')!;
      expect(timeout.startUs - first!.startUs).toBe(usFromMs(perTryTimeoutMs));
      expect(first!.outcome).toBe('timeout');
      expect(first!.endUs).toBe(timeout.startUs);
      const backoff = chain(trace, attempt, ['balancer-backoff'])[0]!;
      expect(backoff.startUs).toBe(first!.endUs);
      expect(second!.startUs).toBe(backoff.endUs);
      expect(second!.target).not.toBe('app-b1');
      expect(trace.outcome).toBe('ok');
      seen++;
    }
    expect(seen).toBe(10);
  });

  it('names what is wrong when the group does not exist', () => {
    const sim = createSimulation(simulationInput(ONE_REGION), { seed: 1 });
    expect(sim.traceNext('nobody')).toEqual({
      ok: false,
      error: 'no user group nobody to trace from (groups: users)',
    });
    expect(sim.trace()).toBeNull();
  });
});
