import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../sim/runtime';
import { DEFAULT_ALERT_RULES, usFromS } from '../../sim';
import { OVERLOAD, simulationInput } from '../../scenarios';
import { plainLogLine } from './plainLog';

describe("Present's alert lines in plain words", () => {
  for (const rule of DEFAULT_ALERT_RULES) {
    it(`${rule.name}: fired and resolved say who hears and how fast the budget burns`, () => {
      const fired = plainLogLine({
        type: 'alert-fired',
        target: rule.name,
        message: `ALERT ${rule.name} (${rule.severity}): error budget burning at …`,
      });
      const resolved = plainLogLine({
        type: 'alert-resolved',
        target: rule.name,
        message: `alert ${rule.name} resolved: …`,
      });
      for (const line of [fired, resolved]) {
        expect(line).not.toContain(rule.name);
        expect(line).not.toMatch(/ALERT|alert/);
        expect(line).toContain('30-day error budget');
      }
      // A page wakes someone now; a ticket waits (SRE Workbook).
      expect(fired).toMatch(
        rule.severity === 'page' ? /^On-call paged: / : /^Ticket for working hours: /,
      );
      expect(resolved).toMatch(rule.severity === 'page' ? /^Page over:/ : /^Ticket over:/);
      // The rule's burn rate as the time the 30-day budget lasts at it: 30 days / burn rate.
      const hours = (30 * 24) / rule.burnRate;
      const lasts =
        hours < 72 ? `${Math.round(hours)} h` : `${Math.round((hours / 24) * 10) / 10} days`;
      expect(fired).toContain(`runs out within ${lasts}.`);
      expect(resolved).toContain(`longer than ${lasts}.`);
      // Short enough for the room's "Just happened" card (no ellipsis at 1280x720).
      expect(fired.length).toBeLessThanOrEqual(90);
    });
  }

  it('every alert an overloaded run logs reads in plain words; other lines stay as logged', () => {
    const sim = createSimulation(simulationInput(OVERLOAD), { seed: 3 });
    sim.runUntil(usFromS(20));
    const log = sim.log().entries;
    const alerts = log.filter((e) => e.type === 'alert-fired');
    expect(alerts.length).toBeGreaterThan(0);
    for (const entry of log) {
      const line = plainLogLine(entry);
      if (entry.type.startsWith('alert-')) expect(line).not.toContain(entry.target);
      else expect(line).toBe(entry.message);
    }
  });
});
