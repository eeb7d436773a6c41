/**
 * The regional load balancer: how it picks a server, its per-try timeout, its panic threshold.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Load-balancing algorithms the regional balancer supports. */
export type BalancerAlgorithm = 'round-robin' | 'least-outstanding' | 'random' | 'power-of-two';

export interface BalancerSettings {
  /** How the balancer picks a target. */
  algorithm: BalancerAlgorithm;
  /** Per-try timeout from balancer to server; 0 = none (wait for the client). */
  perTryTimeoutMs: number;
  /**
   * Below this share of healthy targets the balancer routes to all of them (Envoy's
   * panic threshold). At 0 it does so only when none is healthy (AWS ALB's fail-open).
   *
   */
  panicThresholdPercent: number;
}

export const BALANCER_SPECS: ReadonlyArray<SettingSpecOf<'balancer', BalancerSettings>> = [
  {
    path: 'balancer.algorithm',
    label: 'Algorithm',
    kind: 'choice',
    default: 'round-robin',
    choices: ['round-robin', 'least-outstanding', 'random', 'power-of-two'],
    description:
      'How the balancer picks a server: in turn, fewest requests in flight, at random, or the less busy of two random ones. Weights apply to all.',
  },
  {
    path: 'balancer.perTryTimeoutMs',
    label: 'Balancer per-try timeout',
    kind: 'number',
    default: 0,
    min: 0,
    max: 60000,
    integer: true,
    unit: 'ms',
    description:
      'How long the balancer waits for one server before giving up on it (0 = no timeout).',
  },
  {
    path: 'balancer.panicThresholdPercent',
    label: 'Panic threshold',
    kind: 'number',
    default: 0,
    min: 0,
    max: 100,
    unit: '%',
    description:
      'Below this share of healthy servers the balancer routes to all of them (0: only when none is healthy).',
  },
];
