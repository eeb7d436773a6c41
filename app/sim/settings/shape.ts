/**
 * The shape of the whole settings record: one group per mechanism, each group's type
 * declared beside its specs in the mechanism's file.
 */
import type { BalancerSettings } from './balancer';
import type { BreakerSettings, DegradationSettings } from './breaker';
import type { ChaosSettings } from './chaos';
import type { DatabaseSettings } from './database';
import type { DependencySettings } from './dependency';
import type { HealthCheckOptions } from './healthChecks';
import type { AlertSettings, MonitoringSettings, SloSettings } from './monitoring';
import type { NetworkSettings } from './network';
import type { OutlierSettings } from './outlier';
import type { RegionSettings, TrafficManagerOptions } from './regions';
import type { IdempotencySettings, RetrySettings } from './retries';
import type { ServerSettings } from './server';
import type { ClientSettings, TrafficSettings } from './traffic';

export interface Settings {
  traffic: TrafficSettings;
  client: ClientSettings;
  server: ServerSettings;
  balancer: BalancerSettings;
  healthCheck: HealthCheckOptions;
  network: NetworkSettings;
  regions: RegionSettings;
  trafficManager: TrafficManagerOptions;
  monitoring: MonitoringSettings;
  slo: SloSettings;
  alerts: AlertSettings;
  dependency: DependencySettings;
  retries: RetrySettings;
  idempotency: IdempotencySettings;
  breaker: BreakerSettings;
  degradation: DegradationSettings;
  outlier: OutlierSettings;
  database: DatabaseSettings;
  chaos: ChaosSettings;
}

/** Every setting's dotted path, e.g. `'healthCheck.intervalMs'`. */
export type SettingPath = {
  [Group in keyof Settings]: `${Group}.${keyof Settings[Group] & string}`;
}[keyof Settings];

/** A deep-partial settings record, as written in scenario files. */
export type SettingsOverrides = { [K in keyof Settings]?: Partial<Settings[K]> };
