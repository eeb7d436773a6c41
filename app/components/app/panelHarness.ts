/**
 * Test support for the Defences and Data tabs: runs a real simulation, puts its
 * snapshot, metrics, settings and actions in the store the way the driver does, and
 * records the commands a panel applies. Used by component tests only (jsdom), which
 * call `afterEach(unmountPanels)`.
 */
import { act, createElement, type ComponentType } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { usFromS, type Command, type Simulation } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { simulationInput, type Scenario } from '../../scenarios';
import {
  connectSession,
  initialState,
  playground,
  receiveSessionEvent,
  pendingAfterReport,
  shownSettings,
  type ActionType,
} from '../../store';

export interface Harness {
  sim: Simulation;
  container: HTMLElement;
  /** Commands the panel applied (also applied to `sim`). */
  applied: Command[];
  /** Runs the engine on and publishes again. */
  advance(seconds: number): void;
  /** With `answerLater`: sends the answers to the commands applied so far, as a worker would. */
  answer(): void;
  unmount(): void;
}

/** Panels rendered and not yet unmounted. */
const mounted = new Set<Harness>();

/**
 * Unmounts every panel still rendered. Run after each test, so a test that fails before
 * its end leaves no panel in the document and no controller connected for the next.
 */
export function unmountPanels(): void {
  for (const harness of mounted) harness.unmount();
}

/**
 * Publishes the simulation's current state to the store, as a report does: settings
 * changes the engine has accepted are in it now; those still on their way keep showing.
 */
function publish(sim: Simulation): void {
  const actions: Record<string, ActionType[]> = {};
  for (const c of sim.components()) actions[c.id] = sim.actionsFor(c.id);
  playground.setState((state) => {
    const pendingSettings = pendingAfterReport(state.run.pendingSettings);
    return {
      run: {
        ...state.run,
        snapshot: sim.snapshot(),
        metrics: sim.metrics(),
        engineSettings: sim.settings(),
        pendingSettings,
        settings: shownSettings(sim.settings(), pendingSettings),
        actions,
      },
    };
  });
}

/** Renders `Panel` over `scenario` after `seconds` of simulated time. */
export function renderPanel(
  Panel: ComponentType,
  scenario: Scenario,
  seconds: number,
  seed = 1,
  /** Answer commands only on `answer()` (the engine in a worker), not before `send` returns. */
  answerLater = false,
): Harness {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const sim = createSimulation(simulationInput(scenario), { seed });
  sim.runUntil(usFromS(seconds));
  const applied: Command[] = [];
  const unanswered: Array<() => void> = [];
  playground.setState(initialState(scenario, seed), true);
  connectSession({
    send(request) {
      if (request.type !== 'apply') return;
      const { command } = request;
      applied.push(command);
      const atUs = sim.now();
      const result = sim.apply(command);
      const { runId } = playground.getState().run;
      // As the session does: the answer, then a report with the engine's new state.
      const answer = () => {
        receiveSessionEvent({
          type: 'result',
          requestId: request.requestId,
          runId,
          result,
          atUs,
          compareError: null,
        });
        publish(sim);
      };
      // Commands come from clicks, which the tests already wrap in act().
      if (answerLater) unanswered.push(answer);
      else answer();
    },
  });
  publish(sim);
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root | null = null;
  act(() => {
    root = createRoot(container);
    root.render(createElement(Panel));
  });
  const harness: Harness = {
    sim,
    container,
    applied,
    answer() {
      act(() => unanswered.splice(0).forEach((send) => send()));
    },
    advance(more) {
      sim.runUntil(sim.now() + usFromS(more));
      act(() => publish(sim));
    },
    unmount() {
      mounted.delete(harness);
      act(() => root?.unmount());
      container.remove();
      connectSession(null);
    },
  };
  mounted.add(harness);
  return harness;
}

/** The value shown for `term` in a panel's figures (the `.kp-value` of the <dd> after its <dt>). */
export function termValue(container: HTMLElement, term: string): string {
  for (const dt of container.querySelectorAll('dt')) {
    if (dt.textContent === term) {
      return dt.nextElementSibling!.querySelector('.kp-value')!.textContent!;
    }
  }
  throw new Error(`no figure ${term}`);
}

/** Clicks an element inside React's act(). */
export function click(element: Element | null): void {
  if (!element) throw new Error('nothing to click');
  act(() => (element as HTMLElement).click());
}

/** Types a value into an input and presses Enter. */
export function typeAndEnter(input: HTMLInputElement | null, value: string): void {
  if (!input) throw new Error('no input');
  act(() => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  });
}

/** The input or select labelled `label` (exact text of its <label>). */
export function byLabel(container: HTMLElement, label: string): HTMLInputElement | null {
  for (const el of container.querySelectorAll('label')) {
    if (el.textContent?.trim() === label) {
      const id = el.getAttribute('for');
      return id ? (container.ownerDocument.getElementById(id) as HTMLInputElement | null) : null;
    }
  }
  return null;
}

/** The element with role `role` and accessible name (aria-label) `name`. */
export function byRoleName(container: HTMLElement, role: string, name: string): HTMLElement | null {
  const implicit: Record<string, string> = { button: 'button:not([role])' };
  const selector = `[role="${role}"]${implicit[role] ? `, ${implicit[role]}` : ''}`;
  for (const el of container.querySelectorAll<HTMLElement>(selector)) {
    const text = el.getAttribute('aria-label') ?? el.textContent?.trim();
    if (text === name) return el;
  }
  return null;
}
