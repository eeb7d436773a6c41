/**
 * The fault-script timeline: a strip of simulated time with one marker per script
 * entry and a "now" cursor. Entries still to come are drawn hollow (outline only) with
 * a dashed stem; applied ones are filled. Faults are diamonds, recoveries circles,
 * setting and rate changes squares, so colour is never the only cue. Each marker is a
 * focusable button (Enter, Space or a click calls `onActivate`); arrow keys move
 * between markers. Drawn in pixels so the text keeps the page's font size.
 */
import {
  axisBottom,
  select,
  ticks as niceTicks,
  type AxisScale,
  type NumberValue,
  type Selection,
} from 'd3';

export interface TimelineMarker {
  id: number;
  atUs: number;
  /** Short command text shown beside the marker, e.g. "kill app-b1". */
  label: string;
  /** Accessible name, e.g. "fault at 0:30.0: kill app-b1 (scheduled)". */
  name: string;
  category: 'fault' | 'recovery' | 'info';
  /** Still to come (drawn hollow). */
  scheduled: boolean;
}

export interface TimelineData {
  markers: readonly TimelineMarker[];
  nowUs: number;
  widthPx: number;
  /** Font size of the page, so rows and margins fit the text. */
  fontPx: number;
  /** Marker whose details are open (drawn with a ring). */
  selectedId: number | null;
  /**
   * The smallest touch target, in pixels (a phone: 44): each marker's hit column is at
   * least this wide and tall. Without it the column just covers the glyph and its stem.
   */
  minTargetPx?: number;
}

export interface TimelineHandlers {
  onActivate(id: number): void;
}

/** Label rows above the markers before labels are allowed to overlap. */
export const LABEL_ROWS = 3;

/** Longest label drawn in full; the accessible name always has all of it. */
const LABEL_CHARS_MAX = 34;

/** Shortest span of the strip: one minute. */
const MIN_SPAN_S = 60;

/**
 * End of the time axis in seconds: the run so far and every scheduled entry, with a
 * little room after the later of the two, rounded up to 10 s (at least one minute).
 */
export function timelineEndS(markers: readonly TimelineMarker[], nowUs: number): number {
  let lastS = nowUs / 1e6;
  for (const m of markers) lastS = Math.max(lastS, m.atUs / 1e6);
  const withRoom = lastS * 1.08 + 2;
  return Math.max(MIN_SPAN_S, Math.ceil(withRoom / 10) * 10);
}

/** Simulated seconds to pixels along the strip, as d3's axis takes it (with `ticks`). */
interface SecondsScale extends AxisScale<NumberValue> {
  (seconds: NumberValue): number;
  ticks(count: number): number[];
}

/**
 * The strip's linear scale, 0..endS seconds onto 0..widthPx pixels, with d3's round
 * ticks (1, 2 or 5 times a power of ten, as d3-scale's linear scale gives). Written out
 * instead of d3-scale's, which brings d3-interpolate, d3-color and d3-format into the
 * first load (issue 12: a small first load; the timeline is on the first screen).
 */
function secondsScale(endS: number, widthPx: number): SecondsScale {
  const scale = (seconds: NumberValue): number => (Number(seconds) / endS) * widthPx;
  return Object.assign(scale, {
    domain: () => [0, endS],
    range: () => [0, widthPx],
    ticks: (count: number) => niceTicks(0, endS, count),
    copy: () => secondsScale(endS, widthPx),
  });
}

/** Simulated seconds as m:ss for the axis. */
export function axisTime(totalS: number): string {
  const s = Math.round(totalS);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Label text as drawn: shortened with an ellipsis past LABEL_CHARS_MAX. */
export function drawnLabel(label: string): string {
  return label.length > LABEL_CHARS_MAX ? `${label.slice(0, LABEL_CHARS_MAX - 1)}…` : label;
}

/** Estimated width of a marker's drawn label (system fonts average ~0.56 em a character). */
function labelWidthPx(marker: TimelineMarker, fontPx: number): number {
  return drawnLabel(marker.label).length * fontPx * 0.56;
}

export interface PlacedMarker {
  marker: TimelineMarker;
  /** Glyph centre, pixels from the plot's left edge. */
  x: number;
  /** Label row, 0 nearest the markers. */
  row: number;
  /** Label hangs left of its stem (near the right edge). */
  flip: boolean;
  /** Whether its label is drawn: false when every row is taken there (never overprinted). */
  labelled: boolean;
}

/**
 * Places markers and their labels: each label goes to the lowest row where it does not
 * overprint the previous label of that row; when every row is taken there the marker is
 * drawn without its label (its accessible name and tooltip keep it) rather than over
 * another label. Markers at the same instant are nudged apart so each glyph stays
 * visible and clickable.
 */
export function placeMarkers(
  markers: readonly TimelineMarker[],
  xOf: (us: number) => number,
  innerWidth: number,
  fontPx: number,
): PlacedMarker[] {
  const gapPx = fontPx * 0.6;
  // Glyph centres at least this far apart, so every glyph and its hit column is clear.
  const glyphPx = Math.round(fontPx * 0.5) * 2 + 8;
  const rowEnds: number[] = Array.from({ length: LABEL_ROWS }, () => -Infinity);
  const sorted = [...markers].sort((a, b) => a.atUs - b.atUs || a.id - b.id);
  let previousX = -Infinity;
  return sorted.map((marker) => {
    let x = xOf(marker.atUs);
    if (x - previousX < glyphPx) x = previousX + glyphPx;
    previousX = x;
    const widthPx = labelWidthPx(marker, fontPx);
    const flip = x + widthPx + 4 > innerWidth;
    const start = flip ? x - widthPx - 4 : x;
    const row = rowEnds.findIndex((end) => end + gapPx <= start);
    if (row < 0) return { marker, x, row: 0, flip, labelled: false };
    rowEnds[row] = Math.max(rowEnds[row]!, flip ? x : x + widthPx + 4);
    return { marker, x, row, flip, labelled: true };
  });
}

type Root = Selection<SVGSVGElement, unknown, null, undefined>;
type Layer = Selection<SVGGElement, unknown, null, undefined>;

/** A D3 symbol-free glyph path centred on (0, 0): diamond, circle or square. */
function glyphPath(category: TimelineMarker['category'], r: number): string {
  if (category === 'fault') return `M0,${-r}L${r},0L0,${r}L${-r},0Z`;
  if (category === 'recovery') return `M${r},0A${r},${r} 0 1,1 ${-r},0A${r},${r} 0 1,1 ${r},0Z`;
  const s = r * 0.82;
  return `M${-s},${-s}H${s}V${s}H${-s}Z`;
}

/** A marker's classes: its category, hollow (scheduled) or filled (past), selected. */
function markerClass(marker: TimelineMarker, selected: boolean): string {
  return (
    `tl-marker cat-${marker.category} ${marker.scheduled ? 'scheduled' : 'past'}` +
    (selected ? ' selected' : '')
  );
}

/** Same entries, times, labels and kinds, in the same order: the markers sit where they were. */
function sameShape(a: readonly TimelineMarker[], b: readonly TimelineMarker[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((m, i) => {
    const n = b[i]!;
    return m.id === n.id && m.atUs === n.atUs && m.label === n.label && m.category === n.category;
  });
}

/** What the markers of a strip were last drawn from (see renderTimeline). */
interface MarkersDrawn {
  markers: readonly TimelineMarker[];
  endS: number;
  innerWidth: number;
  fontPx: number;
  minTargetPx: number;
  selectedId: number | null;
  onActivate: TimelineHandlers['onActivate'];
}

const markersDrawn = new WeakMap<SVGSVGElement, MarkersDrawn>();

/**
 * Renders (or updates) the strip into `svg`; returns its height in pixels.
 *
 * The cursor moves every frame, but the markers are redrawn only when they, the axis
 * or the size change: pass the same `markers` array while nothing about them changes.
 * Redrawing thousands of markers each frame took the page to 1 frame a second.
 */
export function renderTimeline(
  svg: SVGSVGElement,
  data: TimelineData,
  handlers: TimelineHandlers,
): number {
  const { fontPx, widthPx } = data;
  const minTargetPx = data.minTargetPx ?? 0;
  const rowPx = Math.round(fontPx * 1.35);
  const margin = {
    top: Math.round(fontPx * 0.3),
    right: Math.round(fontPx * 1.2),
    left: Math.round(fontPx * 1.2),
  };
  const glyphR = Math.round(fontPx * 0.5);
  const glyphY = margin.top + LABEL_ROWS * rowPx + glyphR + 2;
  const axisY = glyphY + glyphR + Math.round(fontPx * 0.45);
  const heightPx = axisY + Math.round(fontPx * 1.9);
  const innerWidth = Math.max(20, widthPx - margin.left - margin.right);

  const root: Root = select(svg).attr('width', widthPx).attr('height', heightPx);
  const layer = (name: string): Layer => {
    let g = root.select<SVGGElement>(`g.${name}`);
    if (g.empty()) g = root.append('g').attr('class', name);
    return g.attr('transform', `translate(${margin.left},0)`);
  };
  const pastLayer = layer('tl-past');
  const axisLayer = layer('tl-axis');
  const nowLayer = layer('tl-now');
  const markerLayer = layer('tl-markers');

  const endS = timelineEndS(data.markers, data.nowUs);
  const x = secondsScale(endS, innerWidth);
  const xOfUs = (us: number) => x(us / 1e6);
  const nowX = Math.min(innerWidth, xOfUs(data.nowUs));

  // The run so far: a band behind the markers.
  pastLayer
    .selectAll<SVGRectElement, number>('rect')
    .data([nowX])
    .join('rect')
    .attr('x', 0)
    .attr('y', margin.top)
    .attr('width', (d) => Math.max(0, d))
    .attr('height', axisY - margin.top);

  // Axis, with the ticks nearest "now" hidden so its label reads clearly.
  const ticks = Math.max(2, Math.floor(innerWidth / (fontPx * 4.5)));
  axisLayer.attr('transform', `translate(${margin.left},${axisY})`).call(
    axisBottom(x)
      .ticks(ticks)
      .tickSizeOuter(0)
      .tickFormat((d) => axisTime(Number(d))),
  );
  const nowLabelHalf = fontPx * 3.4;
  // The label stays inside the strip, so near an end it sits off-centre of its line.
  const nowLabelX = Math.min(Math.max(nowX, nowLabelHalf), innerWidth - nowLabelHalf);
  axisLayer
    .selectAll<SVGGElement, number>('.tick')
    .classed('tl-tick-hidden', (d) => Math.abs(x(d) - nowLabelX) < nowLabelHalf + fontPx * 1.2);

  // The "now" cursor: a line through the strip and a label on the axis.
  const nowText = `now ${axisTime(data.nowUs / 1e6)}`;
  const now = nowLayer
    .selectAll<SVGGElement, number>('g.tl-cursor')
    .data([nowX])
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tl-cursor').attr('aria-hidden', 'true');
      g.append('line');
      g.append('rect').attr('class', 'tl-now-bg');
      g.append('text');
      return g;
    })
    .attr('transform', (d) => `translate(${d},0)`);
  now
    .select('line')
    .attr('y1', margin.top)
    .attr('y2', axisY + fontPx * 0.3);
  const labelX = nowLabelX - nowX;
  now
    .select('rect')
    .attr('x', labelX - nowLabelHalf)
    .attr('y', axisY + fontPx * 0.35)
    .attr('width', nowLabelHalf * 2)
    .attr('height', fontPx * 1.35)
    .attr('rx', 4);
  now
    .select('text')
    .attr('x', labelX)
    .attr('y', axisY + fontPx * 1.35)
    .attr('text-anchor', 'middle')
    .text(nowText);

  const drawn = markersDrawn.get(svg);
  if (
    drawn &&
    drawn.markers === data.markers &&
    drawn.endS === endS &&
    drawn.innerWidth === innerWidth &&
    drawn.fontPx === fontPx &&
    drawn.minTargetPx === minTargetPx &&
    drawn.selectedId === data.selectedId &&
    drawn.onActivate === handlers.onActivate
  ) {
    return heightPx;
  }
  // The same entries in the same places (an entry applied, the selection moved): only
  // the markers whose state changed are touched, so a script firing faults many times a
  // second does not redraw every marker each frame.
  const samePlaces =
    drawn &&
    drawn.endS === endS &&
    drawn.innerWidth === innerWidth &&
    drawn.fontPx === fontPx &&
    drawn.onActivate === handlers.onActivate &&
    sameShape(drawn.markers, data.markers);
  markersDrawn.set(svg, {
    markers: data.markers,
    endS,
    innerWidth,
    fontPx,
    minTargetPx,
    selectedId: data.selectedId,
    onActivate: handlers.onActivate,
  });

  if (samePlaces) {
    const next = new Map(data.markers.map((m) => [m.id, m]));
    markerLayer.selectAll<SVGGElement, PlacedMarker>('g.tl-marker').each(function (d) {
      const marker = next.get(d.marker.id)!;
      const wasSelected = d.marker.id === drawn.selectedId;
      const selected = marker.id === data.selectedId;
      if (marker === d.marker && wasSelected === selected) return;
      const g = select<SVGGElement, PlacedMarker>(this).datum({ ...d, marker });
      g.attr('class', markerClass(marker, selected))
        .attr('aria-label', marker.name)
        .attr('aria-expanded', selected ? 'true' : 'false');
      g.select('title').text(marker.name);
    });
    return heightPx;
  }

  // Markers: a stem up to the label's row, the glyph on the baseline, the label.
  const placed = placeMarkers(data.markers, xOfUs, innerWidth, fontPx);
  const labelY = (row: number) => margin.top + (LABEL_ROWS - row) * rowPx - fontPx * 0.3;
  const markers = markerLayer
    .selectAll<SVGGElement, PlacedMarker>('g.tl-marker')
    .data(placed, (d) => String(d.marker.id))
    .join((enter) => {
      const g = enter
        .append('g')
        .attr('role', 'button')
        .attr('tabindex', 0)
        .attr('data-id', (d) => d.marker.id);
      g.append('rect').attr('class', 'tl-hit tl-hit-column');
      g.append('rect').attr('class', 'tl-hit tl-hit-label');
      g.append('line').attr('class', 'tl-stem');
      g.append('rect').attr('class', 'tl-focus');
      g.append('path').attr('class', 'tl-glyph');
      g.append('text').attr('class', 'tl-label');
      g.append('title');
      return g;
    })
    .attr('class', (d) => markerClass(d.marker, d.marker.id === data.selectedId))
    .attr('aria-label', (d) => d.marker.name)
    .attr('aria-expanded', (d) => (d.marker.id === data.selectedId ? 'true' : 'false'))
    .attr('transform', (d) => `translate(${d.x},0)`);

  markers.select('title').text((d) => d.marker.name);
  markers
    .select('line.tl-stem')
    .attr('y1', (d) => labelY(d.row) + fontPx * 0.25)
    .attr('y2', glyphY - glyphR);
  markers
    .select('path.tl-glyph')
    .attr('transform', `translate(0,${glyphY})`)
    .attr('d', (d) => glyphPath(d.marker.category, glyphR));
  markers
    .select('rect.tl-focus')
    .attr('x', -glyphR - 4)
    .attr('y', glyphY - glyphR - 4)
    .attr('width', glyphR * 2 + 8)
    .attr('height', glyphR * 2 + 8)
    .attr('rx', 4);
  markers
    .select('text.tl-label')
    .attr('x', (d) => (d.flip ? -4 : 4))
    .attr('y', (d) => labelY(d.row))
    .attr('text-anchor', (d) => (d.flip ? 'end' : 'start'))
    .text((d) => (d.labelled ? drawnLabel(d.marker.label) : ''));
  // A generous hit area: a column over the glyph and its stem, and the label's box. On a
  // phone the column is a whole touch target, growing down towards the axis if short.
  const columnHalf = Math.max(glyphR + 4, minTargetPx / 2);
  markers
    .select('rect.tl-hit-column')
    .attr('x', -columnHalf)
    .attr('y', (d) => labelY(d.row) - fontPx)
    .attr('width', columnHalf * 2)
    .attr('height', (d) => Math.max(minTargetPx, glyphY + glyphR + 4 - (labelY(d.row) - fontPx)));
  markers
    .select('rect.tl-hit-label')
    .attr('x', (d) => (d.flip ? -labelWidthPx(d.marker, fontPx) - 6 : 0))
    .attr('y', (d) => labelY(d.row) - fontPx)
    .attr('width', (d) => (d.labelled ? labelWidthPx(d.marker, fontPx) + 6 : 0))
    .attr('height', fontPx * 1.3);

  markers
    .on('click', (_event, d) => handlers.onActivate(d.marker.id))
    .on('keydown', (event: KeyboardEvent, d) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        handlers.onActivate(d.marker.id);
        return;
      }
      const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
      const all = markerLayer.selectAll<SVGGElement, PlacedMarker>('g.tl-marker').nodes();
      const index = all.findIndex((el) => el === event.currentTarget);
      let next: number | null = null;
      if (event.key in moves) next = index + moves[event.key]!;
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = all.length - 1;
      if (next === null || next < 0 || next >= all.length) return;
      event.preventDefault();
      all[next]!.focus();
    });
  // DOM order follows time order, so Tab and the arrows move left to right.
  markers.order();

  return heightPx;
}
