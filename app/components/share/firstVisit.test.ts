import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../scenarios';
import { COURSE_ORDER, builtinLesson } from '../../lessons/builtin';
import {
  firstVisitHref,
  FIRST_VISIT_SCENARIO,
  START_HERE_LESSON,
  startHereOffered,
} from './firstVisit';
import { readUrlState } from './urlState';

describe('firstVisitHref', () => {
  it('opens the bare page on the simplest cluster on a first visit', () => {
    const href = firstVisitHref('https://x.test/nines/', true);
    expect(readUrlState(href).scenario.name).toBe(FIRST_VISIT_SCENARIO);
    const scenario = builtinScenario(FIRST_VISIT_SCENARIO)!;
    // Simplest: one region (the default design has two).
    expect(scenario.topology.regions.length).toBe(1);
    expect(readUrlState('https://x.test/nines/').scenario.topology.regions.length).toBe(2);
  });

  it('leaves a returning visitor and every link that says something as they are', () => {
    expect(firstVisitHref('https://x.test/nines/', false)).toBe('https://x.test/nines/');
    for (const href of [
      'https://x.test/nines/#scenario=two-regions',
      'https://x.test/nines/#seed=4',
      'https://x.test/nines/#lesson=health-checks',
      'https://x.test/nines/#challenge=retry-storm',
      'https://x.test/nines/?lang=en',
    ]) {
      expect(firstVisitHref(href, true)).toBe(href);
    }
  });

  it('starts a newcomer on the first lesson of the course, on the first-visit cluster', () => {
    expect(COURSE_ORDER[0]).toBe(START_HERE_LESSON);
    expect(builtinLesson(START_HERE_LESSON)?.scenario).toBe(FIRST_VISIT_SCENARIO);
  });

  it('offers Start here only on a first visit to a link that names no scenario, lesson or challenge', () => {
    for (const href of ['https://x.test/nines/', 'https://x.test/nines/#seed=4']) {
      expect(startHereOffered(href, true)).toBe(true);
      expect(startHereOffered(href, false)).toBe(false);
    }
    for (const href of [
      'https://x.test/nines/#scenario=database',
      'https://x.test/nines/?scenario=database',
      'https://x.test/nines/#lesson=health-checks&step=2',
      'https://x.test/nines/#challenge=retry-storm',
    ]) {
      expect(startHereOffered(href, true)).toBe(false);
    }
  });
});
