/**
 * The lesson player on the real driver and store (frames by hand): a step link's
 * fast-forward lands on the run a learner would have, and the pause at a step's moment
 * lands on the moment itself even at 50x, where a frame covers seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDriver } from '../../driver/driver';
import { fakeDriverEnv, type FakeDriverEnv } from '../../driver/fakeEnv';
import { inProcessTransport } from '../../driver/transport';
import { builtinLesson, lessonStartPlan, playLesson, type Lesson } from '../../lessons';
import {
  applyCommand,
  emptyLessonPlayer,
  initialState,
  lessonPlayer,
  loadRun,
  playground,
  setLesson,
  setSpeed,
} from '../../store';
import {
  answerPrediction,
  lessonRunSetup,
  lessonTick,
  openLessonRun,
  resumeLesson,
} from './lessonPlayer';
import { withEnginePoints } from '../../store/heldSeries';

let fake: FakeDriverEnv;
let stop: () => void;
let unsubscribe: () => void;

beforeEach(() => {
  playground.setState(initialState(), true);
  lessonPlayer.setState(emptyLessonPlayer(), true);
  fake = fakeDriverEnv();
  stop = startDriver(fake.env, inProcessTransport());
  unsubscribe = playground.subscribe(lessonTick);
});

afterEach(() => {
  unsubscribe();
  stop();
});

/** What startLesson does in the page for a step at 0:00 (no fast-forward), with a chosen seed. */
function open(lesson: Lesson, step: number, seed: number): void {
  lessonPlayer.setState(emptyLessonPlayer());
  loadRun(lessonRunSetup(lesson, step, seed, []));
  setLesson({ id: lesson.id, step });
}

/** What startLesson does in the page, with a chosen seed: resolves once the run is at the step. */
function openAt(lesson: Lesson, step: number, seed: number): Promise<void> {
  lessonPlayer.setState(emptyLessonPlayer());
  const opened = openLessonRun(lesson, step, seed);
  setLesson({ id: lesson.id, step });
  return opened;
}

/** The learner's run at the instant `step` opens, played headless. */
const learnerAt = (lesson: Lesson, step: number, seed: number) =>
  playLesson(lesson, seed, step)[step - 1]!.view;

const run = () => playground.getState().run;

describe('the lesson player in the page', () => {
  it('a step link fast-forwards to the same run a learner played up to that step', async () => {
    for (const [id, step] of [
      ['health-checks', 2],
      ['async-replication', 2],
    ] as const) {
      const lesson = builtinLesson(id)!;
      for (const seed of [1, 2]) {
        await openAt(lesson, step, seed);
        const learner = learnerAt(lesson, step, seed);
        expect(run().playing).toBe(false);
        expect(run().snapshot!.nowUs, `${id} seed ${seed}`).toBe(learner.snapshot!.nowUs);
        // The page holds each second with its trailing totals (`last60`); the seconds are the engine's.
        expect(withEnginePoints(run().metrics!), `${id} seed ${seed}`).toEqual(learner.metrics);
        expect(run().snapshot!.components).toEqual(learner.snapshot!.components);
      }
    }
  });

  it('a step link is the same run when the engine yields between seek chunks, as in a worker', async () => {
    // The worker runs a seek a simulated second at a time, letting other messages in
    // between; the page's own tasks (the lesson's, a repaint's) run in those gaps. Opened
    // with the earlier steps' commands sent during the seek, the kill landed wherever the
    // seek was then (0:01.0 or 0:10.0 from one link).
    stop();
    stop = startDriver(
      fake.env,
      inProcessTransport({ yieldBetweenChunks: (resume) => setTimeout(resume, 0) }),
    );
    const lesson = builtinLesson('health-checks')!;
    for (const seed of [1, 2, 3]) {
      const plan = lessonStartPlan(lesson, 2, seed);
      expect(plan.actions.length, `seed ${seed}`).toBeGreaterThan(0);
      const progress: number[] = [];
      const unsubscribeProgress = lessonPlayer.subscribe(({ fastForward }) => {
        if (fastForward !== null) progress.push(fastForward);
      });
      await openAt(lesson, 2, seed);
      unsubscribeProgress();
      const learner = learnerAt(lesson, 2, seed);
      const where = `seed ${seed}`;
      // Each of the earlier steps' commands in the log at its planned instant.
      for (const { atUs, command } of plan.actions) {
        const target = 'target' in command ? command.target : undefined;
        const line = run().log.find((e) => e.type === command.type && e.target === target);
        expect(line?.atUs, where).toBe(atUs);
      }
      expect(run().playing, where).toBe(false);
      expect(run().snapshot!.nowUs, where).toBe(plan.atUs);
      expect(withEnginePoints(run().metrics!), where).toEqual(learner.metrics);
      expect(run().log, where).toEqual(learner.log);
      // The progress bar moved chunk by chunk (one per simulated second) up to the end.
      expect(progress.length, where).toBeGreaterThan(plan.atUs / 1e6 / 2);
      expect(progress, where).toEqual([...progress].sort((a, b) => a - b));
      expect(lessonPlayer.getState().fastForward, where).toBe(null);
    }
  });

  it('holds the run for the prediction, then pauses at the instant lb-1 marks app-b1 down, even at 50x', () => {
    const lesson = builtinLesson('health-checks')!;
    for (const seed of [1, 2, 3]) {
      open(lesson, 1, seed);
      fake.frames(3);
      // Held: no time passes while the question is open.
      expect(run().playing).toBe(false);
      answerPrediction(7);
      expect(applyCommand({ type: 'kill', target: 'app-b1' })).toEqual({ ok: true });
      setSpeed(50);
      for (let i = 0; i < 200 && lessonPlayer.getState().pausedAtUs === null; i++) fake.frames(1);
      const { pausedAtUs, reveal } = lessonPlayer.getState();
      const marked = run().log.find((e) => e.type === 'marked-unhealthy' && e.target === 'app-b1');
      expect(marked, `seed ${seed}`).toBeDefined();
      expect(pausedAtUs).toBe(marked!.atUs);
      // The run stands at the moment itself, not a frame (up to 5 simulated s) later.
      expect(run().playing).toBe(false);
      expect(run().snapshot!.nowUs).toBe(marked!.atUs);
      expect(run().snapshot!.targets.find((t) => t.server === 'app-b1')!.healthy).toBe(false);
      // Revealed from this run: seconds from the kill to the mark.
      const killedAtUs = run().log.find((e) => e.type === 'kill' && e.target === 'app-b1')!.atUs;
      expect(reveal!.measured).toBeCloseTo((marked!.atUs - killedAtUs) / 1e6, 6);
      resumeLesson();
      expect(run().playing).toBe(true);
      fake.frames(5);
      expect(run().playing).toBe(true);
    }
  });
});
