/**
 * A DriverEnv for tests, with animation frames and page visibility by hand: a test
 * decides when each frame runs and at what wall time. Test-only (the driver's tests).
 */
import type { ScheduledCommand, SimTimeUs } from '../sim';
import type { ScriptEntry } from '../store';
import type { DriverEnv } from './driver';

/** A session's fault script as the engine takes it, for a headless run beside the driver. */
export function scriptSchedule(script: readonly ScriptEntry[]): ScheduledCommand[] {
  // The page keeps script times as plain whole microseconds; the engine's are branded.
  return script.map(({ atUs, command }) => ({ atUs: atUs as SimTimeUs, command }));
}

/** Wall time between two frames stepped by `frames`: about 60 frames a second. */
const FRAME_MS = 16.7;

export interface FakeDriverEnv {
  env: DriverEnv;
  /** Runs the pending frame callbacks at wall time `wallMs`. */
  frame(wallMs: number): void;
  /** Runs `n` frames FRAME_MS apart, after the last frame's wall time (0 before any). */
  frames(n: number): void;
  /** How many frame callbacks are waiting. */
  pending(): number;
  /** Hides or shows the page, and tells the visibility listeners. */
  setHidden(hidden: boolean): void;
}

export function fakeDriverEnv(): FakeDriverEnv {
  let nextHandle = 1;
  const callbacks = new Map<number, (wallMs: number) => void>();
  const listeners = new Set<() => void>();
  let hidden = false;
  let lastWallMs = 0;
  const env: DriverEnv = {
    requestFrame: (callback) => {
      const handle = nextHandle++;
      callbacks.set(handle, callback);
      return handle;
    },
    cancelFrame: (handle) => void callbacks.delete(handle),
    isHidden: () => hidden,
    onVisibilityChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const frame = (wallMs: number) => {
    lastWallMs = wallMs;
    const pending = [...callbacks.values()];
    callbacks.clear();
    for (const callback of pending) callback(wallMs);
  };
  return {
    env,
    frame,
    frames(n) {
      for (let i = 0; i < n; i++) frame(lastWallMs + FRAME_MS);
    },
    pending: () => callbacks.size,
    setHidden(value) {
      hidden = value;
      for (const listener of listeners) listener();
    },
  };
}
