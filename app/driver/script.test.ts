/**
 * The fault script through the driver: faults added at a later time fire in the
 * running engine, removed ones do not, and Replay reproduces a session bit for bit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Command } from '../sim';
import { createSimulation } from '../sim/runtime';
import {
  addScriptEntry,
  applyCommand,
  initialState,
  pause,
  play,
  playground,
  removeScriptEntry,
  replay,
  replayTo,
  reset,
  runInput,
  setScenario,
  setSpeed,
  step,
} from '../store';
import { withEnginePoints } from '../store/heldSeries';
import { DEFAULT_SCENARIO } from '../scenarios';
import { startDriver } from './driver';
import { inProcessTransport } from './transport';
import { fakeDriverEnv, scriptSchedule, type FakeDriverEnv } from './fakeEnv';

const kill = (target: string): Command => ({ type: 'kill', target });

/** The same cloud with a fault script of its own: zone b goes down at 0:06. */
const SCRIPTED = {
  ...DEFAULT_SCENARIO,
  name: 'scripted',
  faults: [{ atS: 6, command: { type: 'kill-zone', target: 'eu-b' } as Command }],
};
const run = () => playground.getState().run;
const logTypes = () => run().log.map((e) => `${e.type} ${e.target}`);

let fake: FakeDriverEnv;
let stop: () => void;

beforeEach(() => {
  playground.setState(initialState(DEFAULT_SCENARIO), true);
  fake = fakeDriverEnv();
  stop = startDriver(fake.env, inProcessTransport());
});

afterEach(() => stop());

describe('adding and removing script entries', () => {
  it('schedules a fault at a later time in the running engine, and records it', () => {
    step();
    expect(addScriptEntry(kill('app-eu-b1'), 3_500_000)).toEqual({ ok: true });
    expect(run().script.map((e) => [e.atUs, e.origin])).toEqual([[3_500_000, 'added']]);
    step();
    step();
    expect(logTypes()).not.toContain('kill app-eu-b1');
    step();
    expect(logTypes()).toContain('kill app-eu-b1');
    expect(run().log.find((e) => e.type === 'kill')!.atUs).toBe(3_500_000);
    // It fired from the script: not recorded a second time.
    expect(run().script).toHaveLength(1);
  });

  it('applies a fault added for now at once, and refuses one in the past', () => {
    step();
    step();
    expect(addScriptEntry(kill('app-eu-a1'), null)).toEqual({ ok: true });
    expect(logTypes()).toContain('kill app-eu-a1');
    const refused = addScriptEntry(kill('app-eu-a2'), 1_000_000);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toContain('0:01.0 is in the past');
    expect(run().script.map((e) => [e.atUs, e.command])).toEqual([[2_000_000, kill('app-eu-a1')]]);
  });

  it('cancels a removed fault that has not fired, leaving the run otherwise unchanged', () => {
    step();
    addScriptEntry(kill('app-eu-b1'), 4_000_000);
    addScriptEntry(kill('app-eu-c1'), 2_500_000);
    step();
    const before = run().metrics;
    const scheduled = run().script.find((e) => e.atUs === 4_000_000)!;
    expect(removeScriptEntry(scheduled.id)).toEqual({ removed: true, scheduled: true });
    // Rebuilt to the same instant: the same counts, and the past fault still applied.
    expect(run().metrics).toEqual(before);
    for (let i = 0; i < 4; i++) step();
    expect(logTypes()).toContain('kill app-eu-c1');
    expect(logTypes()).not.toContain('kill app-eu-b1');
  });

  it('removing a fault that already fired keeps this run and leaves it out of Replay', () => {
    setScenario(SCRIPTED);
    const [zoneDown] = run().script;
    replayTo(7_000_000);
    expect(logTypes()).toContain('kill-zone eu-b');
    expect(removeScriptEntry(zoneDown!.id)).toEqual({ removed: true, scheduled: false });
    expect(logTypes()).toContain('kill-zone eu-b');
    replayTo(7_000_000);
    expect(logTypes()).not.toContain('kill-zone eu-b');
  });
});

describe('replay', () => {
  it('reproduces a session of scripted, added and clicked faults bit for bit', () => {
    setScenario({
      ...SCRIPTED,
      faults: [{ atS: 60, command: { type: 'kill-zone', target: 'eu-c' } }],
    });
    play();
    setSpeed(20);
    fake.frames(1);
    fake.frames(50);
    addScriptEntry({ type: 'slow', target: 'app-eu-a1', factor: 10 }, 40_000_000);
    fake.frames(40);
    applyCommand(kill('app-eu-b1'));
    fake.frames(100);
    applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 2000 });
    fake.frames(80);
    pause();
    const session = run();
    expect(session.script.map((e) => e.origin)).toEqual([
      'recorded',
      'added',
      'scenario',
      'recorded',
    ]);
    const nowUs = session.metrics!.nowUs;
    expect(nowUs).toBeGreaterThan(60_000_000);

    replayTo();
    expect(run().runId).toBe(session.runId + 1);
    expect(run().metrics).toEqual(session.metrics);
    expect(run().log.map((e) => e.message)).toEqual(session.log.map((e) => e.message));
    // Nothing recorded twice: the replay's commands all came from the script.
    expect(run().script).toEqual(session.script);

    // The CLI path: a headless engine given the same script.
    const headless = createSimulation(
      { ...runInput(session), faults: scriptSchedule(session.script) },
      { seed: session.seed },
    );
    headless.runUntil(nowUs);
    expect(headless.metrics()).toEqual(withEnginePoints(session.metrics!));
  });

  it('Replay from start plays the script again from 0:00', () => {
    step();
    applyCommand(kill('app-eu-a1'));
    step();
    replay();
    expect(run().playing).toBe(true);
    expect(run().metrics!.nowUs).toBe(0);
    fake.frames(1);
    fake.frames(80);
    expect(logTypes()).toContain('kill app-eu-a1');
    expect(run().log.find((e) => e.type === 'kill')!.atUs).toBe(1_000_000);
  });

  it('Reset keeps the scenario’s and added faults, and drops the ones applied by hand', () => {
    step();
    addScriptEntry(kill('app-eu-b1'), 5_000_000);
    applyCommand(kill('app-eu-a1'));
    reset();
    expect(run().script.map((e) => [e.origin, e.command])).toEqual([['added', kill('app-eu-b1')]]);
  });
});
