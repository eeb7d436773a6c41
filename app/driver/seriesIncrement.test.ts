/**
 * Reports carry only the series seconds completed since the previous report (the copy
 * between worker and page stays small as the run grows), and the page appends them to
 * the seconds its charts draw (app/store/heldSeries.ts): in a short run every second,
 * equal at every report to the whole series of the same run made headless to that
 * instant, over random mixes of frames, steps, pauses and compares. However long the
 * run, the page holds a bounded number of seconds, and the export asks the session for
 * the whole series: every second, as the engine has it.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/runtime';
import { DEFAULT_SCENARIO } from '../scenarios';
import {
  compareStartSettings,
  initialState,
  pause,
  play,
  playground,
  receiveSessionEvent,
  requestSeries,
  runInput,
  setSpeed,
  startCompare,
  step,
  stopCompare,
} from '../store';
import { enginePoints, heldPointsMax } from '../store/heldSeries';
import type { RunReport, SessionEvent } from '../store/sessionProtocol';
import { startDriver } from './driver';
import { fakeDriverEnv } from './fakeEnv';
import { createSession } from './session';
import { inProcessTransport } from './transport';

const S = 1_000_000;
let stop: (() => void) | null = null;

afterEach(() => {
  stopCompare();
  stop?.();
  stop = null;
});

/** Design B: active-active regions, so its series differs from the run's. */
const CHANGES = [{ path: 'regions.mode', value: 'active-active' }];

type Action =
  { kind: 'frames'; count: number } | { kind: 'step' } | { kind: 'pause' } | { kind: 'play' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('frames' as const), count: fc.integer({ min: 1, max: 40 }) }),
  fc.constant({ kind: 'step' as const }),
  fc.constant({ kind: 'pause' as const }),
  fc.constant({ kind: 'play' as const }),
);

/** The series of the run made headless, straight to `untilUs`. */
function straightSeries(untilUs: number, design: 'run' | 'compare') {
  const { run, compare } = playground.getState();
  const { scenario, seed, startSettings } = run;
  const settings = design === 'run' ? startSettings : compareStartSettings(run, compare!);
  const sim = createSimulation(runInput({ scenario, startSettings: settings }), { seed });
  sim.runUntil(untilUs);
  return sim.metrics().series;
}

describe('series sent incrementally', () => {
  it('a report after the first carries only the seconds completed since the previous one', () => {
    const reports: RunReport[] = [];
    const session = createSession((event: SessionEvent) => {
      if (event.type === 'report') reports.push(event.report);
    });
    const setup = { input: runInput(initialState(DEFAULT_SCENARIO).run), seed: 1 };
    session.handle({ type: 'load', runId: 1, run: setup, compare: null, script: [] });
    for (let i = 0; i < 5; i++) session.handle({ type: 'step', durationUs: 3 * S });
    expect(reports.map((r) => [r.seriesStart, r.metrics.series.length])).toEqual([
      [0, 0],
      [0, 3],
      [3, 3],
      [6, 3],
      [9, 3],
      [12, 3],
    ]);
    expect(reports.map((r) => r.metrics.series[0]?.startS)).toEqual([undefined, 0, 3, 6, 9, 12]);
  });

  it('the store holds every second of a short run at every report, with and without a compare', () => {
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom(5, 20, 50),
        (actions, compare, speed) => {
          playground.setState(initialState(DEFAULT_SCENARIO), true);
          const fake = fakeDriverEnv();
          stop = startDriver(fake.env, inProcessTransport());
          if (compare) expect(startCompare(CHANGES)).toEqual({ ok: true });
          setSpeed(speed as 5 | 20 | 50);
          play();
          for (const a of actions) {
            if (a.kind === 'frames') fake.frames(a.count);
            else if (a.kind === 'step') step();
            else if (a.kind === 'pause') pause();
            else play();
            const { run, compare: b } = playground.getState();
            const nowUs = run.metrics!.nowUs;
            expect(enginePoints(run.metrics!.series)).toEqual(straightSeries(nowUs, 'run'));
            if (b?.metrics)
              expect(enginePoints(b.metrics.series)).toEqual(
                straightSeries(b.metrics.nowUs, 'compare'),
              );
          }
          stopCompare();
          stop();
          stop = null;
        },
      ),
      { numRuns: 15 },
    );
  });

  it('the export gets every second of the run and of design B from the session', async () => {
    playground.setState(initialState(DEFAULT_SCENARIO), true);
    const fake = fakeDriverEnv();
    stop = startDriver(fake.env, inProcessTransport());
    expect(startCompare(CHANGES)).toEqual({ ok: true });
    setSpeed(50);
    play();
    fake.frames(200);
    pause();
    const { run, compare } = playground.getState();
    const whole = await requestSeries();
    expect(whole!.length).toBeGreaterThan(100);
    expect(whole).toEqual(straightSeries(run.metrics!.nowUs, 'run'));
    expect(await requestSeries('compare')).toEqual(
      straightSeries(compare!.metrics!.nowUs, 'compare'),
    );
  });

  it("holds a bounded number of seconds however long the run, each one the run's own", () => {
    playground.setState(initialState(DEFAULT_SCENARIO), true);
    const reports: Array<SessionEvent & { type: 'report' }> = [];
    const session = createSession((event) => {
      if (event.type === 'report') reports.push(event);
      receiveSessionEvent(event);
    });
    const { run } = playground.getState();
    session.handle({
      type: 'load',
      runId: run.runId,
      run: { input: runInput(run), seed: run.seed },
      compare: null,
      script: [],
    });
    // An hour of the engine's seconds, then the same hour again and again, each copy
    // 3,600 s later: 60 hours of seconds at the page, as reports of 120 s.
    session.handle({ type: 'step', durationUs: 3600 * S });
    const hour = reports[reports.length - 1]!.report.metrics.series;
    expect(hour.length).toBe(3600);
    const template = reports[reports.length - 1]!;
    const reportS = 120;
    const bound = heldPointsMax(reportS);
    const heldAt: number[] = [];
    for (let start = 3600; start < 60 * 3600; start += reportS) {
      const fresh = hour
        .slice(start % 3600, (start % 3600) + reportS)
        .map((p, i) => ({ ...p, startS: start + i }));
      receiveSessionEvent({
        ...template,
        report: {
          ...template.report,
          newLog: [],
          seriesStart: start,
          metrics: { ...template.report.metrics, series: fresh },
        },
      });
      const held = playground.getState().run.metrics!.series;
      expect(held.length).toBeLessThanOrEqual(bound);
      if (start % (6 * 3600) === 0) heldAt.push(held.length);
    }
    const held = playground.getState().run.metrics!.series;
    const seen = 60 * 3600;
    // Far fewer seconds than the run's: the whole series would be 216,000 points.
    expect(bound).toBeLessThan(seen / 2);
    expect(held.length).toBeLessThan(seen / 2);
    // Flat: the last 30 hours hold no more than the bound, and no more than 1.5 times
    // what the first 30 held at their end.
    expect(Math.max(...heldAt.slice(5))).toBeLessThanOrEqual(1.5 * heldAt[4]!);
    // Every held second is the run's own second, in order, and the newest are all there.
    for (let i = 1; i < held.length; i++)
      expect(held[i]!.startS).toBeGreaterThan(held[i - 1]!.startS);
    for (const p of held)
      expect(enginePoints([p])[0]).toEqual({ ...hour[p.startS % 3600]!, startS: p.startS });
    expect(held.slice(-600).map((p) => p.startS)).toEqual(
      Array.from({ length: 600 }, (_, i) => seen - 600 + i),
    );
  });
});
