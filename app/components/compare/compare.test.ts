import { describe, expect, it } from 'vitest';
import { defaultSettings, settingSpec, type Settings } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { ACTIVE_PASSIVE, builtinScenario, simulationInput, type Scenario } from '../../scenarios';
import { wilsonInterval } from '../app/format';
import { compareRows, comparePresets, describeChanges } from './compare';

const settingsOf = (scenario: Scenario): Settings =>
  createSimulation(simulationInput(scenario), { seed: 1 }).settings();

describe('comparePresets', () => {
  it('offers the other region mode, a shorter TTL and the balancing algorithm for two regions', () => {
    const presets = comparePresets(
      { regions: 2, database: false, dependency: true },
      settingsOf(ACTIVE_PASSIVE),
    );
    const labels = presets.map((p) => p.label);
    expect(labels).toContain('Active-active regions');
    expect(labels).not.toContain('Active-passive regions');
    expect(labels).toContain('DNS TTL of 10 s');
    expect(labels).toContain('Least outstanding requests');
    expect(presets.find((p) => p.label === 'Active-active regions')!.changes).toEqual([
      { path: 'regions.mode', value: 'active-active' },
    ]);
  });

  it('offers only what changes something in this cloud', () => {
    const oneRegion = comparePresets(
      { regions: 1, database: false, dependency: false },
      defaultSettings(),
    ).map((p) => p.label);
    expect(oneRegion.some((l) => /regions|DNS/.test(l))).toBe(false);
    expect(oneRegion.some((l) => /breaker|jitter|Idempotency|replication/i.test(l))).toBe(false);

    const database = settingsOf(builtinScenario('database')!);
    const labels = comparePresets({ regions: 1, database: true, dependency: false }, database).map(
      (p) => p.label,
    );
    expect(labels).toContain(
      database.database.replicationMode === 'sync'
        ? 'Asynchronous replication'
        : 'Synchronous replication',
    );
    for (const preset of comparePresets(
      { regions: 2, database: true, dependency: true },
      defaultSettings(),
    )) {
      expect(preset.changes.length).toBeGreaterThan(0);
    }
  });

  it('describes changes by the readable names of the settings spec, with their units', () => {
    const text = describeChanges([
      { path: 'regions.mode', value: 'active-active' },
      { path: 'healthCheck.intervalMs', value: 5000 },
      { path: 'balancer.panicThresholdPercent', value: 50 },
    ]);
    // The names the Settings tab shows (one declaration, in the spec), never the raw keys.
    expect(text).toBe(
      `${settingSpec('regions.mode')!.label}: active-active; ` +
        `${settingSpec('healthCheck.intervalMs')!.label}: 5000 ms; ` +
        `${settingSpec('balancer.panicThresholdPercent')!.label}: 50%`,
    );
    expect(text).toContain('Region mode: active-active');
    expect(text).not.toMatch(/regions\.mode|healthCheck\.|balancer\./);
  });
});

describe('compareRows', () => {
  /** The active-passive scenario to 2:00, eu killed at 1:00, in a given region mode. */
  const metricsIn = (mode: 'active-active' | 'active-passive') => {
    const sim = createSimulation(
      simulationInput({ ...ACTIVE_PASSIVE, settings: { regions: { mode } } }),
      { seed: 3 },
    );
    sim.runUntil(120_000_000);
    return sim.metrics();
  };

  it('puts the same measures side by side and says which design does better', () => {
    const a = metricsIn('active-passive');
    const b = metricsIn('active-active');
    const rows = compareRows(a, b);
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    const availability = byLabel.get('Availability, whole run (request-based)')!;
    expect(b.availability).toBeGreaterThan(a.availability);
    expect(availability.verdict).toBe('B better');
    expect(availability.a).toMatch(/%$/);
    // Active-active: the us users never notice eu going down.
    expect(byLabel.get('Seconds with errors, users-us')).toMatchObject({
      b: '0 s',
      verdict: 'B better',
    });
    expect(byLabel.get('Failed requests')!.a).toContain('timed out');
    // The dependency's call rate has no "better": fewer calls may mean fewer checkouts.
    expect(byLabel.get('Calls to the dependency per checkout')!.verdict).toBe('');
    // A design compared with itself is the same on every row that has a verdict.
    for (const row of compareRows(a, a)) expect(['same', '']).toContain(row.verdict);
  });

  /** Decimals shown in a percentage such as "99.91%" (0 for "100%"). */
  const decimalsOf = (text: string) => /\.(\d+)%$/.exec(text)?.[1]?.length ?? 0;

  it('shows no availability row finer than its sample: requests or probes', () => {
    const a = metricsIn('active-passive');
    const b = metricsIn('active-active');
    const byLabel = new Map(compareRows(a, b).map((r) => [r.label, r]));
    const samples: Array<[string, (m: typeof a) => [number, number]]> = [
      [
        'Availability, whole run (request-based)',
        (m) => [m.availability, m.requests.succeeded + m.requests.degraded + m.requests.failed],
      ],
      [
        'Availability, whole run (time-based)',
        (m) => [m.timeAvailability.sinceStart, m.timeAvailability.probesSinceStart],
      ],
    ];
    for (const [label, sampleOf] of samples) {
      for (const [side, m] of [
        ['a', a],
        ['b', b],
      ] as const) {
        const [share, total] = sampleOf(m);
        expect(total, `${label} ${side}: a sample`).toBeGreaterThan(100);
        const interval = wilsonInterval(Math.round(share * total), total)!;
        const halfWidthPercent = ((interval.upper - interval.lower) / 2) * 100;
        // The last digit shown is no finer than the first digit of the uncertainty (the
        // time-based row showed 4 decimals of a share of ~240 probes, ±5%).
        const text = byLabel.get(label)![side];
        expect(10 ** -decimalsOf(text), `${label} ${side}: ${text}`).toBeGreaterThan(
          halfWidthPercent / 10,
        );
      }
    }
  });

  it('calls two designs at the same rate "same", whatever their request counts', () => {
    // Two regions, no fault: both serve every request; design B has 8x the traffic, so
    // its interval is narrower and its lower bound higher, which is no difference.
    for (const seed of [1, 2, 3]) {
      const run = (arrivalRatePerS: number) => {
        const sim = createSimulation(
          simulationInput({
            ...builtinScenario('two-regions')!,
            settings: { traffic: { arrivalRatePerS } },
          }),
          { seed },
        );
        sim.runUntil(10_000_000);
        return sim.metrics();
      };
      const a = run(50);
      const b = run(400);
      expect(b.requests.succeeded).toBeGreaterThan(6 * a.requests.succeeded);
      const byLabel = new Map(compareRows(a, b).map((r) => [r.label, r]));
      for (const label of [
        'Availability, whole run (request-based)',
        'Nines, whole run',
        'Availability, last 1 min',
        'Availability, whole run (time-based)',
      ]) {
        expect(byLabel.get(label)!.verdict, `seed ${seed}: ${label}`).toBe('same');
      }
      // Nines only as far as each sample supports them: never "∞ nines".
      expect(byLabel.get('Nines, whole run')!.a).toMatch(/^at least \d\.\d nines$/);
      expect(byLabel.get('Nines, whole run')!.b).toMatch(/^at least \d\.\d nines$/);
    }
  });
});
