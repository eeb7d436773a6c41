import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../sim';
import {
  appendSample,
  linkRates,
  RATE_HISTORY_MAX,
  ReportRates,
  routedSample,
  type RoutedSample,
} from './rates';

function sample(nowS: number, a1: number): RoutedSample {
  return { nowUs: nowS * 1_000_000, routedByLink: new Map([['lb-1->app-a1', a1]]) };
}

describe('routedSample', () => {
  it('reads routed counters per balancer link, and their sum for the users link', () => {
    const snapshot = {
      nowUs: 7,
      links: [
        { id: 'users->lb-1', from: 'users', to: 'lb-1', scope: 'user' },
        { id: 'lb-1->app-a1', from: 'lb-1', to: 'app-a1', scope: 'region' },
      ],
      targets: [
        { balancer: 'lb-1', server: 'app-a1', routed: 30 },
        { balancer: 'lb-1', server: 'app-b1', routed: 12 },
      ],
    } as unknown as Snapshot;
    const { nowUs, routedByLink } = routedSample(snapshot);
    expect(nowUs).toBe(7);
    expect(Object.fromEntries(routedByLink)).toEqual({
      'lb-1->app-a1': 30,
      'lb-1->app-b1': 12,
      'users->lb-1': 42,
    });
  });
});

describe('linkRates', () => {
  it('measures over the newest sample at least 2 simulated seconds old', () => {
    const history = [sample(0, 0), sample(1, 10), sample(3, 30), sample(4, 50)];
    // Baseline is the 1 s sample (3 s back): (50 - 10) / 3 s.
    expect(linkRates(history)['lb-1->app-a1']).toBeCloseTo(40 / 3);
  });

  it('uses the oldest sample while the run is young, and nothing before 1 s', () => {
    expect(linkRates([sample(0, 0), sample(1.5, 15)])['lb-1->app-a1']).toBeCloseTo(10);
    expect(linkRates([sample(0, 0), sample(0.5, 5)])).toEqual({});
    expect(linkRates([sample(1, 5)])).toEqual({});
    expect(linkRates([])).toEqual({});
  });
});

describe('appendSample', () => {
  it('keeps a bounded history and drops samples from a previous run', () => {
    let history: RoutedSample[] = [];
    for (let s = 0; s < RATE_HISTORY_MAX + 5; s++) history = appendSample(history, sample(s, s));
    expect(history).toHaveLength(RATE_HISTORY_MAX);
    history = appendSample(history, sample(0, 0));
    expect(history).toHaveLength(1);
  });
});

describe('ReportRates', () => {
  const at = (nowS: number, routed: number) =>
    ({
      nowUs: nowS * 1_000_000,
      links: [],
      targets: [{ balancer: 'lb-1', server: 'app-a1', routed }],
    }) as unknown as Snapshot;

  it('gives link rates over its history and the timeouts since the previous report', () => {
    const rates = new ReportRates();
    expect(rates.next(at(0, 0), 0)).toEqual({ linkRates: {}, recentTimeouts: 0 });
    expect(rates.next(at(1, 10), 4).recentTimeouts).toBe(4);
    const third = rates.next(at(2, 30), 5);
    expect(third.recentTimeouts).toBe(1);
    expect(third.linkRates['lb-1->app-a1']).toBe(15);
  });

  it('starts over on reset: no history, timeouts counted from zero', () => {
    const rates = new ReportRates();
    rates.next(at(0, 0), 0);
    rates.next(at(2, 20), 7);
    rates.reset();
    expect(rates.next(at(0, 0), 3)).toEqual({ linkRates: {}, recentTimeouts: 3 });
  });
});
