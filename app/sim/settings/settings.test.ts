import { describe, expect, it } from 'vitest';
import {
  SETTING_SPECS,
  defaultSettings,
  flattenOverrides,
  getSetting,
  realWorldValue,
  validateSetting,
  withSetting,
} from '.';
import { DATABASE_DEFAULTS } from '../database/options';

describe('defaultSettings', () => {
  it('holds the defaults the issue names', () => {
    const d = defaultSettings();
    // Issue 2: interval 5 s, timeout 2 s, unhealthy 2, healthy 3 (for watchability).
    expect(d.healthCheck).toEqual({
      intervalMs: 5000,
      timeoutMs: 2000,
      unhealthyThreshold: 2,
      healthyThreshold: 3,
    });
    // 50 req/s open-loop Poisson, 3 s client timeout, 20 ms mean service, round robin.
    expect(d.traffic.arrivalRatePerS).toBe(50);
    expect(d.client.timeoutMs).toBe(3000);
    expect(d.server.serviceTimeMsMean).toBe(20);
    expect(d.server.workers).toBe(4);
    expect(d.balancer.algorithm).toBe('round-robin');
    // Users to balancer "tens of ms", inside a region "~1 ms".
    expect(d.network.userLatencyMs).toBeGreaterThanOrEqual(10);
    expect(d.network.userLatencyMs).toBeLessThan(100);
    expect(d.network.inRegionLatencyMs).toBeGreaterThan(0);
    expect(d.network.inRegionLatencyMs).toBeLessThanOrEqual(1);
  });

  it('returns a fresh record each time', () => {
    const a = defaultSettings();
    a.healthCheck.intervalMs = 1;
    expect(defaultSettings().healthCheck.intervalMs).toBe(5000);
  });

  it('shows the AWS ALB defaults (30 s, 5 s, 2, 5) beside the health-check settings', () => {
    // AWS ELB user guide, "Health checks for your target groups".
    expect(realWorldValue('healthCheck.intervalMs', 'AWS ALB')).toBe(30000);
    expect(realWorldValue('healthCheck.timeoutMs', 'AWS ALB')).toBe(5000);
    expect(realWorldValue('healthCheck.unhealthyThreshold', 'AWS ALB')).toBe(2);
    expect(realWorldValue('healthCheck.healthyThreshold', 'AWS ALB')).toBe(5);
    expect(() => realWorldValue('healthCheck.intervalMs', 'Nobody')).toThrow(/Nobody/);
  });

  it('lets the arrival rate range from 1 to 5,000 per second', () => {
    expect(validateSetting('traffic.arrivalRatePerS', 1).error).toBeNull();
    expect(validateSetting('traffic.arrivalRatePerS', 5000).error).toBeNull();
    expect(validateSetting('traffic.arrivalRatePerS', 0.5).error).not.toBeNull();
    expect(validateSetting('traffic.arrivalRatePerS', 5001).error).not.toBeNull();
  });

  it('has unique paths, each default valid under its own spec', () => {
    const paths = SETTING_SPECS.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const spec of SETTING_SPECS) {
      expect(validateSetting(spec.path, spec.default)).toEqual({
        value: spec.default,
        error: null,
      });
      expect(getSetting(defaultSettings(), spec.path)).toBe(spec.default);
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });
});

describe('validateSetting', () => {
  it('accepts valid values, converting numeric strings from the CLI and URLs', () => {
    expect(validateSetting('healthCheck.intervalMs', 10_000)).toEqual({
      value: 10_000,
      error: null,
    });
    expect(validateSetting('healthCheck.intervalMs', '10000')).toEqual({
      value: 10_000,
      error: null,
    });
    expect(validateSetting('server.serviceTimeMsMean', 12.5)).toEqual({ value: 12.5, error: null });
    expect(validateSetting('balancer.algorithm', 'least-outstanding')).toEqual({
      value: 'least-outstanding',
      error: null,
    });
  });

  const rejected: Array<[string, unknown, string]> = [
    ['healthCheck.intervalSeconds', 5, 'unknown path'],
    ['nope', 5, 'unknown path'],
    ['healthCheck', 5, 'a group, not a setting'],
    ['healthCheck.intervalMs', 'abc', 'not a number'],
    ['healthCheck.intervalMs', '', 'empty string'],
    ['healthCheck.intervalMs', null, 'null'],
    ['healthCheck.intervalMs', true, 'boolean'],
    ['healthCheck.intervalMs', Number.NaN, 'NaN'],
    ['healthCheck.intervalMs', Number.POSITIVE_INFINITY, 'infinite'],
    ['healthCheck.intervalMs', 50, 'below the minimum'],
    ['healthCheck.intervalMs', 300_001, 'above the maximum'],
    ['traffic.arrivalRatePerS', 0, 'below the minimum'],
    ['traffic.arrivalRatePerS', -5, 'negative'],
    ['healthCheck.unhealthyThreshold', 2.5, 'not a whole number'],
    ['healthCheck.unhealthyThreshold', '2.5', 'not a whole number (string)'],
    ['server.workers', 0, 'below the minimum'],
    ['balancer.algorithm', 'fastest-first', 'not one of the choices'],
    ['balancer.algorithm', 1, 'not a string'],
  ];
  for (const [path, value, why] of rejected) {
    it(`rejects ${path} = ${JSON.stringify(value) ?? String(value)} (${why}) with a message naming the path`, () => {
      const result = validateSetting(path, value);
      expect(result.value).toBeNull();
      expect(result.error).toContain(path);
    });
  }

  it('says what is wrong', () => {
    expect(validateSetting('healthCheck.intervalMs', 50).error).toMatch(/between 100 and 300000/);
    expect(validateSetting('healthCheck.unhealthyThreshold', 2.5).error).toMatch(/whole number/);
    expect(validateSetting('healthCheck.intervalMs', 'abc').error).toMatch(/number/);
    expect(validateSetting('balancer.algorithm', 'fastest-first').error).toMatch(
      /round-robin, least-outstanding/,
    );
  });
});

describe('withSetting and flattenOverrides', () => {
  it('changes one path in a copy, leaving the original untouched', () => {
    const before = defaultSettings();
    const after = withSetting(before, 'healthCheck.intervalMs', 30_000);
    expect(after.healthCheck.intervalMs).toBe(30_000);
    expect(before.healthCheck.intervalMs).toBe(5000);
    expect(after.healthCheck.timeoutMs).toBe(2000);
    expect(after.traffic).toBe(before.traffic);
  });

  it('flattens nested overrides to dotted paths, keeping malformed groups for validation', () => {
    expect(
      flattenOverrides({ healthCheck: { intervalMs: 30_000, healthyThreshold: 5 }, traffic: {} }),
    ).toEqual([
      ['healthCheck.intervalMs', 30_000],
      ['healthCheck.healthyThreshold', 5],
    ]);
    const malformed = flattenOverrides({ healthCheck: 5 } as never);
    expect(malformed).toEqual([['healthCheck', 5]]);
    expect(validateSetting(...malformed[0]!).error).toContain('healthCheck');
  });
});

describe('the database engine’s own defaults', () => {
  it('agree with the database settings’ specs (DATABASE_DEFAULTS is the engine-side copy)', () => {
    const engine = DATABASE_DEFAULTS as unknown as Record<string, unknown>;
    // writeShare and keys shape the requests app servers send; the rest are engine options.
    const shared = Object.entries(defaultSettings().database).filter(([key]) => key in engine);
    expect(shared.length).toBe(
      SETTING_SPECS.filter((s) => s.path.startsWith('database.')).length - 2,
    );
    for (const [key, value] of shared) {
      // The engine takes fencing as a boolean; the setting is on/off.
      expect(engine[key], key).toEqual(key === 'fencing' ? value === 'on' : value);
    }
  });
});
