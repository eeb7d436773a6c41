/**
 * Success rate per simulated second, as a D3 line over an area that shades the failed
 * share, with a marker at each fault and recovery. Drawn in pixels (not a viewBox) so
 * the axis text keeps the page's font size at any width.
 */
import { area, axisBottom, axisLeft, line, scaleLinear, select, type Selection } from 'd3';
import type { LogEntry, SeriesPoint } from '../sim';

export interface ChartData {
  series: readonly SeriesPoint[];
  /** Fault and recovery log entries (drawn as vertical markers). */
  markers: readonly LogEntry[];
  nowUs: number;
  widthPx: number;
  heightPx: number;
  /** Font size of the page, so margins fit the axis labels. */
  fontPx: number;
}

/** One point of the line: a simulated second and its success rate (null: nothing finished). */
export interface RatePoint {
  /** Middle of the second, in simulated seconds. */
  atS: number;
  /** Percentage of requests that finished in that second and succeeded. */
  percent: number | null;
}

/** Per-second success rate in percent; seconds where nothing finished are gaps. */
export function successRatePoints(series: readonly SeriesPoint[]): RatePoint[] {
  return series.map((p) => {
    const finished = p.succeeded + p.failed;
    return { atS: p.startS + 0.5, percent: finished === 0 ? null : (100 * p.succeeded) / finished };
  });
}

/**
 * Bottom of the y axis: 90% while every second stays above it (so a dip of a few
 * percent is visible), otherwise the next multiple of 10 below the worst second.
 */
export function percentFloor(points: readonly RatePoint[]): number {
  let lowest = 100;
  for (const p of points) if (p.percent !== null && p.percent < lowest) lowest = p.percent;
  return lowest >= 90 ? 90 : Math.max(0, Math.floor(lowest / 10) * 10);
}

/** Simulated seconds as m:ss for the time axis. */
export function minutesSeconds(totalS: number): string {
  const s = Math.round(totalS);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A marker's short label, e.g. "kill app-b1". */
export function markerLabel(entry: LogEntry): string {
  return `${entry.type} ${entry.target}`;
}

/** Shown before the first second completes, and described to assistive technology. */
export const CHART_EMPTY_TEXT = 'The chart starts after the first simulated second.';

type Root = Selection<SVGGElement, unknown, null, undefined>;

/** Renders (or updates) the chart into `svg`, sized to `widthPx` x `heightPx`. */
export function renderChart(svg: SVGSVGElement, data: ChartData): void {
  const { widthPx, heightPx, fontPx } = data;
  const margin = {
    top: Math.round(fontPx * 2.6),
    right: Math.round(fontPx * 0.9),
    bottom: Math.round(fontPx * 2.9),
    left: Math.round(fontPx * 3.4),
  };
  const innerWidth = Math.max(10, widthPx - margin.left - margin.right);
  const innerHeight = Math.max(10, heightPx - margin.top - margin.bottom);
  const root = select(svg).attr('width', widthPx).attr('height', heightPx);
  const layer = (name: string): Root => {
    let g = root.select<SVGGElement>(`g.${name}`);
    if (g.empty()) g = root.append('g').attr('class', name);
    return g.attr('transform', `translate(${margin.left},${margin.top})`);
  };
  const gridLayer = layer('grid');
  const areaLayer = layer('plot');
  const markerLayer = layer('markers');
  const xAxisLayer = layer('x-axis');
  const yAxisLayer = layer('y-axis');
  const labelLayer = layer('axis-labels');

  const points = successRatePoints(data.series);
  const nowS = data.nowUs / 1_000_000;
  const x = scaleLinear()
    .domain([0, Math.max(60, Math.ceil(nowS))])
    .range([0, innerWidth]);
  const y = scaleLinear()
    .domain([percentFloor(points), 100])
    .range([innerHeight, 0]);

  const xTicks = Math.max(2, Math.floor(innerWidth / (fontPx * 5)));
  xAxisLayer.attr('transform', `translate(${margin.left},${margin.top + innerHeight})`).call(
    axisBottom(x)
      .ticks(xTicks)
      .tickFormat((d) => minutesSeconds(Number(d))),
  );
  yAxisLayer.call(
    axisLeft(y)
      .ticks(Math.max(2, Math.floor(innerHeight / (fontPx * 2))))
      .tickFormat((d) => `${d}%`),
  );
  gridLayer
    .selectAll<SVGLineElement, number>('line')
    .data(y.ticks(Math.max(2, Math.floor(innerHeight / (fontPx * 2)))))
    .join('line')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d));

  labelLayer
    .selectAll<SVGTextElement, string>('text.x-label')
    .data(['simulated time (m:ss)'])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', innerWidth)
    .attr('y', innerHeight + fontPx * 2.6)
    .attr('text-anchor', 'end')
    .text((d) => d);
  labelLayer
    .selectAll<SVGTextElement, string>('text.empty')
    .data(points.length === 0 ? [CHART_EMPTY_TEXT] : [])
    .join('text')
    .attr('class', 'empty')
    .attr('x', innerWidth / 2)
    .attr('y', innerHeight / 2)
    .attr('text-anchor', 'middle')
    .text((d) => d);

  const defined = (p: RatePoint) => p.percent !== null;
  const failedArea = area<RatePoint>()
    .defined(defined)
    .x((p) => x(p.atS))
    .y0(y(100))
    .y1((p) => y(p.percent ?? 100));
  const rateLine = line<RatePoint>()
    .defined(defined)
    .x((p) => x(p.atS))
    .y((p) => y(p.percent ?? 100));
  areaLayer
    .selectAll<SVGPathElement, string>('path.failed')
    .data([failedArea(points) ?? ''])
    .join('path')
    .attr('class', 'failed')
    .attr('d', (d) => d);
  areaLayer
    .selectAll<SVGPathElement, string>('path.rate')
    .data([rateLine(points) ?? ''])
    .join('path')
    .attr('class', 'rate')
    .attr('d', (d) => d);

  drawMarkers(markerLayer, data.markers, x, innerWidth, innerHeight, fontPx);
}

/**
 * One vertical line per fault (dashed) or recovery (solid), labelled above the plot.
 * Labels close to the previous one move up a row so they never overprint.
 */
function drawMarkers(
  parent: Root,
  markers: readonly LogEntry[],
  x: (s: number) => number,
  innerWidth: number,
  innerHeight: number,
  fontPx: number,
): void {
  const labelWidthPx = fontPx * 6.5;
  const rows: number[] = [];
  const placed = markers.map((entry) => {
    const px = x(entry.atUs / 1_000_000);
    // First row whose last label ends before this one starts; two rows, then overlap.
    let row = rows.findIndex((endPx) => endPx < px);
    if (row < 0) row = rows.length < 2 ? rows.length : 0;
    rows[row] = px + labelWidthPx;
    return { entry, px, row };
  });
  parent
    .selectAll<SVGGElement, (typeof placed)[number]>('g.marker')
    .data(placed, (d) => String(d.entry.index))
    .join((enter) => {
      const g = enter.append('g');
      g.append('line');
      g.append('text');
      return g;
    })
    .attr('class', (d) => `marker marker-${d.entry.category}`)
    .call((g) => {
      g.select('line')
        .attr('x1', (d) => d.px)
        .attr('x2', (d) => d.px)
        .attr('y1', (d) => -fontPx * (0.2 + d.row * 1.1))
        .attr('y2', innerHeight);
      // Labels near the right edge hang to the left of their line so they stay inside.
      g.select('text')
        .attr('text-anchor', (d) => (d.px + labelWidthPx > innerWidth ? 'end' : 'start'))
        .attr('x', (d) => (d.px + labelWidthPx > innerWidth ? d.px - 3 : d.px + 3))
        .attr('y', (d) => -fontPx * (0.35 + d.row * 1.1))
        .text((d) => markerLabel(d.entry));
    });
}
