/**
 * Every built-in lesson, played through headless over many seeds the way a learner
 * would: each step's task done (its solution applied), then the run goes on until the
 * step's checks hold. A lesson that promises what the engine does not do fails here.
 */
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../sim';
import { builtinScenario } from '../scenarios';
import { BUILTIN_LESSONS, builtinLesson } from './builtin';
import { checkHolds, describeCheck, routedShare, type Lesson, type LessonSetting } from './lesson';
import { playLesson, startLessonSimulation } from './play';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

function start(lesson: Lesson, seed: number, changes: readonly LessonSetting[]): Simulation {
  return startLessonSimulation(lesson, changes, seed);
}

/** Plays a lesson through; returns the simulated second each step was done at. */
function playThrough(lesson: Lesson, seed: number): number[] {
  const played = playLesson(lesson, seed);
  for (const [index, step] of lesson.steps.entries()) {
    const view = played[index]?.view ?? played[played.length - 1]!.view;
    const unmet = (step.checks ?? []).filter((c) => !checkHolds(c, view)).map(describeCheck);
    expect(unmet, `${lesson.id} step ${index + 1} "${step.title}", seed ${seed}`).toEqual([]);
    expect(played[index]?.doneAtUs, `${lesson.id} step ${index + 1}, seed ${seed}`).not.toBe(null);
  }
  return played.map((p) => p.doneAtUs! / 1_000_000);
}

describe('built-in lessons', () => {
  it('have unique ids, existing scenarios, and tasks with a way to check them', () => {
    const ids = BUILTIN_LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const lesson of BUILTIN_LESSONS) {
      expect(builtinScenario(lesson.scenario), lesson.id).toBeDefined();
      expect(builtinLesson(lesson.id)).toBe(lesson);
      for (const step of lesson.steps) {
        expect(step.text.length, step.title).toBeGreaterThan(0);
        // A step that asks for something must be able to tell when it is done.
        if (step.task) expect(step.checks?.length ?? 0, step.title).toBeGreaterThan(0);
      }
    }
  });

  for (const lesson of BUILTIN_LESSONS) {
    it(`"${lesson.title}" can be done step by step, over ${SEEDS.length} seeds`, () => {
      for (const seed of SEEDS) playThrough(lesson, seed);
    });
  }

  it('health checks: the balancer notices within interval x threshold (+ one timeout)', () => {
    for (const seed of SEEDS) {
      const played = playLesson(builtinLesson('health-checks')!, seed);
      const killedAt = played[1]!.actions[0]!.atUs / 1_000_000;
      const noticedAt = played[2]!.doneAtUs! / 1_000_000;
      // 5 s interval x 2 failures, plus the check's own 2 s timeout at most.
      expect(noticedAt - killedAt).toBeLessThanOrEqual(12.5);
    }
  });

  it('health checks: the ALB defaults it names are ALB’s, and the interval it quotes is the run’s', () => {
    const lesson = builtinLesson('health-checks')!;
    const text = lesson.steps.flatMap((step) => step.text).join(' ');
    // AWS ELB user guide, "Health checks for your target groups": interval 30 s,
    // timeout 5 s, unhealthy threshold 2, healthy threshold 5 (REFERENCE.md section 1).
    expect(text).toMatch(
      /Application Load Balancer by default checks every 30 s with a 5 s timeout, marks a target unhealthy after 2 failures in a row and healthy again after 5 passes/,
    );
    expect(text).not.toMatch(/every 5 s[^.]*ALB defaults/);
    const { healthCheck } = start(lesson, 1, []).settings();
    expect(text).toContain(`here one check every ${healthCheck.intervalMs / 1000} s`);
    expect(text).toContain(`${healthCheck.unhealthyThreshold} failures in a row mark the server`);
    expect(text).toContain(`waits for ${healthCheck.healthyThreshold} passing checks`);
  });

  it('gray failure: round robin keeps the slow server on its sixth; least outstanding does not', () => {
    const lesson = builtinLesson('gray-failure')!;
    for (const seed of SEEDS.slice(0, 4)) {
      const shareAt90s = (algorithm: string) => {
        const sim = start(lesson, seed, [{ path: 'balancer.algorithm', value: algorithm }]);
        sim.runUntil(90_000_000);
        return routedShare(sim.snapshot(), 'app-a1')!;
      };
      expect(shareAt90s('round-robin')).toBeGreaterThan(0.16);
      expect(shareAt90s('least-outstanding')).toBeLessThan(0.12);
    }
  });

  it('region failover: the traffic manager notices 20 to 30 s after the region dies', () => {
    for (const seed of SEEDS) {
      const [downAt, noticedAt] = playThrough(builtinLesson('region-failover')!, seed);
      expect(noticedAt! - downAt!).toBeGreaterThanOrEqual(19.5);
      expect(noticedAt! - downAt!).toBeLessThanOrEqual(31);
    }
  });
});
