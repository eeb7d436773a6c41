import { describe, expect, it } from 'vitest';
import { keepIfSame, sameData } from './sameData';
import { defaultSettings, withSetting } from '../sim';

describe('sameData', () => {
  it('equals a structured copy of report data, nested objects and arrays included', () => {
    const settings = defaultSettings();
    expect(sameData(settings, structuredClone(settings))).toBe(true);
    const parts = [{ id: 'a', zone: 'eu-a', tags: ['x'] }, { id: 'b' }];
    expect(sameData(parts, structuredClone(parts))).toBe(true);
    expect(sameData({ rate: NaN }, { rate: NaN })).toBe(true);
  });

  it('tells apart a change at any depth, a missing key, a longer array, an array from an object', () => {
    const settings = defaultSettings();
    const changed = withSetting(settings, 'traffic.arrivalRatePerS', 51);
    expect(sameData(settings, changed)).toBe(false);
    expect(sameData({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData([], {})).toBe(false);
    expect(sameData({ a: null }, { a: {} })).toBe(false);
    expect(sameData(0, -0)).toBe(false);
    expect(sameData(new Map([[1, 1]]), new Map([[1, 2]]))).toBe(false);
  });
});

describe('keepIfSame', () => {
  it('returns the held value for an equal copy and the new one for a change', () => {
    const held = { a: [1, 2] };
    expect(keepIfSame(held, structuredClone(held))).toBe(held);
    const next = { a: [1, 3] };
    expect(keepIfSame(held, next)).toBe(next);
  });
});
