/**
 * The lesson spotlight: a ring around each diagram part a lesson step is about (a node,
 * zone or region), or a band along a link (the replication link the step talks about),
 * and a short label drawn on the diagram beside the first one, with an arrow to it. Drawn
 * on its own SVG over the topology (same viewBox), so it never changes the parts' own
 * drawing or their names.
 * The ring is thick and doubled, and the label says what to look at: colour is not the
 * only signal. The pulse is CSS, off under prefers-reduced-motion.
 */
import { select } from 'd3';
import { linkPath, linkPointAt, type Box, type LinkLayout, type TopologyLayout } from './layout';

export interface SpotlightData {
  ids: readonly string[];
  label: string;
}

/** Room around a part inside its ring, in SVG units. */
const RING_PAD = 6;

/** The box of a part (node, zone or region) by id, or undefined. */
export function spotlightBox(layout: TopologyLayout, id: string): Box | undefined {
  return (
    layout.nodeById.get(id) ??
    layout.zones.find((z) => z.id === id) ??
    layout.regions.find((r) => r.id === id)
  );
}

/**
 * The box around a link (its ends and, for a curve, the curve's furthest point), so the
 * label sits beside the link as it does beside a node.
 */
export function linkBox(link: LinkLayout): Box {
  const points = linkPoints(link);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Whether two boxes overlap (touching edges do not count). */
function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The area two boxes share (0 when they do not overlap). */
function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The gap between two boxes (0 when they touch or overlap). */
function boxGap(a: Box, b: Box): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

export interface Point {
  x: number;
  y: number;
}

/** The point of `box` nearest to `p` (p itself when inside). */
function nearestInBox(box: Box, p: Point): Point {
  return {
    x: Math.max(box.x, Math.min(box.x + box.width, p.x)),
    y: Math.max(box.y, Math.min(box.y + box.height, p.y)),
  };
}

/**
 * The nearest points of two boxes that do not overlap, one on each: along an axis where
 * their spans overlap both sit at the middle of the shared span, so an arrow between
 * boxes side by side is straight.
 */
function nearestPoints(from: Box, to: Box): { from: Point; to: Point } {
  const axis = (a0: number, a1: number, b0: number, b1: number): [number, number] => {
    const lo = Math.max(a0, b0);
    const hi = Math.min(a1, b1);
    if (lo <= hi) return [(lo + hi) / 2, (lo + hi) / 2];
    return a1 < b0 ? [a1, b0] : [a0, b1];
  };
  const [fx, tx] = axis(from.x, from.x + from.width, to.x, to.x + to.width);
  const [fy, ty] = axis(from.y, from.y + from.height, to.y, to.y + to.height);
  return { from: { x: fx, y: fy }, to: { x: tx, y: ty } };
}

/** What a callout points at. */
export interface CalloutTarget {
  /** The ring around the part, or the box around the link: the label keeps clear of it. */
  box: Box;
  /**
   * Where the arrow's tip goes: the part's own box (the tip crosses the ring to touch
   * it; the ring's rounded corner would leave a tip at its box's corner in the air), or
   * points along a link's path (the nearest).
   */
  aim: Box | readonly Point[];
}

/** A placed callout: the label's box and the arrow from its edge (`tail`) to the target (`tip`). */
export interface Callout {
  box: Box;
  tail: Point;
  tip: Point;
}

/** The gap between a label and the ring it points at, in label heights: the arrow's room. */
const ARROW_GAP_HEIGHTS = 0.6;
/**
 * How far a label may sit from its target, in label heights, before covering a part
 * beats a longer arrow: further, the arrow crosses the diagram and the label reads as
 * being about whatever it lands beside (issue 14: above lb-1, a screen from app-b1).
 */
export const REACH_HEIGHTS = 2.5;

/** How much worse covering a node is than covering a tag of the same area. */
const NODE_COVER_WEIGHT = 50;

/** The arrow from a label's box to its target: tail on the box's edge, tip on the target. */
export function calloutArrow(box: Box, target: CalloutTarget): { tail: Point; tip: Point } {
  const { aim } = target;
  if (Array.isArray(aim) && aim.length > 0) {
    const path = aim as readonly Point[];
    let tip = path[0]!;
    let best = Infinity;
    for (const p of path) {
      const q = nearestInBox(box, p);
      const d = Math.hypot(p.x - q.x, p.y - q.y);
      if (d < best) {
        best = d;
        tip = p;
      }
    }
    return { tail: nearestInBox(box, tip), tip };
  }
  const { from, to } = nearestPoints(box, Array.isArray(aim) ? target.box : (aim as Box));
  return { tail: from, tip: to };
}

/**
 * Where a spotlight's label goes, and its arrow: beside the target, a short arrow's length
 * from its ring, on the first side with room that covers no node, no zone or region tag
 * and no ring (`rings`): above it left-aligned (a centred label would run over the zone's
 * own tag), below, the same right-aligned, right of it, left of it, then slid along each
 * side; else the free place nearest the ring within REACH_HEIGHTS; else, where the diagram
 * has no such room (Present's tiles, a phone's column), beside the ring where it covers
 * the least. Always inside the view box, never over a ring, and the arrow's tip on the
 * target (issue 14: in Present "dashed: unhealthy" sat by zone c, pointing nowhere).
 */
export function calloutPlace(
  layout: TopologyLayout,
  target: CalloutTarget,
  widthUnits: number,
  heightUnits: number,
  rings: readonly Box[] = [],
): Callout {
  const ring = target.box;
  const obstacles: Box[] = [
    ...layout.nodes,
    ...layout.zones.map((z) => z.tag),
    ...layout.regions.map((r) => r.tag),
    ...(layout.databaseLabel ? [layout.databaseLabel] : []),
  ];
  const keepClear = [ring, ...rings];
  const clampX = (x: number) => Math.max(0, Math.min(layout.width - widthUnits, x));
  const clampY = (y: number) => Math.max(0, Math.min(layout.height - heightUnits, y));
  const boxAt = (x: number, y: number): Box => ({ x, y, width: widthUnits, height: heightUnits });
  const inside = (box: Box) =>
    box.y >= 0 &&
    box.y + box.height <= layout.height &&
    box.x >= 0 &&
    box.x + box.width <= layout.width;
  const allowed = (box: Box) => inside(box) && !keepClear.some((o) => boxesOverlap(o, box));
  const free = (box: Box) => allowed(box) && !obstacles.some((o) => boxesOverlap(o, box));
  const placed = (box: Box): Callout => ({ box, ...calloutArrow(box, target) });

  const gap = heightUnits * ARROW_GAP_HEIGHTS;
  const above = ring.y - heightUnits - gap;
  const below = ring.y + ring.height + gap;
  const level = clampY(ring.y + ring.height / 2 - heightUnits / 2);
  const rightOf = ring.x + ring.width + gap;
  const leftOf = ring.x - widthUnits - gap;
  const alignedRight = ring.x + ring.width - widthUnits;
  // Slid along each side in half label heights, while the label still faces the ring
  // (a label height of it), so the arrow stays short and straight.
  const step = heightUnits / 2;
  const slides = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
  };
  const xs = slides(ring.x - widthUnits + heightUnits, ring.x + ring.width - heightUnits);
  const ys = slides(ring.y - heightUnits + step, ring.y + ring.height - step);
  const beside = [
    boxAt(clampX(ring.x), above),
    boxAt(clampX(ring.x), below),
    boxAt(clampX(alignedRight), above),
    boxAt(clampX(alignedRight), below),
    boxAt(rightOf, level),
    boxAt(leftOf, level),
    ...xs.flatMap((x) => [boxAt(clampX(x), above), boxAt(clampX(x), below)]),
    ...ys.flatMap((y) => [boxAt(rightOf, clampY(y)), boxAt(leftOf, clampY(y))]),
  ];
  const first = beside.find(free);
  if (first) return placed(first);
  // The free place nearest the ring, within reach, on a grid of half a label's height.
  const reach = heightUnits * REACH_HEIGHTS;
  let nearest: Box | undefined;
  let nearestGap = Infinity;
  const withinReach: Box[] = [];
  for (
    let y = Math.max(0, ring.y - reach - heightUnits);
    y <= ring.y + ring.height + reach;
    y += step
  ) {
    for (
      let x = Math.max(0, ring.x - reach - widthUnits);
      x <= ring.x + ring.width + reach;
      x += step
    ) {
      const box = boxAt(x, y);
      const boxToRing = boxGap(box, ring);
      if (boxToRing < gap || boxToRing > reach) continue;
      withinReach.push(box);
      if (boxToRing < nearestGap && free(box)) {
        nearest = box;
        nearestGap = boxToRing;
      }
    }
  }
  if (nearest) return placed(nearest);
  // No free room near it: beside the ring or within reach, over as little of the drawing
  // as can be (the first place named above of equals), and over a tag (its words return
  // when the step ends) before a part a learner may tap.
  const parts = new Set<Box>(layout.nodes);
  let least: Box | undefined;
  let leastArea = Infinity;
  for (const box of [...beside, ...withinReach]) {
    if (!allowed(box)) continue;
    const area = obstacles.reduce(
      (sum, o) => sum + overlapArea(o, box) * (parts.has(o) ? NODE_COVER_WEIGHT : 1),
      0,
    );
    if (area < leastArea) {
      least = box;
      leastArea = area;
    }
  }
  return placed(least ?? boxAt(clampX(ring.x), above >= 0 ? above : clampY(below)));
}

/** A spotlight label's box width for its text at `fontSize` (room for two more letters and a pad). */
export function labelWidthUnits(text: string, fontSize: number): number {
  return (text.length + 2) * fontSize * 0.6 + 16;
}

/**
 * The label's lines: one, or where that is wider than `maxWidthUnits` (a phone's narrow
 * column), words filled into as few lines as fit (a single long word stays whole).
 */
export function labelLines(text: string, fontSize: number, maxWidthUnits: number): string[] {
  if (labelWidthUnits(text, fontSize) <= maxWidthUnits) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && labelWidthUnits(next, fontSize) > maxWidthUnits) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The arrowhead at `tip`, pointing from `tail`: a filled triangle `sizeUnits` long, as an
 * SVG path; null when the two points are too close for a direction.
 */
export function arrowHeadPath(tail: Point, tip: Point, sizeUnits: number): string | null {
  const dx = tip.x - tail.x;
  const dy = tip.y - tail.y;
  const length = Math.hypot(dx, dy);
  if (length < 1e-6) return null;
  const ux = dx / length;
  const uy = dy / length;
  const size = Math.min(sizeUnits, length);
  const bx = tip.x - ux * size;
  const by = tip.y - uy * size;
  const half = size * 0.6;
  const f = (n: number) => Math.round(n * 100) / 100;
  return `M${f(tip.x)},${f(tip.y)}L${f(bx - uy * half)},${f(by + ux * half)}L${f(bx + uy * half)},${f(by - ux * half)}Z`;
}

export function renderSpotlight(
  svg: SVGSVGElement,
  layout: TopologyLayout,
  spotlight: SpotlightData | null,
): void {
  const root = select(svg)
    .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    .attr('preserveAspectRatio', 'xMidYMid meet');
  const ids = spotlight?.ids ?? [];
  // Links: a wide band along the link's own path (a rectangle would cover the nodes).
  const bands = ids
    .map((id) => layout.linkById.get(id))
    .filter((link): link is LinkLayout => link !== undefined)
    .map((link) => ({ id: link.id, d: linkPath(link), box: linkBox(link), link }));
  root
    .selectAll<SVGPathElement, (typeof bands)[number]>('path.spotlight-ring')
    .data(bands, (d) => d.id)
    .join('path')
    .attr('class', 'spotlight-ring spotlight-link')
    .attr('data-id', (d) => d.id)
    .attr('d', (d) => d.d);
  const rings = ids
    .map((id) => ({ id, box: spotlightBox(layout, id) }))
    .filter((r): r is { id: string; box: Box } => r.box !== undefined)
    .map(({ id, box }) => ({
      id,
      x: box.x - RING_PAD,
      y: box.y - RING_PAD,
      width: box.width + 2 * RING_PAD,
      height: box.height + 2 * RING_PAD,
    }));
  root
    .selectAll<SVGRectElement, (typeof rings)[number]>('rect.spotlight-ring')
    .data(rings, (d) => d.id)
    .join('rect')
    .attr('class', 'spotlight-ring')
    .attr('data-id', (d) => d.id)
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height)
    .attr('rx', 10);
  // The label goes beside the first id the step names, node or link, and points at it.
  const firstId = ids.find(
    (id) => rings.some((r) => r.id === id) || bands.some((b) => b.id === id),
  );
  const firstBand = bands.find((b) => b.id === firstId);
  const firstRing = rings.find((r) => r.id === firstId);
  const target: CalloutTarget | null = firstBand
    ? { box: firstBand.box, aim: linkPoints(firstBand.link) }
    : firstRing
      ? { box: firstRing, aim: spotlightBox(layout, firstRing.id)! }
      : null;
  const fontSize = layout.fonts.small;
  const labels = target && spotlight ? [{ text: spotlight.label, target }] : [];
  const label = root
    .selectAll<SVGGElement, (typeof labels)[number]>('g.spotlight-label')
    .data(labels)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'spotlight-label');
      g.append('line').attr('class', 'spotlight-arrow');
      g.append('path').attr('class', 'spotlight-arrow-head');
      g.append('rect');
      g.append('text');
      return g;
    });
  label.each(function (d) {
    const g = select(this);
    const lines = labelLines(d.text, fontSize, layout.width);
    const widthUnits = Math.max(...lines.map((line) => labelWidthUnits(line, fontSize)));
    const lineUnits = fontSize * 1.2;
    const heightUnits = fontSize * 1.6 + (lines.length - 1) * lineUnits;
    const otherRings = rings.filter((r) => r !== d.target.box);
    const { box, tail, tip } = calloutPlace(layout, d.target, widthUnits, heightUnits, otherRings);
    g.attr('data-tip', `${Math.round(tip.x * 100) / 100},${Math.round(tip.y * 100) / 100}`);
    g.select('line').attr('x1', tail.x).attr('y1', tail.y).attr('x2', tip.x).attr('y2', tip.y);
    g.select('path.spotlight-arrow-head').attr(
      'd',
      arrowHeadPath(tail, tip, Math.max(8, fontSize * 0.55)) ?? '',
    );
    g.select('rect')
      .attr('x', box.x)
      .attr('y', box.y)
      .attr('width', widthUnits)
      .attr('height', heightUnits)
      .attr('rx', 4);
    const firstLineY = box.y + heightUnits / 2 - ((lines.length - 1) * lineUnits) / 2;
    g.select('text')
      .attr('x', box.x + widthUnits / 2)
      .attr('y', firstLineY)
      .attr('dominant-baseline', 'central')
      .attr('text-anchor', 'middle')
      .attr('font-size', fontSize)
      .selectAll('tspan')
      .data(lines)
      .join('tspan')
      .attr('x', box.x + widthUnits / 2)
      .attr('y', (_, i) => firstLineY + i * lineUnits)
      .text((line) => line);
  });
}

/** Points along a link's drawn path, for the arrow's tip. */
function linkPoints(link: LinkLayout): Point[] {
  return Array.from({ length: 33 }, (_, i) => linkPointAt(link, i / 32));
}
