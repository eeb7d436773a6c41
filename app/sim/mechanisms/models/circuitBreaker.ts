/**
 * Circuit breaker with resilience4j semantics (docs/reference.md "Circuit breakers"; resilience4j
 * `CircuitBreakerStateMachine` and `CircuitBreakerMetrics`).
 *
 * CLOSED counts outcomes in a count-based sliding window and opens when the failure
 * rate or the slow-call rate reaches its threshold, but only once the window holds at
 * least `minimumNumberOfCalls` outcomes. OPEN rejects every call until the wait has
 * passed; the next call then moves it to HALF_OPEN, which admits exactly
 * `permittedNumberOfCallsInHalfOpenState` trial calls and rejects the rest. When the
 * trial outcomes are in, it opens again (the wait restarts) or closes with an empty
 * window.
 *
 * The breaker is a plain record mutated in place by free functions, so the engine can
 * hold one per call path and a snapshot can copy its fields. Nothing here reads a
 * clock: callers pass the simulated time in integer microseconds.
 */

/** The three states of resilience4j's state machine that the simulation uses. */
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Tunables of one breaker; every field has the resilience4j default documented. */
export interface CircuitBreakerOptions {
  /**
   * Opens when the failure rate in the window is at least this percentage (>=, not >).
   * Default 50 (resilience4j `failureRateThreshold`).
   */
  failureRateThresholdPercent: number;
  /**
   * Number of most recent outcomes kept in the count-based sliding window.
   * Default 100 (resilience4j `slidingWindowSize`, `slidingWindowType` COUNT_BASED).
   */
  slidingWindowSize: number;
  /**
   * Outcomes the window must hold before any rate is computed; clamped to
   * `slidingWindowSize` as resilience4j does for count-based windows.
   * Default 100 (resilience4j `minimumNumberOfCalls`).
   */
  minimumNumberOfCalls: number;
  /**
   * How long OPEN rejects calls before the next call may move it to HALF_OPEN.
   * Default 60000 ms (resilience4j `waitDurationInOpenState` 60 s).
   */
  waitDurationInOpenStateMs: number;
  /**
   * Trial calls HALF_OPEN admits; their outcomes decide between OPEN and CLOSED.
   * Default 10 (resilience4j `permittedNumberOfCallsInHalfOpenState`).
   */
  permittedNumberOfCallsInHalfOpenState: number;
  /**
   * Opens when the share of slow calls in the window is at least this percentage.
   * Default 100 (resilience4j `slowCallRateThreshold`): only a window of nothing but
   * slow calls opens it.
   */
  slowCallRateThresholdPercent: number;
  /**
   * A call that takes longer than this (strictly) counts as slow, whether it failed or
   * not. Default 60000 ms (resilience4j `slowCallDurationThreshold` 60 s).
   */
  slowCallDurationThresholdMs: number;
}

/** resilience4j's `CircuitBreakerConfig.ofDefaults()`, field for field. */
export const RESILIENCE4J_DEFAULTS: Readonly<CircuitBreakerOptions> = Object.freeze({
  failureRateThresholdPercent: 50,
  slidingWindowSize: 100,
  minimumNumberOfCalls: 100,
  waitDurationInOpenStateMs: 60_000,
  permittedNumberOfCallsInHalfOpenState: 10,
  slowCallRateThresholdPercent: 100,
  slowCallDurationThresholdMs: 60_000,
});

/** The outcome of one call the breaker admitted. */
export interface BreakerOutcome {
  /** The call failed (error, refused, timed out): counts towards the failure rate. */
  failed: boolean;
  /** How long the call took; longer than the slow-call threshold counts as slow. */
  durationMs: number;
}

/** One change of state, for the event log and the diagram. */
export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /** Simulated time of the change. */
  atUs: number;
  /** Human-readable cause, e.g. `failure rate 55% >= 50% over 20 calls`. */
  reason: string;
}

/**
 * Count-based sliding window (resilience4j `FixedSizeSlidingWindowMetrics`): a ring of
 * the last `size` outcomes with running totals, so recording is O(1).
 */
export interface BreakerWindow {
  /** Capacity of the ring. */
  size: number;
  /** Outcomes needed before rates are computed (already clamped to `size`). */
  minimumNumberOfCalls: number;
  /** Ring of outcome flags: bit 0 failed, bit 1 slow. */
  outcomes: number[];
  /** Ring index the next outcome overwrites. */
  nextIndex: number;
  /** Outcomes currently held (at most `size`). */
  bufferedCalls: number;
  failedCalls: number;
  slowCalls: number;
}

/** A breaker's whole state: a plain record, mutated by the functions below. */
export interface CircuitBreaker {
  readonly options: Readonly<CircuitBreakerOptions>;
  /**
   * State as resilience4j's `getState()` reports it: stays OPEN after the wait until a
   * call asks for permission. `breakerState` gives the state a call would meet.
   */
  state: BreakerState;
  /** Outcomes of the current state: the CLOSED window, or the HALF_OPEN trials. */
  window: BreakerWindow;
  /** While OPEN, calls are rejected until simulated time passes this instant. */
  openUntilUs: number;
  /** Trial calls HALF_OPEN may still admit. */
  halfOpenPermitsLeft: number;
  /** Calls rejected since creation (OPEN, or HALF_OPEN with no permit left). */
  rejectedCalls: number;
  /** State changes since creation. */
  transitionCount: number;
  /** The most recent state change, or null if it never left CLOSED. */
  lastTransition: BreakerTransition | null;
}

/** What `breakerAcquire` decided. */
export interface BreakerAcquireResult {
  /** The call may go ahead; otherwise fail it at once (or serve a fallback). */
  permitted: boolean;
  /** OPEN -> HALF_OPEN, when this request was the first after the wait. */
  transition: BreakerTransition | null;
}

/** Breaker metrics for panels and snapshots. */
export interface BreakerMetrics {
  bufferedCalls: number;
  failedCalls: number;
  slowCalls: number;
  /** Failure percentage of the window, or null below the minimum number of calls. */
  failureRatePercent: number | null;
  /** Slow-call percentage of the window, or null below the minimum number of calls. */
  slowCallRatePercent: number | null;
}

const FAILED = 1;
const SLOW = 2;
const US_PER_MS = 1000;

/**
 * A CLOSED breaker with an empty window. Missing options take the resilience4j
 * defaults; invalid ones throw, as resilience4j's config builder does.
 */
export function createBreaker(options: Partial<CircuitBreakerOptions> = {}): CircuitBreaker {
  const merged: CircuitBreakerOptions = { ...RESILIENCE4J_DEFAULTS, ...options };
  breakerOptionsCheck(merged);
  return {
    options: Object.freeze(merged),
    state: 'CLOSED',
    window: breakerWindowCreate(merged.slidingWindowSize, merged.minimumNumberOfCalls),
    openUntilUs: 0,
    halfOpenPermitsLeft: 0,
    rejectedCalls: 0,
    transitionCount: 0,
    lastTransition: null,
  };
}

/**
 * Asks permission for one call at `nowUs`, as resilience4j's `tryAcquirePermission`.
 * CLOSED: always yes. OPEN: no until the wait has passed (strictly after, as
 * `Instant.isAfter`); the first call after it moves the breaker to HALF_OPEN and is
 * treated as a HALF_OPEN call. HALF_OPEN: yes while trial permits are left; a permit
 * is not returned when the call ends, so once all trials are out every further call is
 * rejected until their outcomes decide.
 */
export function breakerAcquire(breaker: CircuitBreaker, nowUs: number): BreakerAcquireResult {
  let transition: BreakerTransition | null = null;
  if (breaker.state === 'OPEN') {
    if (nowUs <= breaker.openUntilUs) {
      breaker.rejectedCalls++;
      return { permitted: false, transition: null };
    }
    transition = breakerEnterHalfOpen(breaker, nowUs);
  }
  if (breaker.state === 'HALF_OPEN') {
    if (breaker.halfOpenPermitsLeft > 0) {
      breaker.halfOpenPermitsLeft--;
      return { permitted: true, transition };
    }
    breaker.rejectedCalls++;
    return { permitted: false, transition };
  }
  return { permitted: true, transition: null };
}

/**
 * Records the outcome of an admitted call and returns the transition it caused, if any.
 *
 * CLOSED opens when either rate reaches its threshold over at least the minimum number
 * of calls. HALF_OPEN decides once the trial window is full enough: OPEN again (the
 * wait restarts from now) if either rate reaches its threshold, else CLOSED with a
 * fresh window. An outcome that arrives while OPEN (a call admitted before the breaker
 * opened) is counted but decides nothing, as in resilience4j's `OpenState`.
 */
export function breakerRecord(
  breaker: CircuitBreaker,
  nowUs: number,
  outcome: BreakerOutcome,
): BreakerTransition | null {
  const { options } = breaker;
  const slow = outcome.durationMs > options.slowCallDurationThresholdMs;
  breakerWindowRecord(breaker.window, (outcome.failed ? FAILED : 0) | (slow ? SLOW : 0));
  if (breaker.state === 'OPEN') return null;

  const metrics = breakerMetrics(breaker);
  const failureRate = metrics.failureRatePercent;
  const slowRate = metrics.slowCallRatePercent;
  if (failureRate === null || slowRate === null) return null;
  const failureTripped = failureRate >= options.failureRateThresholdPercent;
  const slowTripped = slowRate >= options.slowCallRateThresholdPercent;
  const trial = breaker.state === 'HALF_OPEN' ? 'trial ' : '';
  const calls = `over ${metrics.bufferedCalls} ${trial}calls`;
  const failureText = (op: string) =>
    `failure rate ${percentText(failureRate)} ${op} ${percentText(options.failureRateThresholdPercent)}`;
  const slowText = (op: string) =>
    `slow-call rate ${percentText(slowRate)} ${op} ${percentText(options.slowCallRateThresholdPercent)}`;

  if (failureTripped || slowTripped) {
    const causes: string[] = [];
    if (failureTripped) causes.push(failureText('>='));
    if (slowTripped) {
      causes.push(`${slowText('>=')} (calls over ${options.slowCallDurationThresholdMs} ms)`);
    }
    return breakerEnterOpen(breaker, nowUs, `${causes.join(' and ')} ${calls}`);
  }
  if (breaker.state === 'HALF_OPEN') {
    const reason = `${failureText('<')} and ${slowText('<')} ${calls}`;
    return breakerTransition(breaker, 'CLOSED', nowUs, reason, () => {
      breaker.window = breakerWindowCreate(options.slidingWindowSize, options.minimumNumberOfCalls);
    });
  }
  return null;
}

/**
 * The state a call arriving at `nowUs` meets, without changing the breaker: HALF_OPEN
 * for an OPEN breaker whose wait has passed (resilience4j moves it on that call's
 * permission request), otherwise the stored state.
 */
export function breakerState(breaker: CircuitBreaker, nowUs: number): BreakerState {
  if (breaker.state === 'OPEN' && nowUs > breaker.openUntilUs) return 'HALF_OPEN';
  return breaker.state;
}

/** Counts and rates of the current window (resilience4j `CircuitBreaker.Metrics`). */
export function breakerMetrics(breaker: CircuitBreaker): BreakerMetrics {
  const { bufferedCalls, failedCalls, slowCalls, minimumNumberOfCalls } = breaker.window;
  // resilience4j reports -1 until the minimum is reached; null says the same in TS.
  const rated = bufferedCalls > 0 && bufferedCalls >= minimumNumberOfCalls;
  return {
    bufferedCalls,
    failedCalls,
    slowCalls,
    failureRatePercent: rated ? (failedCalls * 100) / bufferedCalls : null,
    slowCallRatePercent: rated ? (slowCalls * 100) / bufferedCalls : null,
  };
}

function breakerEnterOpen(
  breaker: CircuitBreaker,
  nowUs: number,
  reason: string,
): BreakerTransition {
  return breakerTransition(breaker, 'OPEN', nowUs, reason, () => {
    // The wait starts at every entry into OPEN, including HALF_OPEN -> OPEN. The window
    // is kept, as resilience4j hands the current metrics to its OpenState.
    breaker.openUntilUs = nowUs + Math.round(breaker.options.waitDurationInOpenStateMs * US_PER_MS);
    breaker.halfOpenPermitsLeft = 0;
  });
}

function breakerEnterHalfOpen(breaker: CircuitBreaker, nowUs: number): BreakerTransition {
  const { waitDurationInOpenStateMs, permittedNumberOfCallsInHalfOpenState, minimumNumberOfCalls } =
    breaker.options;
  return breakerTransition(
    breaker,
    'HALF_OPEN',
    nowUs,
    `wait of ${waitDurationInOpenStateMs} ms in OPEN elapsed`,
    () => {
      // resilience4j `CircuitBreakerMetrics.forHalfOpen`: a count-based window as large
      // as the permitted calls, with the minimum clamped to it.
      breaker.window = breakerWindowCreate(
        permittedNumberOfCallsInHalfOpenState,
        minimumNumberOfCalls,
      );
      breaker.halfOpenPermitsLeft = permittedNumberOfCallsInHalfOpenState;
    },
  );
}

function breakerTransition(
  breaker: CircuitBreaker,
  to: BreakerState,
  nowUs: number,
  reason: string,
  apply: () => void,
): BreakerTransition {
  const transition: BreakerTransition = { from: breaker.state, to, atUs: nowUs, reason };
  apply();
  breaker.state = to;
  breaker.transitionCount++;
  breaker.lastTransition = transition;
  return transition;
}

function breakerWindowCreate(size: number, minimumNumberOfCalls: number): BreakerWindow {
  return {
    size,
    minimumNumberOfCalls: Math.min(minimumNumberOfCalls, size),
    outcomes: new Array<number>(size).fill(0),
    nextIndex: 0,
    bufferedCalls: 0,
    failedCalls: 0,
    slowCalls: 0,
  };
}

function breakerWindowRecord(window: BreakerWindow, flags: number): void {
  if (window.bufferedCalls === window.size) {
    // Full: the oldest outcome leaves the window as the new one enters.
    const evicted = window.outcomes[window.nextIndex]!;
    if (evicted & FAILED) window.failedCalls--;
    if (evicted & SLOW) window.slowCalls--;
  } else {
    window.bufferedCalls++;
  }
  window.outcomes[window.nextIndex] = flags;
  if (flags & FAILED) window.failedCalls++;
  if (flags & SLOW) window.slowCalls++;
  window.nextIndex = (window.nextIndex + 1) % window.size;
}

function breakerOptionsCheck(options: CircuitBreakerOptions): void {
  const positiveIntegers = [
    'slidingWindowSize',
    'minimumNumberOfCalls',
    'permittedNumberOfCallsInHalfOpenState',
  ] as const;
  for (const key of positiveIntegers) {
    if (!Number.isInteger(options[key]) || options[key] < 1) {
      throw new RangeError(`${key} must be a whole number >= 1, got ${options[key]}`);
    }
  }
  for (const key of ['failureRateThresholdPercent', 'slowCallRateThresholdPercent'] as const) {
    if (!(options[key] > 0 && options[key] <= 100)) {
      throw new RangeError(`${key} must be in (0, 100], got ${options[key]}`);
    }
  }
  for (const key of ['waitDurationInOpenStateMs', 'slowCallDurationThresholdMs'] as const) {
    if (!(options[key] >= 0 && Number.isFinite(options[key]))) {
      throw new RangeError(`${key} must be a finite number >= 0, got ${options[key]}`);
    }
  }
}

/** `55%`, `33.3%`: whole percentages stay whole, others get one decimal. */
function percentText(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}
