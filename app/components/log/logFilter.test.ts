import { describe, expect, it } from 'vitest';
import { usFromS, type LogEntry } from '../../sim';
import { logMentions, logSelectionTarget } from './logFilter';

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
