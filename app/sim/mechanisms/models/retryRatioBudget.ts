/**
 * The Google SRE per-client retry budget (docs/reference.md "Timeouts, retries, backoff, jitter"): retries may be at
 * most a percentage of requests over a recent window, so a failing backend sees about
 * (1 + budget) x the load instead of attempts^layers.
 */
import { US_PER_S } from '../../engine/time';

/** Seconds of history the budget looks at. */
const RETRY_RATIO_WINDOW_S = 10;

/**
 * Counts of first attempts and retries per recent second, in a ring of one slot per
 * second of the window (the second modulo the window). Each slot is stamped with the
 * second it counts: a slot whose stamp fell out of the window counts nothing and is
 * reset when its second comes round again. So moving to a new second touches one slot,
 * not every second that passed: a client's budget moves nearly every time (a group's
 * 100 clients each send a request every few seconds), once per request.
 */
export interface RetryRatioBudget {
  /**
   * One block (a client's budget is one object and one array): first attempts at
   * `[slot]`, retries at `[WINDOW + slot]`, the slot's second at `[2 * WINDOW + slot]`.
   */
  slots: Float64Array;
  /** The second the newest slot holds. */
  second: number;
  /** That second's slot (`second` modulo the window). */
  slot: number;
  /** The first microsecond after that second: until then the ring need not move. */
  secondEndUs: number;
}

const RETRIES = RETRY_RATIO_WINDOW_S;
const STAMPS = 2 * RETRY_RATIO_WINDOW_S;

export function createRetryRatioBudget(): RetryRatioBudget {
  // Every slot counts nothing yet, so its stamp does not matter: second 0 is slot 0's.
  return {
    slots: new Float64Array(3 * RETRY_RATIO_WINDOW_S),
    second: 0,
    slot: 0,
    secondEndUs: US_PER_S,
  };
}

/** Moves the ring to the second holding `nowUs` (never earlier than the newest). */
function advance(budget: RetryRatioBudget, nowUs: number): number {
  // Most calls fall in the newest second (a few a request): no division then.
  if (nowUs < budget.secondEndUs) return budget.slot;
  const second = Math.floor(nowUs / US_PER_S);
  const slot = second % RETRY_RATIO_WINDOW_S;
  const slots = budget.slots;
  if (slots[STAMPS + slot] !== second) {
    slots[slot] = 0;
    slots[RETRIES + slot] = 0;
    slots[STAMPS + slot] = second;
  }
  budget.second = second;
  budget.slot = slot;
  budget.secondEndUs = (second + 1) * US_PER_S;
  return slot;
}

/** Counts a first attempt (a new request). */
export function retryRatioRecordRequest(budget: RetryRatioBudget, nowUs: number): void {
  budget.slots[advance(budget, nowUs)]!++;
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
  const slots = budget.slots;
  // The window's seconds: (second - window, second]. Older slots count nothing.
  const oldest = budget.second - RETRY_RATIO_WINDOW_S;
  let requests = 0;
  let retries = 0;
  for (let i = 0; i < RETRY_RATIO_WINDOW_S; i++) {
    if (slots[STAMPS + i]! > oldest) {
      requests += slots[i]!;
      retries += slots[RETRIES + i]!;
    }
  }
  const allowed = retries + 1 <= (percent / 100) * requests;
  if (allowed) slots[RETRIES + slot]!++;
  return allowed;
}
