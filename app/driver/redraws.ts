/**
 * Spreads chart redraws over animation frames. A report changes the four charts of the
 * Charts tab at once, and React's effects would redraw all four in the frame that
 * publishes it, on top of the report's own work: one long frame four times a second.
 * Here each chart asks for its redraw, and at most `perFrame` redraws run per animation
 * frame, round robin: the charts waiting longest first. A chart asking again while it
 * waits keeps its place and only its newest drawing runs, so once the frames have run
 * every chart shows exactly what it was last asked to draw.
 *
 * This is the driver's because it asks for animation frames (DESIGN.md: only
 * app/driver does); the drawing itself stays in the views.
 */

/** Asks for `callback` before the next repaint. */
export type RequestFrame = (callback: () => void) => unknown;

export interface RedrawScheduler {
  /**
   * Asks for `draw` to run in a coming frame, under `key` (one per chart): replaces a
   * drawing of the same key that has not run yet, keeping its place in the queue.
   * `first`: it goes to the front instead and runs in the next frame (the diagram, which
   * shows a click's result and should not wait behind the charts).
   */
  request(key: string, draw: () => void, options?: { first?: boolean }): void;
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
  let frameAsked = false;

  const runFrame = () => {
    frameAsked = false;
    for (let i = 0; i < perFrame; i++) {
      const next = waiting.entries().next();
      if (next.done) break;
      const [key, draw] = next.value;
      waiting.delete(key);
      draw();
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
      ? (callback) => requestAnimationFrame(() => callback())
      : (callback) => callback(),
  );
  return chartScheduler;
}
