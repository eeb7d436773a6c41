/**
 * The lesson player on the real driver and store (frames by hand): a step link's
 * fast-forward lands on the run a learner would have, and the pause at a step's moment
 * lands on the moment itself even at 50x, where a frame covers seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDriver } from '../../driver/driver';
import { fakeDriverEnv, type FakeDriverEnv } from '../../driver/fakeEnv';
import { inProcessTransport } from '../../driver/transport';
import {
  builtinLesson,
  lessonScenario,
  lessonSettings,
  playLesson,
  type Lesson,
} from '../../lessons';
import { builtinScenario } from '../../scenarios';
import {
  applyCommand,
  emptyLessonPlayer,
  initialState,
  lessonPlayer,
  loadRun,
  playground,
  scriptFromFaults,
  setLesson,
  setSpeed,
} from '../../store';
import { answerPrediction, fastForwardToStep, lessonTick, resumeLesson } from './lessonPlayer';
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

/** What startLesson does in the page, with a chosen seed. */
function open(lesson: Lesson, step: number, seed: number): void {
  const scenario = builtinScenario(lesson.scenario)!;
  lessonPlayer.setState(emptyLessonPlayer());
  loadRun({
    scenario,
    seed,
    startSettings: lessonSettings(lesson, step),
    script: scriptFromFaults(scenario, lessonScenario(lesson, []).faults),
  });
  setLesson({ id: lesson.id, step });
}

const run = () => playground.getState().run;

describe('the lesson player in the page', () => {
  it('a step link fast-forwards to the same run a learner played up to that step', async () => {
    for (const [id, step] of [
      ['health-checks', 2],
      ['async-replication', 2],
    ] as const) {
      const lesson = builtinLesson(id)!;
      for (const seed of [1, 2]) {
        open(lesson, step, seed);
        await fastForwardToStep(lesson, step, seed);
        const learner = playLesson(lesson, seed, step)[step - 1]!.view;
        expect(run().playing).toBe(false);
        expect(run().snapshot!.nowUs, `${id} seed ${seed}`).toBe(learner.snapshot!.nowUs);
        // The page holds each second with its trailing totals (`last60`); the seconds are the engine's.
        expect(withEnginePoints(run().metrics!), `${id} seed ${seed}`).toEqual(learner.metrics);
        expect(run().snapshot!.components).toEqual(learner.snapshot!.components);
      }
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
