import { describe, expect, it } from 'vitest';
import { YEARS_MAX } from '../../sim/chaos/yearsReport';
import { parseYears } from './yearsInput';

describe('parseYears', () => {
  it('accepts whole numbers from 1 to 1,000 (commas allowed)', () => {
    expect(parseYears('1')).toEqual({ years: 1 });
    expect(parseYears(' 20 ')).toEqual({ years: 20 });
    expect(parseYears('1,000')).toEqual({ years: 1000 });
    expect(parseYears(String(YEARS_MAX))).toEqual({ years: YEARS_MAX });
  });

  it('refuses everything else with one sentence naming the allowed range', () => {
    for (const text of ['', '0', '-3', '1001', '5000', '2.5', 'abc', '1e3', '20 years']) {
      const result = parseYears(text);
      expect(result, text).toHaveProperty('problem');
      if ('problem' in result) {
        expect(result.problem).toContain('a whole number from 1 to 1,000');
        expect(result.problem.endsWith('.')).toBe(true);
      }
    }
    expect(parseYears('5000')).toEqual({
      problem: 'Years must be a whole number from 1 to 1,000 (not 5000).',
    });
    expect(parseYears('abc')).toEqual({
      problem: '"abc" is not a number of years: enter a whole number from 1 to 1,000.',
    });
  });
});
