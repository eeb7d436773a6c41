// @vitest-environment jsdom
/**
 * The lesson spotlight rings what a step is about: a node, zone or region with a ring,
 * and (issue 13) a link with a band along its own path, e.g. the replication link a
 * step talks about; the label sits beside the first id the step names, with an arrow to it.
 */
import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks, type TopologySpec } from '../sim';
import { BUILTIN_SCENARIOS } from '../scenarios';
import {
  linkPath,
  linkPointAt,
  PHONE_TARGET,
  PRESENT_TARGET,
  topologyLayout,
  type Box,
} from './layout';
import { labelWidthUnits, linkBox, REACH_HEIGHTS, renderSpotlight } from './spotlight';
import { ACTIVE_ACTIVE_DATA_TOPOLOGY, DATABASE_TOPOLOGY } from './topologyFixtures';

const layoutOf = (topology: TopologySpec) =>
  topologyLayout(topologyComponents(topology), topologyLinks(topology));

function draw(topology: TopologySpec, ids: string[], label: string) {
  const layout = layoutOf(topology);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  renderSpotlight(svg, layout, { ids, label });
  return { layout, svg };
}

describe('the lesson spotlight', () => {
  it('draws a band along a link, on the link’s own path, labelled beside it', () => {
    for (const [topology, link] of [
      [DATABASE_TOPOLOGY, 'db-a1->db-b1'],
      [ACTIVE_ACTIVE_DATA_TOPOLOGY, 'db-eu-a->db-us-a'],
    ] as const) {
      const { layout, svg } = draw(topology, [link], 'writes stream here');
      const band = svg.querySelector(`path.spotlight-ring[data-id="${link}"]`);
      expect(band, link).not.toBeNull();
      const drawn = layout.linkById.get(link)!;
      expect(band!.getAttribute('d')).toBe(linkPath(drawn));
      expect(svg.querySelectorAll('rect.spotlight-ring')).toHaveLength(0);
      // The label sits just above or below the link's box, not somewhere else.
      const box = linkBox(drawn);
      const labelBox = svg.querySelector('g.spotlight-label rect')!;
      const y = Number(labelBox.getAttribute('y'));
      const h = Number(labelBox.getAttribute('height'));
      expect(y + h <= box.y || y >= box.y + box.height).toBe(true);
      expect(Math.abs(y + h / 2 - (box.y + box.height / 2))).toBeLessThan(box.height / 2 + 2 * h);
      expect(svg.querySelector('g.spotlight-label text')!.textContent).toBe('writes stream here');
      // Its arrow's tip is on the link itself.
      const { tip } = calloutOf(svg);
      const nearest = Math.min(
        ...Array.from({ length: 201 }, (_, i) => {
          const p = linkPointAt(drawn, i / 200);
          return Math.hypot(p.x - tip.x, p.y - tip.y);
        }),
      );
      expect(nearest, link).toBeLessThan(1);
    }
  });

  it('rings nodes and links together; the label goes beside the first one named', () => {
    const { layout, svg } = draw(DATABASE_TOPOLOGY, ['db-a1', 'db-a1->db-c1'], 'here');
    expect(svg.querySelectorAll('rect.spotlight-ring')).toHaveLength(1);
    expect(svg.querySelectorAll('path.spotlight-ring')).toHaveLength(1);
    const node = layout.nodeById.get('db-a1')!;
    expect(distanceToBox(calloutOf(svg).tip, node)).toBeLessThan(0.01);
    // Redrawn without the link: the band goes.
    renderSpotlight(svg, layout, { ids: ['db-a1'], label: 'here' });
    expect(svg.querySelectorAll('path.spotlight-ring')).toHaveLength(0);
  });

  it('draws nothing for an id the diagram does not have', () => {
    const { svg } = draw(DATABASE_TOPOLOGY, ['nowhere'], 'x');
    expect(svg.querySelectorAll('.spotlight-ring, g.spotlight-label')).toHaveLength(0);
  });
});

/** Whether two boxes overlap (touching edges do not count). */
const boxesOverlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The distance from a point to a box (0 inside it). */
const distanceToBox = (p: { x: number; y: number }, b: Box): number =>
  Math.hypot(
    Math.max(0, b.x - p.x, p.x - (b.x + b.width)),
    Math.max(0, b.y - p.y, p.y - (b.y + b.height)),
  );

/** Issue 14: "dashed: unhealthy" sat by zone c in Present and a screen above app-b1 on a phone. */
describe.each(
  BUILTIN_SCENARIOS.flatMap((s) => [
    [s.name, 'Present', PRESENT_TARGET] as const,
    [s.name, 'phone', PHONE_TARGET] as const,
    [s.name, 'laptop', undefined] as const,
  ]),
)('the spotlight callout, %s (%s)', (name, where, target) => {
  it('sits inside the diagram beside the part it names, its arrow on that part; over no ring; on the laptop over nothing, on a phone over no part', () => {
    const scenario = BUILTIN_SCENARIOS.find((s) => s.name === name)!;
    const components = topologyComponents(scenario.topology);
    const layout = topologyLayout(components, topologyLinks(scenario.topology), target);
    const obstacles = [
      ...layout.nodes.map((n) => ({ id: n.id, box: n as Box, part: true })),
      ...[...layout.zones, ...layout.regions].map((g) => ({
        id: `${g.id} tag`,
        box: g.tag,
        part: false,
      })),
    ];
    const hits: string[] = [];
    const text = 'dashed: unhealthy';
    const fontSize = layout.fonts.small;
    for (const part of layout.nodes.filter((n) => n.kind === 'server' || n.kind === 'database')) {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      renderSpotlight(svg, layout, { ids: [part.id], label: text });
      const { label, tail, tip } = calloutOf(svg);
      expect(label.width).toBeGreaterThanOrEqual(labelWidthUnits(text, fontSize));
      const ring = svg.querySelector('rect.spotlight-ring')!;
      const ringBox: Box = {
        x: Number(ring.getAttribute('x')),
        y: Number(ring.getAttribute('y')),
        width: Number(ring.getAttribute('width')),
        height: Number(ring.getAttribute('height')),
      };
      // The tip on the part's own box (across the ring drawn round it).
      expect(distanceToBox(tip, part), part.id).toBeLessThan(0.01);
      // The tail on the label's edge, and the arrow short: the label is beside its part.
      expect(distanceToBox(tail, label), part.id).toBeLessThan(0.01);
      const arrow = Math.hypot(tip.x - tail.x, tip.y - tail.y);
      expect(arrow, part.id).toBeGreaterThan(0);
      // Within reach of the ring, which is its pad off the part (at a corner, diagonally).
      const pad = part.x - ringBox.x;
      expect(arrow, part.id).toBeLessThanOrEqual(
        REACH_HEIGHTS * fontSize * 1.6 + pad * Math.SQRT2 + 0.01,
      );
      for (const o of [...obstacles, { id: 'its ring', box: ringBox, part: true }]) {
        if (!boxesOverlap(label, o.box)) continue;
        if (o.id === 'its ring' || where === 'laptop' || (where === 'phone' && o.part)) {
          hits.push(`label for ${part.id} over ${o.id}`);
        }
      }
      expect(label.x, part.id).toBeGreaterThanOrEqual(0);
      expect(label.y, part.id).toBeGreaterThanOrEqual(0);
      expect(label.x + label.width, part.id).toBeLessThanOrEqual(layout.width);
      expect(label.y + label.height, part.id).toBeLessThanOrEqual(layout.height);
    }
    expect(hits).toEqual([]);
  });
});

/** The drawn callout: the label's box, and its arrow's tail and tip, in SVG units. */
function calloutOf(svg: SVGSVGElement) {
  const rect = svg.querySelector('g.spotlight-label rect')!;
  const line = svg.querySelector('g.spotlight-label line.spotlight-arrow')!;
  const at = (name: string) => Number(line.getAttribute(name));
  return {
    label: {
      x: Number(rect.getAttribute('x')),
      y: Number(rect.getAttribute('y')),
      width: Number(rect.getAttribute('width')),
      height: Number(rect.getAttribute('height')),
    } as Box,
    tail: { x: at('x1'), y: at('y1') },
    tip: { x: at('x2'), y: at('y2') },
  };
}
