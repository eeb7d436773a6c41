/**
 * Nodes going down and coming back, the HA loop that renews the lease, detects a lost
 * primary and reconnects what broke (Patroni's loop_wait), the cluster's start, and the
 * commands a learner applies to a node.
 */
import {
  abortPromotion,
  elect,
  ensureAttached,
  expireLease,
  manualCheck,
  noteLoss,
  reinitialise,
  renewLease,
  rewind,
  startPromotion,
} from './failover';
import { diskFail, startRebuild } from './disks';
import { failPending } from './losses';
import {
  ACTION_ORDER,
  automatic,
  type Cluster,
  type DbNode,
  epochPrimary,
  healthy,
  nowUs,
  say,
  secondsText,
  up,
  usOf,
} from './model';
import { breakStream, lwwConnect, openStream, reconnect } from './replication';
import type { DatabaseAction, DatabaseCommand } from './types';

// ---- node lifecycle ----

const onDown = (db: Cluster, n: DbNode, hostDown: boolean): void => {
  // A crashed process's host resets its connections; a dead host says nothing.
  failPending(db, n, hostDown ? null : 'unavailable');
  for (const s of n.out.values()) breakStream(db, s);
  for (const m of db.nodes) {
    const s = m.out.get(n.spec.id);
    if (s) breakStream(db, s);
  }
  if (n.rebuild) {
    n.rebuild = null;
    say(db, 'db-rebuild', n.spec.id, 'info', `rebuild of ${n.spec.id} interrupted`);
  }
  if (n === db.promoting) abortPromotion(db, `${n.spec.id} went down`);
  if (!db.lww) noteLoss(db, n);
};

/** Compares a node's liveness with what the model last saw, and reacts to a change. */
const observe = (db: Cluster, n: DbNode): void => {
  const running = up(db, n);
  if (running === n.running) return;
  n.running = running;
  if (!running) onDown(db, n, !db.ctx.nodeAlive(n.id));
};

/** Puts a node that is up and connected back to work. */
const reconcile = (db: Cluster, n: DbNode): void => {
  observe(db, n);
  if (!up(db, n) || n.isolated) return;
  if (n.diskFailed) return startRebuild(db, n);
  if (db.lww) return lwwConnect(db);
  if (n === db.leader && n === epochPrimary(db) && n !== db.promoting) {
    renewLease(db, n);
    for (const s of n.out.values()) if (s.broken) reconnect(db, s);
  } else if (db.leader === null) {
    rewind(db, n);
    elect(db);
  } else if (n.role === 'primary' && n !== db.leader) {
    // It learns from the DCS that another node holds the lease.
    failPending(db, n, db.options.fencing ? 'fenced' : 'no-primary');
    rewind(db, n);
    n.role = 'replica';
  }
  ensureAttached(db);
};

/**
 * `Database.hostsChanged`: hosts, zones or regions went down or came back; react at
 * once instead of at the next HA loop.
 */
export function hostsChanged(db: Cluster): void {
  for (const n of db.nodes) {
    const wasRunning = n.running;
    observe(db, n);
    if (!wasRunning && n.running) reconcile(db, n);
  }
}

// ---- the HA loop ----

/** The lease holder can no longer renew: note the loss; with fencing it demotes itself. */
const leaderCannotRenew = (db: Cluster, l: DbNode): void => {
  if (!db.renewFailing) {
    db.renewFailing = true;
    if (automatic(db))
      say(db, 'db-lease', l.spec.id, 'detection', `${l.spec.id} stopped renewing its leader lease`);
  }
  noteLoss(db, l);
  if (
    automatic(db) &&
    db.options.fencing &&
    up(db, l) &&
    l.isolated &&
    !l.demoted &&
    !l.demoteScheduled
  ) {
    l.demoteScheduled = true;
    db.ctx.schedule(usOf(db.options.retryTimeoutMs), () => {
      l.demoteScheduled = false;
      if (
        !db.options.fencing ||
        !automatic(db) ||
        !l.isolated ||
        !up(db, l) ||
        l.role !== 'primary'
      )
        return;
      l.demoted = true;
      failPending(db, l, 'fenced');
      say(
        db,
        'db-fence',
        l.spec.id,
        'detection',
        `${l.spec.id} cannot reach the DCS (retry_timeout ${secondsText(db.options.retryTimeoutMs)}): demoted itself, refusing writes`,
      );
    });
  }
};

const tick = (db: Cluster): void => {
  for (const n of db.nodes) observe(db, n);
  if (db.lww) {
    lwwConnect(db);
  } else {
    const l = db.leader;
    if (l && l !== db.promoting) {
      if (healthy(db, l) && l.role === 'primary') renewLease(db, l);
      else leaderCannotRenew(db, l);
      if (automatic(db) && db.leader === l && db.leaseExpiresUs <= nowUs(db)) expireLease(db);
    }
    if (automatic(db)) elect(db);
    else manualCheck(db);
    if (!db.promoting && db.nodes.every((n) => n.diskFailed)) reinitialise(db);
    for (const n of db.nodes)
      if (healthy(db, n) && n.epoch < db.currentEpoch && n !== db.promoting) rewind(db, n);
    ensureAttached(db);
  }
  for (const n of db.nodes) if (n.diskFailed && !n.rebuild) startRebuild(db, n);
  db.ctx.schedule(usOf(db.options.loopWaitMs), () => tick(db));
};

/** Starts the cluster: the primary (or one per region) streams to the rest; the loop runs. */
export function start(db: Cluster): void {
  if (db.lww) {
    const seen = new Set<string>();
    const ordered = [db.first, ...db.nodes.filter((n) => n !== db.first)];
    for (const n of ordered) {
      if (seen.has(n.spec.region)) continue;
      seen.add(n.spec.region);
      n.role = 'primary';
      db.regionPrimaries.push(n);
    }
    db.regionPrimaries.sort((a, b) => a.index - b.index);
    lwwConnect(db);
  } else {
    db.first.role = 'primary';
    db.epochs.set(1, { primary: db.first, startPos: 1, log: db.first.log });
    for (const n of db.nodes) if (n !== db.first) openStream(db, db.first, n);
    renewLease(db, db.first);
  }
  // The HA loop's phase is seeded: the first loop runs after (0, loop_wait], as with a
  // Patroni started at some earlier moment. A fault then lands anywhere in the loop, so
  // the lease expires (ttl - loop_wait, ttl] after it: RTO spreads, not always the worst.
  db.ctx.schedule(1 + db.ctx.random.int(usOf(db.options.loopWaitMs)), () => tick(db));
}

// ---- commands ----

export const validate = (db: Cluster, command: DatabaseCommand): string | null => {
  const n = db.byId.get(command.target);
  if (!n) return `there is no database node ${command.target}`;
  if (!ACTION_ORDER.includes(command.type)) return `a database node cannot ${command.type}`;
  if (command.type !== 'promote') return null;
  if (db.lww) return 'every region already has a writable primary (multi-primary)';
  if (db.promoting) return `a promotion is already in progress (${db.promoting.spec.id})`;
  if (n.role === 'primary' && n === epochPrimary(db)) return `${n.spec.id} is already the primary`;
  if (!up(db, n)) return `${n.spec.id} is down`;
  if (n.isolated) return `${n.spec.id} is isolated from the other database nodes`;
  if (n.diskFailed) return `${n.spec.id} has no data (its disk failed)`;
  if (n.epoch < db.currentEpoch) return `${n.spec.id} has not rejoined the cluster yet`;
  return null;
};

/** Applies a command `validate` accepted. */
export const execute = (db: Cluster, command: DatabaseCommand): void => {
  const n = db.byId.get(command.target)!;
  const id = n.spec.id;
  switch (command.type) {
    case 'kill':
      if (n.crashed) return say(db, 'db-kill', id, 'info', `${id} is already crashed`);
      n.crashed = true;
      say(db, 'db-kill', id, 'fault', `${id} crashed: its data on disk survives`);
      observe(db, n);
      if (!db.lww) noteLoss(db, n);
      return;
    case 'disk-fail':
      if (n.diskFailed) return say(db, 'db-disk', id, 'info', `${id} has already lost its disk`);
      say(db, 'db-disk', id, 'fault', `${id} disk failed: its data is gone`);
      return diskFail(db, n);
    case 'isolate':
      if (n.isolated) return say(db, 'db-isolate', id, 'info', `${id} is already isolated`);
      n.isolated = true;
      say(
        db,
        'db-isolate',
        id,
        'fault',
        `${id} isolated from the other database nodes and the DCS (app servers still reach it)`,
      );
      for (const s of n.out.values()) breakStream(db, s);
      for (const m of db.nodes) {
        const s = m.out.get(id);
        if (s) breakStream(db, s);
      }
      if (n.rebuild) n.rebuild = null;
      if (n === db.promoting) abortPromotion(db, `${id} was isolated`);
      if (!db.lww) noteLoss(db, n);
      return;
    case 'promote': {
      if (db.lossAtUs === null) {
        db.lossAtUs = nowUs(db);
        db.lossGen++;
      }
      db.operatorWaiting = false;
      db.leader = null;
      startPromotion(db, n, `operator promotes ${id}`);
      return;
    }
    case 'restore': {
      if (!n.crashed && !n.isolated)
        return say(
          db,
          'db-restore',
          id,
          'info',
          n.diskFailed ? `${id}'s data cannot be restored: it is rebuilt` : `${id} is already up`,
        );
      n.crashed = false;
      n.isolated = false;
      say(db, 'db-restore', id, 'recovery', `${id} restored`);
      return reconcile(db, n);
    }
  }
};

/** Actions that make sense on a node now, for its menu. */
export function actionsFor(db: Cluster, nodeId: string): DatabaseAction[] {
  const n = db.byId.get(nodeId);
  if (!n) return [];
  return ACTION_ORDER.filter((action) => {
    switch (action) {
      case 'kill':
        return !n.crashed;
      case 'disk-fail':
        return !n.diskFailed;
      case 'isolate':
        return !n.isolated;
      case 'promote':
        return validate(db, { type: 'promote', target: nodeId }) === null;
      case 'restore':
        return n.crashed || n.isolated;
    }
  });
}
