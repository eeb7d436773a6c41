/**
 * Regions and the DNS-style traffic manager in front of them.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Region mode (docs/reference.md "Failover"). */
export type RegionMode = 'active-active' | 'active-passive';

export interface RegionSettings {
  /**
   * active-active: every region serves its own users; active-passive: the first
   * region serves everyone and the others are warm standbys.
   */
  mode: RegionMode;
}

/** DNS-style global traffic manager (Route 53-like, docs/reference.md "Failover"). */
export interface TrafficManagerOptions {
  /** Time between health checks of each region's endpoint. */
  intervalMs: number;
  /** Consecutive failed (or passed) checks before a region is marked unhealthy (or healthy). */
  failureThreshold: number;
  /** How long clients keep a DNS answer before asking again. */
  dnsTtlS: number;
}

export const REGION_SPECS: ReadonlyArray<SettingSpecOf<'regions', RegionSettings>> = [
  {
    path: 'regions.mode',
    label: 'Region mode',
    kind: 'choice',
    default: 'active-active',
    choices: ['active-active', 'active-passive'],
    description:
      'active-active: each region serves its own users; active-passive: the first region serves everyone, the others wait as warm standbys.',
  },
];

export const TRAFFIC_MANAGER_SPECS: ReadonlyArray<
  SettingSpecOf<'trafficManager', TrafficManagerOptions>
> = [
  {
    path: 'trafficManager.intervalMs',
    label: 'Region check interval',
    kind: 'number',
    default: 10000,
    min: 1000,
    max: 300000,
    integer: true,
    unit: 'ms',
    description: "Time between the traffic manager's health checks of each region.",
  },
  {
    path: 'trafficManager.failureThreshold',
    label: 'Region failure threshold',
    kind: 'number',
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    unit: 'checks',
    description:
      'Consecutive failed (or passed) checks before a region is marked unhealthy (or healthy).',
  },
  {
    path: 'trafficManager.dnsTtlS',
    label: 'DNS TTL',
    kind: 'number',
    default: 60,
    min: 0,
    max: 86400,
    unit: 's',
    description: 'How long clients cache the DNS answer before asking the traffic manager again.',
  },
];
