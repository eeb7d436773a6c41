/**
 * The driver: the only code that reads a wall clock or asks for animation frames. It
 * connects the store to the session that owns the engines (in a Web Worker, or in
 * process) and, each animation frame while playing, asks the session to advance by
 * the wall time since the last one; the session's frames and reports go to the store.
 *
 * Like d3-force's timer around `tick()`, the stepper (`runUntil`) stays pure; this
 * file only decides when to call it, and the main thread only draws.
 */
import {
  addNotice,
  connectSession,
  playground,
  receiveSessionEvent,
  type SessionEvent,
  type SessionRequest,
} from '../store';
import { workerTransport, type SessionTransport } from './workerTransport';

/** Counters, log and chart refresh about 4 times a second; moving requests every frame. */
export const REPORT_INTERVAL_WALL_MS = 250;

/** The browser facilities the driver uses, injectable so tests can run frames by hand. */
export interface DriverEnv {
  /** Asks for `callback(wallMs)` before the next repaint; returns a handle. */
  requestFrame(callback: (wallMs: number) => void): number;
  cancelFrame(handle: number): void;
  /** True while the page is not visible (background tab, minimised window). */
  isHidden(): boolean;
  /** Calls `listener` when visibility changes; returns an unsubscribe function. */
  onVisibilityChange(listener: () => void): () => void;
}

/** The real browser: requestAnimationFrame and the Page Visibility API. */
export function browserEnv(): DriverEnv {
  return {
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    isHidden: () => document.hidden,
    onVisibilityChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/** An in-process session for a browser whose worker could not start (loaded on demand). */
async function inProcessFallback(): Promise<SessionTransport> {
  const { inProcessTransport } = await import('./transport');
  return inProcessTransport({ yieldBetweenChunks: (resume) => setTimeout(resume, 0) });
}

/**
 * The session in a Web Worker. A browser without module workers, or a worker that
 * fails to start, gets an in-process session instead (its code loaded then), loaded
 * again from the store; requests sent meanwhile wait for it.
 */
export function browserTransport(): SessionTransport {
  const listeners = new Set<(event: SessionEvent) => void>();
  const deliver = (event: SessionEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  let current: SessionTransport | null = null;
  let queued: SessionRequest[] = [];
  let failedOver = false;
  const failOver = (why: string): void => {
    if (failedOver) return;
    failedOver = true;
    current?.close();
    current = null;
    void inProcessFallback().then((fallback) => {
      current = fallback;
      fallback.onEvent(deliver);
      queued = [];
      addNotice(`The engine runs on the page itself: ${why}.`);
      connectSession({ send: (request) => fallback.send(request) });
    });
  };
  try {
    if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers');
    current = workerTransport((message) => failOver(message));
    current.onEvent(deliver);
  } catch (error) {
    failOver(error instanceof Error ? error.message : String(error));
  }
  return {
    send(request) {
      if (current) current.send(request);
      else queued.push(request);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      current?.close();
    },
  };
}

/**
 * Starts driving the store's run: connects the store to a session on `transport` (the
 * browser's: `browserTransport()`; tests: `inProcessTransport()`), which loads the
 * run, and plays or pauses as the store says. Returns a function
 * that stops everything.
 */
export function startDriver(env: DriverEnv, transport: SessionTransport): () => void {
  let frameHandle: number | null = null;
  let lastWallMs: number | null = null;
  let lastReportWallMs = -Infinity;
  /** An `advance` is with the session: the next waits for its frame (no queue builds up). */
  let awaitingFrame = false;
  /** Wall time of frames that passed while waiting, sent with the next advance. */
  let owedWallMs = 0;

  const stopListening = transport.onEvent((event) => {
    if (event.type === 'frame' || event.type === 'report' || event.type === 'idle') {
      awaitingFrame = false;
    }
    receiveSessionEvent(event);
  });

  const shouldRun = (): boolean => playground.getState().run.playing && !env.isHidden();

  function onFrame(wallMs: number): void {
    frameHandle = null;
    if (!shouldRun()) return;
    // The first frame after a start or a pause only sets the reference time.
    owedWallMs += lastWallMs === null ? 0 : wallMs - lastWallMs;
    lastWallMs = wallMs;
    if (!awaitingFrame) {
      const report = wallMs - lastReportWallMs >= REPORT_INTERVAL_WALL_MS;
      if (report) lastReportWallMs = wallMs;
      awaitingFrame = true;
      const wallDeltaMs = owedWallMs;
      owedWallMs = 0;
      transport.send({
        type: 'advance',
        wallDeltaMs,
        speed: playground.getState().run.speed,
        report,
      });
    }
    frameHandle = env.requestFrame(onFrame);
  }

  /** Asks for frames while playing and visible; stops asking otherwise (no busy loop). */
  function sync(): void {
    if (shouldRun()) {
      if (frameHandle === null) {
        lastWallMs = null;
        owedWallMs = 0;
        frameHandle = env.requestFrame(onFrame);
      }
    } else if (frameHandle !== null) {
      env.cancelFrame(frameHandle);
      frameHandle = null;
    }
  }

  connectSession({ send: (request) => transport.send(request) });

  let wasPlaying = playground.getState().run.playing;
  const unsubscribeStore = playground.subscribe((state) => {
    if (state.run.playing === wasPlaying) return;
    wasPlaying = state.run.playing;
    // Pausing shows the exact numbers at the pause instant, not the last 4 Hz report.
    if (!wasPlaying) transport.send({ type: 'report' });
    sync();
  });
  const unsubscribeVisibility = env.onVisibilityChange(sync);

  sync();

  return () => {
    unsubscribeStore();
    unsubscribeVisibility();
    if (frameHandle !== null) env.cancelFrame(frameHandle);
    frameHandle = null;
    connectSession(null);
    stopListening();
    transport.close();
  };
}
