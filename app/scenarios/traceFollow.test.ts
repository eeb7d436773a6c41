/**
 * Issue 13, "Follow one request": a request already in flight (a dot on the diagram)
 * can be traced from the moment it is picked. What the engine draws of its past must
 * be true (the spans open at that moment, with the starts a trace from the beginning
 * records), what follows must be exactly what a full trace records, tracing must
 * change nothing else in the run, and its spans must add up from the trace's start to
 * the request's end.
 */
import { describe, expect, it } from 'vitest';
import { usFromS, type RequestTrace, type Simulation, type TraceSpan } from '../sim';
import { createSimulation } from '../sim/runtime';
import { DATABASE, RETRY_STORM, TWO_REGIONS } from './builtin';
import { simulationInput, type Scenario } from './scenario';
import { seeds } from './testSupport';

/** A run that tracks messages, as the page's does (dots are messages on the wire). */
const run = (scenario: Scenario, seed: number): Simulation =>
  createSimulation(simulationInput(scenario), { seed, trackMessages: true });

/** A request on the wire now (a dot a learner could click), or null. */
function dotInFlight(sim: Simulation, pick: number): number | null {
  const dots = sim.snapshot().messages.filter((m) => !m.late && !m.lost && !m.probe);
  if (dots.length === 0) return null;
  return dots[pick % dots.length]!.requestId;
}

/** Runs on in 10 ms steps until the trace is done (or `limitUs` passes). */
function runToDone(sim: Simulation, limitUs: number): RequestTrace | null {
  while (sim.now() < limitUs) {
    sim.runUntil(sim.now() + 10_000);
    const trace = sim.trace();
    if (trace?.status === 'done') return trace;
  }
  return null;
}

/** The fields two traces of the same request must agree on for a span. */
const key = (s: TraceSpan): string => [s.kind, s.startUs, s.endUs, s.outcome, s.target].join('|');

/** Spans a trace started mid-flight draws from the request's records. */
const RECONSTRUCTED = new Set([
  'request',
  'attempt',
  'client-backoff',
  'try',
  'balancer-backoff',
  'queue',
  'dependency-call',
  'server-backoff',
]);

describe('tracing a request already in flight', () => {
  it('changes nothing else in the run (counters, log, snapshot), 3 scenarios x 4 seeds', () => {
    let followed = 0;
    for (const scenario of [RETRY_STORM, TWO_REGIONS, DATABASE]) {
      for (const seed of seeds(4)) {
        const plain = run(scenario, seed);
        const traced = run(scenario, seed);
        for (const atS of [3, 12, 31.5]) {
          plain.runUntil(usFromS(atS));
          traced.runUntil(usFromS(atS));
          const id = dotInFlight(traced, seed);
          if (id === null) continue;
          expect(traced.traceRequest(id)).toEqual({ ok: true });
          expect(traced.trace()!.requestId).toBe(id);
          followed++;
        }
        plain.runUntil(usFromS(34));
        traced.runUntil(usFromS(34));
        expect(traced.metrics()).toEqual(plain.metrics());
        expect(traced.log().entries).toEqual(plain.log().entries);
        expect(traced.snapshot()).toEqual(plain.snapshot());
      }
    }
    expect(followed).toBeGreaterThanOrEqual(30);
  });

  it('its past is true and its future is what a full trace records; spans add up from the trace start (3 cases x 8 seeds)', () => {
    let midTry = 0;
    let midBackoff = 0;
    let laterAttempt = 0;
    let midServerBackoff = 0;
    const cases: Array<[Scenario, number]> = [
      [RETRY_STORM, 5],
      [RETRY_STORM, 31],
      [DATABASE, 5],
    ];
    for (const [scenario, startS] of cases) {
      for (const seed of seeds(8)) {
        {
          // Run A traces the next request from its start; run B (same seed: the same
          // run) picks the same request mid-flight.
          const full = run(scenario, seed);
          full.runUntil(usFromS(startS));
          full.traceNext(simulationInput(scenario).topology.users[0]!.id);
          const whole = runToDone(full, usFromS(startS + 40))!;
          expect(whole.status).toBe('done');
          const spanUs = whole.endUs! - whole.startUs!;
          if (spanUs < 3) continue;
          // Picked half way, and inside the first backoff of each layer.
          const picks = [whole.startUs! + Math.floor(spanUs / 2)];
          for (const kind of ['client-backoff', 'balancer-backoff', 'server-backoff']) {
            const backoff = whole.spans.find((x) => x.kind === kind);
            if (backoff) picks.push(Math.floor((backoff.startUs + backoff.endUs!) / 2));
          }
          for (const atUs of picks) {
            const mid = run(scenario, seed);
            mid.runUntil(atUs);
            expect(mid.traceRequest(whole.requestId!)).toEqual({ ok: true });
            const followed = runToDone(mid, usFromS(startS + 40))!;
            expect(followed.status).toBe('done');
            expect(followed.followedFromUs).toBe(atUs);
            expect(followed.startUs).toBe(whole.startUs);
            expect(followed.endUs).toBe(whole.endUs);
            expect(followed.outcome).toBe(whole.outcome);

            // Every span the follower has, the full trace has (kind, start, end,
            // outcome, part): nothing invented, no start guessed.
            const wholeKeys = new Set(whole.spans.map(key));
            for (const s of followed.spans) expect(wholeKeys.has(key(s)), key(s)).toBe(true);
            // And it has everything from the moment it was picked: every span that
            // starts later, and every span of a kind it reconstructs still open then.
            const followedKeys = new Set(followed.spans.map(key));
            for (const s of whole.spans) {
              const later = s.startUs > atUs;
              const openThen = s.startUs <= atUs && s.endUs! > atUs && RECONSTRUCTED.has(s.kind);
              if (later || openThen) expect(followedKeys.has(key(s)), key(s)).toBe(true);
            }

            // The spans add up: the client's attempts and backoffs run back to back
            // from the one open when the trace started to the request's end.
            const request = followed.spans[0]!;
            const steps = followed.spans
              .filter(
                (s) =>
                  s.parentId === request.id &&
                  (s.kind === 'attempt' || s.kind === 'client-backoff'),
              )
              .sort((a, b) => a.startUs - b.startUs);
            expect(steps[0]!.startUs).toBeLessThanOrEqual(atUs);
            expect(steps[0]!.startUs).toBeGreaterThanOrEqual(request.startUs);
            for (let i = 1; i < steps.length; i++)
              expect(steps[i]!.startUs).toBe(steps[i - 1]!.endUs);
            expect(steps[steps.length - 1]!.kind).toBe('attempt');
            expect(steps[steps.length - 1]!.endUs).toBe(request.endUs);
            for (const s of followed.spans) expect(s.endUs).not.toBeNull();

            const first = steps[0]!;
            if (followed.spans.some((s) => s.kind === 'server-backoff' && s.startUs < atUs))
              midServerBackoff++;
            if (first.kind === 'client-backoff') midBackoff++;
            if (first.kind === 'attempt' && first.startUs > request.startUs) laterAttempt++;
            if (followed.spans.some((s) => s.kind === 'try' && s.startUs < atUs)) midTry++;
          }
        }
      }
    }
    // The checks above ran on requests picked inside a try, inside a client's and a
    // server's backoff and on a later attempt (the retry storm after payments fails at 30 s).
    expect(midTry).toBeGreaterThan(10);
    expect(midBackoff).toBeGreaterThan(0);
    expect(laterAttempt).toBeGreaterThan(0);
    expect(midServerBackoff).toBeGreaterThan(0);
  });

  it('a request not started yet is waited for and recorded whole; a finished one is refused, with why', () => {
    for (const seed of seeds(5)) {
      const full = run(TWO_REGIONS, seed);
      full.runUntil(usFromS(2));
      full.traceNext('users-eu');
      const whole = runToDone(full, usFromS(12))!;
      // The same run from 0:00, told the request's number before it starts (a replay).
      const replay = run(TWO_REGIONS, seed);
      expect(replay.traceRequest(whole.requestId!)).toEqual({ ok: true });
      expect(replay.trace()).toMatchObject({ status: 'waiting', from: '' });
      const replayed = runToDone(replay, usFromS(12))!;
      expect(replayed).toEqual({ ...whole, armedUs: 0 });
      // Once it has finished, it cannot be followed from now on.
      expect(replay.traceRequest(whole.requestId!)).toEqual({
        ok: false,
        error: `request #${whole.requestId} has already finished: only a request still in flight can be followed from now on`,
      });
    }
    const sim = run(TWO_REGIONS, 1);
    expect(sim.traceRequest(0)).toEqual({
      ok: false,
      error: 'no request #0: a request number is a whole number from 1',
    });
    expect(sim.trace()).toBeNull();
  });
});
