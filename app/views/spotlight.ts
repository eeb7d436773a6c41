/**
 * The lesson spotlight: a ring around each diagram part a lesson step is about, and a
 * short label drawn on the diagram beside the first one. Drawn on its own SVG over the
 * topology (same viewBox), so it never changes the parts' own drawing or their names.
 * The ring is thick and doubled, and the label says what to look at: colour is not the
 * only signal. The pulse is CSS, off under prefers-reduced-motion.
 */
import { select } from 'd3';
import type { Box, TopologyLayout } from './layout';

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
  const rings = (spotlight?.ids ?? [])
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
  const first = rings[0];
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
