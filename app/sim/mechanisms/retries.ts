/**
 * Retries: policy, backoff and budgets, shared by the three layers (client, balancer, server).
 */
import { type World } from '../engine/world';
import { type RetryBudgetState } from '../engine/types';
import { backoffDelayMs } from './models/backoff';
import { tokenBucketAllowsRetry, tokenBucketRecord } from './models/retryBudget';
import { retryRatioRecordRequest, retryRatioTryRetry } from './models/retryRatioBudget';
import { type FailureReason } from '../output/series';
import { US_PER_MS } from '../engine/time';

export function createRetries(w: World) {
  const { retryRandom } = w;

  const retryableReason = (reason: FailureReason): boolean =>
    w.settings.retries.retryOn === 'all' ||
    reason === 'refused' ||
    reason === 'timeout' ||
    reason === 'error';

  /** Counts a first attempt at a layer (the budget's denominator). */
  const budgetRequest = (budget: RetryBudgetState): void => {
    retryRatioRecordRequest(budget.ratio, w.nowUs);
  };

  /** Feeds the token bucket with each attempt's result (gRPC: failure -1, success +0.1). */
  const budgetOutcome = (budget: RetryBudgetState, ok: boolean): void => {
    tokenBucketRecord(budget.bucket, !ok);
  };

  /** Whether a retry is allowed now by the configured budget; counts it if so. */
  const budgetAllowsRetry = (budget: RetryBudgetState): boolean => {
    switch (w.settings.retries.budget) {
      case 'none':
        return true;
      case 'percent':
        return retryRatioTryRetry(budget.ratio, w.nowUs, w.settings.retries.budgetPercent);
      case 'token-bucket':
        return tokenBucketAllowsRetry(budget.bucket);
    }
  };

  /**
   * Decides whether a layer retries after a failure: attempts left, a retryable
   * reason and budget room. Returns the backoff in microseconds, or null.
   */
  const retryDelayUs = (
    reason: FailureReason,
    attemptsSoFar: number,
    maxAttempts: number,
    budget: RetryBudgetState,
    previousBackoffMs: number,
    probe = false,
  ): number | null => {
    if (attemptsSoFar >= maxAttempts || !retryableReason(reason)) return null;
    if (!budgetAllowsRetry(budget)) {
      if (!probe) w.retriesDeniedByBudget++; // probes are counted apart from users
      return null;
    }
    const backoffMs = backoffDelayMs(
      {
        baseMs: w.settings.retries.backoffBaseMs,
        capMs: w.settings.retries.backoffCapMs,
        jitter: w.settings.retries.jitter,
      },
      attemptsSoFar,
      previousBackoffMs,
      retryRandom,
    );
    return Math.round(backoffMs * US_PER_MS);
  };

  return { budgetRequest, budgetOutcome, retryDelayUs };
}

export type Retries = ReturnType<typeof createRetries>;
