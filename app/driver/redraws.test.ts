/**
 * The chart redraw scheduler: at most one redraw per animation frame, round robin, and
 * once the frames have run every chart shows what it was last asked to draw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedrawScheduler, OFF_SCREEN_REDRAW_MS } from './redraws';

/** Frames run by hand: `frame()` runs the callbacks asked for before it, 60 a second. */
function handFrames() {
  let asked: Array<(nowMs: number) => void> = [];
  let nowMs = 0;
  return {
    requestFrame: (callback: (nowMs: number) => void) => void asked.push(callback),
    get asked() {
      return asked.length;
    },
    frame() {
      const now = asked;
      asked = [];
      nowMs += 1000 / 60;
      for (const callback of now) callback(nowMs);
    },
  };
}

describe('chart redraws', () => {
  it('runs one redraw per frame, the chart waiting longest first', () => {
    const frames = handFrames();
    const scheduler = createRedrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    for (const chart of ['outcomes', 'latency', 'throughput', 'availability']) {
      scheduler.request(chart, () => drawn.push(chart));
    }
    expect(drawn).toEqual([]);
    expect(frames.asked).toBe(1);
    frames.frame();
    expect(drawn).toEqual(['outcomes']);
    // The next report while three wait: outcomes goes to the back, the others keep
    // their places (and draw their newest picture).
    scheduler.request('outcomes', () => drawn.push('outcomes 2'));
    scheduler.request('latency', () => drawn.push('latency 2'));
    frames.frame();
    frames.frame();
    frames.frame();
    frames.frame();
    expect(drawn).toEqual(['outcomes', 'latency 2', 'throughput', 'availability', 'outcomes 2']);
    // Nothing waits: no frame is asked for.
    frames.frame();
    expect(frames.asked).toBe(0);
  });

  it('runs a redraw asked for first in the next frame, ahead of the charts waiting', () => {
    const frames = handFrames();
    const scheduler = createRedrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    for (const chart of ['outcomes', 'latency', 'throughput']) {
      scheduler.request(chart, () => drawn.push(chart));
    }
    scheduler.request('diagram', () => drawn.push('diagram'), { first: true });
    expect(scheduler.pending()).toEqual(['diagram', 'outcomes', 'latency', 'throughput']);
    frames.frame();
    expect(drawn).toEqual(['diagram']);
    // Asked again while waiting behind none: it still runs first, with its newest drawing,
    // once; the charts keep their order.
    scheduler.request('diagram', () => drawn.push('diagram 2'), { first: true });
    scheduler.request('diagram', () => drawn.push('diagram 3'), { first: true });
    for (let i = 0; i < 5; i++) frames.frame();
    expect(drawn).toEqual(['diagram', 'diagram 3', 'outcomes', 'latency', 'throughput']);
  });

  it('redraws a chart off screen at most once per OFF_SCREEN_REDRAW_MS, on screen at once', () => {
    const frames = handFrames();
    const scheduler = createRedrawScheduler(frames.requestFrame);
    const drawn: number[] = [];
    // A report every 15 frames (4 a second) asks the off-screen chart to redraw.
    const framesPerSecond = 60;
    for (let f = 0; f < 2 * framesPerSecond; f++) {
      if (f % 15 === 0) scheduler.request('chart', () => drawn.push(f), { offScreen: true });
      frames.frame();
    }
    // 8 reports in 2 s: drawn at the first, then once a second (the newest drawing each time).
    expect(drawn).toEqual([0, 60]);
    expect(scheduler.pending()).toEqual(['chart']);
    // Scrolled into view: the waiting drawing is asked for on screen and runs next frame.
    scheduler.request('chart', () => drawn.push(-1));
    frames.frame();
    expect(drawn).toEqual([0, 60, -1]);
    // Off screen it never holds back another chart's turn.
    scheduler.request('hidden', () => drawn.push(-2), { offScreen: true });
    frames.frame();
    scheduler.request('hidden', () => drawn.push(-3), { offScreen: true });
    scheduler.request('shown', () => drawn.push(-4));
    frames.frame();
    expect(drawn).toEqual([0, 60, -1, -2, -4]);
    expect(OFF_SCREEN_REDRAW_MS).toBe(1000);
  });

  it('drops a cancelled redraw (a chart that unmounts)', () => {
    const frames = handFrames();
    const scheduler = createRedrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    scheduler.request('a', () => drawn.push('a'));
    scheduler.request('b', () => drawn.push('b'));
    scheduler.cancel('a');
    expect(scheduler.pending()).toEqual(['b']);
    frames.frame();
    frames.frame();
    expect(drawn).toEqual(['b']);
  });

  it('runs up to perFrame redraws in a frame', () => {
    const frames = handFrames();
    const scheduler = createRedrawScheduler(frames.requestFrame, 2);
    const drawn: string[] = [];
    for (const key of ['a', 'b', 'c']) scheduler.request(key, () => drawn.push(key));
    frames.frame();
    expect(drawn).toEqual(['a', 'b']);
    frames.frame();
    expect(drawn).toEqual(['a', 'b', 'c']);
    expect(() => createRedrawScheduler(frames.requestFrame, 0)).toThrow(/perFrame/);
  });

  it('over any mix of reports and frames: one redraw a frame at most, and the newest picture of each chart last', () => {
    const charts = ['outcomes', 'latency', 'throughput', 'availability'];
    const step = fc.oneof(
      fc.record({ kind: fc.constant('report' as const), charts: fc.subarray(charts) }),
      fc.constant({ kind: 'frame' as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const frames = handFrames();
        const scheduler = createRedrawScheduler(frames.requestFrame);
        const shown = new Map<string, number>();
        const asked = new Map<string, number>();
        let version = 0;
        for (const s of steps) {
          if (s.kind === 'frame') {
            let draws = 0;
            const before = new Map(shown);
            frames.frame();
            for (const [chart, v] of shown) if (before.get(chart) !== v) draws++;
            expect(draws).toBeLessThanOrEqual(1);
            continue;
          }
          for (const chart of s.charts) {
            const v = ++version;
            asked.set(chart, v);
            scheduler.request(chart, () => shown.set(chart, v));
          }
        }
        // Every waiting chart is drawn within as many frames as there are charts.
        for (let i = 0; i < charts.length; i++) frames.frame();
        expect(scheduler.pending()).toEqual([]);
        expect(shown).toEqual(asked);
      }),
      { numRuns: 200 },
    );
  });
});
