// @vitest-environment jsdom
/**
 * Issue 11 item 8: "down per year" comes from the request-based figure (the failed
 * share of requests, as time); the panel must say so, not present it as measured
 * downtime. docs/reference.md "Availability, nines and error budgets": two definitions, say which is which.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ONE_REGION } from '../../scenarios';
import { downtimePerPeriod, formatDuration } from '../../sim';
import { ninesClaim } from '../app/format';
import { AvailabilityPanel } from './AvailabilityPanel';
import { renderPanel, unmountPanels } from '../app/panelHarness';

afterEach(unmountPanels);

describe('AvailabilityPanel: downtime a year at this rate', () => {
  it('says it is the request-based rate, and its figures are the request-based ones', () => {
    // A server refusing for a few seconds until the balancer marks it unhealthy:
    // some requests fail, so the request-based figure is below 100%.
    const scenario = {
      ...ONE_REGION,
      faults: [{ atS: 5, command: { type: 'kill' as const, target: 'app-b1' } }],
    };
    const harness = renderPanel(AvailabilityPanel, scenario, 30);
    const m = harness.sim.metrics();
    expect(m.availability).toBeLessThan(1);
    const line = harness.container.querySelector('.av-rate')!.textContent!;
    expect(line).toMatch(/request-based/);
    expect(line).not.toMatch(/down per year/); // a share of requests is not measured downtime
    // The figure is the request-based rate's bound from its 95% interval (an
    // extrapolation from a short run claims no more than the sample supports).
    expect(m.requests.degraded).toBe(0); // no fallbacks here: good = succeeded
    const claim = ninesClaim(m.requests.succeeded, m.requests.succeeded + m.requests.failed);
    expect(claim.kind).toBe('at-least');
    if (claim.kind !== 'at-least') return;
    const { perYearS, per30DaysS } = downtimePerPeriod(claim.interval.lower);
    expect(line).toContain(`at most ${formatDuration(perYearS)} a year`);
    expect(line).toContain(`${formatDuration(per30DaysS)} per 30 days of equivalent downtime`);
  });
});
