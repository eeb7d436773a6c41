/**
 * A live setting change shows at once, though the engine (in a Web Worker) answers and
 * reports later: the store holds the chosen value until the report after the engine
 * accepted it, and drops it when the engine refuses it. The fake session here answers
 * like a worker does: nothing comes back while the command is sent; the test delivers
 * the answer and the reports when it chooses, in the order the session sends them
 * (a `result`, then at once a report).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { getSetting, withSetting, type Settings } from '../sim';
import { DATABASE } from '../scenarios';
import {
  applyCommand,
  connectSession,
  initialState,
  playground,
  publishReport,
  receiveSessionEvent,
  reset,
  type RunReport,
} from './store';
import type { SessionPort, SessionRequest } from './sessionProtocol';
import { testReport } from './testReport';

type ApplyRequest = SessionRequest & { type: 'apply' };

/** A session that answers nothing by itself: the test answers its `apply` requests. */
function workerLikeSession(): SessionPort & { applied: ApplyRequest[] } {
  const applied: ApplyRequest[] = [];
  return {
    applied,
    send(request) {
      if (request.type === 'apply') applied.push(request);
    },
  };
}

const MODE = 'database.replicationMode';

/** A report at `nowUs` whose engine settings are `settings`. */
function report(nowUs: number, settings: Settings): RunReport {
  return testReport(nowUs, { settings });
}

function answer(request: ApplyRequest, result: { ok: true } | { ok: false; error: string }): void {
  receiveSessionEvent({
    type: 'result',
    requestId: request.requestId,
    runId: playground.getState().run.runId,
    result,
    atUs: 5_000_000,
    compareError: null,
  });
}

function shownMode(): number | string {
  return getSetting(playground.getState().run.settings, MODE);
}

/** The database scenario's settings with `mode` as the replication mode. */
function engineWith(mode: string): Settings {
  return withSetting(initialState(DATABASE).run.settings, MODE, mode);
}

let session: ReturnType<typeof workerLikeSession>;

beforeEach(() => {
  playground.setState(initialState(DATABASE), true);
  session = workerLikeSession();
  connectSession(session);
  reset();
  // The run has started (a change at 0:00 would restart the run with it instead).
  publishReport(report(5_000_000, engineWith('async')));
});

describe('a live setting change before the engine reports it', () => {
  it('shows the chosen value at once, and then the value each report carries', () => {
    expect(applyCommand({ type: 'set', path: MODE, value: 'sync' })).toEqual({ ok: true });
    expect(session.applied).toHaveLength(1);
    expect(shownMode()).toBe('sync');
    // A report the engine sent before it had the command: the chosen value still shows.
    publishReport(report(5_250_000, engineWith('async')));
    expect(shownMode()).toBe('sync');
    // Accepted: the report sent right after carries the engine's value, which shows.
    answer(session.applied[0]!, { ok: true });
    expect(shownMode()).toBe('sync');
    publishReport(report(5_250_000, engineWith('sync')));
    expect(shownMode()).toBe('sync');
    expect(playground.getState().run.pendingSettings).toEqual({});
    // From then on the engine's value is what shows (here something changed it again).
    publishReport(report(5_500_000, engineWith('semi-sync')));
    expect(shownMode()).toBe('semi-sync');
  });

  it('goes back to the engine’s value with one notice when the engine refuses it', () => {
    applyCommand({ type: 'set', path: MODE, value: 'sync' });
    expect(shownMode()).toBe('sync');
    answer(session.applied[0]!, { ok: false, error: 'not while a failover runs' });
    expect(shownMode()).toBe('async');
    expect(playground.getState().run.pendingSettings).toEqual({});
    expect(playground.getState().ui.notices.map((n) => n.text)).toEqual([
      'Could not set database.replicationMode=sync: not while a failover runs',
    ]);
    expect(playground.getState().ui.settingRefusals[MODE]?.text).toBe('not while a failover runs');
  });

  it('keeps showing the newest of two quick changes until the engine has it', () => {
    applyCommand({ type: 'set', path: MODE, value: 'sync' });
    applyCommand({ type: 'set', path: MODE, value: 'semi-sync' });
    expect(shownMode()).toBe('semi-sync');
    const [first, second] = session.applied;
    // The first is accepted and reported: the second is still on its way.
    answer(first!, { ok: true });
    publishReport(report(5_250_000, engineWith('sync')));
    expect(shownMode()).toBe('semi-sync');
    // A refusal of the first would not undo the second either; the second's answer does.
    answer(second!, { ok: true });
    publishReport(report(5_500_000, engineWith('semi-sync')));
    expect(shownMode()).toBe('semi-sync');
    expect(playground.getState().run.pendingSettings).toEqual({});
  });

  it('leaves the other settings as the engine reports them', () => {
    applyCommand({ type: 'set', path: MODE, value: 'sync' });
    const engine = withSetting(engineWith('async'), 'client.timeoutMs', 1234);
    publishReport(report(5_250_000, engine));
    const { settings } = playground.getState().run;
    expect(settings.client.timeoutMs).toBe(1234);
    expect(getSetting(settings, MODE)).toBe('sync');
  });

  it('is dropped when the run starts again (the new run has its start settings)', () => {
    applyCommand({ type: 'set', path: MODE, value: 'sync' });
    reset();
    expect(shownMode()).toBe('async');
    expect(playground.getState().run.pendingSettings).toEqual({});
  });

  it('does not show a value the setting cannot take', () => {
    applyCommand({ type: 'set', path: MODE, value: 'eventually' });
    expect(shownMode()).toBe('async');
  });
});
