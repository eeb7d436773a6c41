/**
 * The shape of the simulated cloud as data: regions hold zones, zones hold app
 * servers, each region has a load balancer, and user groups sit in front. The engine
 * derives components (things that can break) and links (paths messages travel).
 */
import { LWW_MAX_NODES } from './database/databaseVersion';

export interface ZoneSpec {
  /** Unique id, e.g. `eu-a`. */
  id: string;
  /** Short label drawn on the diagram, e.g. `a`. Defaults to the id. */
  label?: string;
  /** App server ids, e.g. `app-a1`. */
  servers: string[];
}

export interface RegionSpec {
  id: string;
  label?: string;
  /** Id of the region's load balancer, e.g. `lb-1`. */
  balancer: string;
  zones: ZoneSpec[];
}

export interface UserGroupSpec {
  id: string;
  /** The region whose balancer these users reach. */
  region: string;
  /** Share of all arrivals that come from this group (normalised over groups). */
  share: number;
}

/** A DNS-style global traffic manager in front of several regions (Route 53-like). */
export interface TrafficManagerSpec {
  id: string;
}

/** A replicated database: nodes placed in zones, one of them the initial primary. */
export interface DatabaseTopologySpec {
  /** Nodes in preference order (the first connected one is the synchronous standby). */
  nodes: Array<{ id: string; zone: string }>;
  primary: string;
}

/** An external dependency every app server may call (a payment provider). */
export interface DependencySpec {
  id: string;
}

export interface TopologySpec {
  regions: RegionSpec[];
  users: UserGroupSpec[];
  /** The payments dependency; absent means requests never leave the app servers. */
  dependency?: DependencySpec;
  /** The database tier; absent means app servers keep no data. */
  database?: DatabaseTopologySpec;
  /**
   * Present when users may be sent to more than one region. Without it each user
   * group only ever reaches its own region's balancer.
   */
  trafficManager?: TrafficManagerSpec;
}

export type ComponentKind =
  'users' | 'dns' | 'balancer' | 'server' | 'zone' | 'region' | 'dependency' | 'database';

/** A part of the cloud, with where it lives. */
export interface ComponentInfo {
  id: string;
  kind: ComponentKind;
  label: string;
  region: string | null;
  zone: string | null;
}

/** A directed network path; its id is `from->to`. */
export interface LinkInfo {
  id: string;
  from: string;
  to: string;
  /**
   * `user`: users to their home region over the internet; `cross-region`: users to
   * another region; `region`: inside a data centre; `control`: health checks only;
   * `dependency`: an app server to the external dependency; `replication`: between
   * two database nodes.
   */
  scope: 'user' | 'cross-region' | 'region' | 'control' | 'dependency' | 'replication';
}

/** Joins two component ids into the link id used everywhere (`lb-1->app-a1`). */
export function linkId(from: string, to: string): string {
  return `${from}->${to}`;
}

/** Components of a topology in a stable order: users, then per region its parts. */
export function topologyComponents(topology: TopologySpec): ComponentInfo[] {
  const components: ComponentInfo[] = topology.users.map((group) => ({
    id: group.id,
    kind: 'users',
    label: group.id,
    region: group.region,
    zone: null,
  }));
  if (topology.trafficManager) {
    const id = topology.trafficManager.id;
    components.push({ id, kind: 'dns', label: id, region: null, zone: null });
  }
  for (const region of topology.regions) {
    components.push({
      id: region.id,
      kind: 'region',
      label: region.label ?? region.id,
      region: region.id,
      zone: null,
    });
    components.push({
      id: region.balancer,
      kind: 'balancer',
      label: region.balancer,
      region: region.id,
      zone: null,
    });
    for (const zone of region.zones) {
      components.push({
        id: zone.id,
        kind: 'zone',
        label: zone.label ?? zone.id,
        region: region.id,
        zone: zone.id,
      });
      for (const server of zone.servers) {
        components.push({
          id: server,
          kind: 'server',
          label: server,
          region: region.id,
          zone: zone.id,
        });
      }
      for (const node of topology.database?.nodes ?? []) {
        if (node.zone === zone.id) {
          components.push({
            id: node.id,
            kind: 'database',
            label: node.id,
            region: region.id,
            zone: zone.id,
          });
        }
      }
    }
  }
  if (topology.dependency) {
    const id = topology.dependency.id;
    components.push({ id, kind: 'dependency', label: id, region: null, zone: null });
  }
  return components;
}

/**
 * Links of a topology: each user group to its balancer (and, with a traffic manager,
 * to every other region's balancer), the traffic manager to each balancer, and each
 * balancer to its servers.
 */
export function topologyLinks(topology: TopologySpec): LinkInfo[] {
  const links: LinkInfo[] = [];
  for (const group of topology.users) {
    for (const region of topology.regions) {
      const home = region.id === group.region;
      if (!home && !topology.trafficManager) continue;
      links.push({
        id: linkId(group.id, region.balancer),
        from: group.id,
        to: region.balancer,
        scope: home ? 'user' : 'cross-region',
      });
    }
  }
  if (topology.trafficManager) {
    const id = topology.trafficManager.id;
    for (const region of topology.regions) {
      links.push({
        id: linkId(id, region.balancer),
        from: id,
        to: region.balancer,
        scope: 'control',
      });
    }
  }
  for (const region of topology.regions) {
    for (const zone of region.zones) {
      for (const server of zone.servers) {
        links.push({
          id: linkId(region.balancer, server),
          from: region.balancer,
          to: server,
          scope: 'region',
        });
      }
    }
  }
  if (topology.dependency) {
    const id = topology.dependency.id;
    for (const region of topology.regions) {
      for (const zone of region.zones) {
        for (const server of zone.servers) {
          links.push({ id: linkId(server, id), from: server, to: id, scope: 'dependency' });
        }
      }
    }
  }
  const nodes = topology.database?.nodes ?? [];
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const from = nodes[i]!.id;
      const to = nodes[j]!.id;
      links.push({ id: linkId(from, to), from, to, scope: 'replication' });
    }
  }
  return links;
}

const ID_PATTERN = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * Bounds of a user group's share. Shares are relative weights (normalised over the
 * groups); the bounds keep every group's arrival rate a finite, non-zero number.
 */
const USER_SHARE_MIN = 0.001;
const USER_SHARE_MAX = 1_000_000;

/** Most database nodes a topology may have (last-writer-wins versions hold the node index). */
const DATABASE_NODES_MAX = LWW_MAX_NODES;

/**
 * Checks a topology; returns error sentences (empty when valid). Safe on any data
 * (a file, a link): wrong types, nulls and missing fields get a sentence, never a throw.
 */
export function validateTopology(topology: TopologySpec): string[] {
  const errors: string[] = [];
  if (topology === null || typeof topology !== 'object' || Array.isArray(topology))
    return ['topology must be an object with regions and users'];
  const seen = new Set<string>();
  const checkId = (id: unknown, where: string): void => {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      errors.push(
        `${where}: id ${JSON.stringify(id)} must be lower-case letters, digits and dashes, starting with a letter`,
      );
      return;
    }
    if (seen.has(id)) errors.push(`${where}: id "${id}" is used twice`);
    seen.add(id);
  };
  if (!Array.isArray(topology.regions) || topology.regions.length === 0) {
    errors.push('topology.regions must list at least one region');
    return errors;
  }
  if (!Array.isArray(topology.users) || topology.users.length === 0) {
    errors.push('topology.users must list at least one user group');
    return errors;
  }
  const isObject = (v: unknown): boolean =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  const checkLabel = (label: unknown, where: string): void => {
    if (label !== undefined && typeof label !== 'string')
      errors.push(`${where}.label must be a short text (or left out)`);
  };
  /** An optional part given as a record with an id, e.g. `{ "id": "payments" }`. */
  const checkOptionalPart = (part: unknown, where: string): void => {
    if (part === undefined) return;
    if (!isObject(part))
      return void errors.push(`${where} must be an object like { "id": "name" } (or left out)`);
    checkId((part as { id: unknown }).id, where);
  };
  topology.regions.forEach((region, r) => {
    const where = `topology.regions[${r}]`;
    if (!isObject(region))
      return void errors.push(`${where} must be an object with id, balancer and zones`);
    checkId(region.id, where);
    checkLabel(region.label, where);
    checkId(region.balancer, `${where}.balancer`);
    if (!Array.isArray(region.zones) || region.zones.length === 0) {
      errors.push(`${where}.zones must list at least one zone`);
      return;
    }
    region.zones.forEach((zone, z) => {
      if (!isObject(zone))
        return void errors.push(`${where}.zones[${z}] must be an object with id and servers`);
      checkId(zone.id, `${where}.zones[${z}]`);
      checkLabel(zone.label, `${where}.zones[${z}]`);
      if (!Array.isArray(zone.servers) || zone.servers.length === 0) {
        errors.push(`${where}.zones[${z}].servers must list at least one server`);
        return;
      }
      zone.servers.forEach((server, s) => checkId(server, `${where}.zones[${z}].servers[${s}]`));
    });
  });
  checkOptionalPart(topology.dependency, 'topology.dependency');
  if (topology.database !== undefined) {
    const database = topology.database;
    const zoneIds = new Set(
      topology.regions
        .filter(isObject)
        .flatMap((r) => (Array.isArray(r.zones) ? r.zones : []).filter(isObject).map((z) => z.id)),
    );
    if (!isObject(database) || !Array.isArray(database.nodes) || database.nodes.length === 0) {
      errors.push('topology.database.nodes must list at least one node');
    } else if (database.nodes.length > DATABASE_NODES_MAX) {
      errors.push(`topology.database.nodes must list at most ${DATABASE_NODES_MAX} nodes`);
    } else {
      database.nodes.forEach((node, i) => {
        if (!isObject(node))
          return void errors.push(
            `topology.database.nodes[${i}] must be an object with id and zone`,
          );
        checkId(node.id, `topology.database.nodes[${i}]`);
        if (!zoneIds.has(node.zone))
          errors.push(
            `topology.database.nodes[${i}].zone ${JSON.stringify(node.zone)} is not a zone of this topology`,
          );
      });
      if (!database.nodes.some((n) => isObject(n) && n.id === database.primary)) {
        errors.push(
          `topology.database.primary ${JSON.stringify(database.primary)} is not one of its nodes`,
        );
      }
    }
  }
  checkOptionalPart(topology.trafficManager, 'topology.trafficManager');
  if (topology.regions.length > 1 && !topology.trafficManager) {
    errors.push(
      'topology.trafficManager is needed when there is more than one region (users must be routed between them)',
    );
  }
  const regionIds = new Set(topology.regions.filter(isObject).map((r) => r.id));
  topology.users.forEach((group, g) => {
    const where = `topology.users[${g}]`;
    if (!isObject(group))
      return void errors.push(`${where} must be an object with id, region and share`);
    checkId(group.id, where);
    if (!regionIds.has(group.region))
      errors.push(
        `${where}.region ${JSON.stringify(group.region)} is not a region of this topology`,
      );
    if (
      typeof group.share !== 'number' ||
      !(group.share >= USER_SHARE_MIN && group.share <= USER_SHARE_MAX)
    )
      errors.push(
        `${where}.share must be a number from ${USER_SHARE_MIN} to ${USER_SHARE_MAX} (a relative weight; got ${JSON.stringify(group.share)})`,
      );
  });
  return errors;
}
