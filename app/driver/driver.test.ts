import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/runtime';
import {
  applyCommand,
  initialState,
  pause,
  play,
  playground,
  reset,
  runInput,
  setSeed,
  setSpeed,
  step,
} from '../store';
import { startDriver } from './driver';
import { frameAdvance, MAX_FRAME_WALL_MS } from './session';
import { inProcessTransport } from './transport';
import { fakeDriverEnv, type FakeDriverEnv } from './fakeEnv';

const nowUs = () => playground.getState().run.frame?.nowUs ?? -1;

let fake: FakeDriverEnv;
let stop: () => void;

beforeEach(() => {
  playground.setState(initialState(), true);
  fake = fakeDriverEnv();
  stop = startDriver(fake.env, inProcessTransport());
});

afterEach(() => stop());

describe('frameAdvance', () => {
  it('advances wall time x speed on whole milliseconds, carrying the rest', () => {
    expect(frameAdvance(16, 1, 0)).toEqual({ advanceUs: 16_000, carryUs: 0 });
    expect(frameAdvance(16, 50, 0)).toEqual({ advanceUs: 800_000, carryUs: 0 });
    const slow = frameAdvance(16.7, 0.25, 0);
    expect(slow.advanceUs).toBe(4_000);
    expect(slow.carryUs).toBeCloseTo(175);
    expect(frameAdvance(1, 0.25, 800).advanceUs).toBe(1_000);
  });

  it('caps one frame at MAX_FRAME_WALL_MS of wall time, and ignores clocks going back', () => {
    expect(frameAdvance(5_000, 50, 0).advanceUs).toBe(MAX_FRAME_WALL_MS * 50 * 1000);
    expect(frameAdvance(-20, 1, 0).advanceUs).toBe(0);
  });
});

describe('startDriver', () => {
  it('publishes the start of the run and asks for a frame while playing', () => {
    expect(nowUs()).toBe(0);
    expect(playground.getState().run.metrics?.nowUs).toBe(0);
    expect(playground.getState().run.components.length).toBeGreaterThan(0);
    expect(fake.pending()).toBe(1);
  });

  it('advances by wall time x speed each frame', () => {
    fake.frame(1000); // sets the reference only
    expect(nowUs()).toBe(0);
    fake.frame(1016);
    expect(nowUs()).toBe(16_000);
    setSpeed(50);
    fake.frame(1032);
    expect(nowUs()).toBe(16_000 + 800_000);
  });

  it('caps a long gap (slow frame, background tab) at 100 ms of wall time', () => {
    setSpeed(50);
    fake.frame(0);
    fake.frame(60_000);
    expect(nowUs()).toBe(5_000_000);
  });

  it('keeps simulated time on whole milliseconds at any speed', () => {
    setSpeed(0.25);
    fake.frame(0);
    for (let i = 1; i <= 30; i++) fake.frame(i * 16.67);
    expect(nowUs() % 1000).toBe(0);
    expect(nowUs()).toBe(125_000);
  });

  it('refreshes counters and the log about 4 times a second, snapshots every frame', () => {
    let reports = 0;
    let frames = 0;
    const unsubscribe = playground.subscribe((s, prev) => {
      if (s.run.metrics !== prev.run.metrics) reports++;
      if (s.run.frame !== prev.run.frame) frames++;
    });
    for (let i = 0; i <= 60; i++) fake.frame(i * (1000 / 60));
    unsubscribe();
    expect(frames).toBe(61);
    expect(reports).toBeGreaterThanOrEqual(4);
    expect(reports).toBeLessThanOrEqual(5);
  });

  it('does no work while paused or hidden, and resumes without a jump', () => {
    fake.frame(0);
    fake.frame(16);
    pause();
    expect(fake.pending()).toBe(0);
    play();
    expect(fake.pending()).toBe(1);
    fake.setHidden(true);
    expect(fake.pending()).toBe(0);
    fake.setHidden(false);
    expect(fake.pending()).toBe(1);
    fake.frame(90_000); // first frame after resuming: reference only
    fake.frame(90_016);
    expect(nowUs()).toBe(32_000);
  });

  it('steps one simulated second while paused', () => {
    step();
    expect(playground.getState().run.playing).toBe(false);
    expect(fake.pending()).toBe(0);
    expect(nowUs()).toBe(1_000_000);
    expect(playground.getState().run.metrics?.nowUs).toBe(1_000_000);
  });

  it('applies commands at once, even while paused', () => {
    step();
    expect(applyCommand({ type: 'kill', target: 'app-eu-b1' })).toEqual({ ok: true });
    const { run } = playground.getState();
    expect(run.snapshot?.components.find((c) => c.id === 'app-eu-b1')?.state).toBe('crashed');
    expect(run.log.map((e) => e.type)).toContain('kill');
    expect(run.appliedCommands).toHaveLength(1);
  });

  it('reset recreates the run at 0:00 with the same seed, without the user’s commands', () => {
    step();
    applyCommand({ type: 'kill', target: 'app-eu-b1' });
    reset();
    const { run } = playground.getState();
    expect(run.frame?.nowUs).toBe(0);
    expect(run.appliedCommands).toEqual([]);
    expect(run.log).toEqual([]);
    expect(run.snapshot?.components.find((c) => c.id === 'app-eu-b1')?.state).toBe('up');
    expect(run.playing).toBe(false);
  });

  it('a new seed gives a new run', () => {
    setSeed(99);
    expect(playground.getState().run.snapshot?.seed).toBe(99);
  });

  it('gives the same numbers as a headless run of the same commands (the CLI path)', () => {
    setSpeed(20);
    fake.frame(0);
    fake.frames(40);
    applyCommand({ type: 'kill', target: 'app-eu-b1' });
    fake.frames(70);
    applyCommand({ type: 'restore', target: 'app-eu-b1' });
    fake.frames(30);
    pause();
    const { run } = playground.getState();

    const headless = createSimulation(runInput(run), { seed: run.seed, trackMessages: false });
    for (const { atUs, command } of run.appliedCommands) headless.schedule(atUs, command);
    headless.runUntil(run.metrics!.nowUs);
    const expected = headless.metrics();
    expect(run.metrics!.requests).toEqual(expected.requests);
    expect(run.metrics!.requests.failed).toBeGreaterThan(0);
    expect(run.metrics!.latencyMs).toEqual(expected.latencyMs);
  });
});
