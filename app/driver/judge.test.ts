/**
 * Challenges judged in the session (the engine's worker), beside the run: chunks with
 * progress, the run's frames still coming between them, a verdict equal to the headless
 * judge's, and Stop (or a newer judging) cancels one where it is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHALLENGES, judgeChallenge } from '../challenges';
import {
  cancelJudging,
  connectSession,
  initialState,
  judgeInSession,
  play,
  playground,
  setSpeed,
} from '../store';
import { DEFAULT_SCENARIO } from '../scenarios';
import { startDriver } from './driver';
import { fakeDriverEnv, type FakeDriverEnv } from './fakeEnv';
import { JUDGE_CHUNK_S } from './session';
import { inProcessTransport } from './transport';

const challenge = CHALLENGES.find((c) => c.id === 'retry-storm')!;

/** Chunks waiting to run, as a worker's zero-delay tasks wait for their turn. */
let waiting: Array<() => void>;
let fake: FakeDriverEnv;
let stop: () => void;

function runChunks(n = Infinity): void {
  for (let i = 0; i < n && waiting.length > 0; i++) waiting.shift()!();
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

describe('judging a challenge in the session', () => {
  it('runs every seed in chunks with progress while the run goes on, and gives the headless verdict', async () => {
    const progress: Array<[number, number]> = [];
    const verdict = judgeInSession(challenge.id, [], (seedIndex, doneS) =>
      progress.push([seedIndex, doneS]),
    )!;
    expect(verdict).not.toBeNull();
    // One chunk ran at once; the rest wait their turn, and the run plays meanwhile.
    expect(progress).toEqual([[0, JUDGE_CHUNK_S]]);
    setSpeed(10);
    play();
    const before = playground.getState().run.frame?.nowUs ?? 0;
    fake.frames(5);
    runChunks(3);
    fake.frames(5);
    expect(playground.getState().run.frame!.nowUs).toBeGreaterThan(before);
    runChunks();
    const judged = await verdict;
    // Progress goes forward, seed by seed, a chunk at a time.
    const flat = progress.map(([seed, s]) => seed * challenge.durationS + s);
    for (let i = 1; i < flat.length; i++) expect(flat[i]).toBeGreaterThan(flat[i - 1]!);
    expect(progress.length).toBeGreaterThanOrEqual(
      (challenge.seeds.length * challenge.durationS) / JUDGE_CHUNK_S - challenge.seeds.length,
    );
    expect(judged).toEqual(judgeChallenge(challenge, []));
    expect(judged).toMatchObject({ ok: true, passed: false });
  });

  it('Stop and a newer judging cancel one where it is', async () => {
    const first = judgeInSession(challenge.id, [], () => {})!;
    runChunks(2);
    cancelJudging();
    expect(await first).toBeNull();
    expect(waiting.length).toBeLessThanOrEqual(1);
    runChunks();
    const second = judgeInSession(challenge.id, [], () => {})!;
    const third = judgeInSession(
      challenge.id,
      [{ path: 'retries.budget', value: 'percent' }],
      () => {},
    )!;
    expect(await second).toBeNull();
    runChunks();
    expect(await third).toEqual(
      judgeChallenge(challenge, [{ path: 'retries.budget', value: 'percent' }]),
    );
  });

  it('refuses a design outside the budget, or an unknown challenge, with the reason', async () => {
    const outside = await judgeInSession(challenge.id, [{ path: 'no.such', value: 1 }], () => {});
    expect(outside).toEqual(judgeChallenge(challenge, [{ path: 'no.such', value: 1 }]));
    expect(outside).toMatchObject({ ok: false });
    expect(await judgeInSession('no-such', [], () => {})).toEqual({
      ok: false,
      problems: ['No challenge is called "no-such".'],
    });
  });

  it('without a session, says so at once (the page judges on its own thread then)', () => {
    connectSession(null);
    expect(judgeInSession(challenge.id, [], () => {})).toBeNull();
  });
});
