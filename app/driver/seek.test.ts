/**
 * Seeking in the session: the engine runs to the target in chunks with progress in the
 * store, a newer seek (or Cancel) stops an older one, and the run that comes out is
 * the same as one run straight to that instant.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/runtime';
import {
  cancelSeek,
  initialState,
  play,
  playground,
  runInput,
  seekTo,
  type SeekProgress,
} from '../store';
import { withEnginePoints } from '../store/heldSeries';
import { DEFAULT_SCENARIO } from '../scenarios';
import { startDriver } from './driver';
import { fakeDriverEnv, type FakeDriverEnv } from './fakeEnv';
import { SEEK_CHUNK_US } from './session';
import { inProcessTransport } from './transport';

const S = 1_000_000;
const run = () => playground.getState().run;

/** Chunks waiting to run, as a worker's zero-delay tasks wait for their turn. */
let waiting: Array<() => void>;
let fake: FakeDriverEnv;
let stop: () => void;

/** Runs the waiting chunks, `n` of them (all by default). */
function runChunks(n = Infinity): void {
  for (let i = 0; i < n && waiting.length > 0; i++) waiting.shift()!();
}

/** The metrics of the same run, headless, straight to `untilUs`. */
function straightRun(untilUs: number) {
  const { scenario, seed, startSettings } = run();
  const sim = createSimulation(runInput({ scenario, startSettings }), { seed });
  sim.runUntil(untilUs);
  return sim.metrics();
}

beforeEach(() => {
  waiting = [];
  playground.setState(initialState(DEFAULT_SCENARIO), true);
  fake = fakeDriverEnv();
  stop = startDriver(
    fake.env,
    inProcessTransport({ yieldBetweenChunks: (resume) => waiting.push(resume) }),
  );
});
afterEach(() => stop());

describe('seeking in chunks', () => {
  it('shows its progress, chunk by chunk, and lands paused at the target', async () => {
    expect(SEEK_CHUNK_US).toBeLessThanOrEqual(S);
    const seen: Array<SeekProgress | null> = [];
    const unsubscribe = playground.subscribe((s) => seen.push(s.run.seeking));
    const landed = seekTo(10 * S);
    expect(run().playing).toBe(false);
    expect(run().seeking).toMatchObject({ fromUs: 0, atUs: SEEK_CHUNK_US, targetUs: 10 * S });
    runChunks(2);
    expect(run().seeking!.atUs).toBe(3 * SEEK_CHUNK_US);
    runChunks();
    unsubscribe();
    expect(run().seeking).toBeNull();
    expect(run().metrics!.nowUs).toBe(10 * S);
    expect(run().frame!.nowUs).toBe(10 * S);
    // Progress only goes forward, one chunk at a time, then ends.
    const progress = seen.filter((p) => p !== null).map((p) => p!.atUs);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual((10 * S) / SEEK_CHUNK_US - 1);
    expect(withEnginePoints(run().metrics!)).toEqual(straightRun(10 * S));
    await expect(landed).resolves.toBe(true);
  });

  it('a newer seek cancels the older one; the run is the same as one run straight there', async () => {
    const first = seekTo(40 * S);
    runChunks(3);
    const older = run().seeking!.seekId;
    const second = seekTo(60 * S); // forward from where the older one is going
    await expect(first).resolves.toBe(false);
    expect(run().seeking!.seekId).not.toBe(older);
    runChunks();
    expect(run().seeking).toBeNull();
    expect(run().metrics!.nowUs).toBe(60 * S);
    expect(withEnginePoints(run().metrics!)).toEqual(straightRun(60 * S));
    await expect(second).resolves.toBe(true);
  });

  it('a seek back while one runs replays from the start to the earlier instant', () => {
    seekTo(40 * S);
    runChunks(3);
    const runId = run().runId;
    seekTo(2 * S); // before where the first seek is going: a new run from 0:00
    expect(run().runId).toBe(runId + 1);
    runChunks();
    expect(run().seeking).toBeNull();
    expect(run().metrics!.nowUs).toBe(2 * S);
    expect(withEnginePoints(run().metrics!)).toEqual(straightRun(2 * S));
  });

  it('Cancel stops the seek where it is, paused, with the numbers of that instant', () => {
    seekTo(30 * S);
    runChunks(4);
    cancelSeek();
    runChunks(); // the cancelled seek's next chunk does nothing
    expect(run().seeking).toBeNull();
    const stoppedUs = run().metrics!.nowUs;
    expect(stoppedUs).toBe(5 * SEEK_CHUNK_US);
    expect(withEnginePoints(run().metrics!)).toEqual(straightRun(stoppedUs));
  });

  it('frames wait while a seek runs, and play on from its end', () => {
    seekTo(5 * S);
    play();
    fake.frame(0);
    fake.frame(16);
    expect(run().frame!.nowUs).toBeLessThan(5 * S);
    runChunks();
    // The wall time while the seek ran is not made up for: one frame's worth.
    fake.frame(32);
    expect(run().frame!.nowUs).toBe(5 * S + 16_000);
  });

  it("lands with the engine's latest hops for the diagram's dots; frames after it carry none", () => {
    seekTo(6 * S);
    runChunks();
    const { scenario, seed, startSettings } = run();
    const sim = createSimulation(runInput({ scenario, startSettings }), {
      seed,
      trackMessages: true,
    });
    sim.runUntil(6 * S);
    const hops = run().recentHops!;
    expect(hops.length).toBeGreaterThan(0);
    // The hops delivered in the seconds before the target, as the engine lists them.
    expect(hops).toEqual(sim.deliveredSince(hops[0]!.arrivesUs - 1).slice(-hops.length));
    expect(hops.every((m) => m.sentUs <= 6 * S)).toBe(true);
    expect(hops.some((m) => m.sentUs > 6 * S - 300_000)).toBe(true);
    play();
    fake.frame(0);
    fake.frame(16);
    fake.frames(20);
    expect(run().recentHops).toBeNull();
  });
});
