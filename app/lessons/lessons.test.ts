/**
 * Every built-in lesson, played through headless over many seeds the way a learner
 * would: each step's task done (its solution applied), then the run goes on until the
 * step's checks hold. A lesson that promises what the engine does not do fails here.
 */
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Simulation } from '../sim';
import { builtinScenario } from '../scenarios';
import { BUILTIN_LESSONS, builtinLesson, COURSE_ORDER, HEALTH_CHECKS } from './builtin';
import { OPERATOR_DELAY_MS, WATCH_UNTIL_S } from './course/failover';
import { downtimeMinutesPerYear } from './course/measures';
import { NINES_FORMULA, REDUNDANCY_AND_NINES } from './course/nines';
import {
  checkHolds,
  choiceFor,
  describeCheck,
  routedShare,
  type Lesson,
  type LessonSetting,
} from './lesson';
import { playLesson, startLessonSimulation, type PlayedStep } from './play';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
/** The course's newer lessons run longer simulations: 5 seeds each keep the file quick. */
const COURSE_SEEDS = SEEDS.slice(0, 5);
const FIRST_SIX = [
  'health-checks',
  'crash-vs-host-down',
  'gray-failure',
  'region-failover',
  'async-replication',
  'retry-storm',
];
function seedsFor(lesson: Lesson): number[] {
  return FIRST_SIX.includes(lesson.id) ? SEEDS : COURSE_SEEDS;
}

/** Each lesson played once per seed in this file (the number checks below reuse the runs). */
const playedCache = new Map<string, PlayedStep[]>();
function played(lesson: Lesson, seed: number): PlayedStep[] {
  const key = `${lesson.id}:${seed}`;
  let run = playedCache.get(key);
  if (!run) {
    run = playLesson(lesson, seed);
    playedCache.set(key, run);
  }
  return run;
}

function start(lesson: Lesson, seed: number, changes: readonly LessonSetting[]): Simulation {
  return startLessonSimulation(lesson, changes, seed);
}

/** Plays a lesson through; returns the simulated second each step was done at. */
function playThrough(lesson: Lesson, seed: number): number[] {
  const run = played(lesson, seed);
  for (const [index, step] of lesson.steps.entries()) {
    const where = `${lesson.id} step ${index + 1} "${step.title}", seed ${seed}`;
    const view = run[index]?.view ?? run[run.length - 1]!.view;
    const unmet = (step.checks ?? []).filter((c) => !checkHolds(c, view)).map(describeCheck);
    expect(unmet, where).toEqual([]);
    expect(run[index]?.doneAtUs, where).not.toBe(null);
    // The moment it pauses at comes, and its prediction has a right answer in this run.
    if (step.pauseWhen) expect(run[index]!.pausedAtUs, where).not.toBe(null);
    if (step.predict) {
      const measured = run[index]!.measured;
      expect(measured, where).not.toBe(null);
      if (step.predict.kind === 'choice') {
        expect(choiceFor(step.predict, measured!), where).toBeGreaterThanOrEqual(0);
      } else {
        expect(measured!, where).toBeGreaterThanOrEqual(step.predict.min);
        expect(measured!, where).toBeLessThanOrEqual(step.predict.max);
      }
    }
  }
  return run.map((p) => p.doneAtUs! / 1_000_000);
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
    const seeds = seedsFor(lesson);
    it(`"${lesson.title}" can be done step by step, over ${seeds.length} seeds`, () => {
      for (const seed of seeds) playThrough(lesson, seed);
    });
  }

  it('health checks: the balancer notices within interval x threshold (+ one timeout)', () => {
    for (const seed of SEEDS) {
      const run = played(builtinLesson('health-checks')!, seed);
      const killedAt = run[1]!.actions[0]!.atUs / 1_000_000;
      const noticedAt = run[2]!.doneAtUs! / 1_000_000;
      // 5 s interval x 2 failures, plus the check's own 2 s timeout at most.
      expect(noticedAt - killedAt).toBeLessThanOrEqual(12.5);
    }
  });

  it('tells learners to read traffic where every screen shows it: link widths, not numbers on links', () => {
    // A phone's diagram and Present's tiles draw no rate beside a link (there is no room;
    // e2e/phone.spec.ts), and the breaker's switch says "open" on the link to payments, not
    // "OPEN" on the server. Every layout draws each link as thick as its rate.
    const texts = BUILTIN_LESSONS.flatMap((lesson) =>
      lesson.steps.flatMap((step) => [
        ...step.text,
        step.task ?? '',
        step.pauseWhen?.label ?? '',
        step.spotlight?.label ?? '',
      ]),
    );
    const untrueOnSomeScreens =
      /numbers? (beside|next to|on) (each|every|the) links?|(rate|number) on the link|look for OPEN/i;
    expect(texts.filter((text) => untrueOnSomeScreens.test(text))).toEqual([]);
    expect(HEALTH_CHECKS.steps[0]!.text.join(' ')).toContain(
      'Each link is as thick as the requests per second it carries',
    );
  });

  it('health checks: the ALB defaults it names are ALB’s, and the interval it quotes is the run’s', () => {
    const lesson = builtinLesson('health-checks')!;
    const text = lesson.steps.flatMap((step) => step.text).join(' ');
    // AWS ELB user guide, "Health checks for your target groups": interval 30 s,
    // timeout 5 s, unhealthy threshold 2, healthy threshold 5 (docs/reference.md "Health checks").
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

/** The measured answers of a lesson's predictions over the course seeds, by step (from 1). */
function measuredOver(id: string, step: number): number[] {
  const lesson = builtinLesson(id)!;
  return COURSE_SEEDS.map((seed) => played(lesson, seed)[step - 1]!.measured!);
}

describe('the course: what each lesson states is what the engine does', () => {
  it('orders the course as issue 13 lists its topics, "Start here" first', () => {
    expect(COURSE_ORDER).toEqual([
      'health-checks',
      'crash-vs-host-down',
      'gray-failure',
      'redundancy-and-nines',
      'automatic-vs-manual-failover',
      'region-failover',
      'async-replication',
      'split-brain',
      'retry-storm',
      'idempotency',
      'circuit-breakers',
      'slo-alerts',
    ]);
    const intro = HEALTH_CHECKS.steps[0]!.text.join(' ');
    for (const failure of [
      'crash',
      'host dies',
      'network times out',
      'disk',
      'zone',
      'region',
      'slow',
    ]) {
      expect(intro, failure).toContain(failure);
    }
  });

  it('every course lesson has 4 to 8 steps, a prediction, a pause, a spotlight and a last word', () => {
    for (const lesson of BUILTIN_LESSONS.filter((l) => !FIRST_SIX.includes(l.id))) {
      expect(lesson.steps.length, lesson.id).toBeGreaterThanOrEqual(4);
      expect(lesson.steps.length, lesson.id).toBeLessThanOrEqual(8);
      expect(
        lesson.steps.some((s) => s.predict),
        lesson.id,
      ).toBe(true);
      expect(
        lesson.steps.some((s) => s.pauseWhen),
        lesson.id,
      ).toBe(true);
      expect(
        lesson.steps.some((s) => s.spotlight),
        lesson.id,
      ).toBe(true);
      expect(lesson.steps.at(-1)!.title, lesson.id).toBe('What you learnt');
    }
  });

  it('redundancy and the nines: measured availability matches the series and parallel formulas', () => {
    // ~3,000 requests a minute: the binomial standard error is under 0.7 points at 81%.
    expect(NINES_FORMULA).toEqual({ oneTry: 90, twoTries: 99, series: 81 });
    for (const m of measuredOver('redundancy-and-nines', 1))
      expect(Math.abs(m - 90)).toBeLessThan(2);
    for (const m of measuredOver('redundancy-and-nines', 2))
      expect(Math.abs(m - 99)).toBeLessThan(1);
    for (const m of measuredOver('redundancy-and-nines', 3))
      expect(Math.abs(m - 81)).toBeLessThan(2.5);
    // docs/reference.md "Availability, nines and error budgets": 99.99% allows 52.56 min a year, 99.9% 8.76 h.
    const text = REDUNDANCY_AND_NINES.steps[0]!.text[0]!;
    expect(text).toContain('8.76 hours');
    expect(text).toContain('52.6 minutes');
    expect(downtimeMinutesPerYear(0.99999)).toBeCloseTo(5.26, 2);
    // The worked example: 99.940%, ~316 min a year.
    expect(REDUNDANCY_AND_NINES.steps.at(-1)!.text[1]).toContain('99.940%, about 316 minutes');
  });

  it('failover: automatic RTO is lease expiry + promotion + rediscovery; manual adds alert and person', () => {
    const db = {
      ...defaultSettings().database,
      ...builtinScenario('manual-failover')!.settings.database,
    };
    const s = (ms: number) => ms / 1000;
    const after = s(db.promotionMs + db.rediscoveryMs);
    for (const rto of measuredOver('automatic-vs-manual-failover', 1)) {
      expect(rto).toBeGreaterThanOrEqual(s(db.leaseTtlMs - db.loopWaitMs) + after - 0.5);
      expect(rto).toBeLessThanOrEqual(s(db.leaseTtlMs) + after + 0.5);
    }
    // Promoted the moment the page comes (the headless learner is instant).
    for (const rto of measuredOver('automatic-vs-manual-failover', 3)) {
      expect(rto).toBeCloseTo(s(db.alertDelayMs) + after, 0);
    }
    for (const rto of measuredOver('automatic-vs-manual-failover', 4)) {
      expect(rto).toBeCloseTo(s(db.alertDelayMs + OPERATOR_DELAY_MS) + after, 0);
    }
    // Watched past the moment the operator would have acted, had anyone been paged.
    expect(WATCH_UNTIL_S).toBeGreaterThan(30 + s(db.alertDelayMs + OPERATOR_DELAY_MS) + after);
    for (const failovers of measuredOver('automatic-vs-manual-failover', 5))
      expect(failovers).toBe(0);
  });

  it('split brain: without fencing the old primary takes writes that are lost; fencing and a quorum stop it', () => {
    for (const seed of COURSE_SEEDS) {
      const run = played(builtinLesson('split-brain')!, seed);
      const where = `seed ${seed}`;
      expect(run[1]!.measured, where).toBeGreaterThan(0);
      // Lost in all: at least the split-brain writes, and more (the unreplicated ones).
      expect(run[2]!.measured!, where).toBeGreaterThan(run[1]!.measured!);
      // Fencing: no second writer, but the asynchronous window before demotion is lost.
      expect(run[3]!.view.metrics!.data!.splitBrainWrites, where).toBe(0);
      expect(run[3]!.measured!, where).toBeGreaterThan(0);
      expect(run[3]!.measured!, where).toBeLessThan(run[2]!.measured!);
      // Quorum: nothing acknowledged is lost; writes failed instead.
      expect(run[4]!.measured, where).toBe(0);
      expect(run[4]!.view.metrics!.data!.writesFailed, where).toBeGreaterThan(0);
    }
  });

  it('idempotency: lost answers and a user retry charge twice; keys replay instead', () => {
    for (const seed of COURSE_SEEDS) {
      const run = played(builtinLesson('idempotency')!, seed);
      expect(run[1]!.measured, `seed ${seed}`).toBeGreaterThanOrEqual(10);
      // "Most of these users saw their checkout succeed on the retry."
      const metrics = run[2]!.view.metrics!;
      expect(metrics.requests.failedBy.error, `seed ${seed}`).toBeLessThan(
        metrics.defences.duplicateSideEffects,
      );
      expect(run[3]!.measured, `seed ${seed}`).toBe(0);
      expect(run[3]!.view.metrics!.defences.idempotentReplays, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('a slow dependency: it takes down requests that never call it; a breaker or shedding saves them', () => {
    for (const seed of COURSE_SEEDS) {
      const run = played(builtinLesson('circuit-breakers')!, seed);
      const where = `seed ${seed}`;
      // Non-checkouts are 70% of requests: below 60% means they failed too.
      expect(run[0]!.measured!, where).toBeLessThan(60);
      expect(run[1]!.measured!, where).toBeGreaterThan(60);
      expect(run[2]!.measured, where).toBe(0);
      expect(run[2]!.view.metrics!.requests.degraded, where).toBeGreaterThan(0);
      expect(run[3]!.measured!, where).toBeGreaterThan(60);
    }
  });

  it('monitoring: a page within seconds, no DNS failover, the average hides Europe, the budget spent', () => {
    for (const seed of COURSE_SEEDS) {
      const run = played(builtinLesson('slo-alerts')!, seed);
      const where = `seed ${seed}`;
      expect(run[1]!.measured!, where).toBeLessThan(10);
      expect(run[2]!.measured, where).toBe(0);
      const metrics = run[3]!.view.metrics!;
      const us = metrics.userGroups.find((g) => g.id === 'users-us')!;
      expect(us.availability, where).toBe(1);
      expect(run[3]!.measured!, where).toBeLessThan(metrics.availability * 100 - 10);
      // Half the users for "an hour" (a minute scaled by 60): 30 of 43.2 budget minutes.
      expect(Math.abs(run[4]!.measured! - (30 / 43.2) * 100), where).toBeLessThan(6);
    }
    // The rule it quotes is the engine's: a page at 14.4x over (1 h and 5 min) / 60.
    const rules = played(builtinLesson('slo-alerts')!, 1)[1]!.view.metrics!.alertRules;
    expect(rules.find((r) => r.severity === 'page' && r.burnRateThreshold === 14.4)).toMatchObject({
      longWindowS: 60,
      shortWindowS: 5,
    });
    const text = builtinLesson('slo-alerts')!.steps[0]!.text.join(' ');
    expect(text).toContain('43.2 minutes of total outage a month');
    expect(text).toContain('pages at 14.4x over 1 hour and over 5 minutes');
  });
});
