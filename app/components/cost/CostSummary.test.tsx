// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE, ONE_REGION, TWO_REGIONS, configuredSettings } from '../../scenarios';
import { formatUsd, monthlyCost } from '../../scenarios/cost';
import { AvailabilityPanel } from '../panels/AvailabilityPanel';
import { renderPanel, unmountPanels } from '../panels/panelHarness';

afterEach(unmountPanels);

describe('the monthly cost beside availability', () => {
  it('shows each scenario’s total and, on demand, the lines it adds up from', () => {
    for (const scenario of [ONE_REGION, TWO_REGIONS, DATABASE]) {
      const harness = renderPanel(AvailabilityPanel, scenario, 1);
      const cost = monthlyCost(scenario.topology, configuredSettings(scenario));
      const group = harness.container.querySelector('[role="group"].cost-summary')!;
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
