/**
 * Two designs side by side: design B's engine runs in lockstep with the run, from the
 * same seed and script, gets every command applied by hand, and matches a headless run
 * of its own settings exactly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Snapshot } from '../sim';
import { createSimulation } from '../sim/runtime';
import { ACTIVE_PASSIVE, DATABASE, MANUAL_FAILOVER } from '../scenarios';
import {
  applyCommand,
  compareStartSettings,
  initialState,
  playground,
  runInput,
  setSpeed,
  startCompare,
  step,
  stopCompare,
} from '../store';
import { startDriver } from './driver';
import { inProcessTransport } from './transport';
import { fakeDriverEnv, scriptSchedule, type FakeDriverEnv } from './fakeEnv';

const S = 1_000_000;
const ACTIVE_ACTIVE = [{ path: 'regions.mode', value: 'active-active' }];

let fake: FakeDriverEnv;
let stop: () => void;

beforeEach(() => {
  playground.setState(initialState(ACTIVE_PASSIVE), true);
  fake = fakeDriverEnv();
  stop = startDriver(fake.env, inProcessTransport());
});

afterEach(() => {
  stopCompare();
  stop();
});

const state = () => playground.getState();

describe('compare two designs', () => {
  it('runs design B from 0:00 in lockstep, with its own settings', () => {
    expect(startCompare(ACTIVE_ACTIVE)).toEqual({ ok: true });
    expect(state().run.playing).toBe(true);
    setSpeed(50);
    fake.frames(60); // 1 s of wall time at 50x: about 50 simulated seconds
    const { run, compare } = state();
    expect(compare!.snapshot!.nowUs).toBe(run.snapshot!.nowUs);
    expect(compare!.frame!.nowUs).toBe(run.frame!.nowUs);
    expect(run.settings.regions.mode).toBe('active-passive');
    expect(compare!.settings!.regions.mode).toBe('active-active');
    // Active-passive sends everyone to eu; active-active lets us serve its own users.
    const routedTo = (snapshot: typeof run.snapshot, balancer: string) =>
      snapshot!.targets.filter((t) => t.balancer === balancer).reduce((n, t) => n + t.routed, 0);
    expect(routedTo(run.snapshot, 'lb-us')).toBe(0);
    expect(routedTo(compare!.snapshot, 'lb-us')).toBeGreaterThan(0);
  });

  it('applies a command by hand to both designs, and B matches a headless run of its own', () => {
    startCompare(ACTIVE_ACTIVE);
    step(); // pauses; 1 s
    step();
    expect(applyCommand({ type: 'kill', target: 'app-eu-a1' })).toEqual({ ok: true });
    const stateOf = (snapshot: Snapshot | null | undefined, id: string) =>
      snapshot!.components.find((c) => c.id === id)!.state;
    expect(stateOf(state().run.snapshot, 'app-eu-a1')).toBe('crashed');
    expect(stateOf(state().compare!.snapshot, 'app-eu-a1')).toBe('crashed');
    for (let i = 0; i < 70; i++) step();
    const { run, compare } = state();
    // The scripted region kill at 1:00 hit both designs.
    expect(stateOf(run.snapshot, 'eu')).toBe('down');
    expect(stateOf(compare!.snapshot, 'eu')).toBe('down');

    const headless = createSimulation(
      {
        ...runInput({
          scenario: run.scenario,
          startSettings: compareStartSettings(run, compare!),
        }),
        faults: [],
      },
      { seed: run.seed },
    );
    for (const entry of scriptSchedule(run.script)) headless.schedule(entry.atUs, entry.command);
    headless.runUntil(compare!.snapshot!.nowUs);
    expect(compare!.metrics!.requests).toEqual(headless.metrics().requests);
    // And the designs differ: active-active loses fewer requests when eu goes down.
    expect(compare!.metrics!.requests.failed).toBeLessThan(run.metrics!.requests.failed);
  });

  it('refuses a change that breaks a rule between settings; the run goes on', () => {
    playground.setState(initialState(DATABASE), true);
    stop();
    stop = startDriver(fake.env, inProcessTransport());
    fake.frames(40);
    const runId = state().run.runId;
    const nowUs = state().run.snapshot!.nowUs;
    expect(nowUs).toBeGreaterThan(0);
    expect(startCompare([{ path: 'database.quorumW', value: 5 }])).toEqual({
      ok: false,
      error: expect.stringMatching(
        /database\.quorumW\) must be a whole number from 1 to database\.quorumN \(3\)/,
      ),
    });
    expect(state().compare).toBeNull();
    expect(state().run.runId).toBe(runId);
    fake.frames(40);
    expect(state().run.snapshot!.nowUs).toBeGreaterThan(nowUs);
  });

  it('refuses a broken change, and stopping leaves the run as it was', () => {
    expect(startCompare([])).toMatchObject({ ok: false });
    expect(startCompare([{ path: 'regions.mode', value: 'sideways' }])).toMatchObject({
      ok: false,
      error: expect.stringContaining('regions.mode'),
    });
    expect(state().compare).toBeNull();

    startCompare(ACTIVE_ACTIVE);
    for (let i = 0; i < 5; i++) step();
    const runId = state().run.runId;
    const nowUs = state().run.snapshot!.nowUs;
    stopCompare();
    expect(state().compare).toBeNull();
    step();
    expect(state().run.runId).toBe(runId);
    expect(state().run.snapshot!.nowUs).toBe(nowUs + S);
    // Stepping on does not bring design B back.
    expect(state().compare).toBeNull();
  });

  it('tells the user when design B refuses a command design A took', () => {
    // The manual-failover scenario (db-a1 killed at 0:30) against automatic failover.
    playground.setState(initialState(MANUAL_FAILOVER), true);
    startCompare([{ path: 'database.failover', value: 'automatic' }]);
    for (let i = 0; i < 90; i++) step();
    // Design B promoted a replica by itself; design A waits for the operator.
    expect(applyCommand({ type: 'promote', target: 'db-b1' })).toEqual({ ok: true });
    const notices = state().ui.notices.map((n) => n.text);
    expect(notices.some((t) => t.startsWith('Design B did not promote db-b1'))).toBe(true);
  });
});
