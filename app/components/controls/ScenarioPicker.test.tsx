// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REGION_FAILOVER } from '../../lessons';
import { ACTIVE_PASSIVE, ONE_REGION, TWO_REGIONS } from '../../scenarios';
import { connectSession, initialState, loadRun, playground, scenarioScript } from '../../store';
import { startLesson } from '../lessons/Lessons';
import { ScenarioDescription, scenarioHeadline } from './ScenarioPicker';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;

function header(): string {
  if (!root) {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root!.render(createElement(ScenarioDescription)));
  }
  return container.textContent ?? '';
}

beforeEach(() => {
  playground.setState(initialState(), true);
  connectSession({ send: () => undefined });
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe('the header describes the mode the run is in', () => {
  it('after the region-failover lesson restarts in active-active, it says active-active', () => {
    act(() => void startLesson(REGION_FAILOVER, 0));
    expect(header()).toBe(`${ACTIVE_PASSIVE.title}. ${ACTIVE_PASSIVE.description}`);
    // The lesson's last step restarts the run in active-active mode.
    const last = REGION_FAILOVER.steps.length - 1;
    expect(REGION_FAILOVER.steps[last]!.restartWith).toEqual([
      { path: 'regions.mode', value: 'active-active' },
    ]);
    act(() => void startLesson(REGION_FAILOVER, last));
    const text = header();
    expect(text).toMatch(/^Two regions, active-passive, now active-active\. /);
    expect(text).toContain('Every region serves its own users');
    expect(text).not.toContain(ACTIVE_PASSIVE.description);
    // Back to the first step: the scenario's own mode and words again.
    act(() => void startLesson(REGION_FAILOVER, 0));
    expect(header()).toBe(`${ACTIVE_PASSIVE.title}. ${ACTIVE_PASSIVE.description}`);
  });

  it('a run whose start settings switch mode says so too, either way', () => {
    act(() =>
      loadRun({
        scenario: TWO_REGIONS,
        seed: 1,
        startSettings: [{ path: 'regions.mode', value: 'active-passive' }],
        script: scenarioScript(TWO_REGIONS),
      }),
    );
    expect(header()).toMatch(/^Two regions, active-active, now active-passive\. Every user is/);
  });

  it('keeps the scenario text for one region, where the mode means nothing', () => {
    const headline = scenarioHeadline(ONE_REGION, 'active-active', {
      regions: { mode: 'active-passive' },
    });
    expect(headline).toEqual({ title: ONE_REGION.title, description: ONE_REGION.description });
  });
});
