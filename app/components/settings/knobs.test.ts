import { describe, expect, it } from 'vitest';
import { SETTING_SPECS, settingSpec, usFromS } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { CHECKOUT, simulationInput, TWO_REGIONS, type Scenario } from '../../scenarios';
import {
  DATA_SECTIONS,
  DEFENCE_SECTIONS,
  falseTimeoutNotes,
  knobLabel,
  knobSpec,
  primaryRealWorldValue,
  referenceDiffers,
  TAB_OWNED_SETTINGS,
  withUnit,
} from './knobs';
import { settingGroups } from './SettingsPanel';

function run(scenario: Scenario, seconds: number, settings: Record<string, number | string> = {}) {
  const overrides: Record<string, Record<string, number | string>> = {};
  for (const [group, values] of Object.entries(scenario.settings)) {
    overrides[group] = { ...(values as Record<string, number | string>) };
  }
  for (const [path, value] of Object.entries(settings)) {
    const [group, key] = path.split('.') as [string, string];
    (overrides[group] ??= {})[key] = value;
  }
  const sim = createSimulation(simulationInput({ ...scenario, settings: overrides }), { seed: 3 });
  sim.runUntil(usFromS(seconds));
  return sim;
}

describe('the sections of the Defences and Data tabs', () => {
  it('name real settings, each with a short label, each in one section only', () => {
    const seen = new Set<string>();
    for (const section of [...DEFENCE_SECTIONS, ...DATA_SECTIONS]) {
      const paths = section.switchPath ? [section.switchPath, ...section.paths] : section.paths;
      for (const path of paths) {
        expect(settingSpec(path), path).toBeDefined();
        expect(knobLabel(path), path).not.toBe(path);
        expect(seen.has(path), `${path} twice`).toBe(false);
        seen.add(path);
      }
    }
    expect(seen).toEqual(TAB_OWNED_SETTINGS);
  });

  it('give every mechanism that has an on/off setting a switch', () => {
    const switches = [...DEFENCE_SECTIONS, ...DATA_SECTIONS].flatMap((s) =>
      s.switchPath ? [s.switchPath] : [],
    );
    expect(switches).toEqual([
      'idempotency.keys',
      'breaker.enabled',
      'degradation.enabled',
      'server.shedding',
      'database.fencing',
    ]);
    for (const path of switches) {
      const spec = knobSpec(path);
      expect(spec.kind === 'choice' && [...spec.choices].sort()).toEqual(['off', 'on']);
    }
  });

  it('cover every database setting, so the Data tab is the only place for them', () => {
    const database = SETTING_SPECS.filter((s) => s.path.startsWith('database.')).map((s) => s.path);
    for (const path of database) expect(TAB_OWNED_SETTINGS.has(path), path).toBe(true);
  });

  it('are left out of the generic Settings tab, which keeps everything else', () => {
    const shown = settingGroups(TWO_REGIONS).flatMap((g) => g.specs.map((s) => s.path));
    for (const path of shown) expect(TAB_OWNED_SETTINGS.has(path), path).toBe(false);
    const expected = SETTING_SPECS.map((s) => s.path).filter((p) => !TAB_OWNED_SETTINGS.has(p));
    expect(shown.sort()).toEqual(expected.sort());
    expect(shown).toContain('healthCheck.intervalMs');
  });
});

describe('teaching defaults against real ones', () => {
  it('compares with the first real-world value its spec names, in the setting’s unit', () => {
    const real = (path: string) => primaryRealWorldValue(knobSpec(path));
    expect(real('breaker.slidingWindowSize')).toBe(100);
    expect(real('breaker.waitDurationInOpenStateMs')).toBe(60000);
    expect(real('database.leaseTtlMs')).toBe(30000);
    expect(real('outlier.consecutive5xx')).toBe(5);
    expect(real('retries.backoffBaseMs')).toBe(25);
    // Envoy's "1 retry" is two attempts, the original included.
    expect(real('retries.balancerMaxAttempts')).toBe(2);
    // Envoy has no per-try timeout unless set: nothing to compare with.
    expect(real('balancer.perTryTimeoutMs')).toBeNull();
  });

  it('compares a choice with the choice real systems use', () => {
    const real = (path: string) => primaryRealWorldValue(knobSpec(path));
    expect(real('balancer.algorithm')).toBe('round-robin');
    expect(real('retries.jitter')).toBe('full');
    expect(real('database.replicationMode')).toBe('async');
    expect(real('idempotency.keys')).toBeNull();
  });

  it('marks the defaults that differ (docs/reference.md: the UI says which values differ)', () => {
    const differs = (path: string) => referenceDiffers(knobSpec(path));
    expect(differs('breaker.slidingWindowSize')).toBe(true);
    expect(differs('breaker.minimumNumberOfCalls')).toBe(true);
    expect(differs('breaker.waitDurationInOpenStateMs')).toBe(true);
    expect(differs('retries.backoffBaseMs')).toBe(true);
    expect(differs('retries.balancerMaxAttempts')).toBe(true);
    expect(differs('breaker.failureRateThresholdPercent')).toBe(false);
    expect(differs('dependency.timeoutMs')).toBe(false);
    expect(differs('database.leaseTtlMs')).toBe(false);
    expect(differs('database.semiSyncTimeoutMs')).toBe(false);
    expect(differs('retries.jitter')).toBe(false);
    expect(differs('database.fencing')).toBe(false);
  });

  it('writes units the way the panels show them', () => {
    expect(withUnit(100, 'ms')).toBe('100 ms');
    expect(withUnit(50, '%')).toBe('50%');
    expect(withUnit('full')).toBe('full');
  });
});

describe('false timeouts', () => {
  it('warns when the payments timeout sits inside normal call latency', () => {
    const sim = run(CHECKOUT, 20, { 'dependency.timeoutMs': 20 });
    const notes = falseTimeoutNotes(sim.settings(), sim.metrics());
    const note = notes.find((n) => n.path === 'dependency.timeoutMs');
    expect(note).toBeDefined();
    expect(note!.timeoutMs).toBe(20);
    expect(note!.latencyMs).toBeGreaterThanOrEqual(19);
  });

  it('stays quiet with the default timeouts of a healthy run', () => {
    const sim = run(CHECKOUT, 20);
    expect(falseTimeoutNotes(sim.settings(), sim.metrics())).toEqual([]);
  });

  it('warns about a balancer per-try timeout below the servers’ p99', () => {
    const sim = run(CHECKOUT, 20, { 'balancer.perTryTimeoutMs': 15 });
    const notes = falseTimeoutNotes(sim.settings(), sim.metrics());
    expect(notes.map((n) => n.path)).toContain('balancer.perTryTimeoutMs');
  });

  it('has nothing to say before the first report', () => {
    const sim = run(CHECKOUT, 0);
    expect(falseTimeoutNotes(sim.settings(), null)).toEqual([]);
  });
});
