import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../sim';
import {
  appendSample,
  linkRates,
  RATE_HISTORY_MAX,
  RATE_WINDOW_US,
  rateWindowUs,
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

  it('shows nothing until the window it claims (2 s) has been measured', () => {
    // The first second of the default run: 63 arrivals at 50/s were shown as "63/s"
    // over 1 s while the rate's window claims 2 s.
    expect(linkRates([sample(0, 0), sample(1, 63)])).toEqual({});
    expect(linkRates([sample(0, 0), sample(1.5, 15)])).toEqual({});
    expect(linkRates([sample(0, 0), sample(2, 100)])['lb-1->app-a1']).toBeCloseTo(50);
    expect(linkRates([sample(0, 0), sample(0.5, 5)])).toEqual({});
    expect(linkRates([sample(1, 5)])).toEqual({});
    expect(linkRates([])).toEqual({});
  });
});

// Issue 14 leftovers: the phone's fan label said "23.3/s" with no window while 25 req/s were
// sent. The window a rate covers, for its label to say: what the rates were divided by.
describe('rateWindowUs', () => {
  it('is the simulated time the rates are measured over: the window, or more between reports', () => {
    expect(rateWindowUs([])).toBeNull();
    expect(rateWindowUs([sample(0, 0), sample(1.5, 15)])).toBeNull();
    // 1x: a report every 0.25 simulated seconds: 2 s back exactly; else the newest sample
    // at least 2 s back (2.1 s here).
    const quarter = Array.from({ length: 13 }, (_, i) => sample(i * 0.25, i * 12));
    expect(rateWindowUs(quarter)).toBe(RATE_WINDOW_US);
    expect(rateWindowUs([sample(0, 0), sample(0.25, 1), sample(2.1, 30)])).toBe(2_100_000);
    // 20x: a report every 5 simulated seconds; the rates are per second over 5 s.
    const sparse = [sample(0, 0), sample(5, 250), sample(10, 600)];
    expect(rateWindowUs(sparse)).toBe(5_000_000);
    expect(linkRates(sparse)['lb-1->app-a1']).toBeCloseTo((600 - 250) / 5);
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

  const groups = (eu: number, us: number) => [
    { id: 'users-eu', timedOut: eu },
    { id: 'users-us', timedOut: us },
  ];

  it('gives link rates and per-group timeouts per simulated second over its history', () => {
    const rates = new ReportRates();
    expect(rates.next(at(0, 0), groups(0, 0))).toEqual({
      linkRates: {},
      timeoutsPerSByGroup: {},
      rateWindowUs: null,
    });
    expect(rates.next(at(1, 10), groups(4, 0)).timeoutsPerSByGroup).toEqual({});
    const third = rates.next(at(2, 30), groups(10, 0));
    expect(third.linkRates['lb-1->app-a1']).toBe(15);
    // 10 eu timeouts over 2 simulated seconds; none for the us users.
    expect(third.timeoutsPerSByGroup).toEqual({ 'users-eu': 5, 'users-us': 0 });
  });

  it('counts timeouts per simulated second, whatever the report cadence (playback speed)', () => {
    // The same run reported 4 times per simulated second (0.25x... 1x) or once every
    // 2 simulated seconds (8x): 6 timeouts per simulated second either way.
    const often = new ReportRates();
    let fine: Record<string, number> = {};
    for (let t = 0; t <= 4; t += 0.25)
      fine = often.next(at(t, 0), groups(6 * t, 0)).timeoutsPerSByGroup;
    const rarely = new ReportRates();
    let coarse: Record<string, number> = {};
    for (let t = 0; t <= 4; t += 2)
      coarse = rarely.next(at(t, 0), groups(6 * t, 0)).timeoutsPerSByGroup;
    expect(fine['users-eu']).toBeCloseTo(6);
    expect(coarse['users-eu']).toBeCloseTo(6);
  });

  it('starts over on reset: no history, timeouts counted from zero', () => {
    const rates = new ReportRates();
    rates.next(at(0, 0), groups(0, 0));
    rates.next(at(2, 20), groups(7, 0));
    rates.reset();
    expect(rates.next(at(0, 0), groups(3, 0))).toEqual({
      linkRates: {},
      timeoutsPerSByGroup: {},
      rateWindowUs: null,
    });
    expect(rates.next(at(2, 20), groups(5, 0)).timeoutsPerSByGroup['users-eu']).toBe(1);
  });
});
