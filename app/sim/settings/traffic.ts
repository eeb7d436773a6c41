/**
 * Users: how much traffic they send, how long they wait, and how many clients a group stands for.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

export interface TrafficSettings {
  /** Mean arrival rate of the open-loop Poisson source, requests per second. */
  arrivalRatePerS: number;
}

export interface ClientSettings {
  /** How long a user waits for an answer before giving up. */
  timeoutMs: number;
  /**
   * Clients (browsers, apps) a user group stands for, each with its own retry budget
   * (the Google SRE budget is per client).
   */
  clientsPerGroup: number;
}

export const TRAFFIC_SPECS: ReadonlyArray<SettingSpecOf<'traffic', TrafficSettings>> = [
  {
    path: 'traffic.arrivalRatePerS',
    label: 'Arrival rate',
    kind: 'number',
    default: 50,
    min: 1,
    max: 5000,
    unit: 'req/s',
    description: 'Mean rate of user requests (open-loop Poisson arrivals).',
  },
];

export const CLIENT_SPECS: ReadonlyArray<SettingSpecOf<'client', ClientSettings>> = [
  {
    path: 'client.timeoutMs',
    label: 'User timeout',
    kind: 'number',
    default: 3000,
    min: 10,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long a user waits for an answer before giving up (counted as a timeout).',
  },
  {
    path: 'client.clientsPerGroup',
    label: 'Clients per user group',
    kind: 'number',
    default: 100,
    min: 1,
    max: 10000,
    integer: true,
    unit: 'clients',
    description:
      'Clients (browsers, apps) each user group stands for. Each request comes from one of them at random, and each keeps its own retry budget. 100 by default because a group is many users: with one group at 50 req/s a client sends 0.5 req/s, and a 10% budget needs 10 of its own requests in the last 10 s before it allows one retry, so quiet clients seldom retry. 1 = one budget for the whole group. The synthetic probes are a client of their own.',
  },
];
