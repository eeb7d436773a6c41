/**
 * Where each part of the cloud sits on the diagram, in SVG user units. Users on the
 * left, each region's balancer in the middle, and on the right the region box (dashed)
 * holding its zones stacked top to bottom, each zone holding its servers. Servers are
 * stacked too, so every balancer->server link reaches its server without crossing
 * another one.
 */
import type { ComponentInfo, ComponentKind, LinkInfo } from '../sim';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NodeLayout extends Box {
  id: string;
  kind: ComponentKind;
  label: string;
}

export interface GroupLayout extends Box {
  id: string;
  label: string;
}

/** A straight link between two node edges; messages travel along it. */
export interface LinkLayout {
  id: string;
  from: string;
  to: string;
  scope: LinkInfo['scope'];
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  /** Users, balancers and servers: the drawn nodes. */
  nodes: NodeLayout[];
  zones: GroupLayout[];
  regions: GroupLayout[];
  links: LinkLayout[];
  nodeById: ReadonlyMap<string, NodeLayout>;
  linkById: ReadonlyMap<string, LinkLayout>;
}

/** Sizes in SVG user units; the SVG scales to its box, so these set proportions. */
export const LAYOUT = {
  margin: 12,
  usersX: 12,
  usersWidth: 118,
  usersHeight: 76,
  balancerX: 236,
  balancerWidth: 132,
  balancerHeight: 84,
  regionX: 452,
  regionPad: 12,
  regionLabelHeight: 34,
  regionGap: 24,
  zoneGap: 8,
  zonePad: 6,
  /** Column right of the servers holding the zone's tag, so no link crosses it. */
  zoneTagWidth: 84,
  serverWidth: 250,
  serverHeight: 50,
  serverGap: 6,
} as const;

/**
 * Lays out `components` (in the engine's order: users, then per region its balancer,
 * zones and servers) and `links`. Pure: the same input gives the same layout.
 */
export function topologyLayout(
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
): TopologyLayout {
  const L = LAYOUT;
  const nodes: NodeLayout[] = [];
  const zones: GroupLayout[] = [];
  const regions: GroupLayout[] = [];
  const balancerByRegion = new Map<string, NodeLayout>();

  const regionInfos = components.filter((c) => c.kind === 'region');
  const zoneWidth = L.zonePad + L.serverWidth + L.zoneTagWidth;
  const regionWidth = zoneWidth + 2 * L.regionPad;
  let y = L.margin;
  for (const region of regionInfos) {
    const regionTop = y;
    let zoneY = regionTop + L.regionLabelHeight;
    const zoneInfos = components.filter((c) => c.kind === 'zone' && c.region === region.id);
    for (const zone of zoneInfos) {
      const servers = components.filter((c) => c.kind === 'server' && c.zone === zone.id);
      const zoneHeight =
        2 * L.zonePad + servers.length * L.serverHeight + (servers.length - 1) * L.serverGap;
      zones.push({
        id: zone.id,
        label: zone.label,
        x: L.regionX + L.regionPad,
        y: zoneY,
        width: zoneWidth,
        height: zoneHeight,
      });
      servers.forEach((server, i) => {
        nodes.push({
          id: server.id,
          kind: 'server',
          label: server.label,
          x: L.regionX + L.regionPad + L.zonePad,
          y: zoneY + L.zonePad + i * (L.serverHeight + L.serverGap),
          width: L.serverWidth,
          height: L.serverHeight,
        });
      });
      zoneY += zoneHeight + L.zoneGap;
    }
    const regionHeight = zoneY - L.zoneGap + L.regionPad - regionTop;
    regions.push({
      id: region.id,
      label: region.label,
      x: L.regionX,
      y: regionTop,
      width: regionWidth,
      height: regionHeight,
    });
    const balancer = components.find((c) => c.kind === 'balancer' && c.region === region.id);
    if (balancer) {
      const node: NodeLayout = {
        id: balancer.id,
        kind: 'balancer',
        label: balancer.label,
        x: L.balancerX,
        y: regionTop + regionHeight / 2 - L.balancerHeight / 2,
        width: L.balancerWidth,
        height: L.balancerHeight,
      };
      nodes.push(node);
      balancerByRegion.set(region.id, node);
    }
    y = regionTop + regionHeight + L.regionGap;
  }
  const height = y - L.regionGap + L.margin;

  // User groups sit level with their region's balancer; several groups share it evenly.
  const users = components.filter((c) => c.kind === 'users');
  users.forEach((group, i) => {
    const balancer = group.region ? balancerByRegion.get(group.region) : undefined;
    const siblings = users.filter((u) => u.region === group.region);
    const index = siblings.indexOf(group);
    const centreY = balancer
      ? balancer.y +
        balancer.height / 2 +
        (index - (siblings.length - 1) / 2) * (L.usersHeight + 16)
      : L.margin + i * (L.usersHeight + 16) + L.usersHeight / 2;
    nodes.push({
      id: group.id,
      kind: 'users',
      label: group.label,
      x: L.usersX,
      y: centreY - L.usersHeight / 2,
      width: L.usersWidth,
      height: L.usersHeight,
    });
  });

  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const linkLayouts: LinkLayout[] = [];
  for (const link of links) {
    const from = nodeById.get(link.from);
    const to = nodeById.get(link.to);
    if (!from || !to) continue;
    linkLayouts.push({
      id: link.id,
      from: link.from,
      to: link.to,
      scope: link.scope,
      x1: from.x + from.width,
      y1: from.y + from.height / 2,
      x2: to.x,
      y2: to.y + to.height / 2,
    });
  }
  return {
    width: L.regionX + regionWidth + L.margin,
    height,
    nodes,
    zones,
    regions,
    links: linkLayouts,
    nodeById,
    linkById: new Map(linkLayouts.map((l) => [l.id, l])),
  };
}
