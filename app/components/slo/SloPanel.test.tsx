// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { ONE_REGION } from '../../scenarios';
import { renderPanel, unmountPanels } from '../app/panelHarness';
import { SloPanel } from './SloPanel';

afterEach(unmountPanels);

describe('SloPanel alert windows (issue 11)', () => {
  it('says how much of each window has run, so a long window is not read as full', () => {
    const harness = renderPanel(SloPanel, ONE_REGION, 4);
    const rules = harness.sim.metrics().alertRules;
    const rows = [...harness.container.querySelectorAll('table.slo-rules tbody tr')];
    expect(rows).toHaveLength(rules.length);
    rows.forEach((row, i) => {
      const [long, short] = [...row.querySelectorAll('td')].slice(0, 2);
      // Every window of every rule is longer than 4 s: all say so.
      expect(rules[i]!.shortWindowS).toBeGreaterThan(4);
      expect(long!.textContent).toContain('only 4 s so far, counted against the whole window');
      expect(short!.textContent).toContain('only 4 s so far');
    });
    expect(harness.container.textContent).toContain('over the last minute (only 4 s so far)');
  });

  it('drops the note once a window is full', () => {
    const harness = renderPanel(SloPanel, ONE_REGION, 4);
    const shortestS = Math.min(...harness.sim.metrics().alertRules.map((r) => r.shortWindowS));
    harness.advance(shortestS);
    const shortCells = [...harness.container.querySelectorAll('table.slo-rules tbody tr')].map(
      (row) => row.querySelectorAll('td')[1]!.textContent,
    );
    expect(shortCells.some((t) => !t!.includes('so far'))).toBe(true);
  });
});
