/**
 * Monitoring, the SLO the error budget is measured against, and burn-rate alerts.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Monitoring and alerting (REFERENCE.md section 7). */
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
    realWorld: [
      {
        system: 'SRE Workbook',
        value: null,
        note: 'page on error-budget burn rate',
        source: 'docs/reference.md#error-budgets-and-burn-rate-alerts',
      },
      {
        system: 'Manual failover',
        value: null,
        note: 'without monitoring nobody is told',
        source: 'docs/reference.md#manual-failover',
      },
    ],
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
    realWorld: [
      {
        system: 'Google SRE',
        value: null,
        note: 'time-based availability needs probes; you choose how often',
        source: 'docs/reference.md#two-definitions-of-availability',
      },
    ],
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
    realWorld: [
      {
        system: 'SRE Workbook',
        value: 0.999,
        note: 'its examples: 99.9% over 30 days',
        source: 'docs/reference.md#error-budgets-and-burn-rate-alerts',
      },
    ],
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
    realWorld: [
      {
        system: 'SRE Workbook',
        value: 30,
        source: 'docs/reference.md#error-budgets-and-burn-rate-alerts',
      },
    ],
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
    realWorld: [
      {
        system: 'SRE Workbook',
        value: 1,
        note: 'real windows: 1 h/5 min, 6 h/30 min, 3 d/6 h',
        source: 'docs/reference.md#error-budgets-and-burn-rate-alerts',
      },
    ],
  },
];
