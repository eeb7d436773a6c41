/**
 * Reports carry only the series seconds completed since the previous report (the copy
 * between worker and page stays small as the run grows), and the page appends them: the
 * series in the store must be, at every report, the whole series of the same run made
 * headless to that instant — over random mixes of frames, steps, pauses and compares.
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
  runInput,
  setSpeed,
  startCompare,
  step,
  stopCompare,
} from '../store';
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

  it('the store holds the whole series at every report, with and without a compare', () => {
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
            expect(run.metrics!.series).toEqual(straightSeries(nowUs, 'run'));
            if (b?.metrics)
              expect(b.metrics.series).toEqual(straightSeries(b.metrics.nowUs, 'compare'));
          }
          stopCompare();
          stop();
          stop = null;
        },
      ),
      { numRuns: 15 },
    );
  });
});
