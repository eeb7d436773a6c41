// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTIVE_ACTIVE_DATA,
  ONE_REGION,
  OVERLOAD,
  SPLIT_BRAIN,
  TWO_REGIONS,
} from '../../scenarios';
import { AvailabilityPanel } from './AvailabilityPanel';
import {
  formatCount,
  formatInterval,
  ninesClaim,
  ninesClaimText,
  wilsonInterval,
} from '../app/format';
import { renderPanel, unmountPanels } from '../app/panelHarness';

afterEach(unmountPanels);

const text = (el: Element | null | undefined): string => el?.textContent ?? '';

describe('AvailabilityPanel (issue 11: every number tells the truth)', () => {
  it('shows the headline with its count and interval, and nines only as far as the sample goes', () => {
    const harness = renderPanel(AvailabilityPanel, TWO_REGIONS, 5);
    const m = harness.sim.metrics();
    const finished = m.requests.succeeded + m.requests.degraded + m.requests.failed;
    const hero = harness.container.querySelector('.av-hero')!;
    expect(text(hero)).toContain(`of ${formatCount(finished)} finished requests`);
    expect(text(hero)).toContain(formatInterval(wilsonInterval(m.requests.succeeded, finished)!));
    expect(text(hero.querySelector('.av-hero-nines'))).toBe(
      ninesClaimText(ninesClaim(m.requests.succeeded, finished)),
    );
    // About 250 requests cannot show "∞ nines" or a year's downtime as a fact.
    expect(text(hero)).not.toContain('∞');
    expect(text(hero)).toMatch(/at least \d\.\d nines|too few requests yet/);
    expect(text(hero)).toMatch(
      /If every year went like these 5 s \(request-based\): at most .* \(an extrapolation\)/,
    );
  });

  it('says how many requests still wait beside the finished count, in overload only', () => {
    // Overload: 600 req/s more than the servers finish pile up in queues (thousands by 8 s)
    // and most will time out; the headline's percentage covers only the finished ones.
    const overloaded = renderPanel(AvailabilityPanel, OVERLOAD, 8);
    const { inFlight } = overloaded.sim.metrics().requests;
    expect(inFlight).toBeGreaterThan(1000);
    expect(text(overloaded.container.querySelector('.av-hero-sample'))).toContain(
      ` · ${formatCount(inFlight)} still waiting`,
    );
    // A normal run has a handful in flight at any instant: no note.
    const calm = renderPanel(AvailabilityPanel, TWO_REGIONS, 8);
    expect(calm.sim.metrics().requests.inFlight).toBeLessThan(10);
    expect(text(calm.container.querySelector('.av-hero-sample'))).not.toContain('waiting');
  });

  it('labels young windows by what they cover and gives each rate its count', () => {
    const harness = renderPanel(AvailabilityPanel, ONE_REGION, 12);
    const heads = [...harness.container.querySelectorAll('.av-table thead th')].map(text);
    expect(heads).toEqual([
      'Whole run12 s',
      'Last 1 minonly 12 s so far',
      'Last 10 minonly 12 s so far',
    ]);
    const m = harness.sim.metrics();
    const w1 = m.window60s.succeeded + m.window60s.degraded + m.window60s.failed;
    const cells = [
      ...harness.container.querySelectorAll('.av-table tbody tr'),
    ][0]!.querySelectorAll('td');
    expect(text(cells[1])).toContain(`of ${formatCount(w1)}`);
    // A time-based share's sample is the time probed: 12 s so far in every window.
    const timeCells = [
      ...harness.container.querySelectorAll('.av-table tbody tr'),
    ][1]!.querySelectorAll('td');
    expect([...timeCells].map((c) => text(c.querySelector('.av-cell-nines')))).toEqual([
      'of 12 s',
      'of 12 s',
      'of 12 s',
    ]);
    harness.advance(50);
    const later = [...harness.container.querySelectorAll('.av-table thead th')].map(text);
    expect(later).toEqual(['Whole run1.03 min', 'Last 1 min', 'Last 10 minonly 1.03 min so far']);
  });

  it('gives time-based figures only the digits their probes support (review: 93.2623% of 15 s)', () => {
    for (const seed of [1, 2, 3]) {
      const harness = renderPanel(AvailabilityPanel, TWO_REGIONS, 5, seed);
      harness.sim.apply({ type: 'kill', target: 'app-eu-b1' });
      harness.advance(10);
      const m = harness.sim.metrics();
      const elapsedS = m.nowUs / 1e6;
      const perS = m.timeAvailability.probesSinceStart / elapsedS;
      const shown = [
        ...[...harness.container.querySelectorAll('.av-table tbody tr')][1]!.querySelectorAll(
          'td .av-cell-value',
        ),
      ].map(text);
      const covered = [elapsedS, Math.min(elapsedS, 60), Math.min(elapsedS, 600)];
      const values = [
        m.timeAvailability.sinceStart,
        m.timeAvailability.window1m,
        m.timeAvailability.window10m,
      ];
      shown.forEach((cell, i) => {
        const probes = Math.round(perS * covered[i]!);
        const interval = wilsonInterval(Math.round(values[i]! * probes), probes)!;
        const halfWidthPercent = ((interval.upper - interval.lower) / 2) * 100;
        const decimals = (cell.replace(/[^\d.]/g, '').split('.')[1] ?? '').length;
        // The last digit shown is no finer than the interval's first significant digit
        // (whole percents at the coarsest).
        expect(10 ** -decimals, `seed ${seed}: ${cell} of ${probes} probes`).toBeGreaterThanOrEqual(
          Math.min(1, 10 ** Math.floor(Math.log10(halfWidthPercent))) - 1e-12,
        );
      });
      // A kill that failed some probes: the figure is below 100%, not rounded to it.
      expect(values[0]).toBeLessThan(1);
      expect(shown[0]).not.toBe('100%');
      // Per group too: no more digits than that group's probes support.
      for (const cell of harness.container.querySelectorAll('.av-groups tbody td:nth-of-type(2)')) {
        const decimals = (
          text(cell)
            .replace(/[^\d.]/g, '')
            .split('.')[1] ?? ''
        ).length;
        expect(decimals, text(cell)).toBeLessThanOrEqual(1);
      }
      harness.unmount();
    }
  });

  it('puts durability beside availability: a split brain that lost writes is not all well', () => {
    const harness = renderPanel(AvailabilityPanel, SPLIT_BRAIN, 130);
    const data = harness.sim.metrics().data!;
    expect(data.writesLost).toBeGreaterThan(0);
    const durability = harness.container.querySelector('.av-hero .av-durability')!;
    expect(durability.classList.contains('lost')).toBe(true);
    expect(text(durability)).toContain(
      `${formatCount(data.writesLost)} of ${formatCount(data.writesAcked)} acknowledged writes lost`,
    );
  });

  it('shows updates overwritten by last writer wins beside availability (active-active data)', () => {
    const harness = renderPanel(AvailabilityPanel, ACTIVE_ACTIVE_DATA, 60);
    const data = harness.sim.metrics().data!;
    expect(data.lostUpdates).toBeGreaterThan(0);
    const durability = harness.container.querySelector('.av-hero .av-durability')!;
    expect(durability.classList.contains('lost')).toBe(true);
    expect(text(durability)).toContain(`${formatCount(data.lostUpdates)} updates overwritten`);
  });
});
