/**
 * Every tunable number in the simulation. Each mechanism's file declares its settings
 * once (path, readable label, unit, range, default, and what real systems use with the
 * docs/reference.md section that says so); this module assembles them into
 * SETTING_SPECS, from which the engine's defaults, validation, the settings panels,
 * share links, the CLI's `--set` and `--list`, and the docs all derive.
 */
import { BALANCER_SPECS } from './balancer';
import { BREAKER_SPECS, DEGRADATION_SPECS } from './breaker';
import { CHAOS_SPECS } from './chaos';
import { DATABASE_SPECS } from './database';
import { DEPENDENCY_SPECS } from './dependency';
import { HEALTH_CHECK_SPECS } from './healthChecks';
import { ALERT_SPECS, MONITORING_SPECS, SLO_SPECS } from './monitoring';
import { JITTER_SPECS, NETWORK_SPECS } from './network';
import { OUTLIER_SPECS } from './outlier';
import { REGION_SPECS, TRAFFIC_MANAGER_SPECS } from './regions';
import { IDEMPOTENCY_SPECS, RETRY_SPECS } from './retries';
import { SERVER_SPECS, SHEDDING_SPECS } from './server';
import type { Settings, SettingsOverrides } from './shape';
import type { SettingSpec } from './spec';
import { CLIENT_SPECS, TRAFFIC_SPECS } from './traffic';

export type { BalancerAlgorithm, BalancerSettings } from './balancer';
export type { BreakerSettings, DegradationSettings } from './breaker';
export type { ChaosSettings } from './chaos';
export type { DatabaseSettings } from './database';
export type { DependencySettings } from './dependency';
export type { HealthCheckOptions } from './healthChecks';
export type { AlertSettings, MonitoringSettings, SloSettings } from './monitoring';
export type { NetworkSettings } from './network';
export type { OutlierSettings } from './outlier';
export type { RegionMode, RegionSettings, TrafficManagerOptions } from './regions';
export type { IdempotencySettings, RetrySettings } from './retries';
export type { ServerSettings } from './server';
export type {
  ChoiceSettingSpec,
  NumberSettingSpec,
  RealWorldDefault,
  ReferenceSource,
  SettingSpec,
} from './spec';
export type { ClientSettings, TrafficSettings } from './traffic';
export type { SettingPath, Settings, SettingsOverrides } from './shape';
export { realWorldText, withUnit } from './text';
export { primaryRealWorldValue, REAL_WORLD, realWorldOf, realWorldValue } from './realWorld';

/**
 * The settings table. Order is the order shown in `--list` and the settings panels; it
 * is the order of the table before it was split by mechanism (shedding after the
 * balancer, jitter last; chaos mode, added later, after it), because seeded sweeps (app/scenarios/invariantSweep.ts) pick
 * settings by index: another order would change which runs they make.
 */
export const SETTING_SPECS: readonly SettingSpec[] = [
  ...TRAFFIC_SPECS,
  ...CLIENT_SPECS,
  ...SERVER_SPECS,
  ...BALANCER_SPECS,
  ...SHEDDING_SPECS,
  ...HEALTH_CHECK_SPECS,
  ...NETWORK_SPECS,
  ...REGION_SPECS,
  ...TRAFFIC_MANAGER_SPECS,
  ...MONITORING_SPECS,
  ...SLO_SPECS,
  ...ALERT_SPECS,
  ...DEPENDENCY_SPECS,
  ...RETRY_SPECS,
  ...IDEMPOTENCY_SPECS,
  ...BREAKER_SPECS,
  ...DEGRADATION_SPECS,
  ...OUTLIER_SPECS,
  ...DATABASE_SPECS,
  ...JITTER_SPECS,
  ...CHAOS_SPECS,
];

const SPEC_BY_PATH = new Map(SETTING_SPECS.map((spec) => [spec.path, spec]));

/** The spec for a dotted path, or undefined when no such setting exists. */
export function settingSpec(path: string): SettingSpec | undefined {
  return SPEC_BY_PATH.get(path);
}

/** A fresh settings record holding every default. */
export function defaultSettings(): Settings {
  const settings = {} as Record<string, Record<string, unknown>>;
  for (const spec of SETTING_SPECS) {
    const [group, key] = spec.path.split('.') as [string, string];
    (settings[group] ??= {})[key] = spec.default;
  }
  return settings as unknown as Settings;
}

/** Reads a setting by dotted path. */
export function getSetting(settings: Settings, path: string): number | string {
  const [group, key] = path.split('.') as [string, string];
  return (settings as unknown as Record<string, Record<string, number | string>>)[group]![key]!;
}

/**
 * Checks a value against its spec. Returns an error sentence, or null when valid.
 * Accepts strings (from the CLI and URL) and converts numbers.
 */
export function validateSetting(
  path: string,
  raw: unknown,
): { value: number | string; error: null } | { value: null; error: string } {
  const spec = settingSpec(path);
  if (!spec) return { value: null, error: `unknown setting "${path}" (see --list)` };
  if (spec.kind === 'choice') {
    if (typeof raw !== 'string' || !spec.choices.includes(raw)) {
      return {
        value: null,
        error: `${path} must be one of ${spec.choices.join(', ')} (got ${JSON.stringify(raw)})`,
      };
    }
    return { value: raw, error: null };
  }
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  // Every refusal names the allowed range, so the reader can fix the value in one go.
  const range = `between ${spec.min} and ${spec.max}${spec.unit ? ' ' + spec.unit : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { value: null, error: `${path} must be a number ${range} (got ${JSON.stringify(raw)})` };
  }
  if (spec.integer && !Number.isInteger(value)) {
    return { value: null, error: `${path} must be a whole number ${range} (got ${value})` };
  }
  if (value < spec.min || value > spec.max) {
    return {
      value: null,
      error: `${path} must be between ${spec.min} and ${spec.max}${spec.unit ? ' ' + spec.unit : ''} (got ${value})`,
    };
  }
  return { value, error: null };
}

/** Returns a copy of `settings` with one path changed. The value must be valid. */
export function withSetting(settings: Settings, path: string, value: number | string): Settings {
  const [group, key] = path.split('.') as [keyof Settings, string];
  return { ...settings, [group]: { ...settings[group], [key]: value } } as Settings;
}

/** Flattens overrides to (path, value) pairs, for validation. */
export function flattenOverrides(overrides: SettingsOverrides): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  for (const [group, values] of Object.entries(overrides)) {
    if (values === null || typeof values !== 'object') {
      pairs.push([group, values]);
      continue;
    }
    for (const [key, value] of Object.entries(values)) pairs.push([`${group}.${key}`, value]);
  }
  return pairs;
}
