/**
 * Fluid mode's database (years fast): the single-primary database of `database/`
 * reduced to what decides availability and durability over years, driven by the same
 * failures (`failureProcess.ts`) the engine sees: zone and region outages take the nodes
 * in them away, a disk loss takes a node's data.
 *
 * - Failover time per the database settings (docs/reference.md "Failover"): automatic, the
 *   leader lease expires `leaseTtlMs` after its last renewal (renewed every `loopWaitMs`,
 *   so on average ttl - loop_wait / 2 after the loss), the most up-to-date healthy node
 *   is promoted (`promotionMs`) and clients find it (`rediscoveryMs`); manual, the alert
 *   (`alertDelayMs`) and the operator (`operatorDelayMs`; 0: nobody acts) come first.
 *   A primary back before its lease expires keeps its place.
 * - Acknowledged writes lost at a promotion (docs/reference.md "Replication and quorums"): the writes the
 *   promoted node never had. Each node holds the primary's writes up to a moment: a
 *   connected replica up to now less the replication lag (async: `replicaApplyDelayMs`
 *   plus the link), or up to now (sync, semi-sync, quorum: a write is acknowledged only
 *   once another copy has it); a node cut off keeps what it had when it went. So with
 *   async replication a primary loss loses about lag x write rate; with sync, semi-sync
 *   or quorum none, unless the node promoted had been cut off too (more copies lost than
 *   the mode tolerates) and the writes acknowledged meanwhile are lost.
 * - While no primary serves (from the loss until clients reach a primary), requests that
 *   need it fail: writes, and reads too when they are served by the primary. With sync
 *   or quorum replication and too few replicas connected, writes stall (fail).
 *
 * Simplifications (the gap to the engine, measured in `fluidDatabase.test.ts`): the lease
 * expires at its mean time; a rebuilt disk and a replica's catch-up are instant; semi-sync's
 * fallback to async after its timeout is not modelled (it acknowledges as sync does);
 * fencing and split brain do not arise (only whole zones and regions fail, no partitions).
 */
import type { SimTimeUs } from '../engine/time';
import type { Settings } from '../settings';
import type { TopologySpec } from '../topology';
import type { FailureInterval } from './failureProcess';

/** A span of the run during which some share of requests fails for the database's sake. */
export interface DatabaseOutage {
  fromUs: number;
  toUs: number;
  /** Share of all requests (of every region) that fail meanwhile, 0..1. */
  failingShare: number;
}

/** One promotion: when, which node, and the acknowledged writes it never had. */
export interface FluidFailover {
  atUs: number;
  from: string;
  to: string;
  /** From the primary's loss until clients write to the new primary, seconds. */
  rtoS: number;
  writesLost: number;
}

export interface FluidDatabaseResult {
  outages: DatabaseOutage[];
  failovers: FluidFailover[];
  /** Expected acknowledged writes lost (a rate times a time, so not a whole number). */
  writesLost: number;
}

/** Mean time from a primary's loss to the promotion starting; null: nobody promotes. */
export function promotionDelayUs(settings: Settings): number | null {
  const db = settings.database;
  if (db.failover === 'automatic') return (db.leaseTtlMs - db.loopWaitMs / 2) * 1000;
  if (db.operatorDelayMs <= 0) return null;
  return (db.alertDelayMs + db.operatorDelayMs) * 1000;
}

/** Replication lag of async replication between two nodes, microseconds. */
function lagUs(settings: Settings, sameRegion: boolean): number {
  const linkMs = sameRegion
    ? settings.network.inRegionLatencyMs
    : settings.network.crossRegionLatencyMs;
  return (settings.database.replicaApplyDelayMs + linkMs) * 1000;
}

interface NodeState {
  id: string;
  region: string;
  /** Outages (zone, region) it is in now: up when 0. */
  downCount: number;
  /** The primary's writes it holds: up to this moment (while connected: see `holdsUntil`). */
  heldUntilUs: number;
  connected: boolean;
}

/**
 * Runs the database of `topology` through the failures in `intervalsOf` (by component id)
 * until `untilUs`, with traffic at `settings.traffic.arrivalRatePerS`. Without a database
 * (or with multi-primary last-writer-wins, not modelled here) it reports nothing.
 */
export function runFluidDatabase(
  topology: TopologySpec,
  settings: Settings,
  intervalsOf: ReadonlyMap<string, readonly FailureInterval[]>,
  untilUs: SimTimeUs,
): FluidDatabaseResult | null {
  const spec = topology.database;
  if (!spec || settings.database.conflictMode !== 'single-primary') return null;
  const db = settings.database;
  const regionOfZone = new Map<string, string>();
  for (const r of topology.regions) for (const z of r.zones) regionOfZone.set(z.id, r.id);
  const nodes: NodeState[] = spec.nodes.map((n) => ({
    id: n.id,
    region: regionOfZone.get(n.zone)!,
    downCount: 0,
    heldUntilUs: 0,
    connected: true,
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Users' writes, plus the synthetic probes: each user group's probe writes whenever
  // users do (a journey through every step), once per probe interval.
  const probesPerS = (topology.users.length * 1000) / settings.monitoring.probeIntervalMs;
  const writesPerS =
    settings.traffic.arrivalRatePerS * db.writeShare + (db.writeShare > 0 ? probesPerS : 0);
  const synchronous = db.replicationMode !== 'async';
  // Replicas a write needs besides the primary before it is acknowledged (and else stalls).
  const replicasNeeded =
    db.replicationMode === 'quorum' ? db.quorumW - 1 : db.replicationMode === 'sync' ? 1 : 0;
  const readsNeedPrimary = db.readsFrom === 'primary';
  const delayUs = promotionDelayUs(settings);
  const switchUs = (db.promotionMs + db.rediscoveryMs) * 1000;

  // The changes, in time order: nodes leaving and coming back, disks lost.
  type Change = { atUs: number; node: NodeState; what: 'down' | 'up' | 'disk' };
  const changes: Change[] = [];
  for (const n of spec.nodes) {
    const node = byId.get(n.id)!;
    for (const iv of [
      ...(intervalsOf.get(n.zone) ?? []),
      ...(intervalsOf.get(node.region) ?? []),
    ]) {
      changes.push({ atUs: iv.failUs, node, what: 'down' });
      if (iv.repairUs < untilUs) changes.push({ atUs: iv.repairUs, node, what: 'up' });
    }
    for (const iv of intervalsOf.get(n.id) ?? [])
      changes.push({ atUs: iv.failUs, node, what: 'disk' });
  }
  // Ties: back up before going down, so an instant outage never counts as both.
  const order = { up: 0, disk: 1, down: 2 };
  changes.sort((a, b) => a.atUs - b.atUs || order[a.what] - order[b.what]);

  const outages: DatabaseOutage[] = [];
  const failovers: FluidFailover[] = [];
  let writesLost = 0;

  let primary: NodeState = byId.get(spec.primary)!;
  /** When clients lost the primary (null: it serves). */
  let lostAtUs: number | null = null;
  /** Acknowledged writes exist up to here (the primary's loss, or a stall's start). */
  let ackedUntilUs = 0;
  /** The primary's data went with its disk: it cannot come back as primary. */
  let primaryDataGone = false;
  /** A stall of writes (too few replicas connected for sync/quorum) since then, or null. */
  let stallSinceUs: number | null = null;

  const up = (n: NodeState) => n.downCount === 0;
  const holdsUntil = (n: NodeState, t: number): number =>
    n.connected
      ? synchronous
        ? t
        : Math.max(0, t - lagUs(settings, n.region === primary.region))
      : n.heldUntilUs;

  const connectedReplicas = () => nodes.filter((n) => n !== primary && up(n) && n.connected).length;
  /** Sync and quorum stall writes while too few replicas are connected to the primary. */
  const checkStall = (t: number): void => {
    if (lostAtUs !== null) return;
    const stalled = connectedReplicas() < replicasNeeded;
    if (stalled && stallSinceUs === null) {
      stallSinceUs = t;
      ackedUntilUs = t;
    } else if (!stalled && stallSinceUs !== null) {
      outages.push({ fromUs: stallSinceUs, toUs: t, failingShare: db.writeShare });
      stallSinceUs = null;
    }
  };
  const endStall = (t: number): void => {
    if (stallSinceUs !== null) {
      outages.push({ fromUs: stallSinceUs, toUs: t, failingShare: db.writeShare });
      stallSinceUs = null;
    }
  };

  const loseReplica = (n: NodeState, t: number): void => {
    if (!n.connected) return;
    n.heldUntilUs = holdsUntil(n, t);
    n.connected = false;
  };
  const primaryLost = (t: number): void => {
    if (lostAtUs !== null) return;
    // Writes acknowledged until now (unless they had stalled already).
    if (stallSinceUs === null) ackedUntilUs = t;
    endStall(t);
    lostAtUs = t;
    for (const n of nodes) if (n !== primary) loseReplica(n, t);
    // The old primary keeps every write it acknowledged (a lost disk: none, see 'disk').
    primary.heldUntilUs = t;
    primary.connected = false;
  };
  /** Clients reach a primary again at `t` (the old one back, or a promoted one). */
  const primaryBack = (t: number): void => {
    const failingShare = db.writeShare + (readsNeedPrimary ? 1 - db.writeShare : 0);
    outages.push({ fromUs: lostAtUs!, toUs: t, failingShare });
    lostAtUs = null;
    primaryDataGone = false;
    primary.connected = true;
    for (const n of nodes) if (n !== primary && up(n)) n.connected = true;
    checkStall(t);
  };

  /** The node a promotion at `t` picks: healthy, most up to date, first in order on a tie. */
  const candidate = (t: number): NodeState | null => {
    let chosen: NodeState | null = null;
    for (const n of nodes) {
      if (n === primary || !up(n)) continue;
      if (!chosen || holdsUntil(n, t) > holdsUntil(chosen, t)) chosen = n;
    }
    return chosen;
  };

  let k = 0;
  /** When the pending promotion decision is due (null: none pending). */
  let decideAtUs: number | null = null;
  /** When clients reach the node being promoted (null: no promotion under way). */
  let pendingBackUs: number | null = null;
  for (;;) {
    const nextChange = k < changes.length ? changes[k]!.atUs : Infinity;
    if (decideAtUs !== null && decideAtUs <= nextChange && decideAtUs < untilUs) {
      const t = decideAtUs;
      decideAtUs = null;
      const c = candidate(t);
      if (c) {
        const lost = (Math.max(0, ackedUntilUs - holdsUntil(c, lostAtUs!)) / 1e6) * writesPerS;
        writesLost += lost;
        const from = primary.id;
        primary = c;
        c.connected = true;
        const backUs = t + switchUs;
        failovers.push({
          atUs: t + db.promotionMs * 1000,
          from,
          to: c.id,
          rtoS: (backUs - lostAtUs!) / 1e6,
          writesLost: lost,
        });
        // Clients reach it after promotion and rediscovery.
        pendingBackUs = backUs;
      }
      // No candidate: the next node to come back decides (see 'up' below).
      continue;
    }
    if (pendingBackUs !== null && pendingBackUs <= nextChange && pendingBackUs < untilUs) {
      const t = pendingBackUs;
      pendingBackUs = null;
      primaryBack(t);
      continue;
    }
    if (k >= changes.length || nextChange >= untilUs) break;
    const { atUs: t, node, what } = changes[k++]!;
    if (what === 'down') {
      node.downCount++;
      if (node.downCount > 1) continue;
      if (node === primary) {
        if (lostAtUs === null) primaryLost(t);
        // Lost again while clients were being switched to it: a new election.
        pendingBackUs = null;
        if (delayUs !== null) decideAtUs = t + delayUs;
      } else {
        loseReplica(node, t);
        checkStall(t);
      }
    } else if (what === 'up') {
      node.downCount--;
      if (node.downCount > 0) continue;
      if (lostAtUs === null) {
        // A replica back: it catches up (rewound first if it was a primary before).
        if (node !== primary) node.connected = true;
        checkStall(t);
      } else if (node === primary && !primaryDataGone && pendingBackUs === null) {
        // Back before anyone was promoted: it renews its lease and serves again.
        decideAtUs = null;
        primaryBack(t);
      } else if (
        node !== primary &&
        decideAtUs === null &&
        pendingBackUs === null &&
        delayUs !== null
      ) {
        // The lease expired with nobody to promote: the first node back is promoted now.
        decideAtUs = t;
      }
    } else if (what === 'disk') {
      if (node === primary) {
        if (lostAtUs === null || pendingBackUs !== null) {
          primaryLost(t);
          pendingBackUs = null;
          if (delayUs !== null) decideAtUs = t + delayUs;
        }
        primaryDataGone = true;
        // Its writes went with the disk (the unreplicated ones are lost at the promotion).
        node.heldUntilUs = 0;
      } else {
        // Rebuilt from the primary (instant here): a replica cut off stays as it was.
        if (!node.connected) node.heldUntilUs = 0;
      }
    }
  }
  const endUs = untilUs;
  if (lostAtUs !== null) {
    const failingShare = db.writeShare + (readsNeedPrimary ? 1 - db.writeShare : 0);
    outages.push({ fromUs: lostAtUs, toUs: endUs, failingShare });
  }
  endStall(endUs);
  return { outages, failovers, writesLost };
}
