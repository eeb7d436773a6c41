// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKOUT, ONE_REGION, RETRY_STORM } from '../../scenarios';
import { DefencesPanel } from './DefencesPanel';
import { DEFENCE_SECTIONS, knobLabel } from '../settings/knobs';
import {
  byLabel,
  byRoleName,
  click,
  renderPanel,
  termValue,
  typeAndEnter,
  unmountPanels,
} from '../app/panelHarness';

afterEach(unmountPanels);

describe('DefencesPanel', () => {
  it('has a section per mechanism, a labelled switch for each on/off defence', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 5);
    const { container } = harness;
    const headings = [...container.querySelectorAll('h3 .kp-disclosure')].map((b) =>
      b.textContent?.replace(/^[▸▾]/, ''),
    );
    expect(headings).toEqual(DEFENCE_SECTIONS.map((s) => s.title));
    for (const title of ['Idempotency keys', 'Circuit breaker', 'Graceful degradation']) {
      const sw = byRoleName(container, 'switch', title);
      expect(sw, title).not.toBeNull();
      expect(sw!.getAttribute('aria-checked')).toBe('false');
    }
    expect(byRoleName(container, 'switch', 'Load shedding')).not.toBeNull();
    expect(byRoleName(container, 'switch', 'Outlier detection')).toBeNull(); // labelled by its row
  });

  it('flips a switch from the value it shows, before the engine’s worker has answered', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 5, 1, true);
    const sw = () => byRoleName(harness.container, 'switch', 'Circuit breaker')!;
    click(sw());
    expect(sw().getAttribute('aria-checked')).toBe('true');
    click(sw());
    expect(sw().getAttribute('aria-checked')).toBe('false');
    expect(harness.applied).toEqual([
      { type: 'set', path: 'breaker.enabled', value: 'on' },
      { type: 'set', path: 'breaker.enabled', value: 'off' },
    ]);
    harness.answer();
    expect(sw().getAttribute('aria-checked')).toBe('false');
    expect(harness.sim.settings().breaker.enabled).toBe('off');
  });

  it('flips a defence live with a set command', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 5);
    const sw = byRoleName(harness.container, 'switch', 'Circuit breaker')!;
    click(sw);
    expect(harness.applied).toEqual([{ type: 'set', path: 'breaker.enabled', value: 'on' }]);
    expect(harness.sim.settings().breaker.enabled).toBe('on');
    expect(byRoleName(harness.container, 'switch', 'Circuit breaker')!.ariaChecked).toBe('true');
  });

  it('shows each knob with its explanation, and marks defaults that differ from real ones', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 5);
    const { container } = harness;
    for (const section of DEFENCE_SECTIONS) {
      for (const path of section.paths) {
        if (path === 'outlier.enabled' || path === 'degradation.countsAsAvailable') continue;
        const input = byLabel(container, knobLabel(path));
        expect(input, path).not.toBeNull();
        expect(input!.getAttribute('aria-describedby')).toBeTruthy();
      }
    }
    const window = byLabel(container, 'Sliding window')!;
    const hint = document.getElementById(window.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toContain('Calls in the count-based sliding window.');
    expect(hint.textContent).toContain('Default here 20');
    expect(hint.textContent).toContain('≠ real');
    expect(hint.textContent).toContain('resilience4j 100');
    const threshold = byLabel(container, 'Failure-rate threshold')!;
    const same = document.getElementById(threshold.getAttribute('aria-describedby')!)!;
    expect(same.textContent).not.toContain('≠');
  });

  it('applies a typed number, and refuses one out of range with a message', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 5);
    typeAndEnter(byLabel(harness.container, 'Queue limit'), '7');
    expect(harness.sim.settings().server.queueLimit).toBe(7);
    typeAndEnter(byLabel(harness.container, 'App server attempts'), '99');
    expect(harness.applied).toHaveLength(1);
    expect(harness.container.querySelector('[role="alert"]')?.textContent).toContain(
      'retries.serverMaxAttempts must be between 1 and 10',
    );
  });

  it('sets a server weight with a weight command', () => {
    const harness = renderPanel(DefencesPanel, ONE_REGION, 5);
    const weight = harness.container.querySelector<HTMLInputElement>(
      'input[aria-label="Weight of app-a1"]',
    );
    typeAndEnter(weight, '0');
    expect(harness.applied).toEqual([{ type: 'weight', target: 'app-a1', weight: 0 }]);
    const before = harness.sim.snapshot().targets.find((t) => t.server === 'app-a1')!.routed;
    harness.advance(5);
    expect(harness.sim.snapshot().targets.find((t) => t.server === 'app-a1')!.routed).toBe(before);
  });

  it('shows the engine’s counters: a retry storm amplifies the load on payments', () => {
    const harness = renderPanel(DefencesPanel, RETRY_STORM, 40);
    const d = harness.sim.metrics().defences;
    expect(d.loadAmplification).toBeGreaterThan(3);
    const text = harness.container.textContent!;
    expect(text).toContain(`${d.loadAmplification.toFixed(2)}×`);
    const retries = d.retries.client + d.retries.balancer + d.retries.server;
    expect(termValue(harness.container, 'Retries')).toBe(retries.toLocaleString('en-US'));
    expect(termValue(harness.container, 'Denied by budget')).toBe('0');
  });

  it('lists each breaker with its state once the breaker is on', () => {
    const harness = renderPanel(DefencesPanel, RETRY_STORM, 31);
    click(byRoleName(harness.container, 'switch', 'Circuit breaker'));
    harness.advance(15);
    const breakers = harness.sim.metrics().defences.breakers;
    expect(breakers.length).toBeGreaterThan(0);
    const rows = [...harness.container.querySelectorAll('table.kp-breakers tbody tr')];
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(breakers.map((b) => b.id));
    expect(rows[0]!.textContent).toContain(breakers[0]!.state);
    expect(breakers.some((b) => b.transitions > 0)).toBe(true);
  });

  it('warns about false timeouts with the numbers', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 3);
    typeAndEnter(byLabel(harness.container, 'Payments timeout'), '20');
    harness.advance(10);
    const warnings = harness.container.querySelector('ul[aria-label="Timeout warnings"]');
    expect(warnings?.textContent).toMatch(/Payments timeout 20 ms ≤ .* ms: expect false timeouts/);
  });

  it('says so when the scenario has no payments dependency', () => {
    const harness = renderPanel(DefencesPanel, ONE_REGION, 1);
    const link = harness.container.querySelector('a[href="#scenario=checkout"]');
    expect(link?.textContent).toBe('Open the checkout scenario');
  });

  it('opens and closes a section with its disclosure button, the switch staying in view', () => {
    const harness = renderPanel(DefencesPanel, CHECKOUT, 1);
    const button = [...harness.container.querySelectorAll('h3 .kp-disclosure')].find((b) =>
      b.textContent?.endsWith('Circuit breaker'),
    )!;
    const body = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(body.hidden).toBe(true);
    click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(body.hidden).toBe(false);
    expect(body.textContent).toContain("A circuit breaker on each app server's calls");
    click(button);
    expect(body.hidden).toBe(true);
    expect(byRoleName(harness.container, 'switch', 'Circuit breaker')).not.toBeNull();
  });
});
