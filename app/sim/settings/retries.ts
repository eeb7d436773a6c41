/**
 * Retries at three layers, their backoff and budgets, and idempotency keys (which make retrying a write safe).
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/**
 * Retries at three layers: users (client), balancer (to another server) and app
 * servers (to the dependency). Attempts count the original, as gRPC does; 1 = no retry.
 */
export interface RetrySettings {
  clientMaxAttempts: number;
  balancerMaxAttempts: number;
  serverMaxAttempts: number;
  /**
   * Exponential backoff: retry n (1 = first) waits up to min(cap, base x 2^n), the AWS
   * simulator's formula (Envoy's is (2^n - 1) x base).
   */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** AWS Architecture Blog jitter kinds. */
  jitter: 'none' | 'full' | 'equal' | 'decorrelated';
  /**
   * none, percent of requests (Google SRE per-client budget) or gRPC's token bucket.
   * Kept per client: per user client (`client.clientsPerGroup` per
   * group, and one for each group's probes), per balancer and per app server.
   */
  budget: 'none' | 'percent' | 'token-bucket';
  /** Retries may be at most this % of requests over the last 10 s (budget = percent). */
  budgetPercent: number;
  /** retryable: refused, timeout and 5xx only; all: also shed and circuit-open. */
  retryOn: 'retryable' | 'all';
}

export interface IdempotencySettings {
  /** Clients send an idempotency key; the dependency replays the first result. */
  keys: 'on' | 'off';
}

export const RETRY_SPECS: ReadonlyArray<SettingSpecOf<'retries', RetrySettings>> = [
  {
    path: 'retries.clientMaxAttempts',
    label: 'User attempts',
    kind: 'number',
    default: 1,
    min: 1,
    max: 10,
    integer: true,
    unit: 'attempts',
    description: 'Attempts a user makes, the first included (1 = never retry).',
  },
  {
    path: 'retries.balancerMaxAttempts',
    label: 'Balancer attempts',
    kind: 'number',
    default: 1,
    min: 1,
    max: 10,
    integer: true,
    unit: 'attempts',
    description: 'Attempts the balancer makes on different servers, the first included.',
  },
  {
    path: 'retries.serverMaxAttempts',
    label: 'App server attempts',
    kind: 'number',
    default: 1,
    min: 1,
    max: 10,
    integer: true,
    unit: 'attempts',
    description: 'Attempts an app server makes to the payments dependency, the first included.',
  },
  {
    path: 'retries.backoffBaseMs',
    label: 'Backoff base',
    kind: 'number',
    default: 100,
    min: 0,
    max: 60000,
    unit: 'ms',
    description:
      'Base of the exponential backoff: retry n (1 = first) waits up to min(cap, base x 2^n), as in the AWS backoff simulator, so the first retry waits up to 2 x base.',
  },
  {
    path: 'retries.backoffCapMs',
    label: 'Backoff cap',
    kind: 'number',
    default: 2000,
    min: 0,
    max: 600000,
    unit: 'ms',
    description: 'Longest backoff between attempts.',
  },
  {
    path: 'retries.jitter',
    label: 'Jitter',
    kind: 'choice',
    default: 'full',
    choices: ['none', 'full', 'equal', 'decorrelated'],
    description: 'Randomises backoff so clients that failed together do not retry together.',
  },
  {
    path: 'retries.budget',
    label: 'Retry budget',
    kind: 'choice',
    default: 'none',
    choices: ['none', 'percent', 'token-bucket'],
    description:
      'Caps retries: a percentage of recent requests (Google SRE), or a gRPC token bucket (10 tokens, 0.1 per success). Each client keeps its own: every user client (see clients per group), every balancer and every app server.',
  },
  {
    path: 'retries.budgetPercent',
    label: 'Budget percent',
    kind: 'number',
    default: 10,
    min: 0,
    max: 100,
    unit: '%',
    description:
      'With the percent budget, retries may be at most this share of requests over the last 10 s.',
  },
  {
    path: 'retries.retryOn',
    label: 'Retry on',
    kind: 'choice',
    default: 'retryable',
    choices: ['retryable', 'all'],
    description:
      'retryable: retry refused, timed-out and 5xx answers only; all: also retry shed and circuit-open answers.',
  },
];

export const IDEMPOTENCY_SPECS: ReadonlyArray<SettingSpecOf<'idempotency', IdempotencySettings>> = [
  {
    path: 'idempotency.keys',
    label: 'Idempotency keys',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Clients send an idempotency key; the payments dependency replays the first result instead of charging again.',
  },
];
