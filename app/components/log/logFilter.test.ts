import { describe, expect, it } from 'vitest';
import { usFromS, type LogEntry } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { ONE_REGION, OVERLOAD, simulationInput } from '../../scenarios';
import { emptyLogText, logMentions, logSelectionTarget } from './logFilter';

function entry(target: string, message: string): LogEntry {
  return { index: 0, atUs: usFromS(0), type: 'x', target, category: 'info', message };
}

describe('logMentions', () => {
  it('matches the target, links to or from it, and whole ids in the sentence', () => {
    expect(logMentions(entry('app-b1', 'app-b1 crashed'), 'app-b1')).toBe(true);
    expect(logMentions(entry('lb-1->app-b1', 'cut'), 'app-b1')).toBe(true);
    expect(logMentions(entry('app-b1', 'lb-1 marked app-b1 unhealthy'), 'lb-1')).toBe(true);
    expect(logMentions(entry('app-b10', 'app-b10 crashed'), 'app-b1')).toBe(false);
    expect(logMentions(entry('eu-b', 'zone eu-b is down'), 'eu')).toBe(false);
    expect(logMentions(entry('slo.target', 'set slo.target=0.99'), 'slo')).toBe(false);
  });
});

describe('logSelectionTarget', () => {
  it('selects known components and links only', () => {
    const parts = new Set(['app-b1', 'lb-1->app-b1', 'eu-b']);
    expect(logSelectionTarget(entry('app-b1', ''), parts)).toBe('app-b1');
    expect(logSelectionTarget(entry('lb-1->app-b1', ''), parts)).toBe('lb-1->app-b1');
    expect(logSelectionTarget(entry('fast-burn-page', ''), parts)).toBeNull();
  });
});

describe('emptyLogText', () => {
  it('says nothing has happened only while no request has failed', () => {
    // Overload fails requests with no fault to log: a second after the first user timed
    // out, no line is about a failure yet, and the empty log must not say all is quiet.
    for (const seed of [1, 2, 3]) {
      const sim = createSimulation(simulationInput(OVERLOAD), { seed });
      sim.runUntil(usFromS(20));
      const firstTimeoutUs = sim.metrics().firstAtUs.timeout;
      expect(firstTimeoutUs).not.toBeNull();
      const sim2 = createSimulation(simulationInput(OVERLOAD), { seed });
      sim2.runUntil(firstTimeoutUs! + usFromS(1));
      expect(sim2.log().entries).toEqual([]);
      const { requests } = sim2.metrics();
      expect(requests.failed).toBeGreaterThan(0);
      const finished = requests.succeeded + requests.degraded + requests.failed;
      expect(emptyLogText(null, requests)).toBe(
        `No fault or alert is logged yet, but ${requests.failed.toLocaleString('en-US')} of ${finished.toLocaleString('en-US')} finished requests have failed: see Availability.`,
      );
      // A calm run: the invitation to break something.
      const calm = createSimulation(simulationInput(ONE_REGION), { seed });
      calm.runUntil(usFromS(12));
      expect(calm.metrics().requests.failed).toBe(0);
      expect(emptyLogText(null, calm.metrics().requests)).toMatch(/^Nothing has happened yet\./);
    }
    expect(emptyLogText('app-b1', undefined)).toBe('No line about app-b1 yet.');
  });
});
