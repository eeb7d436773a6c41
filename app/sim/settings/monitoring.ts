/**
 * Monitoring, the SLO the error budget is measured against, and burn-rate alerts.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Monitoring and alerting (docs/reference.md "Availability, nines and error budgets"). */
export interface MonitoringSettings {
  /** `on`: burn-rate alerts fire (and, with manual failover, page an operator). */
  enabled: 'on' | 'off';
  /** Time between synthetic probes from each user group (time-based availability). */
  probeIntervalMs: number;
}

/** The service level objective the error budget and alerts are measured against. */
export interface SloSettings {
  /** Target availability (request-based). */
  target: number;
  /** SLO period. */
  periodDays: number;
}

export interface AlertSettings {
  /**
   * Divides the SRE Workbook's alert windows and the SLO period so a short demo can
   * show them: at 60, one simulated minute stands for an hour. 1 = real windows.
   *
   */
  windowScale: number;
}

export const MONITORING_SPECS: ReadonlyArray<SettingSpecOf<'monitoring', MonitoringSettings>> = [
  {
    path: 'monitoring.enabled',
    label: 'Monitoring',
    kind: 'choice',
    default: 'on',
    choices: ['on', 'off'],
    description: 'With monitoring off, no alert fires and nobody is paged: failures go unnoticed.',
  },
  {
    path: 'monitoring.probeIntervalMs',
    label: 'Probe interval',
    kind: 'number',
    default: 1000,
    min: 100,
    max: 60000,
    integer: true,
    unit: 'ms',
    description:
      'Time between synthetic probes from each user group (measures time-based availability).',
  },
];

export const SLO_SPECS: ReadonlyArray<SettingSpecOf<'slo', SloSettings>> = [
  {
    path: 'slo.target',
    label: 'SLO target',
    kind: 'number',
    default: 0.999,
    min: 0.5,
    max: 0.99999,
    description: 'Service level objective: the share of requests that must succeed.',
  },
  {
    path: 'slo.periodDays',
    label: 'SLO period',
    kind: 'number',
    default: 30,
    min: 1,
    max: 365,
    integer: true,
    unit: 'days',
    description: 'The SLO period the error budget covers (divided by the alert window scale).',
  },
];

export const ALERT_SPECS: ReadonlyArray<SettingSpecOf<'alerts', AlertSettings>> = [
  {
    path: 'alerts.windowScale',
    label: 'Alert window scale',
    kind: 'number',
    default: 60,
    min: 1,
    max: 3600,
    integer: true,
    description:
      'Divides alert windows and the SLO period so a demo can show them: at 60, 1 simulated minute stands for 1 hour. 1 = real windows.',
  },
];
