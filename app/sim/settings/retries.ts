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
    realWorld: [
      {
        system: 'Google SRE',
        value: 3,
        note: 'an upper limit, not a default',
        source: 'docs/reference.md#google-sre-retry-budgets',
      },
    ],
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
    realWorld: [
      {
        system: 'Envoy',
        value: 2,
        note: '1 retry when a retry policy exists',
        source: 'docs/reference.md#envoy-retries',
      },
    ],
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
    realWorld: [
      {
        system: 'Google SRE',
        value: null,
        note: 'retry at one layer only',
        source: 'docs/reference.md#google-sre-retry-budgets',
      },
    ],
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
    realWorld: [
      {
        system: 'Envoy',
        value: 25,
        note: 'its retry n waits up to (2^n - 1) x base: 25, 75, 175 ms, so its first retry waits up to 1 x base',
        source: 'docs/reference.md#envoy-retries',
      },
      {
        system: 'AWS backoff simulator',
        value: null,
        note: 'min(cap, base x 2^n), the formula used here',
        source: 'docs/reference.md#exponential-backoff-and-jitter',
      },
    ],
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
    realWorld: [
      {
        system: 'Envoy',
        value: 250,
        note: '10 x its 25 ms base',
        source: 'docs/reference.md#envoy-retries',
      },
    ],
  },
  {
    path: 'retries.jitter',
    label: 'Jitter',
    kind: 'choice',
    default: 'full',
    choices: ['none', 'full', 'equal', 'decorrelated'],
    description: 'Randomises backoff so clients that failed together do not retry together.',
    realWorld: [
      {
        system: 'AWS Architecture Blog',
        value: 'full',
        note: 'full jitter spreads retries best',
        source: 'docs/reference.md#exponential-backoff-and-jitter',
      },
      { system: 'Envoy', value: 'full', source: 'docs/reference.md#envoy-retries' },
    ],
  },
  {
    path: 'retries.budget',
    label: 'Retry budget',
    kind: 'choice',
    default: 'none',
    choices: ['none', 'percent', 'token-bucket'],
    description:
      'Caps retries: a percentage of recent requests (Google SRE), or a gRPC token bucket (10 tokens, 0.1 per success). Each client keeps its own: every user client (see clients per group), every balancer and every app server.',
    realWorld: [
      {
        system: 'Google SRE',
        value: 'percent',
        note: 'about 10% of requests, per client',
        source: 'docs/reference.md#google-sre-retry-budgets',
      },
      {
        system: 'gRPC',
        value: 'token-bucket',
        note: 'retry throttling, when configured',
        source: 'docs/reference.md#grpc-retry-throttling',
      },
    ],
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
    realWorld: [
      { system: 'Google SRE', value: 10, source: 'docs/reference.md#google-sre-retry-budgets' },
      {
        system: 'Envoy',
        value: 20,
        note: 'of active requests, at least 3 concurrent retries',
        source: 'docs/reference.md#envoy-retries',
      },
    ],
  },
  {
    path: 'retries.retryOn',
    label: 'Retry on',
    kind: 'choice',
    default: 'retryable',
    choices: ['retryable', 'all'],
    description:
      'retryable: retry refused, timed-out and 5xx answers only; all: also retry shed and circuit-open answers.',
    realWorld: [
      {
        system: 'Envoy',
        value: null,
        note: 'retries only on the conditions its retry_on lists',
        source: 'docs/reference.md#envoy-retries',
      },
    ],
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
    realWorld: [
      {
        system: 'Stripe',
        value: null,
        note: 'the client sends an Idempotency-Key header when it wants one',
        source: 'docs/reference.md#idempotency-keys',
      },
    ],
  },
];
