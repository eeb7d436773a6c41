/**
 * What the engine reads back: the cluster as drawn (nodes, streams, the failover in
 * words), the metrics, and the bookkeeping audit tests use. Read-only: nothing here
 * changes the model, and nothing here knows about the snapshot that embeds it.
 */
import { US_PER_MS, US_PER_S } from '../engine/time';
import {
  acceptsWrites,
  automatic,
  type Cluster,
  commonPrefix,
  type DbNode,
  epochPrimary,
  nowUs,
  referenceLog,
  fenced,
  up,
} from './model';
import { quorumsOverlap } from './options';
import { cursorOf, outgoing } from './replication';
import type {
  DatabaseAudit,
  DatabaseMetrics,
  DatabaseNodeView,
  DatabaseRole,
  DatabaseView,
  ReplicationStreamView,
} from './types';
import type { DatabaseNodeStatus } from '../output/states';

const dataSize = (db: Cluster, n: DbNode): number => {
  if (!db.lww) return n.log.length;
  let size = n.originated.length;
  for (let i = 0; i < n.received.length; i++) if (i !== n.index) size += n.received[i];
  return size;
};

const stateOf = (db: Cluster, n: DbNode): DatabaseNodeStatus => {
  if (!db.ctx.nodeAlive(n.id)) return 'host-down';
  if (n.crashed) return 'crashed';
  if (n.rebuild) return 'rebuilding';
  if (n.diskFailed) return 'disk-failed';
  const isFenced = n.role === 'primary' && fenced(db, n);
  if (n.isolated) return isFenced ? 'isolated-fenced' : 'isolated';
  if (n === db.promoting) return 'promoting';
  return isFenced ? 'fenced' : 'up';
};

/** How far a rebuild has come, 0 to 99 (it shows 100 only as `up`). */
const rebuildPercentOf = (db: Cluster, n: DbNode): number | undefined => {
  if (!db.ctx.nodeAlive(n.id) || n.crashed || !n.rebuild) return undefined;
  const span = n.rebuild.doneUs - n.rebuild.startUs;
  const pct = Math.floor((100 * (nowUs(db) - n.rebuild.startUs)) / Math.max(1, span));
  return Math.min(99, Math.max(0, pct));
};

const lagOf = (db: Cluster, n: DbNode): { lagMs: number; lagWrites: number } => {
  const now = nowUs(db);
  if (db.lww) {
    let lagWrites = 0;
    let oldestUs: number = now;
    for (const p of db.regionPrimaries) {
      if (p === n) continue;
      const have = n.received[p.index];
      if (have < p.originated.length) {
        lagWrites += p.originated.length - have;
        oldestUs = Math.min(oldestUs, p.originated[have].commitUs);
      }
    }
    return { lagMs: (now - oldestUs) / US_PER_MS, lagWrites };
  }
  if (n.role === 'primary' && n.epoch === db.currentEpoch) return { lagMs: 0, lagWrites: 0 };
  const ref = referenceLog(db);
  const have = n.diskFailed ? 0 : commonPrefix(n.log, ref);
  if (have >= ref.length) return { lagMs: 0, lagWrites: 0 };
  return { lagMs: (now - ref[have].commitUs) / US_PER_MS, lagWrites: ref.length - have };
};

export const view = (db: Cluster): DatabaseView => {
  const { options } = db;
  const nodeViews = db.nodes.map((n): DatabaseNodeView => {
    const lag = lagOf(db, n);
    const role: DatabaseRole = !up(db, n)
      ? 'down'
      : n.diskFailed
        ? 'rebuilding'
        : n.role === 'primary'
          ? 'primary'
          : 'replica';
    return {
      ...n.spec,
      role,
      state: stateOf(db, n),
      rebuildPercent: rebuildPercentOf(db, n),
      appliedWrites: db.lww ? dataSize(db, n) : n.log.length,
      lagMs: lag.lagMs,
      lagWrites: lag.lagWrites,
      epoch: n.epoch,
    };
  });
  const streams: ReplicationStreamView[] = [];
  const now = nowUs(db);
  for (const src of db.nodes) {
    for (const s of src.out.values()) {
      if (!s.active) continue;
      const list = outgoing(db, src);
      const have = s.dst.diskFailed ? 0 : cursorOf(db, src, s.dst);
      const lagWrites = Math.max(0, list.length - have);
      streams.push({
        from: src.spec.id,
        to: s.dst.spec.id,
        connected: !s.broken && up(db, src) && up(db, s.dst),
        lagWrites,
        lagMs: lagWrites > 0 ? (now - list[have].commitUs) / US_PER_MS : 0,
      });
    }
  }
  return {
    nodes: nodeViews,
    streams,
    replicationMode: options.replicationMode,
    semiSyncFallback: db.nodes.some((n) => n.role === 'primary' && n.semiSyncFallback),
    quorum: {
      n: options.quorumN,
      w: options.quorumW,
      r: options.quorumR,
      overlapping: quorumsOverlap(options.quorumN, options.quorumW, options.quorumR),
    },
    conflictMode: options.conflictMode,
    failover: options.failover,
    fencing: options.fencing,
    epoch: db.currentEpoch,
    leader: db.lww || !db.leader ? null : db.leader.spec.id,
    primaries: db.nodes.filter((n) => acceptsWrites(db, n)).map((n) => n.spec.id),
    clientPrimary: db.clientPrimary ? db.clientPrimary.spec.id : null,
    failoverPhase: failoverPhase(db),
    readsFrom: options.readsFrom,
  };
};

function failoverPhase(db: Cluster): string | null {
  if (db.lww) return null;
  if (db.promoting) return `promoting ${db.promoting.spec.id}`;
  if (db.switchTarget) return `clients switching to ${db.switchTarget.spec.id}`;
  if (db.lossAtUs === null) return null;
  const p = epochPrimary(db).spec.id;
  if (automatic(db)) {
    if (db.leader) {
      const leftS = Math.max(0, Math.ceil((db.leaseExpiresUs - nowUs(db)) / US_PER_S));
      return `primary ${p} lost: leader lease expires in ${leftS} s`;
    }
    return 'no replica can be promoted';
  }
  if (db.alerted) return `primary ${p} lost: waiting for an operator to promote a replica`;
  return db.ctx.monitoringEnabled()
    ? `primary ${p} lost: alert pending`
    : `primary ${p} lost: nobody has been alerted (monitoring off)`;
}

export const metrics = (db: Cluster): DatabaseMetrics => {
  const { counts, failovers } = db;
  return {
    writesIssued: counts.writesIssued,
    writesAcked: counts.writesAcked,
    writesFailed: counts.writesFailed,
    writesLost: counts.writesLost,
    readsIssued: counts.readsIssued,
    readsServed: counts.readsServed,
    readsFailed: counts.readsFailed,
    staleReads: counts.staleReads,
    lostUpdates: counts.lostUpdates,
    splitBrainWrites: counts.splitBrainWrites,
    failovers: failovers.map((f) => ({ ...f })),
    lastFailover: failovers.length > 0 ? { ...failovers[failovers.length - 1] } : null,
  };
};

export const audit = (db: Cluster): DatabaseAudit => {
  const result: DatabaseAudit = {
    acked: db.ackedEntries.length,
    present: 0,
    lost: 0,
    divergent: 0,
    unaccounted: 0,
    converged: true,
  };
  const ref = db.lww ? [] : referenceLog(db);
  for (const e of db.ackedEntries) {
    if (e.lost) result.lost++;
    else if (db.lww) result.present++;
    else if (ref[e.pos - 1] === e) result.present++;
    else if (db.nodes.some((n) => n.epoch < db.currentEpoch && n.log[e.pos - 1] === e))
      result.divergent++;
    else result.unaccounted++;
  }
  if (db.lww) {
    const holders = db.nodes.filter((n) => up(db, n) && !n.diskFailed);
    for (const n of holders.slice(1)) {
      const a = holders[0].keyLatest;
      if (n.keyLatest.size !== a.size) result.converged = false;
      for (const [key, entry] of n.keyLatest) if (a.get(key) !== entry) result.converged = false;
    }
  }
  return result;
};
