/**
 * The Google SRE per-client retry budget (docs/reference.md "Timeouts, retries, backoff, jitter"): retries may be at
 * most a percentage of requests over a recent window, so a failing backend sees about
 * (1 + budget) x the load instead of attempts^layers.
 */
import { US_PER_S } from '../../engine/time';

/** Seconds of history the budget looks at. */
const RETRY_RATIO_WINDOW_S = 10;

/** Counts of first attempts and retries per recent second (a ring buffer). */
export interface RetryRatioBudget {
  requests: Float64Array;
  retries: Float64Array;
  /** The second the ring's newest slot holds. */
  second: number;
  /** That second's slot (`second` modulo the window). */
  slot: number;
  /** The first microsecond after that second: until then the ring need not move. */
  secondEndUs: number;
}

export function createRetryRatioBudget(): RetryRatioBudget {
  return {
    requests: new Float64Array(RETRY_RATIO_WINDOW_S),
    retries: new Float64Array(RETRY_RATIO_WINDOW_S),
    second: 0,
    slot: 0,
    secondEndUs: US_PER_S,
  };
}

/** Moves the ring to the second holding `nowUs`, clearing seconds that passed. */
function advance(budget: RetryRatioBudget, nowUs: number): number {
  // Most calls fall in the newest second (a few a request): no division then.
  if (nowUs < budget.secondEndUs) return budget.slot;
  const second = Math.floor(nowUs / US_PER_S);
  const gap = Math.min(second - budget.second, RETRY_RATIO_WINDOW_S);
  for (let i = 1; i <= gap; i++) {
    const slot = (budget.second + i) % RETRY_RATIO_WINDOW_S;
    budget.requests[slot] = 0;
    budget.retries[slot] = 0;
  }
  budget.second = second;
  budget.slot = second % RETRY_RATIO_WINDOW_S;
  budget.secondEndUs = (second + 1) * US_PER_S;
  return budget.slot;
}

const sum = (values: Float64Array): number => values.reduce((a, b) => a + b, 0);

/** Counts a first attempt (a new request). */
export function retryRatioRecordRequest(budget: RetryRatioBudget, nowUs: number): void {
  budget.requests[advance(budget, nowUs)]!++;
}

/**
 * Whether one more retry keeps retries within `percent`% of the window's requests;
 * if so, counts it. (retries + 1) <= percent% x requests: with 10%, one retry needs
 * ten requests behind it.
 */
export function retryRatioTryRetry(
  budget: RetryRatioBudget,
  nowUs: number,
  percent: number,
): boolean {
  const slot = advance(budget, nowUs);
  const allowed = sum(budget.retries) + 1 <= (percent / 100) * sum(budget.requests);
  if (allowed) budget.retries[slot]!++;
  return allowed;
}
