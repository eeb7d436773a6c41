// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  drawYearsHistogram,
  ninesOfAvailability,
  ninesTickLabel,
  yearsHistogramData,
} from './yearsHistogram';

describe('yearsHistogramData', () => {
  it('puts every year in exactly one bar, a tenth of a nine wide, on whole-nine axis ends', () => {
    const years = [0.9999, 0.99995, 0.999991, 0.999999, 1, 1, 0.99985];
    const data = yearsHistogramData(years, 0.9999999, 0.99998);
    expect(data.perfectYears).toBe(2);
    expect(data.bars.reduce((sum, b) => sum + b.years, 0) + data.perfectYears).toBe(years.length);
    expect(data.ninesMin).toBe(3); // 0.99985 is 3.8 nines
    expect(data.ninesMax).toBe(7); // the formula's 7 nines
    for (const bar of data.bars) expect(bar.toNines - bar.fromNines).toBeCloseTo(0.1, 9);
    // Each year sits in the bar whose edges hold its nines.
    for (const a of years.filter((a) => a < 1)) {
      const n = ninesOfAvailability(a);
      const bar =
        data.bars.find((b) => n >= b.fromNines - 1e-9 && n < b.toNines - 1e-9) ?? data.bars.at(-1)!;
      expect(bar.years).toBeGreaterThan(0);
    }
    expect(data.formulaNines).toBeCloseTo(7, 6);
  });

  it('has no formula line when the formula predicts no downtime', () => {
    expect(yearsHistogramData([0.999], 1, 0.999).formulaNines).toBeNull();
  });

  it('labels whole nines as percentages', () => {
    expect(ninesTickLabel(2)).toBe('99%');
    expect(ninesTickLabel(3)).toBe('99.9%');
    expect(ninesTickLabel(5)).toBe('99.999%');
  });
});

describe('drawYearsHistogram', () => {
  it('draws one rect per non-empty bar, the no-downtime bar, and the formula and mean lines', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const data = yearsHistogramData([0.9999, 0.9999, 0.99999, 1], 0.999999, 0.99995);
    drawYearsHistogram(svg, data, { width: 360, height: 200 });
    const nonEmpty = data.bars.filter((b) => b.years > 0).length;
    expect(svg.querySelectorAll('rect.bar:not(.perfect)')).toHaveLength(nonEmpty);
    expect(svg.querySelectorAll('rect.bar.perfect')).toHaveLength(1);
    expect(svg.querySelectorAll('line.formula-line')).toHaveLength(1);
    expect(svg.querySelectorAll('line.mean-line')).toHaveLength(1);
    // The formula line sits right of the mean line (more nines).
    const at = (selector: string) => Number(svg.querySelector(selector)!.getAttribute('x1'));
    expect(at('line.formula-line')).toBeGreaterThan(at('line.mean-line'));
  });

  it('sizes every text from the type scale (a class), never a hard-coded size under 12 px', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const data = yearsHistogramData([0.9999, 0.99999, 1], 0.999999, 0.99995);
    drawYearsHistogram(svg, data, { width: 360, height: 200 });
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent?.trim());
    expect(texts.length).toBeGreaterThan(4); // ticks, both axis titles, "none"
    for (const text of texts) {
      // A fixed size would ignore the phone's 12 px floor (--text-xs, app.css).
      expect(text.getAttribute('font-size'), text.textContent!).toBeNull();
      expect(text.getAttribute('class'), text.textContent!).toBe('years-histogram-text');
    }
  });
});
