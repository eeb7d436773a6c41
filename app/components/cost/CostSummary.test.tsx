// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { DATABASE, ONE_REGION, TWO_REGIONS, configuredSettings } from '../../scenarios';
import { formatUsd, monthlyCost } from '../../scenarios/cost';
import { AvailabilityPanel } from '../availability/AvailabilityPanel';
import { renderPanel, unmountPanels } from '../app/panelHarness';
import { playground } from '../../store';
import { withSetting } from '../../sim';

/** Counts the cost computations (the work the memo spares on each report). */
const costCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../scenarios/cost', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../scenarios/cost')>();
  return {
    ...real,
    monthlyCost: (...args: Parameters<typeof real.monthlyCost>) => {
      costCalls.count++;
      return real.monthlyCost(...args);
    },
  };
});

afterEach(unmountPanels);

/**
 * Opens the headline's "A year at this rate, and the monthly cost" disclosure, as a
 * learner does, and waits for the cost's code to load (it loads on opening).
 */
async function openCost(container: HTMLElement): Promise<Element> {
  const details = container.querySelector<HTMLDetailsElement>('details.av-extra')!;
  expect(container.querySelector('.cost-summary')).toBeNull();
  await act(async () => {
    details.querySelector('summary')!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(details.open).toBe(true);
  return vi.waitFor(
    () => {
      const group = container.querySelector('[role="group"].cost-summary');
      if (!group) throw new Error('the cost has not loaded yet');
      return group;
    },
    { timeout: 5000 },
  );
}

describe('the monthly cost beside availability', () => {
  it('shows each scenario’s total and, on demand, the lines it adds up from', async () => {
    for (const scenario of [ONE_REGION, TWO_REGIONS, DATABASE]) {
      const harness = renderPanel(AvailabilityPanel, scenario, 1);
      const cost = monthlyCost(scenario.topology, configuredSettings(scenario));
      const group = await openCost(harness.container);
      expect(group.querySelector('.cost-value')!.textContent).toBe(formatUsd(cost.usdPerMonth));
      const rows = [...group.querySelectorAll('.cost-table tr')].map((tr) => tr.textContent);
      const charged = cost.lines.filter((l) => l.quantity > 0);
      expect(rows).toHaveLength(charged.length);
      // A database scenario shows database nodes; one without does not.
      expect(rows.some((r) => r!.startsWith('Database nodes'))).toBe(scenario === DATABASE);
      harness.unmount();
    }
  });
});

describe('the monthly cost on each report', () => {
  it('is not worked out again when only the counters change, and is when a setting does', async () => {
    const harness = renderPanel(AvailabilityPanel, ONE_REGION, 1);
    await openCost(harness.container);
    const clock = () => harness.container.querySelector('.clock-value')!.textContent;
    const figure = () => harness.container.querySelector('.cost-value')!.textContent;
    const before = costCalls.count;
    const clockBefore = clock();
    harness.advance(5);
    // The panel drew the new report, the cost was not computed again.
    expect(clock()).not.toBe(clockBefore);
    expect(costCalls.count).toBe(before);
    const figureBefore = figure();
    act(() =>
      playground.setState((s) => ({
        run: { ...s.run, settings: withSetting(s.run.settings, 'traffic.arrivalRatePerS', 5000) },
      })),
    );
    expect(costCalls.count).toBe(before + 1);
    // More traffic costs more (data out is priced per GB).
    expect(figure()).not.toBe(figureBefore);
  });
});
