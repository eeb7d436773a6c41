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

/** Where the label goes: above the first ring, or below it when there is no room above. */
export function labelPlace(
  layout: TopologyLayout,
  ring: Box,
  heightUnits: number,
): { x: number; y: number } {
  const above = ring.y - heightUnits - 4;
  const y = above >= 0 ? above : Math.min(layout.height - heightUnits, ring.y + ring.height + 4);
  return { x: ring.x + ring.width / 2, y };
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
    const widthUnits = d.text.length * fontSize * 0.6 + 16;
    const heightUnits = fontSize * 1.6;
    const at = labelPlace(layout, d.ring, heightUnits);
    // Left-aligned with the ring: a centred label would run over the zone's own tag.
    const x = Math.max(0, Math.min(layout.width - widthUnits, at.x - d.ring.width / 2));
    g.select('rect')
      .attr('x', x)
      .attr('y', at.y)
      .attr('width', widthUnits)
      .attr('height', heightUnits)
      .attr('rx', 4);
    g.select('text')
      .attr('x', x + widthUnits / 2)
      .attr('y', at.y + heightUnits / 2)
      .attr('dominant-baseline', 'central')
      .attr('text-anchor', 'middle')
      .attr('font-size', fontSize)
      .text(`▶ ${d.text}`);
  });
}
