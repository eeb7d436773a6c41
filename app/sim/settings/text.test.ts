import { describe, expect, it } from 'vitest';
import { SETTING_SPECS } from './index';
import { withUnit } from './text';

describe('withUnit', () => {
  it('writes a count of one in the singular and every other count in the plural', () => {
    expect(withUnit(1, 'attempts')).toBe('1 attempt');
    expect(withUnit('1', 'calls')).toBe('1 call');
    expect(withUnit(1, 'copies')).toBe('1 copy');
    expect(withUnit(3, 'attempts')).toBe('3 attempts');
    expect(withUnit(0, 'checks')).toBe('0 checks');
    expect(withUnit(1.5, 'days')).toBe('1.5 days');
  });

  it('leaves unit symbols as they are', () => {
    expect(withUnit(1, 'ms')).toBe('1 ms');
    expect(withUnit(1, 's')).toBe('1 s');
    expect(withUnit(1, 'req/s')).toBe('1 req/s');
    expect(withUnit(1, 'x')).toBe('1 x');
    expect(withUnit(50, '%')).toBe('50%');
    expect(withUnit(7)).toBe('7');
  });

  it('no setting reads "1 <plural>" at a value of one (every unit a spec declares)', () => {
    for (const spec of SETTING_SPECS) {
      if (spec.kind !== 'number' || !spec.unit) continue;
      expect(withUnit(1, spec.unit), spec.path).not.toMatch(/^1 [a-z]{3,}s$/);
    }
  });
});
