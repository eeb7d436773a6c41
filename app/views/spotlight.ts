/**
 * The lesson spotlight: a ring around each diagram part a lesson step is about (a node,
 * zone or region), or a band along a link (the replication link the step talks about),
 * and a short label drawn on the diagram beside the first one. Drawn on its own SVG over the
 * topology (same viewBox), so it never changes the parts' own drawing or their names.
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
  const points = [0, 0.25, 0.5, 0.75, 1].map((t) => linkPointAt(link, t));
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

/** The gap between two boxes (0 when they touch or overlap). */
function boxGap(a: Box, b: Box): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

/**
 * Where the label goes (its top-left corner, in SVG units): the first place beside the
 * ring that covers no node, no zone or region tag and not the ring itself (issue 15: in
 * Present's tiles "dashed: unhealthy" sat over zone b's tag and the a1/a2 tiles): above
 * it left-aligned (a centred label would run over the zone's own tag), below, the same
 * right-aligned, right of it, left of it; else the free place nearest the ring; else,
 * with no free place at all, above the ring (below it when there is no room above).
 */
export function labelPlace(
  layout: TopologyLayout,
  ring: Box,
  widthUnits: number,
  heightUnits: number,
): { x: number; y: number } {
  const obstacles: Box[] = [
    ...layout.nodes,
    ...layout.zones.map((z) => z.tag),
    ...layout.regions.map((r) => r.tag),
    ...(layout.databaseLabel ? [layout.databaseLabel] : []),
    ring,
  ];
  const clampX = (x: number) => Math.max(0, Math.min(layout.width - widthUnits, x));
  const boxAt = (x: number, y: number): Box => ({ x, y, width: widthUnits, height: heightUnits });
  const free = (box: Box) =>
    box.y >= 0 &&
    box.y + box.height <= layout.height &&
    box.x >= 0 &&
    box.x + box.width <= layout.width &&
    !obstacles.some((o) => boxesOverlap(o, box));
  const above = ring.y - heightUnits - 4;
  const below = ring.y + ring.height + 4;
  const level = ring.y + ring.height / 2 - heightUnits / 2;
  const right = ring.x + ring.width - widthUnits;
  const beside = [
    boxAt(clampX(ring.x), above),
    boxAt(clampX(ring.x), below),
    boxAt(clampX(right), above),
    boxAt(clampX(right), below),
    boxAt(ring.x + ring.width + 8, level),
    boxAt(ring.x - widthUnits - 8, level),
  ];
  const first = beside.find(free);
  if (first) return { x: first.x, y: first.y };
  // The free place nearest the ring, on a grid of half a label's height.
  const step = heightUnits / 2;
  let nearest: Box | undefined;
  let nearestGap = Infinity;
  for (let y = 0; y + heightUnits <= layout.height; y += step) {
    for (let x = 0; x + widthUnits <= layout.width; x += step) {
      const box = boxAt(x, y);
      const gap = boxGap(box, ring);
      if (gap < nearestGap && free(box)) {
        nearest = box;
        nearestGap = gap;
      }
    }
  }
  if (nearest) return { x: nearest.x, y: nearest.y };
  return {
    x: clampX(ring.x),
    y: above >= 0 ? above : Math.min(layout.height - heightUnits, below),
  };
}

/** A spotlight label's box width for its text (the "▶ " marker included) at `fontSize`. */
export function labelWidthUnits(text: string, fontSize: number): number {
  return (text.length + 2) * fontSize * 0.6 + 16;
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
    .map((link) => ({ id: link.id, d: linkPath(link), box: linkBox(link) }));
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
  // The label goes beside the first id the step names, node or link.
  const firstId = ids.find(
    (id) => rings.some((r) => r.id === id) || bands.some((b) => b.id === id),
  );
  const firstBand = bands.find((b) => b.id === firstId);
  const first = firstBand
    ? { id: firstBand.id, ...firstBand.box }
    : rings.find((r) => r.id === firstId);
  const fontSize = layout.fonts.small;
  const labels = first && spotlight ? [{ text: spotlight.label, ring: first }] : [];
  const label = root
    .selectAll<SVGGElement, (typeof labels)[number]>('g.spotlight-label')
    .data(labels)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'spotlight-label');
      g.append('rect');
      g.append('text');
      return g;
    });
  label.each(function (d) {
    const g = select(this);
    const widthUnits = labelWidthUnits(d.text, fontSize);
    const heightUnits = fontSize * 1.6;
    const { x, y } = labelPlace(layout, d.ring, widthUnits, heightUnits);
    g.select('rect')
      .attr('x', x)
      .attr('y', y)
      .attr('width', widthUnits)
      .attr('height', heightUnits)
      .attr('rx', 4);
    g.select('text')
      .attr('x', x + widthUnits / 2)
      .attr('y', y + heightUnits / 2)
      .attr('dominant-baseline', 'central')
      .attr('text-anchor', 'middle')
      .attr('font-size', fontSize)
      .text(`▶ ${d.text}`);
  });
}
