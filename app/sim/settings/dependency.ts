/**
 * The payments dependency app servers call.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** The external dependency app servers call (a payment provider). */
export interface DependencySettings {
  /** Share of user requests that call it ("checkout": charge a card). */
  callShare: number;
  /** Mean service time of the dependency. */
  serviceTimeMsMean: number;
  /** Calls it processes at once. */
  workers: number;
  /** One-way latency from an app server to it. */
  latencyMs: number;
  /** How long an app server waits for it. */
  timeoutMs: number;
}

export const DEPENDENCY_SPECS: ReadonlyArray<SettingSpecOf<'dependency', DependencySettings>> = [
  {
    path: 'dependency.callShare',
    label: 'Payments call share',
    kind: 'number',
    default: 0.3,
    min: 0,
    max: 1,
    description:
      'Share of user requests that call the payments dependency (checkout: charge a card).',
  },
  {
    path: 'dependency.serviceTimeMsMean',
    label: 'Payments service time',
    kind: 'number',
    default: 30,
    min: 0.1,
    max: 10000,
    unit: 'ms',
    description: 'Mean time the payments dependency takes to answer.',
  },
  {
    path: 'dependency.workers',
    label: 'Payments workers',
    kind: 'number',
    default: 32,
    min: 1,
    max: 1024,
    integer: true,
    unit: 'calls',
    description: 'Calls the payments dependency processes at once.',
  },
  {
    path: 'dependency.latencyMs',
    label: 'Payments latency',
    kind: 'number',
    default: 5,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way latency from an app server to the payments dependency.',
  },
  {
    path: 'dependency.timeoutMs',
    label: 'Payments timeout',
    kind: 'number',
    default: 1000,
    min: 1,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long an app server waits for the payments dependency.',
  },
];
