/**
 * "Simulate N years": how many simulated years reached each availability, as a
 * histogram on an axis in nines (n nines = 1 - 10^-n: 3 is 99.9%, 4 is 99.99%; the axis
 * title gives its first tick as a percentage), with the formula's prediction and the
 * measured mean as vertical lines. Years with no downtime at all have no place on a
 * nines axis (infinitely many): they get a bar of their own at the right, labelled so.
 * Drawn with D3 in pixels; the view only draws.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import { CHART_COLORS } from './chart';

/** Bins a tenth of a nine wide: 99.99% to 99.999% is ten bars. */
export const NINES_BIN_WIDTH = 0.1;

/** The nines of an availability: 0.999 -> 3; Infinity at 1. */
export function ninesOfAvailability(a: number): number {
  return a >= 1 ? Infinity : -Math.log10(1 - a);
}

export interface YearsHistogramBar {
  /** Lower and upper edge, in nines. */
  fromNines: number;
  toNines: number;
  years: number;
}

export interface YearsHistogramData {
  /** The axis, in whole nines. */
  ninesMin: number;
  ninesMax: number;
  bars: YearsHistogramBar[];
  /** Years without any downtime (drawn as their own bar). */
  perfectYears: number;
  /** Where the formula's line goes, in nines (null at 100%: no downtime predicted). */
  formulaNines: number | null;
  meanNines: number | null;
}

/**
 * The bars: every year in exactly one (the bars' counts and `perfectYears` add up to
 * the number of years), on an axis from the whole nine below the lowest year to the one
 * above the highest year or the formula.
 */
export function yearsHistogramData(
  availabilityByYear: readonly number[],
  formula: number,
  mean: number,
): YearsHistogramData {
  const nines = availabilityByYear.map(ninesOfAvailability);
  const finite = nines.filter(Number.isFinite);
  const formulaNines = formula >= 1 ? null : ninesOfAvailability(formula);
  const meanNines = mean >= 1 ? null : ninesOfAvailability(mean);
  const shown = [...finite, ...(formulaNines === null ? [] : [formulaNines])];
  // A millionth of a nine of slack: 1 - 1e-7 is 7.0000000001 nines in floating point.
  const ninesMin = shown.length > 0 ? Math.max(0, Math.floor(Math.min(...shown) + 1e-6)) : 0;
  let ninesMax = shown.length > 0 ? Math.ceil(Math.max(...shown) - 1e-6) : 1;
  if (ninesMax <= ninesMin) ninesMax = ninesMin + 1;
  // Bars a tenth of a nine wide, counted by hand (d3's bin would pull d3-array's
  // threshold code into the first load's shared chunk).
  const barCount = Math.round((ninesMax - ninesMin) / NINES_BIN_WIDTH);
  const bars: YearsHistogramBar[] = Array.from({ length: barCount }, (_, k) => ({
    fromNines: Math.round((ninesMin + k * NINES_BIN_WIDTH) * 10) / 10,
    toNines: Math.round((ninesMin + (k + 1) * NINES_BIN_WIDTH) * 10) / 10,
    years: 0,
  }));
  for (const n of finite) {
    const k = Math.min(
      barCount - 1,
      Math.max(0, Math.floor((n - ninesMin) / NINES_BIN_WIDTH + 1e-9)),
    );
    bars[k]!.years++;
  }
  return {
    ninesMin,
    ninesMax,
    bars,
    perfectYears: nines.length - finite.length,
    formulaNines,
    meanNines,
  };
}

/** "99.99%" for 4 nines. */
export function ninesTickLabel(n: number): string {
  if (n <= 0) return '0%';
  if (n <= 2) return `${100 - 10 ** (2 - n)}%`;
  return `99.${'9'.repeat(n - 2)}%`;
}

const MARGIN = { left: 40, right: 64, top: 10, bottom: 40 };

/** Draws the histogram into `svg`, `width` x `height` pixels. */
export function drawYearsHistogram(
  svg: SVGSVGElement,
  data: YearsHistogramData,
  size: { width: number; height: number },
): void {
  const { width, height } = size;
  const root = select(svg).attr('width', width).attr('height', height);
  root.selectAll('*').remove();
  const perfectWidth = data.perfectYears > 0 ? 28 : 0;
  const right = width - MARGIN.right + (data.perfectYears > 0 ? 0 : 40);
  const x = scaleLinear()
    .domain([data.ninesMin, data.ninesMax])
    .range([MARGIN.left, right - perfectWidth]);
  const most = Math.max(1, data.perfectYears, ...data.bars.map((b) => b.years));
  const y = scaleLinear()
    .domain([0, most * 1.1])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);

  const xAxis = axisBottom(x)
    .tickValues(
      Array.from({ length: data.ninesMax - data.ninesMin + 1 }, (_, k) => data.ninesMin + k),
    )
    .tickFormat((n) => String(n));
  root
    .append('g')
    .attr('class', 'x-axis')
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(xAxis);
  const yAxis = axisLeft(y)
    .ticks(Math.min(most, 4))
    .tickFormat((n) => (Number.isInteger(Number(n)) ? String(n) : ''));
  root
    .append('g')
    .attr('class', 'y-axis')
    .attr('transform', `translate(${MARGIN.left},0)`)
    .call(yAxis);
  root
    .selectAll('.x-axis text, .y-axis text')
    .attr('fill', CHART_COLORS.muted)
    .attr('font-size', null)
    .attr('class', 'years-histogram-text');
  root.selectAll('.domain, .tick line').attr('stroke', CHART_COLORS.axis);
  root
    .append('text')
    .attr('x', (MARGIN.left + right) / 2)
    .attr('y', height - 4)
    .attr('text-anchor', 'middle')
    .attr('class', 'years-histogram-text')
    .attr('fill', CHART_COLORS.muted)
    .text(`availability of a year, in nines (${data.ninesMin} = ${ninesTickLabel(data.ninesMin)})`);
  root
    .append('text')
    .attr('transform', `translate(10,${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('class', 'years-histogram-text')
    .attr('fill', CHART_COLORS.muted)
    .text('years');

  root
    .append('g')
    .attr('class', 'bars')
    .selectAll('rect')
    .data(data.bars.filter((b) => b.years > 0))
    .join('rect')
    .attr('class', 'bar')
    .attr('x', (b) => x(b.fromNines) + 0.5)
    .attr('width', (b) => Math.max(1, x(b.toNines) - x(b.fromNines) - 1))
    .attr('y', (b) => y(b.years))
    .attr('height', (b) => y(0) - y(b.years))
    .attr('fill', CHART_COLORS.sky)
    .attr('stroke', CHART_COLORS.blue)
    .append('title')
    .text(
      (b) =>
        `${b.years} year${b.years === 1 ? '' : 's'} at ${b.fromNines.toFixed(1)} to ${b.toNines.toFixed(1)} nines`,
    );

  if (data.perfectYears > 0) {
    const left = right - perfectWidth + 6;
    root
      .append('rect')
      .attr('class', 'bar perfect')
      .attr('x', left)
      .attr('width', perfectWidth - 6)
      .attr('y', y(data.perfectYears))
      .attr('height', y(0) - y(data.perfectYears))
      .attr('fill', CHART_COLORS.green)
      .append('title')
      .text(`${data.perfectYears} year${data.perfectYears === 1 ? '' : 's'} with no downtime`);
    root
      .append('text')
      .attr('x', left + (perfectWidth - 6) / 2)
      .attr('y', height - MARGIN.bottom + 14)
      .attr('text-anchor', 'middle')
      .attr('class', 'years-histogram-text')
      .attr('fill', CHART_COLORS.muted)
      .text('none');
  }

  const marker = (nines: number, className: string, colour: string, dash: string | null) => {
    const at = x(Math.min(Math.max(nines, data.ninesMin), data.ninesMax));
    const line = root
      .append('line')
      .attr('class', className)
      .attr('x1', at)
      .attr('x2', at)
      .attr('y1', MARGIN.top)
      .attr('y2', height - MARGIN.bottom)
      .attr('stroke', colour)
      .attr('stroke-width', 2);
    if (dash) line.attr('stroke-dasharray', dash);
  };
  if (data.meanNines !== null) marker(data.meanNines, 'mean-line', CHART_COLORS.ink, null);
  if (data.formulaNines !== null)
    marker(data.formulaNines, 'formula-line', CHART_COLORS.vermillion, '6 3');
}
