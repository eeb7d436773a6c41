/**
 * Spreads chart redraws over animation frames. A report changes the four charts of the
 * Charts tab at once, and React's effects would redraw all four in the frame that
 * publishes it, on top of the report's own work: one long frame four times a second.
 * Here each chart asks for its redraw, and at most `perFrame` redraws run per animation
 * frame, round robin: the charts waiting longest first. A chart asking again while it
 * waits keeps its place and only its newest drawing runs, so once the frames have run
 * every chart shows exactly what it was last asked to draw.
 *
 * This is the driver's because it asks for animation frames (docs/architecture.md "Layers": only
 * app/driver does); the drawing itself stays in the views.
 */

/** Asks for `callback` before the next repaint, with the frame's time in milliseconds. */
export type RequestFrame = (callback: (nowMs: number) => void) => unknown;

/**
 * How often a chart off screen is redrawn, ms: it keeps up with the run (so it is
 * current when scrolled to, and its DOM tells the truth), but at 50x it would otherwise
 * redraw four times a second for nobody.
 */
export const OFF_SCREEN_REDRAW_MS = 1000;

export interface RedrawScheduler {
  /**
   * Asks for `draw` to run in a coming frame, under `key` (one per chart): replaces a
   * drawing of the same key that has not run yet, keeping its place in the queue.
   * `first`: it goes to the front instead and runs in the next frame (the diagram, which
   * shows a click's result and should not wait behind the charts). `offScreen`: it runs
   * no sooner than OFF_SCREEN_REDRAW_MS after this key's previous drawing (a chart
   * scrolled out of view); asked for again on screen, it runs in turn as usual.
   */
  request(key: string, draw: () => void, options?: { first?: boolean; offScreen?: boolean }): void;
  /** Drops the drawing waiting under `key`, if any (a chart that unmounts). */
  cancel(key: string): void;
  /** Keys waiting, in the order they will draw. */
  pending(): string[];
}

/** A scheduler running at most `perFrame` redraws in each frame `requestFrame` gives. */
export function createRedrawScheduler(requestFrame: RequestFrame, perFrame = 1): RedrawScheduler {
  if (!Number.isInteger(perFrame) || perFrame < 1) {
    throw new RangeError(`perFrame must be a whole number from 1, got ${perFrame}`);
  }
  // A Map iterates in insertion order: a key set again keeps its place.
  const waiting = new Map<string, () => void>();
  /** Keys asked for off screen, and when each key last drew (frame time, ms). */
  const offScreen = new Set<string>();
  const lastDrawnMs = new Map<string, number>();
  let frameAsked = false;

  const runFrame = (nowMs: number) => {
    frameAsked = false;
    let ran = 0;
    for (const [key, draw] of [...waiting]) {
      if (ran >= perFrame) break;
      if (
        offScreen.has(key) &&
        nowMs - (lastDrawnMs.get(key) ?? -Infinity) < OFF_SCREEN_REDRAW_MS
      ) {
        continue;
      }
      waiting.delete(key);
      offScreen.delete(key);
      lastDrawnMs.set(key, nowMs);
      draw();
      ran++;
    }
    askFrame();
  };

  const askFrame = () => {
    if (frameAsked || waiting.size === 0) return;
    frameAsked = true;
    requestFrame(runFrame);
  };

  return {
    request(key, draw, options) {
      if (options?.offScreen) offScreen.add(key);
      else offScreen.delete(key);
      if (options?.first) {
        // A new Map in the order wanted: a handful of keys at most.
        const rest = [...waiting].filter(([waitingKey]) => waitingKey !== key);
        waiting.clear();
        waiting.set(key, draw);
        for (const [restKey, restDraw] of rest) waiting.set(restKey, restDraw);
      } else {
        waiting.set(key, draw);
      }
      askFrame();
    },
    cancel(key) {
      waiting.delete(key);
      offScreen.delete(key);
      lastDrawnMs.delete(key);
    },
    pending: () => [...waiting.keys()],
  };
}

let chartScheduler: RedrawScheduler | null = null;

/**
 * The page's chart and diagram redraws: one per animation frame. Without animation frames (a test
 * environment without them) a redraw runs at once.
 */
export function chartRedraws(): RedrawScheduler {
  chartScheduler ??= createRedrawScheduler(
    typeof requestAnimationFrame === 'function'
      ? (callback) => requestAnimationFrame((nowMs) => callback(nowMs))
      : (callback) => callback(Infinity),
  );
  return chartScheduler;
}
