/**
 * Passive outlier detection at the balancer (Envoy's).
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Passive outlier detection at the balancer (Envoy). */
export interface OutlierSettings {
  enabled: 'on' | 'off';
  consecutive5xx: number;
  baseEjectionTimeMs: number;
  maxEjectionPercent: number;
}

export const OUTLIER_SPECS: ReadonlyArray<SettingSpecOf<'outlier', OutlierSettings>> = [
  {
    path: 'outlier.enabled',
    label: 'Outlier detection',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Passive outlier detection: the balancer ejects a server after consecutive failed requests.',
  },
  {
    path: 'outlier.consecutive5xx',
    label: 'Consecutive failures',
    kind: 'number',
    default: 5,
    min: 1,
    max: 1000,
    integer: true,
    unit: 'requests',
    description: 'Consecutive failed requests that eject a server.',
  },
  // Shorter than Envoy's 30 s so ejection and return both happen within a minute at 1x;
  // the thresholds stay Envoy's: 5 failures and 10% (which is "one host" in any cluster
  // under 20 hosts, itself a point worth seeing).
  {
    path: 'outlier.baseEjectionTimeMs',
    label: 'Ejection time',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description:
      'Ejection time; multiplied by the number of times the server was ejected (at most 10x).',
  },
  {
    path: 'outlier.maxEjectionPercent',
    label: 'Max ejected',
    kind: 'number',
    default: 10,
    min: 0,
    max: 100,
    unit: '%',
    description: 'At most this share of servers is ejected at once (at least one).',
  },
];
