import { beforeEach, describe, expect, it } from 'vitest';
import { usFromMs, usFromS, type Command, type LogEntry } from '../sim';
import { DATABASE, ONE_REGION, SCRIPT_ENTRIES_MAX, type Scenario } from '../scenarios';
import {
  addNotice,
  addScriptEntry,
  applyCommand,
  connectSession,
  dismissNotice,
  initialState,
  interactiveCommands,
  isPartMarker,
  LOG_KEEP,
  NOTICES_KEEP,
  playground,
  publishReport,
  receiveSessionEvent,
  reset,
  setSeed,
  setSpeed,
  SPEED_MAX,
  SPEED_MIN,
  step,
  STEP_US,
  type RunReport,
} from './store';
import type { SessionPort } from './sessionProtocol';
import { scriptEntry } from './faultScript';
import { testReport } from './testReport';

/** A session that answers at once and notes what it was asked ('reset' for a load). */
function fakeController(): SessionPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    send(request) {
      if (request.type === 'load') calls.push('reset');
      if (request.type === 'step') calls.push(`step ${request.durationUs}`);
      if (request.type !== 'apply') return;
      const { command } = request;
      calls.push(`apply ${command.type}`);
      receiveSessionEvent({
        type: 'result',
        requestId: request.requestId,
        runId: playground.getState().run.runId,
        result:
          command.type === 'kill' && command.target === 'nope'
            ? { ok: false, error: 'unknown target "nope"' }
            : { ok: true },
        atUs: request.atUs ?? playground.getState().run.snapshot?.nowUs ?? 0,
        compareError: null,
      });
    },
  };
}

function entry(index: number, category: LogEntry['category'], target = 'app-b1'): LogEntry {
  return { index, atUs: usFromMs(index), type: 't', target, category, message: `line ${index}` };
}

function report(nowUs: number, newLog: LogEntry[], timeouts = 0): RunReport {
  return testReport(nowUs, { newLog, timeouts });
}

let controller: ReturnType<typeof fakeController>;

beforeEach(() => {
  playground.setState(initialState(), true);
  controller = fakeController();
  connectSession(controller);
  reset();
  controller.calls.length = 0;
});

describe('time actions', () => {
  it('step pauses and asks the driver for one fixed slice', () => {
    playground.setState((s) => ({ run: { ...s.run, playing: true } }));
    step();
    expect(playground.getState().run.playing).toBe(false);
    expect(controller.calls).toEqual([`step ${STEP_US}`]);
  });

  it('clamps the speed to 0.25x..50x', () => {
    setSpeed(500);
    expect(playground.getState().run.speed).toBe(SPEED_MAX);
    setSpeed(0.01);
    expect(playground.getState().run.speed).toBe(SPEED_MIN);
    setSpeed(Number.NaN);
    expect(playground.getState().run.speed).toBe(SPEED_MIN);
  });

  it('a new seed restarts the run, paused, with a fresh log', () => {
    publishReport(report(5_000_000, [entry(0, 'fault')]));
    const runId = playground.getState().run.runId;
    setSeed(42);
    const { run } = playground.getState();
    expect(run.seed).toBe(42);
    expect(run.playing).toBe(false);
    expect(run.runId).toBe(runId + 1);
    expect(run.log).toEqual([]);
    expect(run.markers).toEqual([]);
    expect(controller.calls).toEqual(['reset']);
  });
});

describe('applyCommand', () => {
  it('passes commands to the driver, and reports failures as notices', () => {
    publishReport(report(1_000_000, []));
    expect(applyCommand({ type: 'kill', target: 'app-b1' })).toEqual({ ok: true });
    expect(applyCommand({ type: 'kill', target: 'nope' }).ok).toBe(false);
    expect(controller.calls).toEqual(['apply kill', 'apply kill']);
    expect(playground.getState().ui.notices.map((n) => n.text)).toEqual([
      'Could not kill nope: unknown target "nope"',
    ]);
  });

  it('turns a setting changed at time 0 into a start setting (like the CLI --set)', () => {
    const result = applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 30000 });
    expect(result).toEqual({ ok: true });
    const { run } = playground.getState();
    expect(run.startSettings).toEqual([{ path: 'healthCheck.intervalMs', value: 30000 }]);
    expect(run.settings.healthCheck.intervalMs).toBe(30000);
    expect(controller.calls).toEqual(['reset']);
  });

  it('refuses a bad start setting without restarting', () => {
    const result = applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: -1 });
    expect(result.ok).toBe(false);
    expect(controller.calls).toEqual([]);
    expect(playground.getState().ui.notices).toHaveLength(1);
  });

  it('refuses a start setting that breaks a rule between settings, without restarting', () => {
    playground.setState(initialState(DATABASE), true);
    const result = applyCommand({ type: 'set', path: 'database.quorumW', value: 5 });
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('database.quorumW) must be a whole number from 1 to'),
    });
    expect(controller.calls).toEqual([]);
    expect(playground.getState().run.startSettings).toEqual([]);
    expect(playground.getState().ui.notices.map((n) => n.text)).toEqual([
      expect.stringMatching(
        /^Could not change database\.quorumW: .*database\.quorumN \(3\) \(got 5\)$/,
      ),
    ]);
    // Within the rule it is a start setting as usual.
    expect(applyCommand({ type: 'set', path: 'database.quorumW', value: 3 })).toEqual({ ok: true });
  });

  it('applies a setting live once the run has started', () => {
    publishReport(report(2_000_000, []));
    applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 30000 });
    expect(controller.calls).toEqual(['apply set']);
    expect(playground.getState().run.startSettings).toEqual([]);
  });

  it('reset keeps the user’s setting changes as the next run’s start settings', () => {
    // Applied by hand once the run has started: each is recorded as it is sent.
    publishReport(report(9_000_000, []));
    applyCommand({ type: 'kill', target: 'app-b1' });
    applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 30000 });
    applyCommand({ type: 'set', path: 'client.timeoutMs', value: 1000 });
    applyCommand({ type: 'set', path: 'client.timeoutMs', value: 3000 }); // back to the default: no --set
    expect(playground.getState().run.script.map((e) => e.origin)).toEqual([
      'recorded',
      'recorded',
      'recorded',
      'recorded',
    ]);
    reset();
    const { run } = playground.getState();
    expect(run.startSettings).toEqual([{ path: 'healthCheck.intervalMs', value: 30000 }]);
    expect(run.settings.healthCheck.intervalMs).toBe(30000);
    expect(run.script).toEqual([]);
  });
});

describe('publishReport', () => {
  it('appends new log lines, newest last, keeping at most LOG_KEEP', () => {
    const lines = Array.from({ length: LOG_KEEP + 10 }, (_, i) => entry(i, 'info'));
    publishReport(report(1_000_000, lines.slice(0, 10)));
    publishReport(report(2_000_000, lines.slice(10)));
    const { log } = playground.getState().run;
    expect(log).toHaveLength(LOG_KEEP);
    expect(log[log.length - 1]!.index).toBe(LOG_KEEP + 9);
  });

  it('keeps fault and recovery lines of parts as markers, and the newest detection', () => {
    publishReport(
      report(1_000_000, [
        entry(0, 'fault'),
        entry(1, 'detection'),
        entry(2, 'recovery', 'fast-burn-page'),
        entry(3, 'recovery'),
        entry(4, 'detection'),
      ]),
    );
    const { run } = playground.getState();
    expect(run.markers.map((m) => m.index)).toEqual([0, 3]);
    expect(run.lastDetection?.index).toBe(4);
  });

  it("counts each user group's timeouts per simulated second, not per report", () => {
    publishReport(report(0, [], 0));
    publishReport(report(1_000_000, [], 3));
    // Not yet 2 simulated seconds measured: no rate rather than a noisy one.
    expect(playground.getState().run.timeoutsPerSByGroup).toEqual({});
    publishReport(report(2_000_000, [], 5));
    expect(playground.getState().run.timeoutsPerSByGroup).toEqual({ users: 2.5 });
    publishReport(report(4_000_000, [], 5));
    expect(playground.getState().run.timeoutsPerSByGroup).toEqual({ users: 0 });
  });
});

describe('publishReport keeps what did not change', () => {
  // A report from the session's Web Worker is a structured copy: new objects every time.
  const copyOf = (r: RunReport): RunReport => structuredClone(r);

  it('keeps the held components, links, settings, actions and rates for equal copies', () => {
    const first = report(1_000_000, []);
    first.actions = { 'app-b1': ['kill'] };
    publishReport(copyOf(first));
    const held = playground.getState().run;
    publishReport(copyOf({ ...first, snapshot: { ...first.snapshot, nowUs: usFromMs(2000) } }));
    const next = playground.getState().run;
    expect(next.snapshot?.nowUs).toBe(usFromMs(2000));
    expect(next.components).toBe(held.components);
    expect(next.links).toBe(held.links);
    expect(next.settings).toBe(held.settings);
    expect(next.actions).toBe(held.actions);
    expect(next.appliedCommands).toBe(held.appliedCommands);
    expect(next.linkRates).toBe(held.linkRates);
    expect(next.timeoutsPerSByGroup).toBe(held.timeoutsPerSByGroup);
  });

  it('takes the new value of a part that changed, and only of that part', () => {
    const first = report(1_000_000, []);
    publishReport(copyOf(first));
    const held = playground.getState().run;
    const changed = copyOf(first);
    changed.actions = { 'app-b1': ['restore'] };
    changed.settings = {
      ...changed.settings,
      traffic: { ...changed.settings.traffic, arrivalRatePerS: 7 },
    };
    publishReport(changed);
    const next = playground.getState().run;
    expect(next.actions).toEqual({ 'app-b1': ['restore'] });
    expect(next.settings.traffic.arrivalRatePerS).toBe(7);
    expect(next.components).toBe(held.components);
  });
});

describe('isPartMarker', () => {
  it('accepts faults and recoveries of components and links only', () => {
    const parts = new Set(['app-b1', 'lb-1->app-b1']);
    expect(isPartMarker(entry(0, 'fault'), parts)).toBe(true);
    expect(isPartMarker(entry(0, 'recovery', 'lb-1->app-b1'), parts)).toBe(true);
    expect(isPartMarker(entry(0, 'fault', 'lb-1->eu-b'), parts)).toBe(true);
    expect(isPartMarker(entry(0, 'detection'), parts)).toBe(false);
    expect(isPartMarker(entry(0, 'recovery', 'fast-burn-page'), parts)).toBe(false);
  });
});

describe('interactiveCommands', () => {
  it('leaves out the scenario’s own fault script', () => {
    const scenario: Scenario = {
      ...ONE_REGION,
      faults: [{ atS: 10, command: { type: 'kill', target: 'app-a1' } }],
    };
    const applied = [
      { atUs: usFromS(5), command: { type: 'kill', target: 'app-b1' } as Command },
      { atUs: usFromS(10), command: { type: 'kill', target: 'app-a1' } as Command },
      { atUs: usFromS(12), command: { type: 'kill', target: 'app-a1' } as Command },
    ];
    expect(interactiveCommands(scenario, applied).map((c) => c.atUs)).toEqual([
      5_000_000, 12_000_000,
    ]);
  });
});

describe('without a driver', () => {
  it('refuses commands instead of losing them silently', () => {
    connectSession(null);
    expect(applyCommand({ type: 'kill', target: 'app-b1' })).toEqual({
      ok: false,
      error: 'the simulation is not running yet',
    });
  });
});

describe('notices', () => {
  it('keeps only the newest few, however many come in (275 piled up after 494 edits)', () => {
    expect(NOTICES_KEEP).toBeGreaterThanOrEqual(1);
    expect(NOTICES_KEEP).toBeLessThanOrEqual(10);
    for (let i = 1; i <= 494; i++) addNotice(`problem ${i}`);
    const texts = playground.getState().ui.notices.map((n) => n.text);
    expect(texts).toHaveLength(NOTICES_KEEP);
    // The newest, oldest of them first, as they arrived.
    expect(texts).toEqual(
      Array.from({ length: NOTICES_KEEP }, (_, i) => `problem ${494 - NOTICES_KEEP + 1 + i}`),
    );
  });

  it('dismissing one leaves the others, and a new one still drops the oldest at the cap', () => {
    const ids = Array.from({ length: NOTICES_KEEP }, (_, i) => addNotice(`n${i}`));
    dismissNotice(ids[0]!);
    expect(playground.getState().ui.notices).toHaveLength(NOTICES_KEEP - 1);
    addNotice('one more');
    addNotice('and another');
    const texts = playground.getState().ui.notices.map((n) => n.text);
    expect(texts).toHaveLength(NOTICES_KEEP);
    expect(texts.at(-1)).toBe('and another');
    expect(texts).not.toContain('n1');
  });
});

describe('fault script cap', () => {
  it('refuses a hand action or a timeline entry once the script holds SCRIPT_ENTRIES_MAX', () => {
    const full = Array.from({ length: SCRIPT_ENTRIES_MAX }, (_, i) =>
      scriptEntry((i + 100) * 1_000_000, { type: 'kill', target: 'app-a1' }, 'added'),
    );
    playground.setState((s) => ({ run: { ...s.run, script: full } }));
    const byHand = applyCommand({ type: 'kill', target: 'app-b1' });
    const onTimeline = addScriptEntry({ type: 'kill', target: 'app-b1' }, 5_000_000);
    const cap = `a fault script holds at most ${SCRIPT_ENTRIES_MAX} entries; this one would have ${SCRIPT_ENTRIES_MAX + 1}. Remove an entry from the timeline first`;
    expect(byHand).toEqual({ ok: false, error: cap });
    expect(onTimeline).toEqual({ ok: false, error: cap });
    expect(controller.calls).toEqual([]);
    expect(playground.getState().run.script).toBe(full);
    expect(playground.getState().ui.notices.map((n) => n.text)).toEqual([
      `Could not kill app-b1: ${cap}`,
    ]);
  });
});
