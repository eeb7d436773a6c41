import { describe, expect, it } from 'vitest';
import { ONE_REGION } from '../scenarios';
import { parseSeed, readUrlState, urlWithState } from './urlState';

describe('readUrlState', () => {
  it('reads seed and scenario from the hash, or the query string', () => {
    const fromHash = readUrlState('https://x.test/nines/#seed=42&scenario=one-region');
    expect(fromHash).toMatchObject({ seed: 42, problems: [] });
    expect(fromHash.scenario.name).toBe('one-region');
    expect(readUrlState('https://x.test/?seed=7').seed).toBe(7);
    expect(readUrlState('https://x.test/?seed=7#seed=8').seed).toBe(8);
  });

  it('falls back to the defaults with a sentence for broken values', () => {
    const state = readUrlState('https://x.test/#seed=abc&scenario=nope');
    expect(state.seed).toBe(ONE_REGION.seed);
    expect(state.scenario.name).toBe(ONE_REGION.name);
    expect(state.problems).toHaveLength(2);
    expect(state.problems[0]).toContain('"nope"');
    expect(state.problems[1]).toContain('"abc"');
  });

  it('uses the scenario seed when the link has none', () => {
    expect(readUrlState('https://x.test/')).toMatchObject({ seed: ONE_REGION.seed, problems: [] });
  });
});

describe('parseSeed', () => {
  it('accepts whole numbers from 0 to 2^32 - 1 only', () => {
    expect(parseSeed(' 12 ')).toBe(12);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(parseSeed('4294967296')).toBeNull();
    expect(parseSeed('-1')).toBeNull();
    expect(parseSeed('1.5')).toBeNull();
    expect(parseSeed('')).toBeNull();
  });
});

describe('urlWithState', () => {
  it('writes seed and scenario to the hash, keeping the path and other parameters', () => {
    expect(
      urlWithState('https://x.test/nines/?lang=en&seed=3#x=1', {
        seed: 9,
        scenarioName: 'one-region',
      }),
    ).toBe('https://x.test/nines/?lang=en#x=1&seed=9&scenario=one-region');
  });
});
