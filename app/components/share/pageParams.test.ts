// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS, HEALTH_CHECKS, REGION_FAILOVER } from '../../lessons';
import { connectSession, initialState, playground, type SessionPort } from '../../store';
import { readPageParams } from '../lessons/lessonParams';
import { pageParamsSettled, startPageParamSync } from './pageParams';

const BASE = 'https://x.test/nines/';
const KNOWN = BUILTIN_LESSONS.map((l) => l.id).join(', ');

describe('readPageParams', () => {
  it('reads a lesson and its step (from 1), present and embed', () => {
    const params = readPageParams(`${BASE}#lesson=health-checks&step=2&present&embed`);
    expect(params.lesson?.lesson).toBe(HEALTH_CHECKS);
    expect(params.lesson?.step).toBe(1);
    expect(params).toMatchObject({ presenting: true, embedded: true, problems: [] });
    expect(readPageParams(BASE)).toMatchObject({
      lesson: null,
      lessonAsked: false,
      presenting: false,
      embedded: false,
      problems: [],
    });
  });

  it('names an unknown lesson and the lessons there are', () => {
    const params = readPageParams(`${BASE}#lesson=nope`);
    expect(params.lesson).toBeNull();
    expect(params.lessonAsked).toBe(true);
    expect(params.problems).toEqual([
      `This link asks for a lesson "nope", which does not exist. Lessons: ${KNOWN}.`,
    ]);
  });

  it.each([
    ['0', 1],
    ['99', HEALTH_CHECKS.steps.length],
    ['two', 1],
    ['1.5', 1],
    ['', 1],
  ])('names an unknown step %j and opens the nearest one', (step, opened) => {
    const params = readPageParams(`${BASE}#lesson=health-checks&step=${step}`);
    expect(params.lesson?.step).toBe(opened - 1);
    expect(params.problems).toEqual([
      `This link asks for step "${step}" of the lesson "${HEALTH_CHECKS.title}", which has steps 1 to ${HEALTH_CHECKS.steps.length}: it opened step ${opened}.`,
    ]);
  });
});

describe('following the address on hashchange', () => {
  let stop: () => void = () => undefined;
  const controller: SessionPort = { send: () => undefined };
  const goTo = async (hash: string) => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await pageParamsSettled(); // the lessons' code loads on first use
  };
  const ui = () => playground.getState().ui;

  beforeEach(() => {
    window.history.replaceState(null, '', '/');
    playground.setState(initialState(), true);
    connectSession(controller);
    stop = startPageParamSync();
  });
  afterEach(() => stop());

  it('starts, moves and ends a lesson when the hash changes after load', async () => {
    expect(ui().lesson).toBeNull();
    await goTo('lesson=region-failover&step=2');
    expect(ui().lesson).toEqual({ id: REGION_FAILOVER.id, step: 1 });
    expect(playground.getState().run.scenario.name).toBe(REGION_FAILOVER.scenario);
    await goTo('lesson=health-checks');
    expect(ui().lesson).toEqual({ id: HEALTH_CHECKS.id, step: 0 });
    await goTo('scenario=one-region');
    expect(ui().lesson).toBeNull();
  });

  it('shows a notice for an unknown lesson instead of doing nothing', async () => {
    await goTo('lesson=no-such-lesson');
    expect(ui().lesson).toBeNull();
    expect(ui().notices.map((n) => n.text)).toEqual([
      `This link asks for a lesson "no-such-lesson", which does not exist. Lessons: ${KNOWN}.`,
    ]);
  });

  it('takes an unknown lesson (and its step) out of the address after its notice', async () => {
    await goTo('seed=3&lesson=no-such-lesson&step=2&present');
    expect(ui().notices).toHaveLength(1);
    // Sharing the address now does not repeat the error; the rest of it stays.
    expect(window.location.hash).toBe('#seed=3&present');
  });

  it('an unknown lesson asked during a lesson leaves the followed one in the address', async () => {
    await goTo('lesson=region-failover&step=2');
    await goTo('lesson=no-such-lesson');
    expect(ui().lesson).toEqual({ id: REGION_FAILOVER.id, step: 1 });
    expect(window.location.hash).toBe(`#lesson=${REGION_FAILOVER.id}&step=2`);
  });

  it('enters and leaves presentation mode and embedding with the hash', async () => {
    await goTo('present');
    expect(ui().presenting).toBe(true);
    await goTo('present&embed');
    expect(ui()).toMatchObject({ presenting: true, embedded: true });
    await goTo('seed=3');
    expect(ui()).toMatchObject({ presenting: false, embedded: false });
  });
});
