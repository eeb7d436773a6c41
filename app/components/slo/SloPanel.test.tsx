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

describe('SloPanel rule states (review item 22)', () => {
  /** Each rule's state cell beside the engine's burn rates for it. */
  function states(harness: ReturnType<typeof renderPanel>) {
    const rules = harness.sim.metrics().alertRules;
    const rows = [...harness.container.querySelectorAll('table.slo-rules tbody tr')];
    return rules.map((rule, i) => ({
      rule,
      text: rows[i]!.querySelectorAll('td')[2]!.textContent,
    }));
  }

  it('says why a rule is quiet while one of its windows burns over the threshold', () => {
    for (const seed of [1, 2, 3]) {
      const harness = renderPanel(SloPanel, ONE_REGION, 120, seed);
      const seen = new Set<string>();
      const check = () => {
        for (const { rule, text } of states(harness)) {
          const longOver = rule.longBurnRate > rule.burnRateThreshold;
          const shortOver = rule.shortBurnRate > rule.burnRateThreshold;
          if (rule.firing) {
            expect(text).toMatch(/^⚠ firingboth windows over/);
            seen.add('firing');
          } else if (shortOver && !longOver) {
            expect(text).toMatch(/^quietonly the short window is over .*so a blip does not page$/);
            seen.add('short only');
          } else if (longOver && !shortOver) {
            expect(text).toMatch(/^quietthe short window is back under .*: errors have slowed$/);
            seen.add('long only');
          } else {
            expect(text).toBe('quiet');
          }
        }
      };
      harness.sim.apply({ type: 'kill-region', target: 'eu' });
      for (let s = 0; s < 40; s++) {
        harness.advance(1);
        check();
      }
      harness.sim.apply({ type: 'restore', target: 'eu' });
      for (let s = 0; s < 40; s++) {
        harness.advance(1);
        check();
      }
      // A whole-region outage pages, after a moment when only the short window burns,
      // and after the restore the short window drops back first.
      expect([...seen].sort(), `seed ${seed}`).toEqual(['firing', 'long only', 'short only']);
      harness.unmount();
    }
  });
});
