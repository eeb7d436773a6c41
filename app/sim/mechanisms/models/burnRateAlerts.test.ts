import { describe, expect, it } from 'vitest';
import { S_PER_30_DAYS } from '../../output/availability';
import {
  alertBudgetFraction,
  createAlertEvaluator,
  DEFAULT_ALERT_RULES,
  scaledAlertRule,
  scaledWindowS,
  type AlertEvaluator,
  type AlertRule,
} from './burnRateAlerts';
import { createRandom } from '../../engine/random';

/** A crafted stream: per-second good and bad counts from second 0. */
interface Stream {
  good: number[];
  bad: number[];
}

/** Appends `seconds` seconds of `good` and `bad` requests per second. */
function append(stream: Stream, seconds: number, good: number, bad: number): Stream {
  for (let i = 0; i < seconds; i++) {
    stream.good.push(good);
    stream.bad.push(bad);
  }
  return stream;
}

function stream(): Stream {
  return { good: [], bad: [] };
}

/**
 * Feeds every second, evaluating after each (nowS = second + 1), as the simulation loop
 * will, from second `fromS` on. Returns the names firing after each second: firing[nowS]
 * (relative to `fromS`).
 */
function feed(evaluator: AlertEvaluator, s: Stream, fromS = 0): string[][] {
  const firing: string[][] = [[]];
  for (let second = fromS; second < s.good.length; second++) {
    evaluator.observeSecond(second, s.good[second]!, s.bad[second]!);
    firing.push(evaluator.evaluate(second + 1).map((rule) => rule.name));
  }
  return firing;
}

const FAST = 'fast-burn-page';
const SLOW = 'slow-burn-page';
const TICKET = 'slow-burn-ticket';

/**
 * The obvious O(window) definition, to check the ring buffer against. A window the run
 * has not filled yet holds, at the rate seen so far, (good + bad) x window / covered
 * requests; the errors so far are measured against that.
 */
function naiveFiring(s: Stream, nowS: number, rule: AlertRule, target: number): boolean {
  const rate = (windowS: number) => {
    let good = 0;
    let bad = 0;
    for (let t = Math.max(0, nowS - windowS); t < nowS; t++) {
      good += s.good[t] ?? 0;
      bad += s.bad[t] ?? 0;
    }
    const coveredS = Math.min(nowS, windowS);
    return good + bad === 0 ? 0 : bad / (((good + bad) * windowS) / coveredS);
  };
  const threshold = rule.burnRate * (1 - target);
  return rate(rule.longWindowS) > threshold && rate(rule.shortWindowS) > threshold;
}

describe('default rules (docs/reference.md "Availability, nines and error budgets", SRE Workbook)', () => {
  it('page at 14.4x over 1 h and 5 min, 6x over 6 h and 30 min; ticket at 1x over 3 d and 6 h', () => {
    expect(DEFAULT_ALERT_RULES).toEqual([
      { name: FAST, severity: 'page', burnRate: 14.4, longWindowS: 3600, shortWindowS: 300 },
      { name: SLOW, severity: 'page', burnRate: 6, longWindowS: 21_600, shortWindowS: 1800 },
      {
        name: TICKET,
        severity: 'ticket',
        burnRate: 1,
        longWindowS: 259_200,
        shortWindowS: 21_600,
      },
    ]);
  });

  it('spend 2%, 5% and 10% of a 30-day budget over their long windows', () => {
    const fractions = DEFAULT_ALERT_RULES.map((rule) => alertBudgetFraction(rule, S_PER_30_DAYS));
    expect(fractions[0]).toBeCloseTo(0.02, 12);
    expect(fractions[1]).toBeCloseTo(0.05, 12);
    expect(fractions[2]).toBeCloseTo(0.1, 12);
    expect(alertBudgetFraction(DEFAULT_ALERT_RULES[0]!)).toBe(fractions[0]);
  });
});

describe('window scale', () => {
  it('divides windows as stated: at 60, 1 h -> 60 s, 5 min -> 5 s, 3 d -> 72 min', () => {
    expect(DEFAULT_ALERT_RULES.map((rule) => scaledAlertRule(rule, 60))).toEqual([
      { name: FAST, severity: 'page', burnRate: 14.4, longWindowS: 60, shortWindowS: 5 },
      { name: SLOW, severity: 'page', burnRate: 6, longWindowS: 360, shortWindowS: 30 },
      { name: TICKET, severity: 'ticket', burnRate: 1, longWindowS: 4320, shortWindowS: 360 },
    ]);
    expect(scaledWindowS(3600, 1)).toBe(3600);
  });

  it('rounds to whole seconds, never below 1, and refuses non-positive factors', () => {
    expect(scaledWindowS(300, 7)).toBe(43); // 42.86 s
    expect(scaledWindowS(300, 1000)).toBe(1);
    expect(() => scaledWindowS(300, 0)).toThrow(RangeError);
    expect(() => scaledWindowS(300, -60)).toThrow(RangeError);
    expect(() => scaledWindowS(300, NaN)).toThrow(RangeError);
    expect(() => createAlertEvaluator({ windowScale: 0 })).toThrow(RangeError);
  });

  it('is used by the evaluator: the same stream pages at scale 60 but not at scale 1', () => {
    const s = append(append(stream(), 400, 1000, 0), 200, 985, 15);
    const scaled = createAlertEvaluator({ windowScale: 60 });
    const real = createAlertEvaluator();
    expect(scaled.options.windowScale).toBe(60);
    expect(real.options.windowScale).toBe(1);
    feed(scaled, s);
    feed(real, s);
    expect(scaled.alerts().map((a) => a.name)).toContain(FAST);
    expect(real.alerts().map((a) => a.name)).not.toContain(FAST);
    const [fast] = scaled.ruleStatuses(600);
    expect(fast!.longWindowS).toBe(60);
    expect(fast!.shortWindowS).toBe(5);
    expect(fast!.rule).toBe(DEFAULT_ALERT_RULES[0]); // reported as given, unscaled
  });
});

describe('createAlertEvaluator: fast-burn page (14.4x over 1 h and 5 min)', () => {
  it('a steady 1.5% error rate at SLO 99.9% (burn 15x) pages once both windows are over', () => {
    // Scale 60: windows 60 s and 5 s. Healthy for 400 s, then 15 of 1000 requests fail.
    const s = append(append(stream(), 400, 1000, 0), 200, 985, 15);
    const evaluator = createAlertEvaluator({ target: 0.999, windowScale: 60 });
    const firing = feed(evaluator, s);
    // The 5 s window is over 14.4x after 5 bad seconds, but the 60 s window needs
    // k x 15 / 60,000 > 0.0144, i.e. 58 bad seconds.
    const status = evaluator.ruleStatuses(600)[0]!;
    expect(status.shortBurnRate).toBeCloseTo(15, 9);
    expect(firing[405]).not.toContain(FAST);
    expect(firing[457]).not.toContain(FAST);
    expect(firing[458]).toContain(FAST);
    expect(firing[600]).toContain(FAST);
    expect(evaluator.alerts().filter((a) => a.name === FAST)).toEqual([
      {
        name: FAST,
        severity: 'page',
        target: 0.999,
        windowScale: 60,
        firedAtS: 458,
        resolvedAtS: null,
      },
    ]);
  });

  it('at scale 1 over real windows (1 h and 5 min), and resolves with the short window', () => {
    // 1,012 req/s; from 4,000 s on, 15 fail (1.48%, burn 14.8x) until 8,000 s.
    const s = append(append(append(stream(), 4000, 1012, 0), 4000, 997, 15), 1000, 1012, 0);
    const evaluator = createAlertEvaluator();
    const firing = feed(evaluator, s);
    // Long window: k x 15 / (3600 x 1012) > 0.0144 -> k > 3497.5: fires at 4000 + 3498.
    expect(firing[7497]).not.toContain(FAST);
    expect(firing[7498]).toContain(FAST);
    // After the errors stop, the 5 min window falls under 14.4x after 9 s
    // ((300 - 9) x 15 / (300 x 1012) < 0.0144) while the 1 h window is still over.
    expect(firing[8008]).toContain(FAST);
    expect(firing[8009]).not.toContain(FAST);
    expect(evaluator.alerts().filter((a) => a.name === FAST)).toEqual([
      {
        name: FAST,
        severity: 'page',
        target: 0.999,
        windowScale: 1,
        firedAtS: 7498,
        resolvedAtS: 8009,
      },
    ]);
  });

  it('the long window alone would keep firing: at 8009 s it is still over 14.4x', () => {
    const s = append(append(stream(), 4000, 1012, 0), 4000, 997, 15);
    append(s, 9, 1012, 0);
    const evaluator = createAlertEvaluator();
    feed(evaluator, s);
    const [fast] = evaluator.ruleStatuses(8009);
    expect(fast!.longBurnRate).toBeGreaterThan(14.4);
    expect(fast!.shortBurnRate).toBeLessThan(14.4);
    expect(fast!.firing).toBe(false);
  });

  it('a short spike that fills the 5 min window but not the 1 h window does not page', () => {
    // Scale 60: 5 s at 3% errors (30x) after 400 healthy seconds. The 60 s window
    // averages 3% x 5 / 60 = 0.25% (2.5x).
    const s = append(append(stream(), 400, 1000, 0), 5, 970, 30);
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    const during = feed(evaluator, s);
    const [fast] = evaluator.ruleStatuses(405);
    expect(fast!.shortBurnRate).toBeCloseTo(30, 9);
    expect(fast!.longBurnRate).toBeCloseTo(2.5, 9);
    expect(fast!.firing).toBe(false);
    const after = feed(evaluator, append(s, 400, 1000, 0), 405);
    expect([...during, ...after].every((names) => names.length === 0)).toBe(true);
    expect(evaluator.alerts()).toEqual([]);
  });

  it('after a full outage it resolves 5 short-window seconds after the errors stop', () => {
    // Scale 60. 120 s of every request failing, then healthy again.
    const s = append(append(append(stream(), 400, 1000, 0), 120, 0, 1000), 1000, 1000, 0);
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    feed(evaluator, s);
    expect(evaluator.alerts()).toEqual([
      // One bad second of 60 is already 1.67% > 1.44%.
      {
        name: FAST,
        severity: 'page',
        target: 0.999,
        windowScale: 60,
        firedAtS: 401,
        resolvedAtS: 525,
      },
      // 6 min window: 3 bad seconds of 360 = 0.83% > 0.6%; resolves 30 s after.
      {
        name: SLOW,
        severity: 'page',
        target: 0.999,
        windowScale: 60,
        firedAtS: 403,
        resolvedAtS: 550,
      },
      // Ticket: the 72 min window is not full yet (the run is 400 s old), so it counts
      // as 4320 s at the traffic seen so far: k bad seconds / 4320 > 0.1% needs k = 5.
      // (Treating the 400 s so far as the whole window fired it after 1 bad second.)
      // It resolves when the outage leaves its 6 min short window: 520 + 360.
      {
        name: TICKET,
        severity: 'ticket',
        target: 0.999,
        windowScale: 60,
        firedAtS: 405,
        resolvedAtS: 880,
      },
    ]);
  });
});

describe('createAlertEvaluator: windows that have not filled yet (issue 11)', () => {
  /** Seconds a burn rate needs to spend a rule's budget share: fraction x period / burn. */
  const secondsToSpend = (rule: AlertRule, burn: number, periodS: number) =>
    (alertBudgetFraction(rule, periodS) * periodS) / burn;

  it('3 failed requests at t = 1 s, then healthy traffic, never page (scale 1 and 60, 20 seeds)', () => {
    for (const windowScale of [1, 60]) {
      for (let seed = 1; seed <= 20; seed++) {
        // 50 to 150 requests a second, Poisson-like; 3 of second 1's requests fail.
        const random = createRandom(seed, 'blip');
        const s = stream();
        for (let second = 0; second < 4000; second++) {
          const traffic = 50 + random.int(101);
          const bad = second === 1 ? 3 : 0;
          s.good.push(traffic - bad);
          s.bad.push(bad);
        }
        const evaluator = createAlertEvaluator({ windowScale });
        const firing = feed(evaluator, s);
        // Both page rules need their long window over 6 x 0.1% = 0.6%; the shortest long
        // window (1 h at scale 60: 60 s) holds >= 50 x 60 = 3,000 requests, so 3 errors
        // are at most 0.1% of it, whatever the run's age.
        const pages = evaluator.alerts().filter((a) => a.severity === 'page');
        expect(pages, `scale ${windowScale}, seed ${seed}`).toEqual([]);
        expect(firing[2]).toEqual([]);
      }
    }
  });

  it('the blip is a small share of the fast-burn window: its burn rate at t = 2 s is tiny', () => {
    // 20 requests in seconds 0-1, 3 failed. Over the real 1 h window at the rate seen
    // so far: 3 / (20 x 3600 / 2) = 0.0083%, burn 0.083x (not 15% = 150x).
    const s = append(append(stream(), 1, 10, 0), 1, 7, 3);
    const evaluator = createAlertEvaluator();
    feed(evaluator, s);
    const [fast] = evaluator.ruleStatuses(2);
    expect(fast!.longWindowCoveredS).toBe(2);
    expect(fast!.shortWindowCoveredS).toBe(2);
    expect(fast!.longBurnRate).toBeCloseTo(3 / ((20 * 3600) / 2) / 0.001, 9);
    expect(fast!.shortBurnRate).toBeCloseTo(3 / ((20 * 300) / 2) / 0.001, 9);
    expect(fast!.firing).toBe(false);
  });

  it('a total outage from t = 0 pages once 2% of the budget is spent: 30 d x 2% / 1000 (scales 1, 10, 60)', () => {
    // SLO 99.9%, every request failing: burn 1 / 0.001 = 1000x. The fast rule pages
    // when 14.4 x 1 h / 30 d = 2% of the budget is spent, which at 1000x takes
    // 30 d x 0.02 / 1000 = 51.84 s of unscaled time; the scale divides it (the windows
    // shrink, the burn rate does not). Evaluations are once a second: first whole
    // second past it. The ticket (10% over 3 d) takes 30 d x 0.1 / 1000 = 259.2 s.
    const fast = DEFAULT_ALERT_RULES[0]!;
    const ticket = DEFAULT_ALERT_RULES[2]!;
    expect(secondsToSpend(fast, 1000, S_PER_30_DAYS)).toBeCloseTo(51.84, 9);
    for (const windowScale of [1, 10, 60]) {
      const s = append(stream(), 400, 0, 100);
      const evaluator = createAlertEvaluator({ windowScale, target: 0.999 });
      const firing = feed(evaluator, s);
      // The windows are rounded to whole seconds: use the scaled windows themselves.
      const fastScaled = scaledAlertRule(fast, windowScale);
      const ticketScaled = scaledAlertRule(ticket, windowScale);
      const fastAtS = (fastScaled.burnRate * fastScaled.longWindowS) / 1000;
      const ticketAtS = (ticketScaled.burnRate * ticketScaled.longWindowS) / 1000;
      expect(fastAtS).toBeCloseTo(51.84 / windowScale, 1);
      const firedAt = (name: string) => evaluator.alerts().find((a) => a.name === name)?.firedAtS;
      expect(firedAt(FAST), `scale ${windowScale}`).toBe(Math.floor(fastAtS) + 1);
      expect(firing[Math.floor(fastAtS)]).not.toContain(FAST);
      if (ticketAtS < 400) expect(firedAt(TICKET)).toBe(Math.floor(ticketAtS) + 1);
    }
  });

  it('an outage later in the run pages within the same budget time: 51.84 s at scale 1', () => {
    // 2 h healthy, then every request fails: the 1 h window is full, the same 52 s.
    const s = append(append(stream(), 7200, 100, 0), 120, 0, 100);
    const evaluator = createAlertEvaluator();
    feed(evaluator, s);
    expect(evaluator.alerts().find((a) => a.name === FAST)?.firedAtS).toBe(7200 + 52);
  });
});

describe('createAlertEvaluator: slow-burn page (6x) and ticket (1x)', () => {
  it('a steady 0.85% error rate (8.5x) pages through the 6x rule only, then tickets', () => {
    // Scale 60: 6x over 360 s and 30 s, 1x over 4320 s and 360 s. 2,000 req/s.
    const s = append(append(append(stream(), 5000, 2000, 0), 1000, 1983, 17), 1000, 2000, 0);
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    feed(evaluator, s);
    expect(evaluator.alerts()).toEqual([
      // k x 17 / (360 x 2000) > 0.006 -> k > 254.1.
      {
        name: SLOW,
        severity: 'page',
        target: 0.999,
        windowScale: 60,
        firedAtS: 5255,
        resolvedAtS: 6009,
      },
      // k x 17 / (4320 x 2000) > 0.001 -> k > 508.2; resolves when the 360 s window
      // holds no more than 42 bad seconds.
      {
        name: TICKET,
        severity: 'ticket',
        target: 0.999,
        windowScale: 60,
        firedAtS: 5509,
        resolvedAtS: 6318,
      },
    ]);
  });

  it('a steady 0.17% error rate (1.7x) opens only a ticket', () => {
    const s = append(append(append(stream(), 5000, 10_000, 0), 4000, 9983, 17), 500, 10_000, 0);
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    feed(evaluator, s);
    // k x 0.0017 / 4320 > 0.001 -> k > 2541.2; resolves once the 360 s window holds
    // no more than 211 bad seconds (149 s after the errors stop).
    expect(evaluator.alerts()).toEqual([
      {
        name: TICKET,
        severity: 'ticket',
        target: 0.999,
        windowScale: 60,
        firedAtS: 7542,
        resolvedAtS: 9149,
      },
    ]);
  });

  it('the ticket over a real 3-day window, second by second (scale 1)', () => {
    // 3 healthy days, then 1.7x for two days: k > 259,200 / 1.7 = 152,470.6.
    const s = append(append(stream(), 259_200, 10_000, 0), 172_800, 9983, 17);
    const evaluator = createAlertEvaluator({ rules: [DEFAULT_ALERT_RULES[2]!] });
    const firing = feed(evaluator, s);
    expect(firing[259_200 + 152_470]).toEqual([]);
    expect(firing[259_200 + 152_471]).toEqual([TICKET]);
    expect(evaluator.alerts()).toEqual([
      {
        name: TICKET,
        severity: 'ticket',
        target: 0.999,
        windowScale: 1,
        firedAtS: 411_671,
        resolvedAtS: null,
      },
    ]);
  });
});

describe('createAlertEvaluator: the incremental windows', () => {
  it('agrees with the direct definition second by second on a bursty stream', () => {
    const random = createRandom(6, 'alerts');
    const s = stream();
    for (let second = 0; second < 9000; second++) {
      const traffic = random.chance(0.05) ? 0 : 200 + random.int(800);
      const badShare = random.chance(0.02) ? random.next() : random.next() * 0.01;
      const bad = Math.round(traffic * badShare);
      s.good.push(traffic - bad);
      s.bad.push(bad);
    }
    const evaluator = createAlertEvaluator({ windowScale: 60, target: 0.995 });
    const firing = feed(evaluator, s);
    const rules = DEFAULT_ALERT_RULES.map((rule) => scaledAlertRule(rule, 60));
    let mismatches = 0;
    let fired = 0;
    for (let nowS = 1; nowS <= 9000; nowS++) {
      const expected = rules.filter((r) => naiveFiring(s, nowS, r, 0.995)).map((r) => r.name);
      if (expected.join() !== firing[nowS]!.join()) mismatches++;
      fired += expected.length;
    }
    expect(mismatches).toBe(0);
    expect(fired).toBeGreaterThan(0); // the stream does exercise the rules
  });

  it('counts seconds without traffic as error rate 0 and skipped seconds as no traffic', () => {
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    expect(evaluator.evaluate(0)).toEqual([]);
    expect(evaluator.evaluate(100)).toEqual([]);
    evaluator.observeSecond(100, 0, 0);
    expect(evaluator.evaluate(101)).toEqual([]);
    evaluator.observeSecond(200, 0, 10); // seconds 101..199 never observed
    expect(evaluator.evaluate(201).map((r) => r.name)).toEqual([FAST, SLOW, TICKET]);
    const [fast] = evaluator.ruleStatuses(201);
    expect(fast!.longBurnRate).toBeCloseTo(1000, 6);
  });

  it('skips far past the longest window without losing the old total', () => {
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    evaluator.observeSecond(0, 1000, 1000);
    evaluator.observeSecond(100_000, 1000, 0);
    expect(evaluator.evaluate(100_001)).toEqual([]);
    expect(evaluator.ruleStatuses(100_001)[2]!.longBurnRate).toBe(0);
    evaluator.observeSecond(100_001, 0, 1000);
    expect(evaluator.ruleStatuses(100_002)[0]!.longBurnRate).toBeCloseTo(500, 6);
  });

  it('refuses seconds out of order, time going back and bad counts', () => {
    const evaluator = createAlertEvaluator();
    evaluator.observeSecond(5, 1, 0);
    expect(() => evaluator.observeSecond(5, 1, 0)).toThrow(RangeError);
    expect(() => evaluator.observeSecond(3, 1, 0)).toThrow(RangeError);
    expect(() => evaluator.evaluate(5)).toThrow(RangeError); // second 5 is not over
    expect(() => evaluator.evaluate(6.5)).toThrow(RangeError);
    evaluator.evaluate(10);
    expect(() => evaluator.evaluate(9)).toThrow(RangeError);
    expect(() => evaluator.observeSecond(9, 1, 0)).toThrow(RangeError); // already evaluated
    expect(() => evaluator.observeSecond(10, -1, 0)).toThrow(RangeError);
    expect(() => evaluator.observeSecond(10, 1, NaN)).toThrow(RangeError);
    expect(() => evaluator.observeSecond(10.5, 1, 0)).toThrow(RangeError);
    evaluator.observeSecond(10, 1, 0);
    expect(evaluator.evaluate(11)).toEqual([]);
  });

  it('refuses a 100% target (no budget) and fills defaults', () => {
    expect(() => createAlertEvaluator({ target: 1 })).toThrow(RangeError);
    expect(createAlertEvaluator().options).toEqual({
      rules: DEFAULT_ALERT_RULES,
      target: 0.999,
      windowScale: 1,
    });
  });

  it('returns copies of its history', () => {
    const evaluator = createAlertEvaluator({ windowScale: 60 });
    evaluator.observeSecond(0, 0, 10);
    evaluator.evaluate(1);
    const alerts = evaluator.alerts();
    alerts[0]!.resolvedAtS = 99;
    expect(evaluator.alerts()[0]!.resolvedAtS).toBeNull();
  });
});

describe('createAlertEvaluator: a replacement after a settings change keeps the past', () => {
  // Scale 60, SLO 99.9%: 400 healthy seconds, then 120 s at 2% errors (20x), then healthy.
  // The fast-burn page (14.4x = 1.44% over 60 s and 5 s) fires once the 60 s window
  // holds more than 43.2 bad seconds: at 400 + 44 = 444. Neither other rule fires:
  // slow page 80 x 2% / 360 s = 0.44% < 0.6%; ticket 80 x 2% / 4320 s < 0.1%.
  const CHANGE_S = 480;
  const s = append(append(append(stream(), 400, 980 + 20, 0), 120, 980, 20), 100, 1000, 0);
  const fired = { name: FAST, severity: 'page', target: 0.999, windowScale: 60, firedAtS: 444 };

  /** The old evaluator up to the change, then `next` (built with its record) replaying. */
  function replace(next: (record: ReturnType<AlertEvaluator['alerts']>) => AlertEvaluator) {
    const before = createAlertEvaluator({ target: 0.999, windowScale: 60 });
    feed(before, { good: s.good.slice(0, CHANGE_S), bad: s.bad.slice(0, CHANGE_S) });
    expect(before.alerts()).toEqual([{ ...fired, resolvedAtS: null }]);
    const after = next(before.alerts());
    for (let second = 0; second < CHANGE_S; second++)
      after.observeSecond(second, s.good[second]!, s.bad[second]!);
    return { after, firing: feed(after, s, CHANGE_S) };
  }

  it('continues a firing the new settings still see, and resolves it with the new windows', () => {
    // Scale 120: windows of 30 s and round(2.5) = 3 s. At 480 both are full of 2% errors,
    // so the page goes on. The errors end after second 519: at 521 the 3 s window holds
    // 2 bad seconds, 2% x 2/3 = 1.33% < 1.44%, and the page resolves.
    // The shorter windows also fire rules that were quiet, recorded under scale 120:
    // slow page (6x = 0.6% over 180 s and 15 s): at 481, 81 bad of 180 s = 0.9%; it
    // resolves once the 15 s window holds 4 bad seconds or fewer (0.53%), at 531.
    // Ticket (1x = 0.1% over 2160 s and 180 s): over 2160 s it needs more than 108 bad
    // seconds, at 400 + 109 = 509, and stays (the 180 s window holds 9+ bad to 691 s).
    const { after, firing } = replace((record) =>
      createAlertEvaluator({ target: 0.999, windowScale: 120 }, record),
    );
    expect(firing[1]).toEqual([FAST, SLOW]);
    const under120 = { target: 0.999, windowScale: 120 };
    expect(after.alerts()).toEqual([
      { ...fired, resolvedAtS: 521 },
      { name: SLOW, severity: 'page', ...under120, firedAtS: 481, resolvedAtS: 531 },
      { name: TICKET, severity: 'ticket', ...under120, firedAtS: 509, resolvedAtS: null },
    ]);
  });

  it('resolves a firing the new target no longer sees, keeping the target it fired under', () => {
    // SLO 99%: the page threshold is 14.4%, far above 2%: resolved at the first evaluation.
    const { after, firing } = replace((record) =>
      createAlertEvaluator({ target: 0.99, windowScale: 60 }, record),
    );
    expect(firing[1]).toEqual([]);
    expect(after.alerts()).toEqual([{ ...fired, resolvedAtS: CHANGE_S + 1 }]);
  });

  it('records a new firing under the settings in force when it fires', () => {
    // Replaced at 430, before the page under SLO 99.9% (at 444), by SLO 99.95%.
    const early = createAlertEvaluator({ target: 0.999, windowScale: 60 });
    feed(early, { good: s.good.slice(0, 430), bad: s.bad.slice(0, 430) });
    expect(early.alerts()).toEqual([]);
    const strict = createAlertEvaluator({ target: 0.9995, windowScale: 60 }, early.alerts());
    for (let second = 0; second < 430; second++)
      strict.observeSecond(second, s.good[second]!, s.bad[second]!);
    feed(strict, s, 430);
    // At SLO 99.95% the threshold is 0.72%: the 60 s window passes it with 22 bad
    // seconds (22 x 2% / 60 = 0.733%), at 422, but the evaluation resumes at 431.
    expect(strict.alerts()[0]).toEqual({
      ...fired,
      target: 0.9995,
      firedAtS: 431,
      resolvedAtS: expect.any(Number),
    });
  });
});
