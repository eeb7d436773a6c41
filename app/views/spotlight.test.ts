// @vitest-environment jsdom
/**
 * The lesson spotlight rings what a step is about: a node, zone or region with a ring,
 * and (issue 13) a link with a band along its own path, e.g. the replication link a
 * step talks about; the label sits beside the first id the step names.
 */
import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks, type TopologySpec } from '../sim';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { linkPath, PHONE_TARGET, PRESENT_TARGET, topologyLayout, type Box } from './layout';
import { labelWidthUnits, linkBox, renderSpotlight } from './spotlight';
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
      expect(svg.querySelector('g.spotlight-label text')!.textContent).toBe('▶ writes stream here');
    }
  });

  it('rings nodes and links together; the label goes beside the first one named', () => {
    const { layout, svg } = draw(DATABASE_TOPOLOGY, ['db-a1', 'db-a1->db-c1'], 'here');
    expect(svg.querySelectorAll('rect.spotlight-ring')).toHaveLength(1);
    expect(svg.querySelectorAll('path.spotlight-ring')).toHaveLength(1);
    const node = layout.nodeById.get('db-a1')!;
    const labelX = Number(svg.querySelector('g.spotlight-label rect')!.getAttribute('x'));
    expect(labelX).toBeLessThanOrEqual(node.x);
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

// Issue 15: in Present the health-checks lesson's "▶ dashed: unhealthy" sat over zone b's
// tag and the a1/a2 tiles. The label now covers no node, no tag and not its own ring.
describe.each(
  BUILTIN_SCENARIOS.flatMap((s) => [
    [s.name, 'Present', PRESENT_TARGET] as const,
    [s.name, 'phone', PHONE_TARGET] as const,
    [s.name, 'laptop', undefined] as const,
  ]),
)('the spotlight label, %s (%s)', (name, _where, target) => {
  it('covers no node, no zone or region tag, and not the ring of the part it names', () => {
    const scenario = BUILTIN_SCENARIOS.find((s) => s.name === name)!;
    const components = topologyComponents(scenario.topology);
    const layout = topologyLayout(components, topologyLinks(scenario.topology), target);
    const obstacles = [
      ...layout.nodes.map((n) => ({ id: n.id, box: n as Box })),
      ...[...layout.zones, ...layout.regions].map((g) => ({ id: `${g.id} tag`, box: g.tag })),
    ];
    const hits: string[] = [];
    const text = 'dashed: unhealthy';
    for (const part of layout.nodes.filter((n) => n.kind === 'server' || n.kind === 'database')) {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      renderSpotlight(svg, layout, { ids: [part.id], label: text });
      const rect = svg.querySelector('g.spotlight-label rect')!;
      const label: Box = {
        x: Number(rect.getAttribute('x')),
        y: Number(rect.getAttribute('y')),
        width: Number(rect.getAttribute('width')),
        height: Number(rect.getAttribute('height')),
      };
      expect(label.width).toBeGreaterThanOrEqual(labelWidthUnits(text, layout.fonts.small));
      const ring = svg.querySelector('rect.spotlight-ring')!;
      const ringBox: Box = {
        x: Number(ring.getAttribute('x')),
        y: Number(ring.getAttribute('y')),
        width: Number(ring.getAttribute('width')),
        height: Number(ring.getAttribute('height')),
      };
      for (const o of [...obstacles, { id: 'its ring', box: ringBox }]) {
        if (boxesOverlap(label, o.box)) hits.push(`label for ${part.id} over ${o.id}`);
      }
      expect(label.x, part.id).toBeGreaterThanOrEqual(0);
      expect(label.y, part.id).toBeGreaterThanOrEqual(0);
      expect(label.x + label.width, part.id).toBeLessThanOrEqual(layout.width);
      expect(label.y + label.height, part.id).toBeLessThanOrEqual(layout.height);
    }
    expect(hits).toEqual([]);
  });
});
