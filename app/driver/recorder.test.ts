/**
 * The recorder records the commands the user sends, as the session answers them: no
 * comparing of states. Through the real session (in process), and through one that
 * answers later, as a Web Worker does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../sim';
import {
  applyCommand,
  initialState,
  playground,
  removeScriptEntry,
  reset,
  setScenario,
  step,
  type SessionEvent,
} from '../store';
import { DEFAULT_SCENARIO } from '../scenarios';
import { startDriver } from './driver';
import { fakeDriverEnv } from './fakeEnv';
import { inProcessTransport, type SessionTransport } from './transport';

const kill = (target: string): Command => ({ type: 'kill', target });
const run = () => playground.getState().run;
const recorded = () =>
  run()
    .script.filter((e) => e.origin === 'recorded')
    .map((e) => [e.atUs, e.command]);

/** A session whose events wait until `deliver()`, as a worker's arrive a task later. */
function delayedTransport(): SessionTransport & { deliver(): void } {
  const inner = inProcessTransport();
  const held: SessionEvent[] = [];
  const listeners = new Set<(event: SessionEvent) => void>();
  inner.onEvent((event) => held.push(event));
  return {
    send: (request) => inner.send(request),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => inner.close(),
    deliver() {
      for (const event of held.splice(0)) for (const listener of listeners) listener(event);
    },
  };
}

let stop: () => void = () => undefined;

beforeEach(() => {
  playground.setState(initialState(DEFAULT_SCENARIO), true);
});
afterEach(() => stop());

describe('the recorder (in process)', () => {
  beforeEach(() => {
    stop = startDriver(fakeDriverEnv().env, inProcessTransport());
  });

  it('records each command sent by hand at the instant the engine applied it', () => {
    setScenario({
      ...DEFAULT_SCENARIO,
      faults: [{ atS: 2, command: kill('app-eu-c1') }],
    });
    step();
    applyCommand(kill('app-eu-a1'));
    step();
    step();
    applyCommand({ type: 'restore', target: 'app-eu-a1' });
    // The scenario's own entry fired at 0:02 and was not recorded again.
    expect(recorded()).toEqual([
      [1_000_000, kill('app-eu-a1')],
      [3_000_000, { type: 'restore', target: 'app-eu-a1' }],
    ]);
    expect(run().script.filter((e) => e.origin === 'scenario')).toHaveLength(1);
  });

  it('records a second identical command twice, and a removed one does not come back', () => {
    step();
    applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 2000 });
    const [first] = run().script;
    removeScriptEntry(first!.id);
    step(); // a report: nothing is found out from the engine's list of applied commands
    expect(recorded()).toEqual([]);
    applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 2000 });
    applyCommand({ type: 'set', path: 'healthCheck.intervalMs', value: 2000 });
    expect(recorded()).toHaveLength(2);
  });

  it('does not record a command the engine refused', () => {
    step();
    expect(applyCommand(kill('no-such-server')).ok).toBe(false);
    expect(recorded()).toEqual([]);
    expect(run().appliedCommands).toEqual([]);
  });
});

describe('the recorder with a session that answers later (a worker)', () => {
  let transport: ReturnType<typeof delayedTransport>;
  beforeEach(() => {
    transport = delayedTransport();
    stop = startDriver(fakeDriverEnv().env, transport);
    transport.deliver();
  });

  it('records when the answer comes, at the engine’s instant; a refusal becomes a notice', () => {
    step();
    transport.deliver();
    expect(applyCommand(kill('app-eu-a1'))).toEqual({ ok: true }); // sent
    expect(applyCommand(kill('no-such-server'))).toEqual({ ok: true }); // sent
    expect(recorded()).toEqual([]);
    transport.deliver();
    expect(recorded()).toEqual([[1_000_000, kill('app-eu-a1')]]);
    expect(playground.getState().ui.notices.map((n) => n.text)).toEqual([
      expect.stringMatching(/^Could not kill no-such-server: /),
    ]);
  });

  it('drops an answer for a run that has been replaced (no entry from the old run)', () => {
    step();
    transport.deliver();
    applyCommand(kill('app-eu-a1'));
    reset(); // a new run before the answer arrives
    transport.deliver();
    expect(run().script).toEqual([]);
    expect(run().metrics!.nowUs).toBe(0);
  });
});
