/**
 * A time-series chart over simulated time, drawn with D3: lines and stacked areas per
 * simulated second, an optional reference line (the SLO), vertical markers labelled
 * with each fault and recovery, readable axes with units, and a cursor at one second.
 * A long run is drawn at about one bucket of seconds per pixel column, each bucket by
 * its real lowest and highest seconds and its gaps (downsample.ts), so spikes and
 * outages stay on screen; the chart then says how many seconds a column holds. The
 * cursor always reads one exact second.
 *
 * Drawn in pixels (not a viewBox) so axis text keeps the page's font size at any
 * width. Colours, strokes and fonts are presentation attributes, not CSS, so the same
 * SVG is a complete picture when it is exported (`standalone` adds a title and a
 * legend for that). The view only draws: it never reads the store or writes the engine.
 */
import {
  area,
  axisBottom,
  axisLeft,
  line,
  scaleLinear,
  scaleLog,
  select,
  type ScaleContinuousNumeric,
  type Selection,
} from 'd3';
import type { LogEntry } from '../sim';
import { bucketSecondsFor, type MinMaxBuckets } from './downsample';

/**
 * Okabe-Ito colours, darkened where they are text or thin lines on white (WCAG 3:1+).
 * Each is the theme's token (tokens.css) with the light value as its fallback, so the
 * charts follow the theme on the page; an exported chart gets the fallbacks written in
 * (`inlineColours`), so the file stands alone.
 */
export const CHART_COLORS = {
  ink: 'var(--color-text, #1b1f24)',
  muted: 'var(--color-text-muted, #4a5361)',
  grid: 'var(--color-chart-grid, #e5e8ec)',
  axis: 'var(--color-rule-strong, #8a93a0)',
  blue: 'var(--color-accent, #005a8c)',
  sky: 'var(--color-chart-sky, #56b4e9)',
  green: 'var(--color-ok, #00704f)',
  orange: 'var(--color-degraded, #8f5a00)',
  vermillion: 'var(--color-failed, #a63f00)',
  purple: 'var(--color-chart-purple, #7a3a6b)',
  fault: 'var(--color-failed, #a63f00)',
  recovery: 'var(--color-ok, #00704f)',
  cursor: 'var(--color-focus, #1d4ed8)',
  /** Halos behind labels and the inside of hollow dots: the panel's surface. */
  surface: 'var(--color-surface, #ffffff)',
} as const;

/** `var(--token, #hex)` -> `#hex`; any other colour as it is. */
export function fallbackColour(colour: string): string {
  const match = /^var\(--[\w-]+,\s*([^)]+)\)$/.exec(colour.trim());
  return match ? match[1]!.trim() : colour;
}

/** Writes each token's fallback in place of `var()` in the colour attributes (exports). */
export function inlineColours(root: Element): void {
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const name of ['fill', 'stroke', 'color']) {
      const value = element.getAttribute(name);
      if (value?.startsWith('var(')) element.setAttribute(name, fallbackColour(value));
    }
  }
}

/** Font stack of the page (system fonts only: the page loads nothing from other sites). */
const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif";

/** One thing drawn per second: a line, or a band of a stacked area. */
export interface ChartLayer {
  /** Stable key (CSS class `layer-KEY`, legend key). */
  key: string;
  /** Legend text, e.g. "failed". */
  label: string;
  kind: 'line' | 'area';
  color: string;
  /** Drawn value of point `index` (for a stacked band, its top); null leaves a gap. */
  valueAt: (index: number) => number | null;
  /** Stacked band only: its bottom at point `index` (default 0). */
  baseAt?: (index: number) => number;
  /** The value to read out at point `index` (for a stacked band, the band's own size). */
  shownAt: (index: number) => number | null;
  /**
   * The streams of `ChartSpec.buckets` whose extremes must be drawn: the layer's own
   * values and, for a band, its base (values in the same order as the drawn ones).
   */
  streams: readonly number[];
  /** Readout of one value, with its unit: "40 /s", "56.3 ms". */
  format: (value: number) => string;
  dashed?: boolean;
  /** Diagonal hatching, so a band differs by more than its colour. */
  hatched?: boolean;
}

interface ChartYAxis {
  scale: 'linear' | 'log';
  domain: readonly [number, number];
  ticks: readonly number[];
  format: (value: number) => string;
  /** Axis title with units, e.g. "requests per second". */
  label: string;
}

/** What a chart shows: built from the metrics by the functions of charts.ts. */
export interface ChartSpec {
  /** Stable id: `outcomes`, `latency`, ... (also makes the SVG's ids unique). */
  id: string;
  title: string;
  /** Points plotted: one per completed simulated second, in time order. */
  count: number;
  /** The second point `index` stands for (its start, simulated seconds). */
  startS: (index: number) => number;
  /** The point standing for `second`, or -1. */
  indexOf: (second: number) => number;
  /** The layers' streams as min/max buckets, to draw about a bucket per pixel column. */
  buckets: MinMaxBuckets;
  layers: readonly ChartLayer[];
  y: ChartYAxis;
  /** A horizontal line to compare against, e.g. the SLO target. */
  reference?: { value: number; label: string; color: string };
}

/** Where and how big to draw, and the run's markers and cursor. */
export interface ChartFrame {
  /** Fault and recovery log entries, drawn as labelled vertical lines. */
  markers: readonly LogEntry[];
  nowUs: number;
  widthPx: number;
  heightPx: number;
  /** Font size of the page, so margins fit the axis text. */
  fontPx: number;
  /** Start of the second under the cursor, or null for none. */
  cursorS: number | null;
  /** Draw the title and the legend inside the SVG (for exported files). */
  standalone?: boolean;
}

/** Where the plot area ended up, to map a pointer position back to a second. */
export interface ChartGeometry {
  left: number;
  top: number;
  innerWidth: number;
  innerHeight: number;
  /** Shown time range, simulated seconds. */
  domainS: readonly [number, number];
  /** Simulated seconds per drawn bucket (1: every second is drawn). */
  bucketS: number;
}

/** What `renderTimeSeries` drew: the plot's geometry and the key its markers need. */
export interface ChartDrawing extends ChartGeometry {
  /**
   * The key of numbered markers, when the labels above the plot are numbers (empty when
   * they are words). A standalone chart draws it inside the SVG; on the page it is shown
   * under the chart's box (TimeSeriesChart), so it never takes the plot's height.
   */
  markerKey: MarkerKeyEntry[];
}

/** One entry of the key of numbered markers: "3 kill-zone eu-b", a fault. */
export interface MarkerKeyEntry {
  number: number;
  label: string;
  category: LogEntry['category'];
}

/**
 * What a pixel column holds once it holds more than a second, e.g. "each column: 16 s,
 * lowest and highest drawn" (short enough for a phone's chart); null when every second
 * is drawn.
 */
export function resolutionText(bucketS: number): string | null {
  return bucketS > 1 ? `each column: ${bucketS} s, lowest and highest drawn` : null;
}

/**
 * `text` in lines no wider than `widthPx` (a word longer than that gets a line of its
 * own); every line after the first starts with its space, so the lines join back to `text`.
 */
function wrappedWords(text: string, fontPx: number, widthPx: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && textWidthPx(`${last} ${word}`.trim(), fontPx) <= widthPx) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(lines.length === 0 ? word : ` ${word}`);
    }
  }
  return lines;
}

/** Shown before the first second completes, and described to assistive technology. */
const CHART_EMPTY_TEXT = 'The chart starts after the first simulated second.';

/** Simulated seconds as m:ss for the time axis. */
export function minutesSeconds(totalS: number): string {
  const s = Math.round(totalS);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A marker's short label, e.g. "kill app-b1". */
export function markerLabel(entry: LogEntry): string {
  return `${entry.type} ${entry.target}`;
}

/** The time axis: the whole run, at least one minute. */
export function timeDomainS(nowUs: number): [number, number] {
  return [0, Math.max(60, Math.ceil(nowUs / 1_000_000))];
}

/**
 * The second (its start) under a pointer `xPx` from the SVG's left edge, or null
 * outside the plot or past the last plotted second.
 */
export function secondAtPx(geometry: ChartGeometry, xPx: number, lastS: number): number | null {
  const { left, innerWidth, domainS } = geometry;
  if (xPx < left - 4 || xPx > left + innerWidth + 4 || lastS < 0) return null;
  const s = domainS[0] + ((xPx - left) / innerWidth) * (domainS[1] - domainS[0]);
  return Math.min(lastS, Math.max(0, Math.floor(s)));
}

/** Rough width of a text in pixels (no layout engine in tests or offscreen exports). */
function textWidthPx(text: string, fontPx: number): number {
  return text.length * fontPx * 0.56;
}

type Group = Selection<SVGGElement, unknown, null, undefined>;

/** Renders (or updates) `spec` into `svg`. Returns the plot geometry and the marker key. */
export function renderTimeSeries(
  svg: SVGSVGElement,
  spec: ChartSpec,
  frame: ChartFrame,
): ChartDrawing {
  const { widthPx, heightPx, fontPx } = frame;
  const standalone = frame.standalone === true;
  const tickPx = Math.round(fontPx * 0.85);
  const tickTexts = spec.y.ticks.map(spec.y.format);
  const longestTick = Math.max(3, ...tickTexts.map((t) => textWidthPx(t, tickPx)));
  const titleRowPx = standalone ? fontPx * 1.9 : 0;
  const legendRows = standalone ? legendLayout(spec, widthPx, fontPx).rows : 0;
  const margin = {
    top: Math.round(titleRowPx + fontPx * 2.5),
    right: Math.round(fontPx * 1.1),
    bottom: Math.round(fontPx * 2.9 + legendRows * fontPx * 1.5),
    left: Math.round(longestTick + fontPx * 2.2),
  };
  const innerWidth = Math.max(10, widthPx - margin.left - margin.right);
  const domainS = timeDomainS(frame.nowUs);
  // A column of pixels per bucket at most; the drawn bucket is never finer than kept.
  const { bucketS, byLayer } = drawnPoints(
    spec,
    Math.max(spec.buckets.storedBucketS, bucketSecondsFor(domainS[1] - domainS[0], innerWidth)),
  );
  const resolution = resolutionText(bucketS);
  if (resolution !== null) margin.bottom += Math.round(fontPx * 1.3);
  // Marker labels: their words above the plot, or numbers there and a key below the axis.
  const x = scaleLinear().domain(domainS).range([0, innerWidth]);
  const labelPx = Math.round(fontPx * 0.82);
  const plan = markerLabelPlan(
    frame.markers.map((entry) => ({ px: x(entry.atUs / 1_000_000), label: markerLabel(entry) })),
    innerWidth,
    labelPx,
  );
  // Only an exported chart draws the key in its own height; the page shows it below.
  const keyLines = standalone ? markerKeyLines(plan.key, labelPx, innerWidth) : [];
  margin.bottom += Math.round(keyLines.length * fontPx * 1.2);
  const innerHeight = Math.max(10, heightPx - margin.top - margin.bottom);
  const root = select(svg)
    .attr('width', widthPx)
    .attr('height', heightPx)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', tickPx);
  const layer = (name: string, x = margin.left, y = margin.top): Group => {
    let g = root.select<SVGGElement>(`g.${name}`);
    if (g.empty()) g = root.append('g').attr('class', name);
    return g.attr('transform', `translate(${x},${y})`);
  };
  drawDefs(root, spec);
  const backgroundLayer = layer('background', 0, 0);
  const titleLayer = layer('title', 0, 0);
  const gridLayer = layer('grid');
  const plotLayer = layer('plot');
  const referenceLayer = layer('reference');
  const markerLayer = layer('markers');
  const xAxisLayer = layer('x-axis', margin.left, margin.top + innerHeight);
  const yAxisLayer = layer('y-axis');
  const labelLayer = layer('axis-labels');
  const cursorLayer = layer('cursor');
  const legendLayer = layer('legend', 0, heightPx - legendRows * fontPx * 1.5);

  backgroundLayer
    .selectAll('rect')
    .data(standalone ? [0] : [])
    .join('rect')
    .attr('width', widthPx)
    .attr('height', heightPx)
    .attr('fill', '#ffffff');
  titleLayer
    .selectAll('text')
    .data(standalone ? [spec.title] : [])
    .join('text')
    .attr('x', fontPx * 0.6)
    .attr('y', fontPx * 1.3)
    .attr('font-size', Math.round(fontPx * 1.1))
    .attr('font-weight', 700)
    .attr('fill', CHART_COLORS.ink)
    .text((d) => d);

  const y: ScaleContinuousNumeric<number, number> =
    spec.y.scale === 'log'
      ? scaleLog().domain(spec.y.domain).range([innerHeight, 0]).clamp(true)
      : scaleLinear().domain(spec.y.domain).range([innerHeight, 0]).clamp(true);

  const xTicks = Math.max(2, Math.floor(innerWidth / (fontPx * 4.5)));
  xAxisLayer
    .call(
      axisBottom(x)
        .ticks(xTicks)
        .tickFormat((d) => minutesSeconds(Number(d))),
    )
    .call(styleAxis, tickPx);
  yAxisLayer
    .call(
      axisLeft(y)
        .tickValues([...spec.y.ticks])
        .tickFormat((d) => spec.y.format(Number(d))),
    )
    .call(styleAxis, tickPx);
  gridLayer
    .selectAll<SVGLineElement, number>('line')
    .data(spec.y.ticks)
    .join('line')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d))
    .attr('stroke', CHART_COLORS.grid);

  labelLayer
    .selectAll<SVGTextElement, string>('text.x-label')
    .data(['simulated time (m:ss)'])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', innerWidth)
    .attr('y', innerHeight + fontPx * 2.5)
    .attr('text-anchor', 'end')
    .attr('fill', CHART_COLORS.muted)
    .text((d) => d);
  labelLayer
    .selectAll<SVGTextElement, string>('text.y-label')
    .data([spec.y.label])
    .join('text')
    .attr('class', 'y-label')
    .attr('transform', `translate(${-margin.left + fontPx * 0.95},${innerHeight / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', CHART_COLORS.muted)
    .text((d) => d);
  labelLayer
    .selectAll<SVGTextElement, string>('text.x-resolution')
    .data(resolution === null ? [] : [resolution])
    .join('text')
    .attr('class', 'x-resolution')
    .attr('x', innerWidth)
    .attr('y', innerHeight + fontPx * 3.8)
    .attr('text-anchor', 'end')
    .attr('fill', CHART_COLORS.muted)
    .text((d) => d);
  // Wrapped to the plot's width (a phone's is narrow), never over the axes' labels.
  const emptyLines = wrappedWords(CHART_EMPTY_TEXT, fontPx, innerWidth);
  labelLayer
    .selectAll<SVGTextElement, string>('text.empty')
    .data(spec.count === 0 ? [CHART_EMPTY_TEXT] : [])
    .join('text')
    .attr('class', 'empty')
    .attr('y', innerHeight / 2 - ((emptyLines.length - 1) * fontPx * 1.2) / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', CHART_COLORS.muted)
    .selectAll('tspan')
    .data(emptyLines)
    .join('tspan')
    .attr('x', innerWidth / 2)
    .attr('dy', (_d, i) => (i === 0 ? 0 : fontPx * 1.2))
    .text((d) => d);

  drawLayers(plotLayer, spec, x, y, byLayer);
  drawReference(referenceLayer, spec, y, innerWidth, fontPx);
  drawMarkers(markerLayer, frame.markers, plan, x, innerHeight, fontPx, labelPx);
  // The key of numbered markers, under the axis labels (exports only).
  const keyTopPx = innerHeight + fontPx * (resolution === null ? 2.5 : 3.8);
  labelLayer
    .selectAll<SVGTextElement, string>('text.marker-key')
    .data(keyLines)
    .join('text')
    .attr('class', 'marker-key')
    .attr('x', 0)
    .attr('y', (_d, i) => keyTopPx + (i + 1) * fontPx * 1.2)
    .attr('font-size', labelPx)
    .attr('fill', CHART_COLORS.ink)
    .text((d) => d);
  drawCursor(cursorLayer, spec, frame.cursorS, x, y, innerHeight);
  drawLegend(legendLayer, spec, standalone, widthPx, fontPx);
  if (standalone) inlineColours(svg);

  const markerKey = plan.key.length === 0 ? [] : markerKeyEntries(frame.markers);
  return {
    left: margin.left,
    top: margin.top,
    innerWidth,
    innerHeight,
    domainS,
    bucketS,
    markerKey,
  };
}

/** Axis text and lines in the chart's colours, at the tick font size. */
function styleAxis(g: Group, tickPx: number): void {
  g.attr('font-size', tickPx).attr('font-family', null).attr('color', CHART_COLORS.muted);
  g.selectAll('.domain, .tick line').attr('stroke', CHART_COLORS.axis);
  g.selectAll('.tick text').attr('fill', CHART_COLORS.muted);
}

/** Hatch patterns for hatched bands (ids prefixed with the chart id: unique on the page). */
function drawDefs(root: Selection<SVGSVGElement, unknown, null, undefined>, spec: ChartSpec): void {
  let defs = root.select<SVGDefsElement>('defs');
  if (defs.empty()) defs = root.insert('defs', ':first-child');
  const hatched = spec.layers.filter((l) => l.hatched);
  const pattern = defs
    .selectAll<SVGPatternElement, ChartLayer>('pattern')
    .data(hatched, (l) => l.key)
    .join((enter) => {
      const p = enter.append('pattern');
      p.append('rect');
      p.append('path');
      return p;
    })
    .attr('id', (l) => hatchId(spec, l))
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 7)
    .attr('height', 7)
    .attr('patternTransform', 'rotate(45)');
  pattern
    .select('rect')
    .attr('width', 7)
    .attr('height', 7)
    .attr('fill', (l) => l.color)
    .attr('fill-opacity', 0.35);
  pattern
    .select('path')
    .attr('d', 'M0,0 V7')
    .attr('stroke', (l) => l.color)
    .attr('stroke-width', 3);
}

function hatchId(spec: ChartSpec, layer: ChartLayer): string {
  return `hatch-${spec.id}-${layer.key}`;
}

type Scale = (value: number) => number;

/**
 * Each layer's points to draw (indices into the spec's series), in buckets at least
 * `minBucketS` wide, and the width used. The buckets were fed every second of the run
 * and name seconds by their start (charts.ts `SeriesBuckets`), but the page holds only
 * some of a long run's older seconds: the extremes of its held buckets
 * (app/store/heldSeries.ts). At a width at least the held one every second the buckets
 * name is held; at a finer one it may not be, and the width doubles until it is, so a
 * chart draws real held seconds only, never a neighbour in place of an extreme.
 */
export function drawnPoints(
  spec: Pick<ChartSpec, 'buckets' | 'indexOf' | 'startS' | 'layers'>,
  minBucketS: number,
): { bucketS: number; byLayer: Map<string, number[]> } {
  for (let widthS = minBucketS; ; widthS *= 2) {
    const byLayer = new Map<string, number[]>();
    let bucketS = widthS;
    let allHeld = true;
    for (const layer of spec.layers) {
      const drawn = spec.buckets.drawn(layer.streams, widthS);
      bucketS = drawn.bucketS;
      const indices: number[] = [];
      for (const second of drawn.indices) {
        const at = spec.indexOf(second);
        if (at < 0 || spec.startS(at) !== second) allHeld = false;
        if (at >= 0 && at !== indices[indices.length - 1]) indices.push(at);
      }
      byLayer.set(layer.key, indices);
    }
    // (Past 2^40 s, longer than any run, what is held is drawn as it is.)
    if (allHeld || bucketS >= 2 ** 40) return { bucketS, byLayer };
    widthS = bucketS;
  }
}

/** Middle of point `index`'s second, where it is drawn. */
const midS = (spec: ChartSpec, index: number) => spec.startS(index) + 0.5;

/**
 * Bands first (bottom up), then lines on top, each keyed by layer: one path each,
 * through the real seconds that keep every bucket's extremes and gaps.
 */
function drawLayers(
  parent: Group,
  spec: ChartSpec,
  x: Scale,
  y: Scale,
  drawn: ReadonlyMap<string, number[]>,
): void {
  const points = (l: ChartLayer) => drawn.get(l.key)!;
  const defined = (l: ChartLayer) => (i: number) => l.valueAt(i) !== null;
  const bands = spec.layers.filter((l) => l.kind === 'area');
  const lines = spec.layers.filter((l) => l.kind === 'line');
  parent
    .selectAll<SVGPathElement, ChartLayer>('path.band')
    .data(bands, (l) => l.key)
    .join('path')
    .attr('class', (l) => `band layer-${l.key}`)
    .attr('d', (l) =>
      area<number>()
        .defined(defined(l))
        .x((i) => x(midS(spec, i)))
        .y0((i) => y(l.baseAt?.(i) ?? 0))
        .y1((i) => y(l.valueAt(i) ?? 0))(points(l)),
    )
    .attr('fill', (l) => (l.hatched ? `url(#${hatchId(spec, l)})` : l.color))
    .attr('fill-opacity', (l) => (l.hatched ? 1 : 0.3))
    .attr('stroke', 'none');
  // Each band's top edge, so bands are told apart by a line as well as a fill. The top
  // band's edge is drawn first: where an upper band is empty its edge lies on the one
  // below, and the lower band's colour must win (no failures: a blue line, not red).
  const edges = [...[...bands].reverse(), ...lines];
  parent
    .selectAll<SVGPathElement, ChartLayer>('path.line')
    .data(edges, (l) => l.key)
    .join('path')
    .attr('class', (l) => `line layer-${l.key}`)
    .attr('d', (l) =>
      line<number>()
        .defined(defined(l))
        .x((i) => x(midS(spec, i)))
        .y((i) => y(l.valueAt(i) ?? 0))(points(l)),
    )
    .attr('fill', 'none')
    .attr('stroke', (l) => l.color)
    .attr('stroke-width', (l) => (l.kind === 'line' ? 2.5 : 1.5))
    .attr('stroke-dasharray', (l) => (l.dashed ? '6 4' : null))
    .attr('stroke-linejoin', 'round');
}

/** The reference line (e.g. "SLO 99.9%"), labelled at its right end. */
function drawReference(
  parent: Group,
  spec: ChartSpec,
  y: Scale,
  innerWidth: number,
  fontPx: number,
): void {
  const ref = spec.reference ? [spec.reference] : [];
  const g = parent
    .selectAll<SVGGElement, NonNullable<ChartSpec['reference']>>('g.ref')
    .data(ref)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'ref');
      e.append('line');
      e.append('text');
      return e;
    });
  g.select('line')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', (d) => y(d.value))
    .attr('y2', (d) => y(d.value))
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', '10 4 2 4');
  g.select('text')
    .attr('x', innerWidth - 4)
    .attr('y', (d) => y(d.value) + fontPx * 1.05)
    .attr('text-anchor', 'end')
    .attr('font-weight', 700)
    .attr('fill', (d) => d.color)
    .attr('paint-order', 'stroke')
    .attr('stroke', CHART_COLORS.surface)
    .attr('stroke-width', 4)
    .text((d) => d.label);
}

/**
 * One vertical line per fault (dashed) or recovery (solid), labelled above the plot as
 * `plan` says (its words, or its number when the words do not all fit).
 */
function drawMarkers(
  parent: Group,
  markers: readonly LogEntry[],
  plan: MarkerLabelPlan,
  x: Scale,
  innerHeight: number,
  fontPx: number,
  labelPx: number,
): void {
  // Each marker's label, drawn with the first marker it names; the others only a line.
  const labelOf = new Map(plan.labels.map((label) => [label.markers[0]!, label]));
  const rowOf = new Map(plan.labels.flatMap((label) => label.markers.map((i) => [i, label.row])));
  const placed = markers.map((entry, i) => ({
    entry,
    px: x(entry.atUs / 1_000_000),
    row: rowOf.get(i) ?? 0,
    label: labelOf.get(i) ?? null,
  }));
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
      const color = (d: (typeof placed)[number]) =>
        d.entry.category === 'fault' ? CHART_COLORS.fault : CHART_COLORS.recovery;
      g.select('line')
        .attr('x1', (d) => d.px)
        .attr('x2', (d) => d.px)
        .attr('y1', (d) => -fontPx * (0.2 + d.row * 1.1))
        .attr('y2', innerHeight)
        .attr('stroke', color)
        .attr('stroke-width', 1.5)
        .attr('stroke-dasharray', (d) => (d.entry.category === 'fault' ? '4 3' : null));
      g.select('text')
        .attr('text-anchor', (d) => (d.label?.hangs ? 'end' : 'start'))
        .attr('x', (d) => (d.label?.hangs ? d.px - 3 : d.px + 3))
        .attr('y', (d) => -fontPx * (0.35 + d.row * 1.1))
        .attr('font-size', labelPx)
        .attr('font-weight', 600)
        .attr('fill', color)
        .text((d) => d.label?.text ?? '');
    });
}

/** One label above the plot: its text, where it starts, its row, and the markers it names. */
export interface PlannedMarkerLabel {
  text: string;
  px: number;
  row: number;
  /** Hangs to the left of its line (near the right edge). */
  hangs: boolean;
  widthPx: number;
  /** Indexes of the markers it names (one, or a run of numbers such as "3–5"). */
  markers: number[];
}

/**
 * How every marker gets a label: `labels` above the plot, and (when they are numbers)
 * `key`, one "1 kill app-b1" per marker for the lines below the chart.
 */
export interface MarkerLabelPlan {
  labels: PlannedMarkerLabel[];
  key: string[];
}

/** Numbers as a label: "4", "2,3", "2–5" (a run of three or more). */
function numbersText(numbers: readonly number[]): string {
  const first = numbers[0]!;
  const last = numbers[numbers.length - 1]!;
  if (numbers.length >= 3 && last - first === numbers.length - 1) return `${first}–${last}`;
  return numbers.join(',');
}

/**
 * Labels every marker without two labels overlapping (issue 14: with five faults only two
 * were labelled). When each marker's words fit in the rows above the plot, they are its
 * label. Otherwise every marker is numbered in time order, with a key below the chart:
 * the numbers go above their lines, and markers too close for their own number share one
 * label ("2,3", "4–7") over the first of them, closer ones first, until all fit.
 */
export function markerLabelPlan(
  markers: readonly { px: number; label: string }[],
  innerWidth: number,
  labelPx: number,
  rows = MARKER_LABEL_ROWS,
): MarkerLabelPlan {
  const widthOf = (text: string) => textWidthPx(text, labelPx) + 8;
  const place = (groups: { px: number; text: string; markers: number[] }[]) => {
    const slots = markerLabelSlots(
      groups.map((g) => ({ px: g.px, widthPx: widthOf(g.text) })),
      innerWidth,
      rows,
    );
    const labels: PlannedMarkerLabel[] = [];
    for (const [i, slot] of slots.entries()) {
      const widthPx = widthOf(groups[i]!.text);
      const left = slot.hangs ? slot.px - widthPx : slot.px;
      if (slot.row === null || left < 0) return null;
      labels.push({ ...groups[i]!, row: slot.row, hangs: slot.hangs, widthPx });
    }
    return labels;
  };
  const words = place(markers.map((m, i) => ({ px: m.px, text: m.label, markers: [i] })));
  if (words) return { labels: words, key: [] };

  const key = markers.map((m, i) => `${i + 1} ${m.label}`);
  // Markers in order along the axis; a group takes the next one while it is closer than
  // `reachPx` to the group's first. The reach grows until every group's label fits.
  const order = markers.map((m, i) => ({ px: m.px, i })).sort((a, b) => a.px - b.px || a.i - b.i);
  for (let reachPx = 0; ; reachPx = Math.max(1, reachPx * 2)) {
    const groups: { px: number; text: string; markers: number[] }[] = [];
    for (const { px, i } of order) {
      const last = groups[groups.length - 1];
      if (last && px - last.px < reachPx) last.markers.push(i);
      else groups.push({ px, text: '', markers: [i] });
    }
    for (const g of groups)
      g.text = numbersText([...g.markers].sort((a, b) => a - b).map((i) => i + 1));
    const labels = place(groups);
    if (labels) return { labels, key };
    if (groups.length === 1 || reachPx > innerWidth) return { labels: [], key };
  }
}

/** The key's entries: every marker numbered from 1 in time order, as the plan numbers them. */
export function markerKeyEntries(markers: readonly LogEntry[]): MarkerKeyEntry[] {
  return markers.map((entry, i) => ({
    number: i + 1,
    label: markerLabel(entry),
    category: entry.category,
  }));
}

/** The key of numbered markers as lines that fit `widthPx`: "1 kill app-b1 · 2 restore …". */
export function markerKeyLines(key: readonly string[], labelPx: number, widthPx: number): string[] {
  const lines: string[] = [];
  for (const item of key) {
    const last = lines.at(-1);
    if (last !== undefined && textWidthPx(`${last} · ${item}`, labelPx) <= widthPx) {
      lines[lines.length - 1] = `${last} · ${item}`;
    } else {
      lines.push(item);
    }
  }
  return lines;
}

/** Where a marker's label goes: its row (null: no room, left unlabelled) and its side. */
export interface MarkerLabelSlot {
  px: number;
  row: number | null;
  /** Hangs to the left of its line (near the right edge). */
  hangs: boolean;
}

/** Rows of marker labels above the plot (the top margin has room for this many). */
export const MARKER_LABEL_ROWS = 2;

/**
 * Places marker labels in rows above the plot so no two overlap: each label goes in the
 * first row where it clears every label already there (with a gap), hanging left of its
 * line when it would pass the right edge. A label with no room in any row is left out
 * (its line stays; the timeline and the event log list every event), never drawn over
 * another.
 */
export function markerLabelSlots(
  labels: readonly { px: number; widthPx: number }[],
  innerWidth: number,
  rows = MARKER_LABEL_ROWS,
): MarkerLabelSlot[] {
  const gapPx = 6;
  const taken: [number, number][][] = Array.from({ length: rows }, () => []);
  return labels.map(({ px, widthPx }) => {
    const hangs = px + widthPx > innerWidth;
    const left = hangs ? px - widthPx : px;
    const right = left + widthPx;
    const row = taken.findIndex((spans) =>
      spans.every(([a, b]) => right + gapPx <= a || left >= b + gapPx),
    );
    if (row < 0) return { px, row: null, hangs };
    taken[row]!.push([left, right]);
    return { px, row, hangs };
  });
}

/** A vertical line at the cursor's second and a dot on each layer there. */
function drawCursor(
  parent: Group,
  spec: ChartSpec,
  cursorS: number | null,
  x: Scale,
  y: Scale,
  innerHeight: number,
): void {
  const index = cursorS === null ? -1 : spec.indexOf(cursorS);
  const at = index < 0 ? [] : [index];
  parent
    .selectAll<SVGLineElement, number>('line')
    .data(at)
    .join('line')
    .attr('x1', (i) => x(midS(spec, i)))
    .attr('x2', (i) => x(midS(spec, i)))
    .attr('y1', 0)
    .attr('y2', innerHeight)
    .attr('stroke', CHART_COLORS.cursor)
    .attr('stroke-width', 1.5);
  const dots = at.flatMap((i) =>
    spec.layers.flatMap((l) => {
      const value = l.valueAt(i);
      return value === null
        ? []
        : [{ key: l.key, color: l.color, cx: x(midS(spec, i)), cy: y(value) }];
    }),
  );
  parent
    .selectAll<SVGCircleElement, (typeof dots)[number]>('circle')
    .data(dots, (d) => d.key)
    .join('circle')
    .attr('cx', (d) => d.cx)
    .attr('cy', (d) => d.cy)
    .attr('r', 4)
    .attr('fill', CHART_COLORS.surface)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 2);
}

/** Legend items placed left to right, wrapping, for a standalone (exported) chart. */
function legendLayout(
  spec: ChartSpec,
  widthPx: number,
  fontPx: number,
): {
  rows: number;
  items: Array<{
    key: string;
    label: string;
    color: string;
    x: number;
    row: number;
    kind: string;
    dashed: boolean;
    hatched: boolean;
  }>;
} {
  const entries = [
    ...spec.layers.map((l) => ({
      key: l.key,
      label: l.label,
      color: l.color,
      kind: l.kind as string,
      dashed: l.dashed === true,
      hatched: l.hatched === true,
    })),
    ...(spec.reference
      ? [
          {
            key: 'reference',
            label: spec.reference.label,
            color: spec.reference.color,
            kind: 'reference',
            dashed: true,
            hatched: false,
          },
        ]
      : []),
    {
      key: 'fault',
      label: 'fault',
      color: CHART_COLORS.fault,
      kind: 'line',
      dashed: true,
      hatched: false,
    },
    {
      key: 'recovery',
      label: 'recovery',
      color: CHART_COLORS.recovery,
      kind: 'line',
      dashed: false,
      hatched: false,
    },
  ];
  const start = fontPx * 0.6;
  let xPx = start;
  let row = 0;
  const items = entries.map((e) => {
    const width = fontPx * 2 + textWidthPx(e.label, fontPx * 0.85) + fontPx;
    if (xPx + width > widthPx && xPx > start) {
      row++;
      xPx = start;
    }
    const item = { ...e, x: xPx, row };
    xPx += width;
    return item;
  });
  return { rows: row + 1, items };
}

function drawLegend(
  parent: Group,
  spec: ChartSpec,
  standalone: boolean,
  widthPx: number,
  fontPx: number,
): void {
  const items = standalone ? legendLayout(spec, widthPx, fontPx).items : [];
  const g = parent
    .selectAll<SVGGElement, (typeof items)[number]>('g.legend-item')
    .data(items, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'legend-item');
      e.append('rect');
      e.append('line');
      e.append('text');
      return e;
    })
    .attr('transform', (d) => `translate(${d.x},${d.row * fontPx * 1.5 + fontPx * 0.75})`);
  g.select('rect')
    .attr('x', 0)
    .attr('y', -fontPx * 0.45)
    .attr('width', fontPx * 1.5)
    .attr('height', fontPx * 0.9)
    .attr('fill', (d) =>
      d.kind !== 'area' ? 'none' : d.hatched ? `url(#hatch-${spec.id}-${d.key})` : d.color,
    )
    .attr('fill-opacity', (d) => (d.hatched ? 1 : 0.3));
  g.select('line')
    .attr('x1', 0)
    .attr('x2', fontPx * 1.5)
    .attr('y1', (d) => (d.kind === 'area' ? -fontPx * 0.45 : 0))
    .attr('y2', (d) => (d.kind === 'area' ? -fontPx * 0.45 : 0))
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 2.5)
    .attr('stroke-dasharray', (d) => (d.dashed ? '5 3' : null));
  g.select('text')
    .attr('x', fontPx * 1.9)
    .attr('y', fontPx * 0.3)
    .attr('font-size', Math.round(fontPx * 0.85))
    .attr('fill', CHART_COLORS.ink)
    .text((d) => d.label);
}
