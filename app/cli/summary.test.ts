/**
 * The CLI's text summary names the node of each data-loss line, as the JSON's `target`
 * and the page's event log do (the engine's message leaves it to them).
 */
import { describe, expect, it } from 'vitest';
import { DATABASE } from '../scenarios';
import { formatSummary, runScenario } from './report';

describe('text summary', () => {
  it('prints each data-loss line with its node', () => {
    const report = runScenario(DATABASE, 1, 5);
    const lost = {
      atS: 4.5,
      type: 'db-data-loss',
      target: 'db-b1',
      message:
        '3 acknowledged writes lost in the last 5 s: acknowledged after their data was already discarded (in flight at a failover or disk loss)',
    };
    const overwritten = {
      atS: 4.75,
      type: 'db-lost-updates',
      target: 'db-a1',
      message:
        '2 acknowledged updates lost in the last 5 s: overwritten by concurrent writes to the same keys (last writer wins)',
    };
    const text = formatSummary({ ...report, events: [...report.events, lost, overwritten] });
    expect(text).toContain(`4.500 s  db-b1: ${lost.message}`);
    expect(text).toContain(`4.750 s  db-a1: ${overwritten.message}`);
    // Lines that already name their part, and other lines, are printed as they are.
    const named = { ...lost, message: 'db-b1 lost 3 acknowledged writes' };
    expect(formatSummary({ ...report, events: [named] })).toContain('s  db-b1 lost 3');
    expect(formatSummary({ ...report, events: [named] })).not.toContain('db-b1: db-b1');
  });
});
