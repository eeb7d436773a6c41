import { describe, expect, it } from 'vitest';
import {
  leastOutstandingPick,
  leastRequestScore,
  powerOfTwoChoicesPick,
  randomPick,
  roundRobinPick,
  weightedLeastRequestPick,
  weightedRandomPick,
  weightedRoundRobinPick,
  type BalancingCandidate,
  type RoundRobinCursor,
  type SmoothWeightedState,
} from './balancing';
import { createRandom } from '../../engine/random';

function hosts(outstanding: number[], weights?: number[]): BalancingCandidate[] {
  return outstanding.map((count, i) => ({
    id: String.fromCharCode(97 + i), // a, b, c...
    outstanding: count,
    weight: weights?.[i] ?? 1,
  }));
}

/** Share of `picks` per id. */
function shares(ids: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
  for (const id in counts) counts[id]! /= ids.length;
  return counts;
}

function repeat<T>(times: number, pick: () => T | undefined): T[] {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(pick()!);
  return out;
}

// Sampling tolerance: with 30 000 independent picks a share p has a standard deviation
// of sqrt(p(1-p)/30000) <= 0.0029, so +-0.02 is ~7 sigma: a seed change cannot fail it.
const PICKS = 30_000;
const TOLERANCE = 0.02;

describe('round robin', () => {
  it('visits candidates in order and gives exactly equal shares', () => {
    const cursor: RoundRobinCursor = { next: 0 };
    const list = hosts([5, 0, 9]);
    const ids = repeat(300, () => roundRobinPick(list, cursor)).map((h) => h.id);
    expect(ids.slice(0, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(shares(ids)).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
  });

  it('keeps going when the list shrinks, and returns undefined for an empty list', () => {
    const cursor: RoundRobinCursor = { next: 0 };
    roundRobinPick(hosts([0, 0, 0]), cursor);
    roundRobinPick(hosts([0, 0, 0]), cursor); // next would be index 2
    const two = hosts([0, 0]);
    expect(repeat(4, () => roundRobinPick(two, cursor)).map((h) => h.id)).toEqual([
      'a',
      'b',
      'a',
      'b',
    ]);
    expect(roundRobinPick([], cursor)).toBeUndefined();
  });
});

describe('random', () => {
  it('spreads uniformly', () => {
    const random = createRandom(1, 'routing');
    const list = hosts([0, 0, 0]);
    const result = shares(repeat(PICKS, () => randomPick(list, random)).map((h) => h.id));
    for (const id of ['a', 'b', 'c']) expect(Math.abs(result[id]! - 1 / 3)).toBeLessThan(TOLERANCE);
  });
});

describe('least outstanding', () => {
  it('always takes a candidate with the fewest requests in flight', () => {
    const random = createRandom(2, 'routing');
    const list = hosts([3, 1, 2]);
    expect(repeat(100, () => leastOutstandingPick(list, random)).every((h) => h.id === 'b')).toBe(
      true,
    );
  });

  it('breaks ties at random, evenly', () => {
    const random = createRandom(3, 'routing');
    const list = hosts([1, 4, 1]);
    const result = shares(repeat(PICKS, () => leastOutstandingPick(list, random)).map((h) => h.id));
    expect(result.b).toBeUndefined();
    expect(Math.abs(result.a! - 0.5)).toBeLessThan(TOLERANCE);
  });
});

describe('power of two choices (Envoy LEAST_REQUEST, equal weights)', () => {
  it('picks by rank: with distinct draws host k of n (by load) wins (n-1-k) / C(n,2) of picks', () => {
    // 5 hosts, C(5,2) = 10 pairs: the least loaded wins the 4 pairs it is in, the next 3,
    // then 2, 1 and 0. The busiest host is never picked.
    const random = createRandom(4, 'routing');
    const list = hosts([0, 1, 2, 3, 10]);
    const result = shares(
      repeat(PICKS, () => powerOfTwoChoicesPick(list, random)).map((h) => h.id),
    );
    expect(result.e).toBeUndefined();
    const expected = { a: 0.4, b: 0.3, c: 0.2, d: 0.1 };
    for (const [id, share] of Object.entries(expected)) {
      expect(Math.abs(result[id]! - share)).toBeLessThan(TOLERANCE);
    }
  });

  it('avoids a host with many requests in flight, while spreading among the rest', () => {
    const random = createRandom(5, 'routing');
    const list = hosts([0, 0, 0, 50]);
    const result = shares(
      repeat(PICKS, () => powerOfTwoChoicesPick(list, random)).map((h) => h.id),
    );
    expect(result.d).toBeUndefined();
    for (const id of ['a', 'b', 'c']) expect(Math.abs(result[id]! - 1 / 3)).toBeLessThan(TOLERANCE);
  });

  it('handles one and zero candidates', () => {
    const random = createRandom(6, 'routing');
    expect(powerOfTwoChoicesPick(hosts([7]), random)?.id).toBe('a');
    expect(powerOfTwoChoicesPick([], random)).toBeUndefined();
  });
});

describe('weighted pickers', () => {
  it('smooth weighted round robin interleaves as nginx does (5,1,1 -> a a b a c a a)', () => {
    const state: SmoothWeightedState = { currentWeights: {} };
    const list = hosts([0, 0, 0], [5, 1, 1]);
    const ids = repeat(7, () => weightedRoundRobinPick(list, state)).map((h) => h.id);
    expect(ids.join(' ')).toBe('a a b a c a a');
  });

  it('smooth weighted round robin gives exact 2:1 shares for weights 2:1', () => {
    const state: SmoothWeightedState = { currentWeights: {} };
    const list = hosts([0, 0], [2, 1]);
    const result = shares(repeat(300, () => weightedRoundRobinPick(list, state)).map((h) => h.id));
    expect(result).toEqual({ a: 2 / 3, b: 1 / 3 });
  });

  it('weighted random gives ~2:1 for weights 2:1 and never picks weight 0', () => {
    const random = createRandom(7, 'routing');
    const list = hosts([0, 0, 0], [2, 1, 0]);
    const result = shares(repeat(PICKS, () => weightedRandomPick(list, random)).map((h) => h.id));
    expect(result.c).toBeUndefined();
    expect(Math.abs(result.a! - 2 / 3)).toBeLessThan(TOLERANCE);
    expect(weightedRandomPick(hosts([0], [0]), random)).toBeUndefined();
  });

  it("scores weight / (outstanding + 1), Envoy's active_request_bias 1.0", () => {
    expect(leastRequestScore({ id: 'a', outstanding: 0, weight: 2 })).toBe(2);
    expect(leastRequestScore({ id: 'a', outstanding: 3, weight: 2 })).toBe(0.5);
  });

  it('weighted least request follows weights when idle and shifts away from load', () => {
    const random = createRandom(8, 'routing');
    const idle = hosts([0, 0], [2, 1]);
    const idleState: SmoothWeightedState = { currentWeights: {} };
    const idleShares = shares(
      repeat(300, () => weightedLeastRequestPick(idle, idleState, random)).map((h) => h.id),
    );
    expect(idleShares).toEqual({ a: 2 / 3, b: 1 / 3 });
    // a: weight 2 with 3 in flight -> score 0.5; b: weight 1 idle -> score 1: b gets 2/3.
    const loaded = hosts([3, 0], [2, 1]);
    const loadedState: SmoothWeightedState = { currentWeights: {} };
    const loadedShares = shares(
      repeat(300, () => weightedLeastRequestPick(loaded, loadedState, random)).map((h) => h.id),
    );
    expect(loadedShares.b).toBeCloseTo(2 / 3, 12);
  });

  it('weighted least request with equal weights is power of two choices', () => {
    const random = createRandom(9, 'routing');
    const state: SmoothWeightedState = { currentWeights: {} };
    const list = hosts([5, 0], [3, 3]);
    expect(
      repeat(100, () => weightedLeastRequestPick(list, state, random)).every((h) => h.id === 'b'),
    ).toBe(true);
  });

  it('a candidate id that is also an Object property name starts from zero', () => {
    const state: SmoothWeightedState = { currentWeights: {} };
    const list = [
      { id: 'constructor', outstanding: 0, weight: 1 },
      { id: 'toString', outstanding: 0, weight: 1 },
    ];
    const ids = repeat(4, () => weightedRoundRobinPick(list, state)).map((h) => h.id);
    expect(ids).toEqual(['constructor', 'toString', 'constructor', 'toString']);
  });
});

/**
 * A tiny discrete-time loop: one request arrives per tick; a host answers after
 * `serviceTicks` ticks (0 = fails at once, so it never has anything in flight).
 * Returns each host's share of the requests.
 */
function loadShares(
  serviceTicks: Record<string, number>,
  pick: (candidates: BalancingCandidate[]) => BalancingCandidate | undefined,
  ticks = 20_000,
): Record<string, number> {
  const list: BalancingCandidate[] = Object.keys(serviceTicks).map((id) => ({
    id,
    outstanding: 0,
    weight: 1,
  }));
  const byId = new Map(list.map((host) => [host.id, host]));
  const dueAt = new Map<number, string[]>();
  const picked: string[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    for (const id of dueAt.get(tick) ?? []) byId.get(id)!.outstanding--;
    dueAt.delete(tick);
    const host = pick(list)!;
    picked.push(host.id);
    const service = serviceTicks[host.id]!;
    if (service > 0) {
      host.outstanding++;
      dueAt.set(tick + service, [...(dueAt.get(tick + service) ?? []), host.id]);
    }
  }
  return shares(picked);
}

describe('failure modes and balancing (docs/reference.md "Load balancing and gray failure")', () => {
  it('a host that fails fast attracts traffic under least-outstanding (its in-flight count stays 0)', () => {
    const service = { a: 10, b: 10, bad: 0 };
    const random = createRandom(10, 'routing');
    const cursor: RoundRobinCursor = { next: 0 };
    const least = loadShares(service, (list) => leastOutstandingPick(list, random));
    const p2c = loadShares(service, (list) => powerOfTwoChoicesPick(list, random));
    const rr = loadShares(service, (list) => roundRobinPick(list, cursor));
    // Round robin ignores load: the bad host keeps exactly its 1/3.
    expect(rr.bad).toBeCloseTo(1 / 3, 3);
    // Least-outstanding sends it most requests (~82% on seeds 1-10): it is never behind,
    // and the healthy hosts win only the ties they have when idle.
    expect(least.bad).toBeGreaterThan(0.75);
    // P2C sends it nearly every request where it is one of the two drawn (2/3 of picks),
    // losing only the coin toss when the other host drawn is idle too.
    expect(p2c.bad).toBeGreaterThan(0.55);
    expect(least.bad).toBeGreaterThan(p2c.bad!);
  });

  it('a slow (gray-failing) host keeps 1/N under round robin, much less under least-request', () => {
    const service = { a: 2, b: 2, slow: 40 };
    const random = createRandom(11, 'routing');
    const cursor: RoundRobinCursor = { next: 0 };
    const rr = loadShares(service, (list) => roundRobinPick(list, cursor));
    const least = loadShares(service, (list) => leastOutstandingPick(list, random));
    const p2c = loadShares(service, (list) => powerOfTwoChoicesPick(list, random));
    expect(rr.slow).toBeCloseTo(1 / 3, 3);
    expect(least.slow).toBeLessThan(0.1);
    expect(p2c.slow).toBeLessThan(0.2);
  });
});
