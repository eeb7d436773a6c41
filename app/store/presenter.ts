/**
 * Presentation mode's remote control: a presenter's clicker sends Page Down / Page Up
 * (or the arrow keys), and each press moves the demo to the next or previous fault of
 * the script. The run stops a few simulated seconds before the fault and plays on from
 * there, so the room sees the steady state, the failure, and the recovery.
 */
import type { ScriptEntry } from './faultScript';
import { engineNowUs, play, playground, seekTo } from './store';

/** How long before a fault a jump lands: time to see the steady state first. */
export const LEAD_US = 3_000_000;

/**
 * A second press of "previous" within this long after landing goes one fault further
 * back, as a slide deck's Page Up does, instead of landing on the same spot again.
 */
const AGAIN_US = 1_000_000;

export interface PresenterJump {
  /** The fault the jump leads up to, or null for the start of the run. */
  entry: ScriptEntry | null;
  /** Where the run lands (a little before the fault). */
  atUs: number;
}

const landingUs = (entry: ScriptEntry): number => Math.max(0, entry.atUs - LEAD_US);

/** The first fault still to come, and where to land before it; null when none is left. */
export function nextJump(script: readonly ScriptEntry[], nowUs: number): PresenterJump | null {
  const next = script
    .filter((entry) => entry.atUs > nowUs)
    .reduce<ScriptEntry | null>(
      (best, e) => (best === null || e.atUs < best.atUs ? e : best),
      null,
    );
  return next && { entry: next, atUs: Math.max(nowUs, landingUs(next)) };
}

/**
 * The fault before the one being watched, and where to land before it; the start of
 * the run when there is none.
 */
export function previousJump(script: readonly ScriptEntry[], nowUs: number): PresenterJump {
  const previous = script
    .filter((entry) => landingUs(entry) < nowUs - AGAIN_US)
    .reduce<ScriptEntry | null>(
      (best, e) => (best === null || e.atUs > best.atUs ? e : best),
      null,
    );
  return previous ? { entry: previous, atUs: landingUs(previous) } : { entry: null, atUs: 0 };
}

/** Jumps to just before the next fault and plays; returns the jump, or null at the end. */
export function presentNext(): PresenterJump | null {
  const jump = nextJump(playground.getState().run.script, engineNowUs());
  if (!jump) return null;
  seekTo(jump.atUs);
  play();
  return jump;
}

/** Goes back to just before the previous fault (or the start) and plays. */
export function presentPrevious(): PresenterJump {
  const jump = previousJump(playground.getState().run.script, engineNowUs());
  seekTo(jump.atUs);
  play();
  return jump;
}

/**
 * How long after a fault the auto-pause stops the run: the fault has applied and the
 * diagram shows it, nothing has reacted yet (a health check takes seconds).
 */
export const AUTO_PAUSE_AFTER_US = 1_000;

/**
 * The earliest fault of the script that the run went through between two reports
 * (`fromUs` exclusive, `toUs` inclusive), or null. Only forward: a seek back crosses none.
 */
export function faultCrossed(
  script: readonly ScriptEntry[],
  fromUs: number,
  toUs: number,
): ScriptEntry | null {
  let first: ScriptEntry | null = null;
  for (const entry of script) {
    if (entry.atUs > fromUs && entry.atUs <= toUs && (first === null || entry.atUs < first.atUs)) {
      first = entry;
    }
  }
  return first;
}

/**
 * Presentation mode's pause at the key moment of a scripted demo: when the run has gone
 * through a fault of the script, go back to just after it and stay paused there (the
 * run is seeded: going back replays the same run), so the presenter can point at it.
 * Returns the fault, or null when none was crossed.
 */
export function pauseAtCrossedFault(fromUs: number, toUs: number): ScriptEntry | null {
  const entry = faultCrossed(playground.getState().run.script, fromUs, toUs);
  if (entry) seekTo(entry.atUs + AUTO_PAUSE_AFTER_US);
  return entry;
}

/** Turns Presentation mode's "Pause at each fault" on or off (kept while the box is hidden). */
export function setAutoPause(enabled: boolean): void {
  playground.setState((s) => ({ ui: { ...s.ui, autoPause: { ...s.ui.autoPause, enabled } } }));
}

const setPausedAt = (pausedAt: ScriptEntry | null): void =>
  playground.setState((s) => ({ ui: { ...s.ui, autoPause: { ...s.ui.autoPause, pausedAt } } }));

/**
 * One report of a playing run, from `fromUs` to `toUs`: in Presentation mode with
 * "Pause at each fault" on and no lesson (a lesson pauses at its own moments), the first
 * scripted fault the run went through stops it just after that fault, and the store
 * remembers which one. Resuming plays on from there: the fault lies before the next
 * report's start, so it is not crossed again. Returns the fault paused at, or null.
 */
export function autoPauseOnReport(fromUs: number, toUs: number): ScriptEntry | null {
  const { run, ui } = playground.getState();
  if (!ui.presenting || !ui.autoPause.enabled || ui.lesson !== null) return null;
  // A seek's catch-up reports (the run paused) go through faults without stopping.
  if (!run.playing || run.seeking) return null;
  const entry = pauseAtCrossedFault(fromUs, toUs);
  if (entry) setPausedAt(entry);
  return entry;
}

/**
 * Drives the auto-pause from the run's reports (each new snapshot time) and forgets the
 * fault paused at once the run plays again. Returns the function that stops following.
 */
export function followReportsForAutoPause(): () => void {
  return playground.subscribe((state, previous) => {
    if (state.run.playing && !previous.run.playing && state.ui.autoPause.pausedAt) {
      setPausedAt(null);
    }
    const toUs = state.run.snapshot?.nowUs;
    const fromUs = previous.run.snapshot?.nowUs;
    if (toUs === undefined || fromUs === undefined || toUs === fromUs) return;
    autoPauseOnReport(fromUs, toUs);
  });
}
