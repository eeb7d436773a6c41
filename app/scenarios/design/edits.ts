/**
 * The design editor's edits as data: add or remove servers, zones, regions, database
 * replicas and the dependency. Each edit is a pure function of a topology that gives
 * the new topology; whether the result may run is decided by the same check as share
 * links and scenario files (`validateConfiguration`), so the editor can never build a
 * design a link or the CLI would refuse. New ids follow the built-in scenarios' style
 * (`app-a3`, `eu-d`, `db-eu-b`) and are never used twice.
 */
import type { RegionSpec, TopologySpec, ZoneSpec } from '../../sim';

export type DesignEdit =
  | { type: 'add-server'; zone: string }
  | { type: 'remove-server'; zone: string }
  | { type: 'add-zone'; region: string }
  | { type: 'remove-zone'; zone: string }
  | { type: 'add-region' }
  | { type: 'remove-region'; region: string }
  | { type: 'add-replica'; zone: string }
  | { type: 'remove-replica'; node: string }
  | { type: 'add-dependency' }
  | { type: 'remove-dependency' };

/** Every id in a topology, to keep new ones unique. */
function usedIds(topology: TopologySpec): Set<string> {
  const ids = new Set<string>();
  for (const region of topology.regions) {
    ids.add(region.id).add(region.balancer);
    for (const zone of region.zones) {
      ids.add(zone.id);
      for (const server of zone.servers) ids.add(server);
    }
  }
  for (const group of topology.users) ids.add(group.id);
  for (const node of topology.database?.nodes ?? []) ids.add(node.id);
  if (topology.dependency) ids.add(topology.dependency.id);
  if (topology.trafficManager) ids.add(topology.trafficManager.id);
  return ids;
}

/** `${prefix}${n}` for the smallest n >= start not yet used. */
function freshId(used: ReadonlySet<string>, prefix: string, start = 1): string {
  for (let n = start; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** The next server id for a zone: its last server's stem with the next number. */
function nextServerId(topology: TopologySpec, zone: ZoneSpec): string {
  const used = usedIds(topology);
  const last = zone.servers[zone.servers.length - 1];
  const match = last === undefined ? null : /^(.*?)(\d+)$/.exec(last);
  if (match) return freshId(used, match[1]!, Number(match[2]) + 1);
  return freshId(used, `app-${zone.id}`);
}

/** The zone's letter-style suffix after its region's id (`eu-d` for the 4th zone of `eu`). */
function nextZoneId(used: ReadonlySet<string>, region: RegionSpec): string {
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
    const id = `${region.id}-${letter}`;
    if (!used.has(id)) return id;
  }
  return freshId(used, `${region.id}-z`);
}

/** Region ids offered in order (cloud-style geography), then numbered. */
const REGION_NAMES = ['eu', 'us', 'ap', 'sa', 'af', 'me', 'ca'];

const mapZones = (topology: TopologySpec, fn: (zone: ZoneSpec) => ZoneSpec): TopologySpec => ({
  ...topology,
  regions: topology.regions.map((r) => ({ ...r, zones: r.zones.map(fn) })),
});

const findZone = (topology: TopologySpec, id: string) =>
  topology.regions.flatMap((r) => r.zones).find((z) => z.id === id);

/**
 * The topology after `edit`, or one sentence saying why the edit names nothing in this
 * design. The result is not yet checked: pass it to `designProblem`.
 */
export function editTopology(topology: TopologySpec, edit: DesignEdit): TopologySpec | string {
  const used = usedIds(topology);
  switch (edit.type) {
    case 'add-server':
    case 'remove-server': {
      const zone = findZone(topology, edit.zone);
      if (!zone) return `zone "${edit.zone}" is not in this design`;
      const servers =
        edit.type === 'add-server'
          ? [...zone.servers, nextServerId(topology, zone)]
          : zone.servers.slice(0, -1);
      return mapZones(topology, (z) => (z.id === zone.id ? { ...z, servers } : z));
    }
    case 'add-zone': {
      const region = topology.regions.find((r) => r.id === edit.region);
      if (!region) return `region "${edit.region}" is not in this design`;
      const id = nextZoneId(used, region);
      const letter = id.slice(region.id.length + 1);
      const server = freshId(used, `app-${id}`);
      const zone: ZoneSpec = { id, label: `zone ${letter}`, servers: [server] };
      return {
        ...topology,
        regions: topology.regions.map((r) =>
          r.id === region.id ? { ...r, zones: [...r.zones, zone] } : r,
        ),
      };
    }
    case 'remove-zone': {
      if (!findZone(topology, edit.zone)) return `zone "${edit.zone}" is not in this design`;
      const nodes = (topology.database?.nodes ?? []).filter((n) => n.zone !== edit.zone);
      return withDatabaseNodes(
        {
          ...topology,
          regions: topology.regions.map((r) => ({
            ...r,
            zones: r.zones.filter((z) => z.id !== edit.zone),
          })),
        },
        nodes,
      );
    }
    case 'add-region': {
      const id = REGION_NAMES.find((name) => !used.has(name)) ?? freshId(used, 'region-');
      const zoneId = `${id}-a`;
      const region: RegionSpec = {
        id,
        label: id,
        balancer: used.has(`lb-${id}`) ? freshId(used, `lb-${id}-`) : `lb-${id}`,
        zones: [{ id: zoneId, label: 'zone a', servers: [freshId(used, `app-${zoneId}`)] }],
      };
      const group = used.has(`users-${id}`) ? freshId(used, `users-${id}-`) : `users-${id}`;
      return {
        ...topology,
        // More than one region needs the DNS traffic manager to route users between them.
        trafficManager: topology.trafficManager ?? {
          id: used.has('dns') ? freshId(used, 'dns-') : 'dns',
        },
        regions: [...topology.regions, region],
        users: [...topology.users, { id: group, region: id, share: 1 }],
      };
    }
    case 'remove-region': {
      const region = topology.regions.find((r) => r.id === edit.region);
      if (!region) return `region "${edit.region}" is not in this design`;
      const zones = new Set(region.zones.map((z) => z.id));
      return withDatabaseNodes(
        {
          ...topology,
          regions: topology.regions.filter((r) => r.id !== region.id),
          users: topology.users.filter((g) => g.region !== region.id),
        },
        (topology.database?.nodes ?? []).filter((n) => !zones.has(n.zone)),
      );
    }
    case 'add-replica': {
      if (!findZone(topology, edit.zone)) return `zone "${edit.zone}" is not in this design`;
      const stem = `db-${edit.zone}`;
      const id = used.has(stem) ? freshId(used, `${stem}-`, 2) : stem;
      const nodes = [...(topology.database?.nodes ?? []), { id, zone: edit.zone }];
      return withDatabaseNodes(topology, nodes);
    }
    case 'remove-replica': {
      const nodes = topology.database?.nodes ?? [];
      if (!nodes.some((n) => n.id === edit.node))
        return `database node "${edit.node}" is not in this design`;
      return withDatabaseNodes(
        topology,
        nodes.filter((n) => n.id !== edit.node),
      );
    }
    case 'add-dependency':
      if (topology.dependency)
        return `the design already has the dependency "${topology.dependency.id}"`;
      return {
        ...topology,
        dependency: { id: used.has('payments') ? freshId(used, 'payments-') : 'payments' },
      };
    case 'remove-dependency': {
      if (!topology.dependency) return 'the design has no dependency to remove';
      const rest = { ...topology };
      delete rest.dependency;
      return rest;
    }
  }
}

/**
 * The topology with these database nodes: none removes the database; a removed
 * primary hands over to the first node left (the preferred standby).
 */
function withDatabaseNodes(
  topology: TopologySpec,
  nodes: ReadonlyArray<{ id: string; zone: string }>,
): TopologySpec {
  const rest = { ...topology };
  delete rest.database;
  if (nodes.length === 0) return rest;
  const primary = nodes.some((n) => n.id === topology.database?.primary)
    ? topology.database!.primary
    : nodes[0]!.id;
  return { ...rest, database: { nodes: [...nodes], primary } };
}
