/**
 * Clients' requests: a write travels to the primary (multi-primary: the region's) and
 * waits for its commit rule; a read goes to the primary, the nearest replica, or (quorum)
 * R of the first N nodes. The model applies the client's timeout itself.
 */
import { logVersion, lwwVersion } from './databaseVersion';
import { finishRead, finishWrite, replyWriteFailure } from './losses';
import {
  type Cluster,
  type DbNode,
  type Entry,
  fenced,
  nowUs,
  type Pending,
  type ReadRequest,
  reply,
  sendTo,
  up,
  usOf,
  type WriteRequest,
} from './model';
import { applyLww, armSemiSyncTimer, pump, quorumMembers, settle } from './replication';
import type { DatabaseFailure } from './types';
import type { SimTimeUs } from '../engine/time';

// ---- writes ----

const makeEntry = (
  db: Cluster,
  key: number,
  epoch: number,
  pos: number,
  version: number,
  basis: Entry | null,
  splitBrain: boolean,
): Entry => ({
  key,
  epoch,
  pos,
  version,
  commitUs: nowUs(db),
  basis,
  splitBrain,
  acked: false,
  discarded: false,
  lost: false,
  overwritten: false,
});

/** A write reaches a single-primary node. */
const writeArrives = (db: Cluster, n: DbNode, req: WriteRequest): void => {
  if (!db.ctx.nodeAlive(n.id)) return; // dead host: the client waits for its timeout
  if (n.crashed || n.diskFailed) return replyWriteFailure(db, n, req, 'unavailable');
  if (n.role !== 'primary' || n === db.promoting)
    return replyWriteFailure(db, n, req, 'no-primary');
  if (fenced(db, n)) return replyWriteFailure(db, n, req, 'fenced');
  const pos = n.log.length + 1;
  const entry = makeEntry(
    db,
    req.key,
    n.epoch,
    pos,
    logVersion(n.epoch, pos),
    null,
    n.epoch < db.currentEpoch,
  );
  n.log.push(entry);
  n.keyLatest.set(entry.key, entry);
  const item: Pending = { req, entry, settled: false };
  n.pending.push(item);
  if (db.options.replicationMode === 'semi-sync' && !n.semiSyncFallback)
    armSemiSyncTimer(db, n, item);
  for (const s of n.out.values()) pump(db, s);
  settle(db, n);
};

/** A write reaches a multi-primary node: accept, acknowledge, ship everywhere. */
const lwwWriteArrives = (db: Cluster, n: DbNode, req: WriteRequest): void => {
  if (!db.ctx.nodeAlive(n.id)) return;
  if (n.crashed || n.diskFailed) return replyWriteFailure(db, n, req, 'unavailable');
  if (n.role !== 'primary') return replyWriteFailure(db, n, req, 'no-primary');
  // The node's clock never hands out the same timestamp twice.
  const ts = Math.max(nowUs(db), n.lastTsUs + 1) as SimTimeUs;
  n.lastTsUs = ts;
  const entry = makeEntry(
    db,
    req.key,
    0,
    n.originated.length + 1,
    lwwVersion(ts, n.index),
    n.keyLatest.get(req.key) ?? null,
    false,
  );
  n.originated.push(entry);
  applyLww(db, n, entry);
  reply(db, n, req.from, () => finishWrite(db, req, true, undefined, entry));
  for (const s of n.out.values()) pump(db, s);
};

/** Multi-primary: the client's own region's primary, else the first one serving. */
const lwwHome = (db: Cluster, from: string): DbNode | null => {
  const region = db.ctx.placeOf(from)?.region;
  const serving = (n: DbNode): boolean => up(db, n) && !n.diskFailed;
  const home = db.regionPrimaries.find((p) => p.spec.region === region);
  if (home && serving(home)) return home;
  return db.regionPrimaries.find(serving) ?? null;
};

/** `Database.write`: a client (app server `from`) writes `key`. */
export function write(
  db: Cluster,
  from: string,
  key: number,
  done: (ok: boolean, reason?: DatabaseFailure) => void,
): void {
  db.counts.writesIssued++;
  const req: WriteRequest = { from, key, done, finished: false };
  db.ctx.schedule(usOf(db.options.clientTimeoutMs), () =>
    finishWrite(db, req, false, 'timeout', null),
  );
  const target = db.lww ? lwwHome(db, from) : db.clientPrimary;
  if (!target) {
    db.ctx.schedule(0, () => finishWrite(db, req, false, 'no-primary', null));
    return;
  }
  sendTo(db, from, target.spec.id, () =>
    db.lww ? lwwWriteArrives(db, target, req) : writeArrives(db, target, req),
  );
}

// ---- reads ----

const serveRead = (db: Cluster, n: DbNode, req: ReadRequest): void => {
  if (!db.ctx.nodeAlive(n.id)) return;
  if (n.crashed || n.diskFailed)
    return reply(db, n, req.from, () => finishRead(db, req, false, false, 'unavailable'));
  const version = n.keyLatest.get(req.key)?.version ?? 0;
  reply(db, n, req.from, () => finishRead(db, req, true, version < req.ackedVersion));
};

const quorumAnswer = (db: Cluster, req: ReadRequest, version: number | null): void => {
  if (req.finished) return;
  req.answers++;
  if (version !== null) {
    req.successes++;
    req.best = Math.max(req.best, version);
    if (req.successes >= db.options.quorumR) finishRead(db, req, true, req.best < req.ackedVersion);
  }
  if (!req.finished && req.answers >= req.asked) finishRead(db, req, false, false, 'unavailable');
};

const quorumServe = (db: Cluster, n: DbNode, req: ReadRequest): void => {
  if (!db.ctx.nodeAlive(n.id)) return;
  const version = n.crashed || n.diskFailed ? null : (n.keyLatest.get(req.key)?.version ?? 0);
  reply(db, n, req.from, () => quorumAnswer(db, req, version));
};

/** Reads from replicas: the nearest replica serving (zone, then region), else null. */
const nearestReplica = (db: Cluster, from: string, primary: DbNode | null): DbNode | null => {
  const place = db.ctx.placeOf(from);
  let bestRank = 3;
  let nearest: DbNode[] = [];
  for (const n of db.nodes) {
    if (n === primary || n.role === 'primary' || !up(db, n) || n.diskFailed) continue;
    const rank = !place
      ? 2
      : n.spec.zone === place.zone
        ? 0
        : n.spec.region === place.region
          ? 1
          : 2;
    if (rank < bestRank) {
      bestRank = rank;
      nearest = [n];
    } else if (rank === bestRank) nearest.push(n);
  }
  if (nearest.length === 0) return null;
  return nearest.length === 1 ? nearest[0] : nearest[db.ctx.random.int(nearest.length)];
};

/** `Database.read`: a client reads `key`; `stale` when it misses an acknowledged write. */
export function read(
  db: Cluster,
  from: string,
  key: number,
  done: (ok: boolean, stale: boolean, reason?: DatabaseFailure) => void,
): void {
  db.counts.readsIssued++;
  const req: ReadRequest = {
    from,
    key,
    done,
    ackedVersion: db.latestAcked.get(key)?.version ?? 0,
    finished: false,
    asked: 0,
    answers: 0,
    successes: 0,
    best: 0,
  };
  db.ctx.schedule(usOf(db.options.clientTimeoutMs), () =>
    finishRead(db, req, false, false, 'timeout'),
  );
  if (!db.lww && db.options.replicationMode === 'quorum') {
    const members = db.clientPrimary ? quorumMembers(db, db.clientPrimary) : [];
    req.asked = members.length;
    for (const m of members) sendTo(db, from, m.spec.id, () => quorumServe(db, m, req));
    return;
  }
  const home = db.lww ? lwwHome(db, from) : db.clientPrimary;
  const target =
    db.options.readsFrom === 'replicas' ? (nearestReplica(db, from, home) ?? home) : home;
  if (!target) {
    db.ctx.schedule(0, () => finishRead(db, req, false, false, 'no-primary'));
    return;
  }
  sendTo(db, from, target.spec.id, () => serveRead(db, target, req));
}
