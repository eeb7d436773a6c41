/**
 * Active health checks from the balancer to each server (docs/reference.md, "Health checks").
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Active health checking (docs/reference.md "Health checks"). */
export interface HealthCheckOptions {
  /** Time between checks of one target. */
  intervalMs: number;
  /** A check with no answer within this time fails. */
  timeoutMs: number;
  /** Consecutive failed checks before a target is marked unhealthy. */
  unhealthyThreshold: number;
  /** Consecutive passed checks before an unhealthy target is healthy again. */
  healthyThreshold: number;
}

export const HEALTH_CHECK_SPECS: ReadonlyArray<SettingSpecOf<'healthCheck', HealthCheckOptions>> = [
  {
    path: 'healthCheck.intervalMs',
    label: 'Health-check interval',
    kind: 'number',
    default: 5000,
    min: 100,
    max: 300000,
    integer: true,
    unit: 'ms',
    description: 'Time between two health checks of the same server.',
  },
  {
    path: 'healthCheck.timeoutMs',
    label: 'Health-check timeout',
    kind: 'number',
    default: 2000,
    min: 10,
    max: 120000,
    integer: true,
    unit: 'ms',
    description:
      'A health check with no answer within this time counts as failed. The next check waits for it, so a timeout above the interval stretches the interval.',
  },
  {
    path: 'healthCheck.unhealthyThreshold',
    label: 'Unhealthy threshold',
    kind: 'number',
    default: 2,
    min: 1,
    max: 10,
    integer: true,
    unit: 'checks',
    description: 'Consecutive failed checks before the balancer stops sending traffic.',
  },
  {
    path: 'healthCheck.healthyThreshold',
    label: 'Healthy threshold',
    kind: 'number',
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    unit: 'checks',
    description: 'Consecutive passed checks before an unhealthy server gets traffic again.',
  },
];
