/**
 * Network latency between users, regions and components.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

export interface NetworkSettings {
  /** One-way latency from users to their regional balancer. */
  userLatencyMs: number;
  /** One-way latency between components inside a region. */
  inRegionLatencyMs: number;
  /** Random extra one-way latency, uniform in [0, jitter). */
  jitterFraction: number;
  /** One-way latency from users to a balancer in another region. */
  crossRegionLatencyMs: number;
}

export const NETWORK_SPECS: ReadonlyArray<SettingSpecOf<'network', NetworkSettings>> = [
  {
    path: 'network.userLatencyMs',
    label: 'User latency',
    kind: 'number',
    default: 20,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way network latency between users and their load balancer.',
  },
  {
    path: 'network.inRegionLatencyMs',
    label: 'In-region latency',
    kind: 'number',
    default: 0.5,
    min: 0,
    max: 100,
    unit: 'ms',
    description: 'One-way network latency between components inside a region.',
  },
  {
    path: 'network.crossRegionLatencyMs',
    label: 'Cross-region latency',
    kind: 'number',
    default: 80,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way latency from users to a load balancer in another region.',
  },
];

/** Random extra latency per hop (listed last in SETTING_SPECS, see index.ts). */
export const JITTER_SPECS: ReadonlyArray<SettingSpecOf<'network', NetworkSettings>> = [
  {
    path: 'network.jitterFraction',
    label: 'Latency jitter',
    kind: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    description: 'Random extra latency per hop, as a fraction of the base latency.',
  },
];
