/**
 * Follow one request through the session (issue 13): the page asks for a trace, the
 * session's reports carry it to the store, and it is the trace the engine records
 * headless for the same run. A rebuild (a cancelled script entry) keeps following the
 * same request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/runtime';
import {
  addScriptEntry,
  initialState,
  pause,
  playground,
  removeScriptEntry,
  runInput,
  step,
  STEP_US,
  traceNextRequest,
  traceRequestInFlight,
} from '../store';
import { DEFAULT_SCENARIO } from '../scenarios';
import { startDriver } from './driver';
import { fakeDriverEnv } from './fakeEnv';
import { inProcessTransport } from './transport';

const run = () => playground.getState().run;
let stop: () => void;

/** The same run headless, traced from `armedUs`, to `untilUs`. */
function headlessTrace(from: string, armedUs: number, untilUs: number) {
  const { scenario, seed, startSettings } = run();
  const sim = createSimulation(runInput({ scenario, startSettings }), { seed });
  sim.runUntil(armedUs);
  sim.traceNext(from);
  sim.runUntil(untilUs);
  return sim.trace();
}

/** The same run headless, following request `requestId` from `atUs`, to `untilUs`. */
function headlessFollow(requestId: number, atUs: number, untilUs: number) {
  const { scenario, seed, startSettings } = run();
  const sim = createSimulation(runInput({ scenario, startSettings }), { seed });
  sim.runUntil(atUs);
  expect(sim.traceRequest(requestId)).toEqual({ ok: true });
  sim.runUntil(untilUs);
  return sim.trace();
}

/** A request on the wire in the frame the page draws (a dot), or null. */
const dotRequest = (): number | null =>
  run().frame?.messages.find((m) => !m.late && !m.lost && !m.probe)?.requestId ?? null;

beforeEach(() => {
  playground.setState(initialState(DEFAULT_SCENARIO), true);
  stop = startDriver(fakeDriverEnv().env, inProcessTransport());
  pause();
});
afterEach(() => stop());

describe('a trace through the session', () => {
  it('waits, records and finishes as the engine records it headless', () => {
    const from = DEFAULT_SCENARIO.topology.users[1]!.id;
    step();
    expect(run().trace).toBeNull();
    traceNextRequest(from);
    expect(run().trace).toMatchObject({ from, status: 'waiting', armedUs: STEP_US });
    step();
    const trace = run().trace!;
    expect(trace.status).toBe('done');
    expect(trace.spans[0]!.label).toContain(`from ${from}`);
    expect(trace).toEqual(headlessTrace(from, STEP_US, 2 * STEP_US));
    traceNextRequest(null);
    expect(run().trace).toBeNull();
  });

  it('a rebuild follows the same request', () => {
    const from = DEFAULT_SCENARIO.topology.users[0]!.id;
    step();
    traceNextRequest(from);
    step();
    const before = run().trace!;
    expect(before.status).toBe('done');
    expect(addScriptEntry({ type: 'kill', target: 'app-eu-a1' }, 30 * STEP_US)).toEqual({
      ok: true,
    });
    const entry = run().script.find((e) => e.atUs === 30 * STEP_US)!;
    expect(removeScriptEntry(entry.id)).toEqual({ removed: true, scheduled: true });
    expect(run().trace).toEqual(before);
  });

  it('follows a request picked in flight (a dot) as the engine does headless, through a rebuild', () => {
    step();
    const id = dotRequest()!;
    expect(id).not.toBeNull();
    traceRequestInFlight(id);
    const picked = run().trace!;
    expect(picked).toMatchObject({ requestId: id, status: 'recording', followedFromUs: STEP_US });
    expect(run().traceRefusal).toBeNull();
    step();
    const trace = run().trace!;
    expect(trace.status).toBe('done');
    expect(trace).toEqual(headlessFollow(id, STEP_US, 2 * STEP_US));
    expect(addScriptEntry({ type: 'kill', target: 'app-eu-a1' }, 30 * STEP_US)).toEqual({
      ok: true,
    });
    const entry = run().script.find((e) => e.atUs === 30 * STEP_US)!;
    expect(removeScriptEntry(entry.id)).toEqual({ removed: true, scheduled: true });
    expect(run().trace).toEqual(trace);
  });

  it('a request that finished before it was picked is recorded whole by a replay of the run', () => {
    step();
    const id = dotRequest()!;
    step();
    traceRequestInFlight(id);
    expect(run().traceRefusal).toBeNull();
    const trace = run().trace!;
    expect(trace).toMatchObject({ requestId: id, status: 'done', replayed: true });
    expect(trace.followedFromUs).toBeNull();
    // The same run headless, told the request's number at 0:00, records the same.
    expect({ ...trace, replayed: undefined }).toEqual({
      ...headlessFollow(id, 0, 2 * STEP_US),
      replayed: undefined,
    });
    // It stays while the run goes on, and a new trace request replaces it.
    step();
    expect(run().trace).toEqual(trace);
    traceNextRequest(DEFAULT_SCENARIO.topology.users[0]!.id);
    expect(run().trace!.status).toBe('waiting');
  });

  it('says what is wrong with a request number that cannot be', () => {
    step();
    traceRequestInFlight(0);
    expect(run().traceRefusal).toBe('no request #0: a request number is a whole number from 1');
    expect(run().trace).toBeNull();
  });
});
