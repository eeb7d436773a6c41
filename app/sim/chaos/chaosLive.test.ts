/**
 * Chaos mode followed live (issue 15): turned on, off, or with a rate changed during a
 * run, the failure process changes from that moment, through the same `set` command a
 * click, a share link or a replay sends, and deterministically.
 *
 * The property: each component's failures come from its own seeded stream, drawn from the
 * moment chaos is turned on. So a run that turns chaos on at t has no chaos failure before
 * t, and after t exactly the failures `failureIntervals` draws for a run from 0, shifted
 * by t. Turned off at t2, failures that started before t2 still get their repair at its
 * drawn time, and no failure starts after t2.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../runtime';
import { usFromS, type SimTimeUs } from '../engine/time';
import { defaultSettings, type ChaosSettings, type SettingsOverrides } from '../settings';
import type { Command } from '../commands';
import { TWO_ZONES } from '../testTopologies';
import { chaosComponents, failureIntervals } from './failureProcess';
import { failureCommand } from './chaosPart';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const NEVER_H = 10_000_000;

/** Chaos at rates you can watch (each server crashes about every 32 s), mode off. */
const FAST: Partial<ChaosSettings> = { mode: 'off', rateMultiplier: 1_000_000 };
const BASE: SettingsOverrides = { chaos: FAST, traffic: { arrivalRatePerS: 2 } };

/** A command as (time, type, target), what the comparisons look at. */
const key = (atUs: number, command: Command): string =>
  `${atUs} ${command.type} ${(command as { target?: string }).target ?? ''}`;

/** The commands chaos applied (failures and repairs), not the `set`s we sent. */
const chaosCommands = (applied: ReadonlyArray<{ atUs: number; command: Command }>): string[] =>
  applied.filter((c) => c.command.type !== 'set').map((c) => key(c.atUs, c.command));

const set = (path: string, value: number | string): Command => ({ type: 'set', path, value });

/** The failures and repairs `failureIntervals` predicts for chaos on from `onUs` to `offUs`. */
function predicted(seed: number, onUs: number, offUs: number, untilUs: number): string[] {
  const chaos = { ...defaultSettings().chaos, ...FAST, mode: 'on' as const };
  const expected: string[] = [];
  for (const component of chaosComponents(TWO_ZONES, chaos)) {
    for (const iv of failureIntervals(seed, component, (untilUs - onUs) as SimTimeUs)) {
      const failUs = onUs + iv.failUs;
      if (failUs >= offUs || failUs >= untilUs) continue;
      const mode = { kind: iv.kind, mtbfUs: 1, mttrUs: 1 };
      expected.push(key(failUs, failureCommand(component, mode, chaos.slowFactor)));
      if (onUs + iv.repairUs < untilUs)
        expected.push(key(onUs + iv.repairUs, { type: 'restore', target: component.id }));
    }
  }
  return expected.sort();
}

describe('chaos mode changed during a run', () => {
  it('turned on at t: nothing before t, then exactly the failures drawn from t; turned off: no new ones, the ones under way still repaired', () => {
    const onUs = usFromS(200);
    const offUs = usFromS(500);
    const untilUs = usFromS(900);
    for (const seed of SEEDS) {
      const sim = createSimulation(
        { topology: TWO_ZONES, settings: BASE },
        { seed, trackMessages: false, maxLogEntries: 100_000 },
      );
      sim.runUntil(onUs);
      const offRun = createSimulation(
        { topology: TWO_ZONES, settings: BASE },
        { seed, trackMessages: false, maxLogEntries: 100_000 },
      );
      offRun.runUntil(onUs);
      // Before t the run is the run without chaos, bit for bit.
      expect(JSON.stringify(sim.log().entries)).toBe(JSON.stringify(offRun.log().entries));
      expect(sim.appliedCommands()).toEqual([]);

      expect(sim.apply(set('chaos.mode', 'on'))).toEqual({ ok: true });
      sim.runUntil(offUs);
      expect(sim.apply(set('chaos.mode', 'off'))).toEqual({ ok: true });
      sim.runUntil(untilUs);

      const applied = sim.appliedCommands();
      const expected = predicted(seed, onUs, offUs, untilUs);
      // At 1,000,000x the 4 servers, 2 zones, region and 4 links fail many times in 300 s.
      expect(expected.length).toBeGreaterThan(10);
      expect(chaosCommands(applied).sort()).toEqual(expected);
      // Some repair lands after chaos was turned off (a failure under way is still repaired).
      const repairsAfterOff = applied.filter((c) => c.command.type === 'restore' && c.atUs > offUs);
      const failuresAfterOff = applied.filter(
        (c) => c.atUs > offUs && c.command.type !== 'restore' && c.command.type !== 'set',
      );
      expect(failuresAfterOff).toEqual([]);
      if (seed === 1) expect(repairsAfterOff.length).toBeGreaterThan(0);
    }
  });

  it('a changed MTBF applies from that moment: none before, the new rate after, none once it is back to never', () => {
    // Only process crashes; at first so rare (about 1,141 years) that none comes.
    const chaos: Partial<ChaosSettings> = {
      mode: 'on',
      serverCrashMtbfH: NEVER_H,
      serverCrashMttrMin: 10 / 60,
      hostDownMtbfH: NEVER_H,
      slowMtbfH: NEVER_H,
      diskMtbfH: NEVER_H,
      zoneMtbfH: NEVER_H,
      regionMtbfH: NEVER_H,
      linkMtbfH: NEVER_H,
    };
    const changeUs = usFromS(100);
    const backUs = usFromS(2100);
    const untilUs = usFromS(2300);
    let totalCrashes = 0;
    for (const seed of SEEDS) {
      const sim = createSimulation(
        { topology: TWO_ZONES, settings: { chaos, traffic: { arrivalRatePerS: 1 } } },
        { seed, trackMessages: false, maxLogEntries: 100_000 },
      );
      sim.runUntil(changeUs);
      // MTBF 40 s, MTTR 10 s from now on.
      expect(sim.apply(set('chaos.serverCrashMtbfH', 40 / 3600))).toEqual({ ok: true });
      sim.runUntil(backUs);
      expect(sim.apply(set('chaos.serverCrashMtbfH', NEVER_H))).toEqual({ ok: true });
      sim.runUntil(untilUs);
      const crashes = sim.appliedCommands().filter((c) => c.command.type === 'kill');
      expect(crashes.every((c) => c.atUs > changeUs && c.atUs <= backUs)).toBe(true);
      totalCrashes += crashes.length;
    }
    // Each server alternates up (mean 40 s) and down (mean 10 s): over 2,000 s about
    // 2,000 / 50 = 40 crashes, variance about T (40^2 + 10^2) / 50^3 = 27.2 (renewal
    // theory); 4 servers x 10 seeds. Allow 4 standard deviations.
    const mean = 40 * 4 * SEEDS.length;
    const sd = Math.sqrt(27.2 * 4 * SEEDS.length);
    expect(Math.abs(totalCrashes - mean)).toBeLessThan(4 * sd);
  });

  it('a replay or share link (the same `set` scheduled at t) reproduces the live change exactly', () => {
    const onUs = usFromS(120);
    const untilUs = usFromS(400);
    for (const seed of SEEDS) {
      const options = { seed, trackMessages: false, maxLogEntries: 100_000 };
      const live = createSimulation({ topology: TWO_ZONES, settings: BASE }, options);
      live.runUntil(onUs);
      live.apply(set('chaos.mode', 'on'));
      live.runUntil(untilUs);
      expect(chaosCommands(live.appliedCommands()).length).toBeGreaterThan(5);
      // Replay schedules the commands recorded when they were applied, at their times.
      const replay = createSimulation({ topology: TWO_ZONES, settings: BASE }, options);
      for (const { atUs, command } of live
        .appliedCommands()
        .filter((c) => c.command.type === 'set'))
        expect(replay.schedule(atUs, command)).toEqual({ ok: true });
      replay.runUntil(untilUs);
      expect(JSON.stringify(replay.appliedCommands())).toBe(JSON.stringify(live.appliedCommands()));
      expect(JSON.stringify(replay.log().entries)).toBe(JSON.stringify(live.log().entries));
      expect(replay.metrics().requests).toEqual(live.metrics().requests);
    }
  });

  it('on from the start is the same run as before: setting it again to the same value draws nothing again', () => {
    const settings: SettingsOverrides = { ...BASE, chaos: { ...FAST, mode: 'on' } };
    for (const seed of SEEDS.slice(0, 4)) {
      const options = { seed, trackMessages: false, maxLogEntries: 100_000 };
      const plain = createSimulation({ topology: TWO_ZONES, settings }, options);
      plain.runUntil(usFromS(300));
      const again = createSimulation({ topology: TWO_ZONES, settings }, options);
      again.runUntil(usFromS(100));
      again.apply(set('chaos.mode', 'on'));
      again.apply(set('chaos.slowFactor', 10));
      again.runUntil(usFromS(300));
      expect(chaosCommands(again.appliedCommands())).toEqual(
        chaosCommands(plain.appliedCommands()),
      );
      // And from the start it is exactly failureIntervals' draws (the fluid model's).
      expect(chaosCommands(plain.appliedCommands()).sort()).toEqual(
        predicted(seed, 0, Infinity, usFromS(300)),
      );
    }
  });
});
