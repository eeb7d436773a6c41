import { describe, expect, it } from 'vitest';
import {
  RESILIENCE4J_DEFAULTS,
  breakerAcquire,
  breakerMetrics,
  breakerRecord,
  breakerState,
  createBreaker,
  type BreakerTransition,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from './circuitBreaker';
import { defaultSettings } from '../../settings';

/** The app's breaker: the `breaker.*` settings' defaults, as createBreaker takes them. */
const APP_BREAKER_DEFAULTS = Object.fromEntries(
  Object.entries(defaultSettings().breaker).filter(([key]) => key !== 'enabled'),
) as unknown as CircuitBreakerOptions;

/** `breakerAcquire` reduced to its answer. */
function breakerTryAcquire(breaker: CircuitBreaker, nowUs: number): boolean {
  return breakerAcquire(breaker, nowUs).permitted;
}

const FAIL = { failed: true, durationMs: 10 };
const OK = { failed: false, durationMs: 10 };
const S = 1_000_000; // microseconds per second

/** Records `count` copies of an outcome at `nowUs`; returns the transitions they caused. */
function recordMany(
  breaker: CircuitBreaker,
  count: number,
  outcome: { failed: boolean; durationMs: number },
  nowUs = 0,
): BreakerTransition[] {
  const transitions: BreakerTransition[] = [];
  for (let i = 0; i < count; i++) {
    const transition = breakerRecord(breaker, nowUs, outcome);
    if (transition) transitions.push(transition);
  }
  return transitions;
}

/** Opens a default breaker at `nowUs` with 100 failures (100% >= 50%). */
function openedBreaker(nowUs: number, options = {}): CircuitBreaker {
  const breaker = createBreaker(options);
  recordMany(breaker, 100, FAIL, nowUs);
  expect(breaker.state).toBe('OPEN');
  return breaker;
}

describe('circuit breaker defaults (docs/reference.md "Circuit breakers")', () => {
  it('copies resilience4j CircuitBreakerConfig defaults', () => {
    expect(RESILIENCE4J_DEFAULTS).toEqual({
      failureRateThresholdPercent: 50,
      slidingWindowSize: 100,
      minimumNumberOfCalls: 100,
      waitDurationInOpenStateMs: 60_000,
      permittedNumberOfCallsInHalfOpenState: 10,
      slowCallRateThresholdPercent: 100,
      slowCallDurationThresholdMs: 60_000,
    });
    expect(createBreaker().options).toEqual(RESILIENCE4J_DEFAULTS);
  });

  it('the app defaults use the watchable numbers docs/reference.md suggests (window 20, wait 5-10 s)', () => {
    expect(APP_BREAKER_DEFAULTS.slidingWindowSize).toBe(20);
    expect(APP_BREAKER_DEFAULTS.waitDurationInOpenStateMs).toBeGreaterThanOrEqual(5000);
    expect(APP_BREAKER_DEFAULTS.waitDurationInOpenStateMs).toBeLessThanOrEqual(10_000);
    expect(APP_BREAKER_DEFAULTS.minimumNumberOfCalls).toBeLessThanOrEqual(20);
  });

  it('rejects invalid options', () => {
    expect(() => createBreaker({ slidingWindowSize: 0 })).toThrow(RangeError);
    expect(() => createBreaker({ failureRateThresholdPercent: 0 })).toThrow(RangeError);
    expect(() => createBreaker({ permittedNumberOfCallsInHalfOpenState: 1.5 })).toThrow(RangeError);
    expect(() => createBreaker({ waitDurationInOpenStateMs: -1 })).toThrow(RangeError);
  });
});

describe('CLOSED -> OPEN', () => {
  it('99 failures stay CLOSED: below minimumNumberOfCalls 100, no rate is computed', () => {
    const breaker = createBreaker();
    expect(recordMany(breaker, 99, FAIL)).toEqual([]);
    expect(breaker.state).toBe('CLOSED');
    expect(breakerMetrics(breaker).failureRatePercent).toBeNull();
    expect(breakerTryAcquire(breaker, 0)).toBe(true);
  });

  it('the 100th call makes the rate count: 99 failures + 1 success opens (99% >= 50%)', () => {
    const breaker = createBreaker();
    recordMany(breaker, 99, FAIL);
    const transition = breakerRecord(breaker, 5 * S, OK);
    expect(transition).toEqual({
      from: 'CLOSED',
      to: 'OPEN',
      atUs: 5 * S,
      reason: 'failure rate 99% >= 50% over 100 calls',
    });
  });

  it('50 failures + 50 successes open it: the threshold is >=, not >', () => {
    const breaker = createBreaker();
    recordMany(breaker, 50, OK);
    const transitions = recordMany(breaker, 50, FAIL);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]!.reason).toBe('failure rate 50% >= 50% over 100 calls');
    expect(breaker.state).toBe('OPEN');
  });

  it('50 of 100 failing opens it whatever the order', () => {
    const breaker = createBreaker();
    for (let i = 0; i < 100; i++) breakerRecord(breaker, 0, i % 2 === 0 ? FAIL : OK);
    expect(breaker.state).toBe('OPEN');
  });

  it('49 failures + 51 successes stay CLOSED (49% < 50%)', () => {
    const breaker = createBreaker();
    recordMany(breaker, 49, FAIL);
    expect(recordMany(breaker, 51, OK)).toEqual([]);
    expect(breaker.state).toBe('CLOSED');
    expect(breakerMetrics(breaker).failureRatePercent).toBe(49);
  });

  it('clamps minimumNumberOfCalls to the window size, as resilience4j does for COUNT_BASED', () => {
    const breaker = createBreaker({ slidingWindowSize: 10, minimumNumberOfCalls: 100 });
    recordMany(breaker, 9, FAIL);
    expect(breaker.state).toBe('CLOSED');
    breakerRecord(breaker, 0, FAIL);
    expect(breaker.state).toBe('OPEN');
  });

  it('the count-based window forgets outcomes older than the last slidingWindowSize calls', () => {
    const breaker = createBreaker({ slidingWindowSize: 10, minimumNumberOfCalls: 10 });
    recordMany(breaker, 4, FAIL);
    recordMany(breaker, 6, OK); // 4 of 10 = 40%: CLOSED
    recordMany(breaker, 4, OK); // the 4 failures slide out
    expect(breakerMetrics(breaker)).toMatchObject({ bufferedCalls: 10, failedCalls: 0 });
    // The decision uses the last 10 calls only: 4 new failures = 40%, the 5th = 50% opens
    // it, although a cumulative count would be 9 of 19 = 47%.
    expect(recordMany(breaker, 4, FAIL)).toEqual([]);
    const transition = breakerRecord(breaker, 0, FAIL);
    expect(transition?.reason).toBe('failure rate 50% >= 50% over 10 calls');
  });

  it('formats fractional rates with one decimal', () => {
    const breaker = createBreaker({ slidingWindowSize: 3, minimumNumberOfCalls: 3 });
    breakerRecord(breaker, 0, OK);
    breakerRecord(breaker, 0, FAIL);
    const transition = breakerRecord(breaker, 0, FAIL);
    expect(transition?.reason).toBe('failure rate 66.7% >= 50% over 3 calls');
  });
});

describe('slow calls', () => {
  it('with the defaults (100%, 60 s) only a window of nothing but slow calls opens it', () => {
    const slowOk = { failed: false, durationMs: 60_001 };
    const breaker = createBreaker();
    breakerRecord(breaker, 0, OK);
    expect(recordMany(breaker, 99, slowOk)).toEqual([]); // 99% < 100%
    expect(breaker.state).toBe('CLOSED');
    const transition = breakerRecord(breaker, 0, slowOk); // the fast call slides out: 100%
    expect(transition?.reason).toBe(
      'slow-call rate 100% >= 100% (calls over 60000 ms) over 100 calls',
    );
  });

  it('a call exactly at the threshold is not slow (resilience4j compares with >)', () => {
    const breaker = createBreaker();
    recordMany(breaker, 100, { failed: false, durationMs: 60_000 });
    expect(breaker.state).toBe('CLOSED');
    expect(breakerMetrics(breaker).slowCalls).toBe(0);
  });

  it('successful but slow calls open it once the slow-call rate reaches its threshold', () => {
    const breaker = createBreaker(APP_BREAKER_DEFAULTS);
    const slowOk = { failed: false, durationMs: 1500 };
    recordMany(breaker, 10, OK);
    const transitions = recordMany(breaker, 10, slowOk);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]!.reason).toBe(
      'slow-call rate 50% >= 50% (calls over 1000 ms) over 20 calls',
    );
    expect(breakerMetrics(breaker).failedCalls).toBe(0);
  });

  it('names both causes when both rates trip at once', () => {
    const breaker = createBreaker(APP_BREAKER_DEFAULTS);
    const transitions = recordMany(breaker, 10, { failed: true, durationMs: 2000 });
    expect(transitions[0]!.reason).toBe(
      'failure rate 100% >= 50% and slow-call rate 100% >= 50% (calls over 1000 ms) over 10 calls',
    );
  });
});

describe('OPEN', () => {
  it('rejects every call at once until the wait has passed, and counts the rejections', () => {
    const breaker = openedBreaker(10 * S);
    expect(breakerTryAcquire(breaker, 10 * S)).toBe(false);
    expect(breakerTryAcquire(breaker, 40 * S)).toBe(false);
    expect(breakerTryAcquire(breaker, 70 * S - 1)).toBe(false);
    // Exactly at the end of the wait it still rejects: resilience4j uses Instant.isAfter.
    expect(breakerTryAcquire(breaker, 70 * S)).toBe(false);
    expect(breaker.rejectedCalls).toBe(4);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.openUntilUs - 40 * S).toBe(30 * S); // at 40 s, 30 s of the wait are left
  });

  it('counts outcomes of calls admitted before it opened, without changing state', () => {
    const breaker = openedBreaker(0);
    expect(breakerRecord(breaker, 1 * S, OK)).toBeNull();
    expect(breaker.state).toBe('OPEN');
  });

  it('breakerState reports HALF_OPEN once the wait has passed, without a transition', () => {
    const breaker = openedBreaker(0);
    expect(breakerState(breaker, 60 * S)).toBe('OPEN');
    expect(breakerState(breaker, 60 * S + 1)).toBe('HALF_OPEN');
    expect(breaker.state).toBe('OPEN');
    expect(breaker.transitionCount).toBe(1);
  });
});

describe('HALF_OPEN', () => {
  it('after the wait, the next call moves it to HALF_OPEN and exactly N trial calls go through', () => {
    const breaker = openedBreaker(0);
    const first = breakerAcquire(breaker, 60 * S + 1);
    expect(first.permitted).toBe(true);
    expect(first.transition).toEqual({
      from: 'OPEN',
      to: 'HALF_OPEN',
      atUs: 60 * S + 1,
      reason: 'wait of 60000 ms in OPEN elapsed',
    });
    let admitted = 1;
    for (let i = 0; i < 20; i++) if (breakerTryAcquire(breaker, 61 * S)) admitted++;
    expect(admitted).toBe(RESILIENCE4J_DEFAULTS.permittedNumberOfCallsInHalfOpenState);
    expect(breaker.state).toBe('HALF_OPEN');
    expect(breaker.transitionCount).toBe(2);
  });

  it('decides only when all permitted trial outcomes are in', () => {
    const breaker = openedBreaker(0);
    for (let i = 0; i < 10; i++) breakerTryAcquire(breaker, 61 * S);
    expect(recordMany(breaker, 9, FAIL, 62 * S)).toEqual([]);
    expect(breaker.state).toBe('HALF_OPEN');
  });

  it('trial failure rate >= threshold opens it again, and the wait restarts', () => {
    const breaker = openedBreaker(0);
    for (let i = 0; i < 10; i++) breakerTryAcquire(breaker, 61 * S);
    recordMany(breaker, 5, OK, 62 * S);
    const transitions = recordMany(breaker, 5, FAIL, 62 * S);
    expect(transitions).toEqual([
      {
        from: 'HALF_OPEN',
        to: 'OPEN',
        atUs: 62 * S,
        reason: 'failure rate 50% >= 50% over 10 trial calls',
      },
    ]);
    expect(breakerTryAcquire(breaker, 121 * S)).toBe(false); // 59 s after re-opening
    expect(breakerTryAcquire(breaker, 122 * S + 1)).toBe(true);
    expect(breaker.state).toBe('HALF_OPEN');
  });

  it('trial failure rate below the threshold closes it with a fresh window', () => {
    const breaker = openedBreaker(0);
    for (let i = 0; i < 10; i++) breakerTryAcquire(breaker, 61 * S);
    recordMany(breaker, 4, FAIL, 62 * S);
    const transitions = recordMany(breaker, 6, OK, 62 * S);
    expect(transitions).toEqual([
      {
        from: 'HALF_OPEN',
        to: 'CLOSED',
        atUs: 62 * S,
        reason: 'failure rate 40% < 50% and slow-call rate 0% < 100% over 10 trial calls',
      },
    ]);
    expect(breakerMetrics(breaker)).toMatchObject({ bufferedCalls: 0, failedCalls: 0 });
    expect(breakerTryAcquire(breaker, 62 * S)).toBe(true);
    // A fresh window needs the minimum number of calls again before it can trip.
    recordMany(breaker, 99, FAIL, 63 * S);
    expect(breaker.state).toBe('CLOSED');
  });

  it('decides after min(minimumNumberOfCalls, permitted) trials, as resilience4j forHalfOpen', () => {
    const breaker = createBreaker({
      slidingWindowSize: 4,
      minimumNumberOfCalls: 2,
      permittedNumberOfCallsInHalfOpenState: 5,
      waitDurationInOpenStateMs: 1000,
    });
    recordMany(breaker, 2, FAIL);
    expect(breaker.state).toBe('OPEN');
    for (let i = 0; i < 5; i++) breakerTryAcquire(breaker, 2 * S);
    breakerRecord(breaker, 2 * S, OK);
    expect(breakerRecord(breaker, 2 * S, OK)?.to).toBe('CLOSED'); // 2 of 5 trials decide
  });

  it('slow trial calls reopen it too', () => {
    const breaker = createBreaker(APP_BREAKER_DEFAULTS);
    recordMany(breaker, 10, FAIL);
    for (let i = 0; i < 3; i++) expect(breakerTryAcquire(breaker, 11 * S)).toBe(true);
    expect(breakerTryAcquire(breaker, 11 * S)).toBe(false);
    breakerRecord(breaker, 12 * S, OK);
    recordMany(breaker, 1, { failed: false, durationMs: 5000 }, 12 * S);
    expect(breaker.state).toBe('HALF_OPEN'); // 2 of 3 trial outcomes: no decision yet
    const transition = breakerRecord(breaker, 12 * S, { failed: false, durationMs: 5000 });
    expect(transition?.reason).toBe(
      'slow-call rate 66.7% >= 50% (calls over 1000 ms) over 3 trial calls',
    );
  });

  it('with teaching defaults a full cycle fits in well under a minute', () => {
    const breaker = createBreaker(APP_BREAKER_DEFAULTS);
    const log: string[] = [];
    const note = (t: BreakerTransition | null) => t && log.push(`${t.from}->${t.to}`);
    for (let i = 0; i < 10; i++) note(breakerRecord(breaker, i * 20_000, FAIL));
    let nowUs = 200_000;
    while (breaker.state !== 'CLOSED' && nowUs < 60 * S) {
      const { permitted, transition } = breakerAcquire(breaker, nowUs);
      note(transition);
      if (permitted) note(breakerRecord(breaker, nowUs + 20_000, OK));
      nowUs += 20_000;
    }
    expect(log).toEqual(['CLOSED->OPEN', 'OPEN->HALF_OPEN', 'HALF_OPEN->CLOSED']);
    expect(nowUs).toBeLessThan(11 * S);
  });
});
