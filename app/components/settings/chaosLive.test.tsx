// @vitest-environment jsdom
/**
 * The Settings tab turns chaos mode on during a run (issue 15): the choice is sent as a
 * `set` command at that moment, and the engine's failures start from then, not before.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { usFromS } from '../../sim';
import { TWO_REGIONS } from '../../scenarios';
import { renderPanel, unmountPanels } from '../app/panelHarness';
import { SettingsPanel } from './SettingsPanel';

afterEach(unmountPanels);

/** The setting control whose <label> reads `label`. */
function control<T extends HTMLElement>(container: HTMLElement, label: string): T {
  const found = [...container.querySelectorAll('label')].find((l) => l.textContent === label);
  const field = found ? container.ownerDocument.getElementById(found.htmlFor) : null;
  if (!field) throw new Error(`no control labelled ${label}`);
  return field as T;
}

describe('the Settings tab turns chaos mode on mid-run', () => {
  it('sends the change at that moment and failures follow from then on', () => {
    const startS = 30;
    const harness = renderPanel(SettingsPanel, TWO_REGIONS, startS);
    const { container, sim } = harness;

    const multiplier = control<HTMLInputElement>(container, 'Failure-rate multiplier');
    act(() => {
      multiplier.value = '1000000';
      multiplier.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    const mode = control<HTMLSelectElement>(container, 'Chaos mode');
    expect(mode.value).toBe('off');
    act(() => {
      mode.value = 'on';
      mode.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(harness.applied).toEqual([
      { type: 'set', path: 'chaos.rateMultiplier', value: 1_000_000 },
      { type: 'set', path: 'chaos.mode', value: 'on' },
    ]);
    expect(sim.settings().chaos.mode).toBe('on');

    harness.advance(120);
    // The control shows the engine's value after the change.
    expect(control<HTMLSelectElement>(container, 'Chaos mode').value).toBe('on');
    // At 1,000,000x each of the 12 servers crashes about every 32 s: failures came, all
    // after the moment chaos was turned on.
    const failures = sim
      .appliedCommands()
      .filter((c) => c.command.type !== 'set' && c.command.type !== 'restore');
    expect(failures.length).toBeGreaterThan(5);
    expect(failures.every((c) => c.atUs > usFromS(startS))).toBe(true);
    const chaosLines = sim.log().entries.filter((e) => e.type === 'chaos');
    expect(chaosLines.length).toBeGreaterThan(5);
  });
});
