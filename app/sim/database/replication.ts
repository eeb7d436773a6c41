/**
 * Replication: one ordered stream from a primary to each other node (a TCP connection
 * that breaks and reconnects), the four commit rules that decide when a waiting write
 * is acknowledged, and, multi-primary, last writer wins at every node.
 */
import { failPending, finishWrite, overwrite } from './losses';
import {
  type Cluster,
  dbHop,
  type DbNode,
  type Entry,
  fenced,
  isAncestor,
  nowUs,
  type Pending,
  reply,
  say,
  type Stream,
  up,
  usOf,
} from './model';
import type { SimTimeUs } from '../engine/time';

export const outgoing = (db: Cluster, src: DbNode): Entry[] => (db.lww ? src.originated : src.log);
export const cursorOf = (db: Cluster, src: DbNode, dst: DbNode): number =>
  db.lww ? dst.received[src.index] : dst.log.length;

export const openStream = (db: Cluster, src: DbNode, dst: DbNode): Stream => {
  const old = src.out.get(dst.spec.id);
  if (old) old.active = false;
  const cursor = cursorOf(db, src, dst);
  const stream: Stream = {
    src,
    dst,
    gen: 0,
    sentPos: cursor,
    ackPos: cursor,
    lastArrivalUs: 0 as SimTimeUs,
    broken: false,
    retryPending: false,
    active: true,
  };
  src.out.set(dst.spec.id, stream);
  pump(db, stream);
  return stream;
};

export const closeStreamsInto = (db: Cluster, dst: DbNode, except: DbNode | null = null): void => {
  for (const n of db.nodes) {
    if (n === except) continue;
    const s = n.out.get(dst.spec.id);
    if (s) {
      s.active = false;
      n.out.delete(dst.spec.id);
    }
  }
};

export const closeStreamsFrom = (src: DbNode): void => {
  for (const s of src.out.values()) s.active = false;
  src.out.clear();
};

export const breakStream = (db: Cluster, s: Stream): void => {
  if (!s.active || s.broken) return;
  s.broken = true;
  // A waiting write may now depend on another standby.
  if (!db.lww && s.src.pending.length > 0) db.ctx.schedule(0, () => settle(db, s.src));
  if (!s.retryPending) {
    s.retryPending = true;
    db.ctx.schedule(usOf(db.options.streamRetryMs), () => {
      s.retryPending = false;
      reconnect(db, s);
    });
  }
};

/** The destination reconnects and reports its position; sending resumes from there. */
export const reconnect = (db: Cluster, s: Stream): void => {
  if (!s.active || !s.broken || !up(db, s.src)) return;
  s.gen++;
  s.broken = false;
  s.sentPos = cursorOf(db, s.src, s.dst);
  s.ackPos = s.sentPos;
  s.lastArrivalUs = 0 as SimTimeUs;
  pump(db, s);
};

/** Sends every entry the destination has not been sent yet, in order. */
export function pump(db: Cluster, s: Stream): void {
  if (!s.active || s.broken) return;
  const list = outgoing(db, s.src);
  const applyDelayUs = usOf(db.options.replicaApplyDelayMs * s.dst.applyDelayFactor);
  while (s.sentPos < list.length) {
    if (s.dst.diskFailed) return breakStream(db, s);
    const hop = dbHop(db, s.src, s.dst);
    if (hop === null) return breakStream(db, s);
    const now = nowUs(db);
    const arrivalUs = Math.max(now + hop, s.lastArrivalUs) as SimTimeUs;
    s.lastArrivalUs = arrivalUs;
    const entry = list[s.sentPos++];
    const gen = s.gen;
    db.ctx.schedule(arrivalUs + applyDelayUs - now, () => deliver(db, s, gen, entry));
  }
}

/**
 * An entry reaches a replica, after the link and the replication delay. The entry is
 * in the pipeline until then: if the source or the link fails first, it never
 * arrives (this is the window of acknowledged writes async replication can lose).
 */
const deliver = (db: Cluster, s: Stream, gen: number, entry: Entry): void => {
  if (!s.active || s.gen !== gen) return;
  const dst = s.dst;
  if (!up(db, s.src) || s.src.isolated || !up(db, dst) || dst.isolated || dst.diskFailed)
    return breakStream(db, s);
  let position: number;
  if (db.lww) {
    const cursor = dst.received[s.src.index];
    if (entry.pos > cursor + 1) return breakStream(db, s);
    if (entry.pos === cursor + 1) {
      dst.received[s.src.index] = entry.pos;
      applyLww(db, dst, entry);
    }
    position = dst.received[s.src.index];
  } else {
    // A replica on a newer timeline refuses an old primary's log (fencing by epoch).
    if (s.src.epoch < dst.epoch) {
      s.active = false;
      return;
    }
    const cursor = dst.log.length;
    if (entry.pos > cursor + 1) return breakStream(db, s);
    if (entry.pos === cursor + 1) {
      dst.log.push(entry);
      dst.keyLatest.set(entry.key, entry);
    }
    position = dst.log.length;
  }
  const hop = dbHop(db, dst, s.src);
  if (hop !== null) db.ctx.schedule(hop, () => acknowledged(db, s, gen, position));
};

/** A replica's acknowledgement (its position) reaches the primary. */
const acknowledged = (db: Cluster, s: Stream, gen: number, position: number): void => {
  if (!s.active || s.gen !== gen || !up(db, s.src)) return;
  if (position <= s.ackPos) return;
  s.ackPos = position;
  const src = s.src;
  // MySQL turns semi-sync back on once a replica has caught up with where the
  // primary stood when it gave up waiting.
  if (src.semiSyncFallback && position >= src.fallbackPos) {
    src.semiSyncFallback = false;
    if (db.options.replicationMode === 'semi-sync')
      say(
        db,
        'db-semi-sync',
        src.spec.id,
        'recovery',
        `${src.spec.id}: replica ${s.dst.spec.id} caught up: semi-synchronous replication resumes`,
      );
  }
  if (!db.lww) settle(db, src);
};

// ---- commit rules ----

/** The first N nodes around a primary: the primary, then the others in node order. */
export const quorumMembers = (db: Cluster, primary: DbNode): DbNode[] => {
  const members = [primary];
  for (const n of db.nodes) {
    if (members.length >= db.options.quorumN) break;
    if (n !== primary) members.push(n);
  }
  return members;
};

/**
 * PostgreSQL FIRST 1: the first connected standby in node order. (A reconnecting one
 * is sent its backlog at once, so it is "caught up" as far as sending goes; a commit
 * still waits for its acknowledgement of that commit's position.)
 */
const syncStandby = (db: Cluster, p: DbNode): Stream | null => {
  for (const n of db.nodes) {
    if (n === p) continue;
    const s = p.out.get(n.spec.id);
    if (s && s.active && !s.broken) return s;
  }
  return null;
};

const committed = (db: Cluster, p: DbNode, entry: Entry): boolean => {
  switch (db.options.replicationMode) {
    case 'async':
      return true;
    case 'semi-sync': {
      if (p.semiSyncFallback) return true;
      for (const s of p.out.values()) if (s.active && s.ackPos >= entry.pos) return true;
      return false;
    }
    case 'sync': {
      const standby = syncStandby(db, p);
      return standby !== null && standby.ackPos >= entry.pos;
    }
    case 'quorum': {
      let copies = 1;
      for (const m of quorumMembers(db, p)) {
        const s = p.out.get(m.spec.id);
        if (s && s.active && s.ackPos >= entry.pos) copies++;
      }
      return copies >= db.options.quorumW;
    }
  }
};

/** Acknowledges, in log order, every waiting write its commit rule now allows. */
export function settle(db: Cluster, p: DbNode): void {
  if (p.pendingHead >= p.pending.length || !up(db, p)) return;
  if (fenced(db, p)) return failPending(db, p, 'fenced');
  while (p.pendingHead < p.pending.length) {
    const item = p.pending[p.pendingHead];
    if (!item.settled) {
      if (!committed(db, p, item.entry)) break;
      item.settled = true;
      reply(db, p, item.req.from, () => finishWrite(db, item.req, true, undefined, item.entry));
    }
    p.pendingHead++;
  }
  if (p.pendingHead === p.pending.length) {
    p.pending = [];
    p.pendingHead = 0;
  }
}

export const armSemiSyncTimer = (db: Cluster, p: DbNode, item: Pending): void => {
  db.ctx.schedule(usOf(db.options.semiSyncTimeoutMs), () => {
    if (item.settled || p.semiSyncFallback || db.options.replicationMode !== 'semi-sync') return;
    if (!up(db, p) || p.role !== 'primary') return;
    p.semiSyncFallback = true;
    p.fallbackPos = p.log.length;
    say(
      db,
      'db-semi-sync',
      p.spec.id,
      'fault',
      `${p.spec.id}: no replica acknowledged within ${db.options.semiSyncTimeoutMs} ms: falling back to asynchronous replication`,
    );
    settle(db, p);
  });
};

// ---- multi-primary ----

/** Multi-primary: keep the newer version; count a concurrent write that loses. */
export function applyLww(db: Cluster, n: DbNode, entry: Entry): void {
  const held = n.keyLatest.get(entry.key);
  if (held === entry) return;
  if (!held || entry.version > held.version) {
    if (held && !isAncestor(held, entry)) overwrite(db, held);
    n.keyLatest.set(entry.key, entry);
  } else if (!isAncestor(entry, held)) {
    overwrite(db, entry);
  }
}

/** Every primary streams to every other node; reconnect what is broken. */
export function lwwConnect(db: Cluster): void {
  for (const p of db.regionPrimaries) {
    if (!up(db, p) || p.diskFailed) continue;
    for (const n of db.nodes) {
      if (n === p || n.diskFailed) continue;
      const s = p.out.get(n.spec.id);
      if (!s || !s.active) openStream(db, p, n);
      else if (s.broken) reconnect(db, s);
    }
  }
}
