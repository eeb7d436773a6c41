/**
 * Where writes end: requests answered (acknowledged or failed), and acknowledged writes
 * later lost (discarded at a promotion, rewind or disk loss; overwritten under last
 * writer wins), counted and written to the event log.
 */
import { LWW_MAX_NODES } from './databaseVersion';
import {
  type Cluster,
  type DbNode,
  type Entry,
  epochPrimary,
  type ReadRequest,
  reply,
  say,
  secondsText,
  usOf,
  type WriteRequest,
} from './model';
import type { DatabaseFailure } from './types';

/** Recomputes the newest acknowledged write of keys whose newest was discarded. */
const refreshLatestAcked = (db: Cluster, keys: Set<number>): void => {
  if (keys.size === 0) return;
  for (const key of keys) db.latestAcked.delete(key);
  for (const entry of db.ackedEntries) {
    if (entry.discarded || !keys.has(entry.key)) continue;
    const known = db.latestAcked.get(entry.key);
    if (!known || entry.version > known.version) db.latestAcked.set(entry.key, entry);
  }
};

/** Marks entries as gone; the acknowledged ones are lost. Returns the lost ones. */
export const discard = (db: Cluster, entries: readonly Entry[]): Entry[] => {
  const lost: Entry[] = [];
  const keys = new Set<number>();
  for (const entry of entries) {
    if (entry.discarded) continue;
    entry.discarded = true;
    if (entry.acked && !entry.lost) {
      entry.lost = true;
      db.counts.writesLost++;
      lost.push(entry);
      if (db.latestAcked.get(entry.key) === entry) keys.add(entry.key);
    }
  }
  refreshLatestAcked(db, keys);
  return lost;
};

/**
 * Losses found one write at a time (an acknowledgement that arrives after its data was
 * discarded; a multi-primary update overwritten) are reported together, once per
 * window, so the event log names every loss with its count and stays readable. Each
 * line names the node that acknowledged the writes it counts (with two primaries, each
 * gets its own line), in the order their first loss of the window was found.
 */
const LOSS_REPORT_WINDOW_MS = 5000;
const reportLoss = (db: Cluster, kind: 'lateLost' | 'overwritten', acceptor: string): void => {
  const { byNode } = db.lossReport;
  let tally = byNode.get(acceptor);
  if (!tally) {
    tally = { lateLost: 0, overwritten: 0 };
    byNode.set(acceptor, tally);
  }
  tally[kind]++;
  if (db.lossReport.pending) return;
  db.lossReport.pending = true;
  db.ctx.schedule(usOf(LOSS_REPORT_WINDOW_MS), () => {
    const window = secondsText(LOSS_REPORT_WINDOW_MS);
    const tallies = [...byNode];
    byNode.clear();
    db.lossReport.pending = false;
    for (const [target, { lateLost, overwritten }] of tallies) {
      if (lateLost > 0)
        say(
          db,
          'db-data-loss',
          target,
          'fault',
          `${lateLost} acknowledged writes lost in the last ${window}: acknowledged after their data was already discarded (in flight at a failover or disk loss)`,
        );
      if (overwritten > 0)
        say(
          db,
          'db-lost-updates',
          target,
          'fault',
          `${overwritten} acknowledged updates lost in the last ${window}: overwritten by concurrent writes to the same keys (last writer wins)`,
        );
    }
  });
};

/** The node that accepted a write: its epoch's primary, or (multi-primary) its origin. */
const acceptedBy = (db: Cluster, entry: Entry): string =>
  db.lww
    ? db.nodes[(entry.version - 1) % LWW_MAX_NODES].spec.id
    : (db.epochs.get(entry.epoch)?.primary ?? epochPrimary(db)).spec.id;

/** Multi-primary: an acknowledged update replaced by a concurrent one is lost. */
export function overwrite(db: Cluster, entry: Entry): void {
  if (entry.overwritten) return;
  entry.overwritten = true;
  if (entry.acked) {
    db.counts.lostUpdates++;
    reportLoss(db, 'overwritten', acceptedBy(db, entry));
  }
}

// ---- requests answered ----

export const finishWrite = (
  db: Cluster,
  req: WriteRequest,
  ok: boolean,
  reason: DatabaseFailure | undefined,
  entry: Entry | null,
): void => {
  if (req.finished) return;
  req.finished = true;
  if (ok && entry) {
    db.counts.writesAcked++;
    entry.acked = true;
    db.ackedEntries.push(entry);
    if (entry.splitBrain) db.counts.splitBrainWrites++;
    if (entry.overwritten) {
      db.counts.lostUpdates++;
      reportLoss(db, 'overwritten', acceptedBy(db, entry));
    }
    if (entry.discarded) {
      // The data was gone before the acknowledgement arrived.
      entry.lost = true;
      db.counts.writesLost++;
      reportLoss(db, 'lateLost', acceptedBy(db, entry));
    } else {
      const known = db.latestAcked.get(entry.key);
      if (!known || entry.version > known.version) db.latestAcked.set(entry.key, entry);
    }
    req.done(true);
  } else {
    db.counts.writesFailed++;
    req.done(false, reason);
  }
};

export const finishRead = (
  db: Cluster,
  req: ReadRequest,
  ok: boolean,
  stale: boolean,
  reason?: DatabaseFailure,
): void => {
  if (req.finished) return;
  req.finished = true;
  if (ok) {
    db.counts.readsServed++;
    if (stale) db.counts.staleReads++;
    req.done(true, stale);
  } else {
    db.counts.readsFailed++;
    req.done(false, false, reason);
  }
};

export const replyWriteFailure = (
  db: Cluster,
  n: DbNode,
  req: WriteRequest,
  reason: DatabaseFailure,
): void => reply(db, n, req.from, () => finishWrite(db, req, false, reason, null));

/** Fails (or, reason null, silently drops) every write waiting at a primary. */
export const failPending = (db: Cluster, n: DbNode, reason: DatabaseFailure | null): void => {
  for (let i = n.pendingHead; i < n.pending.length; i++) {
    const item = n.pending[i];
    if (item.settled) continue;
    item.settled = true;
    if (reason) replyWriteFailure(db, n, item.req, reason);
  }
  n.pending = [];
  n.pendingHead = 0;
};
