import { beforeEach, describe, expect, it } from 'vitest';
import type { Command, Snapshot } from '../sim';
import { scriptEntry, type ScriptEntry } from './faultScript';
import {
  AUTO_PAUSE_AFTER_US,
  followReportsForAutoPause,
  setAutoPause,
  faultCrossed,
  LEAD_US,
  nextJump,
  pauseAtCrossedFault,
  presentNext,
  presentPrevious,
  previousJump,
} from './presenter';
import type { SessionPort } from './sessionProtocol';
import {
  connectSession,
  initialState,
  playground,
  publishFrame,
  play,
  receiveSessionEvent,
} from './store';

const S = 1_000_000;
const kill = (target: string): Command => ({ type: 'kill', target });
/** A script with faults at 10 s, 60 s and 61 s. */
const SCRIPT: ScriptEntry[] = [
  scriptEntry(60 * S, kill('app-b1'), 'scenario'),
  scriptEntry(10 * S, kill('app-a1'), 'scenario'),
  scriptEntry(61 * S, kill('app-c1'), 'added'),
];
const at = (jump: { atUs: number } | null) => jump && jump.atUs / S;
const target = (jump: { entry: ScriptEntry | null } | null) =>
  jump?.entry ? (jump.entry.command as { target: string }).target : null;

describe('nextJump', () => {
  it('lands LEAD_US before the first fault still to come', () => {
    expect(LEAD_US).toBe(3 * S);
    expect([at(nextJump(SCRIPT, 0)), target(nextJump(SCRIPT, 0))]).toEqual([7, 'app-a1']);
    expect([at(nextJump(SCRIPT, 10 * S)), target(nextJump(SCRIPT, 10 * S))]).toEqual([
      57,
      'app-b1',
    ]);
  });

  it('never goes back in time: a fault less than the lead away plays from now', () => {
    expect(at(nextJump(SCRIPT, 59 * S))).toBe(59);
    expect(target(nextJump(SCRIPT, 60 * S))).toBe('app-c1');
    expect(at(nextJump(SCRIPT, 60 * S))).toBe(60);
  });

  it('is null once every fault has happened', () => {
    expect(nextJump(SCRIPT, 61 * S)).toBeNull();
    expect(nextJump([], 0)).toBeNull();
  });
});

describe('previousJump', () => {
  it('replays the fault being watched from just before it', () => {
    expect([at(previousJump(SCRIPT, 30 * S)), target(previousJump(SCRIPT, 30 * S))]).toEqual([
      7,
      'app-a1',
    ]);
  });

  it('a second press right after landing goes one fault further back, then to the start', () => {
    // Just landed before the 60 s fault (at 57 s, half a second ago).
    expect(target(previousJump(SCRIPT, 57.5 * S))).toBe('app-a1');
    expect(previousJump(SCRIPT, 7.5 * S)).toEqual({ entry: null, atUs: 0 });
    expect(previousJump([], 100 * S)).toEqual({ entry: null, atUs: 0 });
  });
});

describe('presentNext and presentPrevious', () => {
  let calls: string[];
  let nowUs: number;

  /** The session's engine time, as its frames tell the page. */
  const setNow = (us: number) => {
    nowUs = us;
    publishFrame({ nowUs } as Snapshot);
  };

  beforeEach(() => {
    calls = [];
    const session: SessionPort = {
      send(request) {
        if (request.type === 'load') {
          calls.push('reset');
          setNow(0);
        }
        if (request.type === 'seek') {
          calls.push(`step ${(request.targetUs - nowUs) / S}`);
          setNow(request.targetUs);
          receiveSessionEvent({
            type: 'seek-done',
            runId: playground.getState().run.runId,
            seekId: request.seekId,
            cancelled: false,
          });
        }
      },
    };
    playground.setState(initialState(), true);
    connectSession(session);
    calls = [];
    playground.setState((s) => ({ run: { ...s.run, script: SCRIPT, playing: false } }));
  });

  it('runs the engine forward to the landing point and plays', () => {
    setNow(2 * S);
    expect(target(presentNext())).toBe('app-a1');
    expect(calls).toEqual(['step 5']);
    expect(nowUs).toBe(7 * S);
    expect(playground.getState().run.playing).toBe(true);
  });

  it('goes back by replaying the run from the start to the landing point', () => {
    setNow(70 * S);
    expect(target(presentPrevious())).toBe('app-c1');
    expect(calls).toEqual(['reset', 'step 58']);
    expect(playground.getState().run.playing).toBe(true);
    expect(playground.getState().run.script).toEqual(SCRIPT);
  });

  it('does nothing at the end of the script', () => {
    setNow(80 * S);
    expect(presentNext()).toBeNull();
    expect(calls).toEqual([]);
  });

  it('auto-pause: a report past a fault goes back to just after it and stays paused', () => {
    playground.setState((s) => ({ run: { ...s.run, playing: true } }));
    setNow(62 * S);
    // The report before was at 59.75 s: the run went through 60 s (and 61 s).
    expect(target({ entry: pauseAtCrossedFault(59.75 * S, 62 * S) })).toBe('app-b1');
    expect(calls).toEqual(['reset', `step ${(60 * S + AUTO_PAUSE_AFTER_US) / S}`]);
    expect(nowUs).toBe(60 * S + AUTO_PAUSE_AFTER_US);
    expect(playground.getState().run.playing).toBe(false);
  });

  it('auto-pause: no fault between the reports, no seek and the run plays on', () => {
    playground.setState((s) => ({ run: { ...s.run, playing: true } }));
    setNow(30 * S);
    expect(pauseAtCrossedFault(29.75 * S, 30 * S)).toBeNull();
    expect(calls).toEqual([]);
    expect(playground.getState().run.playing).toBe(true);
  });
});

describe('auto-pause in Presentation mode, driven by reports', () => {
  let calls: string[];
  let stop: () => void;

  /** A report of the run reaching `s` seconds (what the session's reports publish). */
  const report = (s: number) =>
    playground.setState((state) => ({
      run: { ...state.run, snapshot: { ...state.run.snapshot, nowUs: s * S } as Snapshot },
    }));
  const pausedAt = () => target({ entry: playground.getState().ui.autoPause.pausedAt });
  const playing = () => playground.getState().run.playing;

  beforeEach(() => {
    calls = [];
    playground.setState(initialState(), true);
    connectSession({
      send(request) {
        if (request.type === 'load') calls.push('reset');
        if (request.type === 'seek') {
          calls.push(`seek ${request.targetUs / S}`);
          publishFrame({ nowUs: request.targetUs } as Snapshot);
          receiveSessionEvent({
            type: 'seek-done',
            runId: playground.getState().run.runId,
            seekId: request.seekId,
            cancelled: false,
          });
        }
      },
    });
    calls = [];
    playground.setState((s) => ({
      run: { ...s.run, script: SCRIPT, playing: true },
      ui: { ...s.ui, presenting: true },
    }));
    report(0);
    stop = followReportsForAutoPause();
    return () => stop();
  });

  it('stops just after each fault a report goes through, once, and says which', () => {
    expect(playground.getState().ui.autoPause.enabled).toBe(true); // on by default
    report(5);
    expect([playing(), calls]).toEqual([true, []]);
    report(10.25); // through app-a1's kill at 10 s
    expect(playing()).toBe(false);
    expect(calls).toEqual(['reset', `seek ${10 + AUTO_PAUSE_AFTER_US / S}`]);
    expect(pausedAt()).toBe('app-a1');
  });

  it('after the presenter resumes, plays on past that fault and stops at the next', () => {
    report(10.25);
    play();
    expect(pausedAt()).toBeNull(); // the strip stops saying "Paused just after"
    calls = [];
    // The run's reports go on from the pause, just after 10 s: that fault is behind them.
    report(10 + AUTO_PAUSE_AFTER_US / S);
    report(30);
    report(59.75);
    expect([playing(), calls]).toEqual([true, []]);
    report(61.5); // through 60 s and 61 s: the earlier one first
    expect([playing(), pausedAt()]).toEqual([false, 'app-b1']);
    play();
    report(60 + AUTO_PAUSE_AFTER_US / S);
    report(61.25); // then 61 s on its own
    expect([playing(), pausedAt()]).toEqual([false, 'app-c1']);
  });

  it('does not stop during a lesson (it pauses at its own moments)', () => {
    playground.setState((s) => ({ ui: { ...s.ui, lesson: { id: 'health-checks', step: 1 } } }));
    report(12);
    expect([playing(), calls, pausedAt()]).toEqual([true, [], null]);
  });

  it('does not stop when unticked, outside Presentation mode, or while paused', () => {
    setAutoPause(false);
    report(12);
    expect([playing(), calls]).toEqual([true, []]);
    setAutoPause(true);
    playground.setState((s) => ({ ui: { ...s.ui, presenting: false } }));
    report(60.5);
    expect([playing(), calls]).toEqual([true, []]);
    // Paused (a seek catching up goes through faults too): no stop, no seek.
    playground.setState((s) => ({
      run: { ...s.run, playing: false },
      ui: { ...s.ui, presenting: true },
    }));
    report(61.5);
    expect(calls).toEqual([]);
  });

  it('stops following when asked', () => {
    stop();
    report(12);
    expect([playing(), calls]).toEqual([true, []]);
  });
});

describe('faultCrossed', () => {
  it('is the earliest fault in (from, to], only forward', () => {
    const crossed = (fromS: number, toS: number) =>
      target({ entry: faultCrossed(SCRIPT, fromS * S, toS * S) });
    expect(crossed(9, 10)).toBe('app-a1'); // reaching the fault's instant counts
    expect(crossed(10, 11)).toBeNull(); // from the fault itself: already paused there
    expect(crossed(0, 70)).toBe('app-a1');
    expect(crossed(60.5, 61.5)).toBe('app-c1');
    expect(crossed(70, 5)).toBeNull(); // a seek back crosses nothing
    expect(faultCrossed([], 0, 100 * S)).toBeNull();
  });
});
