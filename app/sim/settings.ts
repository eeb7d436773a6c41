/**
 * Every tunable number in the simulation, with its unit, default, bounds and the
 * real-world value it stands for (REFERENCE.md). One table drives the engine's
 * defaults, the CLI's `--set` and `--list`, scenario validation and the settings panel.
 */

/** Load-balancing algorithms the regional balancer supports. */
export type BalancerAlgorithm = 'round-robin' | 'least-outstanding';

export interface TrafficSettings {
  /** Mean arrival rate of the open-loop Poisson source, requests per second. Default 50. */
  arrivalRatePerS: number;
}

export interface ClientSettings {
  /** How long a user waits for an answer before giving up. Default 3000 ms. */
  timeoutMs: number;
}

export interface ServerSettings {
  /** Requests a server processes at once; the rest wait in its queue. Default 4. */
  workers: number;
  /** Mean of the exponential service time (M/M/c). Default 20 ms. */
  serviceTimeMsMean: number;
}

export interface BalancerSettings {
  /** How the balancer picks a target. Default round robin (Envoy's and ALB's default). */
  algorithm: BalancerAlgorithm;
}

/** Active health checking (REFERENCE.md section 1). */
export interface HealthCheckOptions {
  /** Time between checks of one target. Default 5000 ms (ALB: 30000 ms). */
  intervalMs: number;
  /** A check with no answer within this time fails. Default 2000 ms (ALB: 5000 ms). */
  timeoutMs: number;
  /** Consecutive failed checks before a target is marked unhealthy. Default 2 (ALB: 2). */
  unhealthyThreshold: number;
  /** Consecutive passed checks before an unhealthy target is healthy again. Default 3 (ALB: 5). */
  healthyThreshold: number;
}

/** Region mode (REFERENCE.md section 5). */
export type RegionMode = 'active-active' | 'active-passive';

export interface RegionSettings {
  /**
   * active-active: every region serves its own users; active-passive: the first
   * region serves everyone and the others are warm standbys. Default active-active.
   */
  mode: RegionMode;
}

/** DNS-style global traffic manager (Route 53-like, REFERENCE.md section 5). */
export interface TrafficManagerOptions {
  /** Time between health checks of each region's endpoint. Default 10000 ms (Route 53 fast; standard 30000 ms). */
  intervalMs: number;
  /** Consecutive failed (or passed) checks before a region is marked unhealthy (or healthy). Default 3. */
  failureThreshold: number;
  /** How long clients keep a DNS answer before asking again. Default 60 s. */
  dnsTtlS: number;
}

/** Monitoring and alerting (REFERENCE.md section 7). */
export interface MonitoringSettings {
  /** `on`: burn-rate alerts fire (and, with manual failover, page an operator). Default on. */
  enabled: 'on' | 'off';
  /** Time between synthetic probes from each user group (time-based availability). Default 1000 ms. */
  probeIntervalMs: number;
}

/** The service level objective the error budget and alerts are measured against. */
export interface SloSettings {
  /** Target availability (request-based). Default 0.999 (99.9%). */
  target: number;
  /** SLO period. Default 30 days. */
  periodDays: number;
}

export interface AlertSettings {
  /**
   * Divides the SRE Workbook's alert windows and the SLO period so a short demo can
   * show them: at 60, one simulated minute stands for an hour. 1 = real windows.
   * Default 60.
   */
  windowScale: number;
}

export interface NetworkSettings {
  /** One-way latency from users to their regional balancer. Default 20 ms. */
  userLatencyMs: number;
  /** One-way latency between components inside a region. Default 0.5 ms. */
  inRegionLatencyMs: number;
  /** Random extra one-way latency, uniform in [0, jitter). Default 10% of the base. */
  jitterFraction: number;
  /** One-way latency from users to a balancer in another region. Default 80 ms. */
  crossRegionLatencyMs: number;
}

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
}

/** A deep-partial settings record, as written in scenario files. */
export type SettingsOverrides = { [K in keyof Settings]?: Partial<Settings[K]> };

interface SettingSpecBase {
  /** Dotted path, e.g. `healthCheck.intervalMs`. */
  path: string;
  description: string;
  /** What a real system uses, shown beside the teaching default. */
  reference?: string;
}

export interface NumberSettingSpec extends SettingSpecBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  unit?: string;
}

export interface ChoiceSettingSpec extends SettingSpecBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

export type SettingSpec = NumberSettingSpec | ChoiceSettingSpec;

/** The settings table. Order is the order shown in `--list` and the settings panel. */
export const SETTING_SPECS: readonly SettingSpec[] = [
  {
    path: 'traffic.arrivalRatePerS',
    kind: 'number',
    default: 50,
    min: 1,
    max: 5000,
    unit: 'req/s',
    description: 'Mean rate of user requests (open-loop Poisson arrivals).',
  },
  {
    path: 'client.timeoutMs',
    kind: 'number',
    default: 3000,
    min: 10,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long a user waits for an answer before giving up (counted as a timeout).',
  },
  {
    path: 'server.workers',
    kind: 'number',
    default: 4,
    min: 1,
    max: 256,
    integer: true,
    description: 'Requests one app server processes at once; the rest wait in its queue.',
  },
  {
    path: 'server.serviceTimeMsMean',
    kind: 'number',
    default: 20,
    min: 0.1,
    max: 10000,
    unit: 'ms',
    description: 'Mean service time of a request (exponentially distributed).',
  },
  {
    path: 'balancer.algorithm',
    kind: 'choice',
    default: 'round-robin',
    choices: ['round-robin', 'least-outstanding'],
    description:
      'How the load balancer picks a healthy server: in turn, or the one with fewest requests in flight.',
    reference: 'Envoy and AWS ALB default: round robin',
  },
  {
    path: 'healthCheck.intervalMs',
    kind: 'number',
    default: 5000,
    min: 100,
    max: 300000,
    integer: true,
    unit: 'ms',
    description: 'Time between two health checks of the same server.',
    reference: 'AWS ALB default 30000 ms; HAProxy 2000 ms',
  },
  {
    path: 'healthCheck.timeoutMs',
    kind: 'number',
    default: 2000,
    min: 10,
    max: 120000,
    integer: true,
    unit: 'ms',
    description: 'A health check with no answer within this time counts as failed.',
    reference: 'AWS ALB default 5000 ms',
  },
  {
    path: 'healthCheck.unhealthyThreshold',
    kind: 'number',
    default: 2,
    min: 1,
    max: 10,
    integer: true,
    description: 'Consecutive failed checks before the balancer stops sending traffic.',
    reference: 'AWS ALB default 2; HAProxy fall 3',
  },
  {
    path: 'healthCheck.healthyThreshold',
    kind: 'number',
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    description: 'Consecutive passed checks before an unhealthy server gets traffic again.',
    reference: 'AWS ALB default 5; HAProxy rise 2',
  },
  {
    path: 'network.userLatencyMs',
    kind: 'number',
    default: 20,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way network latency between users and their load balancer.',
  },
  {
    path: 'network.inRegionLatencyMs',
    kind: 'number',
    default: 0.5,
    min: 0,
    max: 100,
    unit: 'ms',
    description: 'One-way network latency between components inside a region.',
  },
  {
    path: 'network.crossRegionLatencyMs',
    kind: 'number',
    default: 80,
    min: 0,
    max: 1000,
    unit: 'ms',
    description: 'One-way latency from users to a load balancer in another region.',
  },
  {
    path: 'regions.mode',
    kind: 'choice',
    default: 'active-active',
    choices: ['active-active', 'active-passive'],
    description:
      'active-active: each region serves its own users; active-passive: the first region serves everyone, the others wait as warm standbys.',
  },
  {
    path: 'trafficManager.intervalMs',
    kind: 'number',
    default: 10000,
    min: 1000,
    max: 300000,
    integer: true,
    unit: 'ms',
    description: "Time between the traffic manager's health checks of each region.",
    reference: 'Route 53: 30000 ms standard, 10000 ms fast',
  },
  {
    path: 'trafficManager.failureThreshold',
    kind: 'number',
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    description:
      'Consecutive failed (or passed) checks before a region is marked unhealthy (or healthy).',
    reference: 'Route 53 default 3',
  },
  {
    path: 'trafficManager.dnsTtlS',
    kind: 'number',
    default: 60,
    min: 0,
    max: 86400,
    unit: 's',
    description: 'How long clients cache the DNS answer before asking the traffic manager again.',
  },
  {
    path: 'monitoring.enabled',
    kind: 'choice',
    default: 'on',
    choices: ['on', 'off'],
    description: 'With monitoring off, no alert fires and nobody is paged: failures go unnoticed.',
  },
  {
    path: 'monitoring.probeIntervalMs',
    kind: 'number',
    default: 1000,
    min: 100,
    max: 60000,
    integer: true,
    unit: 'ms',
    description:
      'Time between synthetic probes from each user group (measures time-based availability).',
  },
  {
    path: 'slo.target',
    kind: 'number',
    default: 0.999,
    min: 0.5,
    max: 0.99999,
    description: 'Service level objective: the share of requests that must succeed.',
    reference: 'a common default: 99.9% over 30 days',
  },
  {
    path: 'slo.periodDays',
    kind: 'number',
    default: 30,
    min: 1,
    max: 365,
    integer: true,
    unit: 'days',
    description: 'The SLO period the error budget covers (divided by the alert window scale).',
  },
  {
    path: 'alerts.windowScale',
    kind: 'number',
    default: 60,
    min: 1,
    max: 3600,
    integer: true,
    description:
      'Divides alert windows and the SLO period so a demo can show them: at 60, 1 simulated minute stands for 1 hour. 1 = real windows.',
    reference: 'SRE Workbook windows: 1 h/5 min, 6 h/30 min, 3 d/6 h',
  },
  {
    path: 'network.jitterFraction',
    kind: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    description: 'Random extra latency per hop, as a fraction of the base latency.',
  },
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
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { value: null, error: `${path} must be a number (got ${JSON.stringify(raw)})` };
  }
  if (spec.integer && !Number.isInteger(value)) {
    return { value: null, error: `${path} must be a whole number (got ${value})` };
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
