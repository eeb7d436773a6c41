/**
 * App servers: workers, service time, and load shedding.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

export interface ServerSettings {
  /** Requests a server processes at once; the rest wait in its queue. */
  workers: number;
  /** Mean of the exponential service time (M/M/c). */
  serviceTimeMsMean: number;
  /** Load shedding: reject work at once when the queue is full. */
  shedding: 'on' | 'off';
  /** Queue length at which a shedding server rejects new work. */
  queueLimit: number;
}

export const SERVER_SPECS: ReadonlyArray<SettingSpecOf<'server', ServerSettings>> = [
  {
    path: 'server.workers',
    label: 'Workers per server',
    kind: 'number',
    default: 4,
    min: 1,
    max: 256,
    integer: true,
    description: 'Requests one app server processes at once; the rest wait in its queue.',
  },
  {
    path: 'server.serviceTimeMsMean',
    label: 'Mean service time',
    kind: 'number',
    default: 20,
    min: 0.1,
    max: 10000,
    unit: 'ms',
    description: 'Mean service time of a request (exponentially distributed).',
  },
];

/** Load shedding: a server with a full queue rejects new work at once. */
export const SHEDDING_SPECS: ReadonlyArray<SettingSpecOf<'server', ServerSettings>> = [
  {
    path: 'server.shedding',
    label: 'Load shedding',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Load shedding: a server with a full queue rejects new work at once instead of queueing it.',
  },
  {
    path: 'server.queueLimit',
    label: 'Queue limit',
    kind: 'number',
    default: 50,
    min: 1,
    max: 100000,
    integer: true,
    unit: 'requests',
    description: 'Queue length at which a shedding server rejects new work.',
  },
];
