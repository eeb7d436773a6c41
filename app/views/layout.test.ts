import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks, type TopologySpec } from '../sim';
import { topologyLayout, type Box } from './layout';

const TOPOLOGY: TopologySpec = {
  regions: [
    {
      id: 'eu',
      balancer: 'lb-1',
      zones: ['a', 'b', 'c'].map((z) => ({
        id: `eu-${z}`,
        label: `zone ${z}`,
        servers: [`app-${z}1`, `app-${z}2`],
      })),
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
};

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('topologyLayout', () => {
  const layout = topologyLayout(topologyComponents(TOPOLOGY), topologyLinks(TOPOLOGY));

  it('puts users left of the balancer, and the balancer left of every server', () => {
    const users = layout.nodeById.get('users')!;
    const lb = layout.nodeById.get('lb-1')!;
    const servers = layout.nodes.filter((n) => n.kind === 'server');
    expect(servers).toHaveLength(6);
    expect(users.x + users.width).toBeLessThan(lb.x);
    for (const s of servers) expect(lb.x + lb.width).toBeLessThan(s.x);
  });

  it('keeps nodes apart, servers inside their zone, zones inside the region', () => {
    for (const a of layout.nodes) {
      for (const b of layout.nodes) if (a !== b) expect(overlap(a, b)).toBe(false);
    }
    for (const zone of layout.zones) {
      const servers = layout.nodes.filter((n) => n.id.startsWith(`app-${zone.id.slice(-1)}`));
      expect(servers).toHaveLength(2);
      for (const s of servers) expect(inside(s, zone)).toBe(true);
      expect(inside(zone, layout.regions[0]!)).toBe(true);
    }
    for (const n of [...layout.nodes, ...layout.regions]) {
      expect(inside(n, { x: 0, y: 0, width: layout.width, height: layout.height })).toBe(true);
    }
  });

  it('joins each link from the right edge of its source to the left edge of its target', () => {
    expect(layout.links).toHaveLength(7);
    for (const link of layout.links) {
      const from = layout.nodeById.get(link.from)!;
      const to = layout.nodeById.get(link.to)!;
      expect(link.x1).toBe(from.x + from.width);
      expect(link.x2).toBe(to.x);
      expect(link.y2).toBe(to.y + to.height / 2);
    }
  });
});
