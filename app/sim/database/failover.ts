/**
 * Single primary: the Patroni-like leader lease, the election of the most up-to-date
 * healthy replica, promotion into a new epoch (counting the acknowledged writes the new
 * primary never had), rejoining nodes rewound to the fork (pg_rewind), and manual
 * failover with its alert and simulated operator.
 */
import { US_PER_S, type SimTimeUs } from '../engine/time';
import { discard, failPending } from './losses';
import {
  automatic,
  type Cluster,
  commonPrefix,
  type DbNode,
  epochPrimary,
  epochRecord,
  healthy,
  indexLog,
  nowUs,
  referenceLog,
  say,
  secondsText,
  up,
  usOf,
} from './model';
import { closeStreamsFrom, closeStreamsInto, openStream, reconnect } from './replication';
import type { FailoverRecord } from './types';

// ---- leader lease ----

const scheduleLeaseCheck = (db: Cluster): void => {
  const at = db.leaseExpiresUs;
  db.ctx.schedule(Math.max(0, at - nowUs(db)), () => {
    if (db.leaseExpiresUs === at && automatic(db) && db.leader && db.leader !== db.promoting)
      expireLease(db);
  });
};

export const renewLease = (db: Cluster, n: DbNode): void => {
  db.leaseExpiresUs = (nowUs(db) + usOf(db.options.leaseTtlMs)) as SimTimeUs;
  n.leaseUntilUs = db.leaseExpiresUs;
  db.reportedPos = n.log.length;
  n.demoted = false;
  db.renewFailing = false;
  scheduleLeaseCheck(db);
  if (db.lossAtUs !== null && n === epochPrimary(db) && !db.switchTarget && !db.promoting) {
    // Back before anyone promoted (the lease is kept in manual mode too, unused).
    db.lossAtUs = null;
    db.lossGen++;
    db.alerted = false;
    db.operatorWaiting = false;
    db.noCandidateLogged = false;
    say(
      db,
      'db-lease',
      n.spec.id,
      'recovery',
      automatic(db)
        ? `${n.spec.id} is serving again and holds the leader lease: no failover needed`
        : `${n.spec.id} is back and still the primary`,
    );
  }
};

/** The current epoch's primary stopped serving: start the failover clocks. */
export const noteLoss = (db: Cluster, n: DbNode): void => {
  if (db.lww || n !== epochPrimary(db) || db.lossAtUs !== null || n !== db.leader) return;
  db.lossAtUs = nowUs(db);
  const gen = ++db.lossGen;
  db.alerted = false;
  db.noCandidateLogged = false;
  if (!automatic(db))
    db.ctx.schedule(usOf(db.options.alertDelayMs), () => gen === db.lossGen && manualCheck(db));
};

export const expireLease = (db: Cluster): void => {
  const former = db.leader;
  say(
    db,
    'db-lease',
    former ? former.spec.id : 'dcs',
    'detection',
    `leader lease expired (ttl ${secondsText(db.options.leaseTtlMs)})`,
  );
  db.leader = null;
  elect(db);
};

// ---- election and promotion ----

/** Nodes that may take the lease: healthy, on the current timeline, lag within bounds. */
const candidates = (db: Cluster, respectLag: boolean): DbNode[] => {
  const list = db.nodes.filter(
    (n) =>
      healthy(db, n) &&
      n.epoch === db.currentEpoch &&
      (n.role === 'replica' || n === epochPrimary(db)),
  );
  if (!respectLag || db.options.maximumLagOnFailoverWrites <= 0) return list;
  return list.filter(
    (n) =>
      n === epochPrimary(db) ||
      db.reportedPos - n.log.length <= db.options.maximumLagOnFailoverWrites,
  );
};

const best = (list: DbNode[]): DbNode | null => {
  let chosen: DbNode | null = null;
  for (const n of list) if (!chosen || n.log.length > chosen.log.length) chosen = n;
  return chosen;
};

/** Automatic failover: the most up-to-date healthy node takes the lease. */
export function elect(db: Cluster): void {
  if (db.lww || db.promoting || db.leader || !automatic(db)) return;
  const all = candidates(db, false);
  const chosen = best(candidates(db, true));
  if (!chosen) {
    if (!db.noCandidateLogged) {
      db.noCandidateLogged = true;
      say(
        db,
        'db-failover',
        epochPrimary(db).spec.id,
        'fault',
        all.length > 0
          ? `no replica can be promoted: all are more than ${db.options.maximumLagOnFailoverWrites} writes behind (maximum_lag_on_failover)`
          : 'no replica can be promoted: none is healthy',
      );
    }
    return;
  }
  if (chosen === epochPrimary(db)) {
    db.leader = chosen;
    say(
      db,
      'db-lease',
      chosen.spec.id,
      'recovery',
      `${chosen.spec.id} reacquired the leader lease`,
    );
    renewLease(db, chosen);
    for (const s of chosen.out.values()) if (s.broken) reconnect(db, s);
    return;
  }
  startPromotion(db, chosen, `${chosen.spec.id} acquired the leader lease: promoting`);
}

export function startPromotion(db: Cluster, c: DbNode, message: string): void {
  db.promoting = c;
  db.leader = c;
  const gen = ++db.promotionGen;
  say(
    db,
    'db-promote',
    c.spec.id,
    'recovery',
    `${message} (takes ${secondsText(db.options.promotionMs)})`,
  );
  db.ctx.schedule(usOf(db.options.promotionMs), () => finishPromotion(db, c, gen));
}

export const abortPromotion = (db: Cluster, why: string): void => {
  if (!db.promoting) return;
  const c = db.promoting;
  db.promoting = null;
  db.leader = null;
  db.promotionGen++;
  say(db, 'db-promote', c.spec.id, 'fault', `promotion of ${c.spec.id} failed: ${why}`);
};

function finishPromotion(db: Cluster, c: DbNode, gen: number): void {
  if (gen !== db.promotionGen || db.promoting !== c) return;
  if (!healthy(db, c) || c.epoch !== db.currentEpoch) {
    abortPromotion(db, 'it is no longer healthy');
    return;
  }
  db.promoting = null;
  const previous = epochRecord(db);
  const oldPrimary = previous.primary;
  const oldLog = previous.log ?? oldPrimary.log;
  const fork = commonPrefix(oldLog, c.log);
  const behind = oldLog.length - fork;
  const lost = discard(db, oldLog.slice(fork));
  previous.log = null;
  db.currentEpoch++;
  db.epochs.set(db.currentEpoch, { primary: c, startPos: c.log.length + 1, log: c.log });

  const lossAt = db.lossAtUs ?? nowUs(db);
  let firstLostUs = Infinity;
  let lastLostUs: number = lossAt;
  for (const e of lost) {
    firstLostUs = Math.min(firstLostUs, e.commitUs);
    lastLostUs = Math.max(lastLostUs, e.commitUs);
  }
  const record: FailoverRecord = {
    atS: nowUs(db) / US_PER_S,
    from: oldPrimary.spec.id,
    to: c.spec.id,
    rtoS: null,
    rpoWrites: lost.length,
    rpoLagS: lost.length > 0 ? (lastLostUs - firstLostUs) / US_PER_S : 0,
  };
  db.failovers.push(record);
  db.current = { record, lossAtUs: lossAt };

  closeStreamsInto(db, c);
  closeStreamsFrom(c);
  c.role = 'primary';
  c.epoch = db.currentEpoch;
  c.pending = [];
  c.pendingHead = 0;
  c.semiSyncFallback = false;
  c.demoted = false;
  db.leader = c;
  db.switchTarget = c;
  renewLease(db, c);
  say(
    db,
    'db-promote',
    c.spec.id,
    'recovery',
    `promoted ${c.spec.id} (epoch ${db.currentEpoch}, ${behind} writes behind)`,
  );
  if (lost.length > 0)
    say(
      db,
      'db-data-loss',
      c.spec.id,
      'fault',
      `${lost.length} acknowledged writes lost: ${c.spec.id} never received them (RPO ${record.rpoLagS.toFixed(2)} s)`,
    );
  if (oldPrimary !== c && healthy(db, oldPrimary)) attach(db, oldPrimary, c);
  ensureAttached(db);

  const switchGen = db.promotionGen;
  db.ctx.schedule(usOf(db.options.rediscoveryMs), () => {
    if (switchGen !== db.promotionGen || db.switchTarget !== c) return;
    db.switchTarget = null;
    db.clientPrimary = c;
    if (db.current && db.current.record === record) {
      record.rtoS = (nowUs(db) - db.current.lossAtUs) / US_PER_S;
      db.current = null;
    }
    db.lossAtUs = null;
    db.lossGen++;
    db.alerted = false;
    db.operatorWaiting = false;
    db.noCandidateLogged = false;
    say(db, 'db-clients', c.spec.id, 'recovery', `clients switched to ${c.spec.id}`);
  });
}

// ---- rejoining ----

/**
 * A node on an old timeline rewinds to where that timeline forked (pg_rewind):
 * what it alone had is discarded; the acknowledged part of it is lost.
 */
export const rewind = (db: Cluster, n: DbNode): void => {
  if (n.epoch >= db.currentEpoch) return;
  let cut = n.log.length;
  for (let e = n.epoch + 1; e <= db.currentEpoch; e++)
    cut = Math.min(cut, db.epochs.get(e)!.startPos - 1);
  const fork = commonPrefix(n.log, referenceLog(db));
  cut = Math.min(cut, fork);
  const divergent = n.log.slice(cut);
  n.log.length = cut;
  n.keyLatest = indexLog(n.log);
  n.epoch = db.currentEpoch;
  closeStreamsFrom(n);
  if (n.role === 'primary') {
    // An old primary learns from the DCS that it is one no longer.
    failPending(db, n, db.options.fencing ? 'fenced' : 'no-primary');
    n.role = 'replica';
  }
  if (divergent.length > 0) {
    const counted = divergent.filter((e) => e.discarded).length;
    const lost = discard(db, divergent);
    const details = [
      counted > 0 ? `${counted} already counted at the failover` : '',
      lost.length > 0 ? `${lost.length} acknowledged since then: lost` : '',
    ].filter(Boolean);
    say(
      db,
      'db-rejoin',
      n.spec.id,
      lost.length > 0 ? 'fault' : 'info',
      `${n.spec.id} rejoined as a replica: discarded ${divergent.length} writes not on the current timeline` +
        (details.length > 0 ? ` (${details.join('; ')})` : ''),
    );
    if (lost.length > 0)
      say(
        db,
        'db-data-loss',
        n.spec.id,
        'fault',
        `${lost.length} acknowledged writes lost: ${n.spec.id} accepted them on an old timeline (split brain) and discarded them when it rejoined`,
      );
  }
};

/** Makes a healthy node a replica of the serving primary and starts its stream. */
export function attach(db: Cluster, n: DbNode, p: DbNode): void {
  rewind(db, n);
  if (n.role === 'primary') failPending(db, n, db.options.fencing ? 'fenced' : 'no-primary');
  n.role = 'replica';
  n.demoted = false;
  n.semiSyncFallback = false;
  closeStreamsFrom(n);
  closeStreamsInto(db, n, p);
  const s = p.out.get(n.spec.id);
  if (!s || !s.active) openStream(db, p, n);
  else if (s.broken) reconnect(db, s);
}

/** Every healthy node other than the serving primary follows it. */
export function ensureAttached(db: Cluster): void {
  if (db.lww) return;
  const p = db.leader;
  if (
    !p ||
    p === db.promoting ||
    !healthy(db, p) ||
    p.role !== 'primary' ||
    p.epoch !== db.currentEpoch
  )
    return;
  for (const n of db.nodes) {
    if (n === p || !healthy(db, n)) continue;
    const s = p.out.get(n.spec.id);
    if (n.epoch !== db.currentEpoch || n.role === 'primary' || !s || !s.active) attach(db, n, p);
    else if (s.broken) reconnect(db, s);
  }
}

// ---- manual failover ----

/** Manual failover: the alert, and the simulated operator if there is one. */
export function manualCheck(db: Cluster): void {
  if (db.lww || automatic(db) || db.lossAtUs === null || db.promoting || db.switchTarget) return;
  if (!db.alerted) {
    if (nowUs(db) < db.lossAtUs + usOf(db.options.alertDelayMs) || !db.ctx.monitoringEnabled())
      return;
    db.alerted = true;
    say(
      db,
      'db-alert',
      epochPrimary(db).spec.id,
      'detection',
      `ALERT: primary ${epochPrimary(db).spec.id} unreachable; promote a replica`,
    );
    if (db.options.operatorDelayMs > 0) {
      const gen = db.lossGen;
      db.ctx.schedule(usOf(db.options.operatorDelayMs), () => {
        if (gen !== db.lossGen) return;
        db.operatorWaiting = true;
        operatorActs(db);
      });
    }
  } else if (db.operatorWaiting) operatorActs(db);
}

function operatorActs(db: Cluster): void {
  if (!db.operatorWaiting || db.promoting || db.switchTarget || db.lossAtUs === null) return;
  const chosen = best(candidates(db, true).filter((n) => n !== epochPrimary(db)));
  if (!chosen) return; // the operator tries again at the next loop
  db.operatorWaiting = false;
  startPromotion(db, chosen, `operator promoted ${chosen.spec.id}`);
}

/**
 * Every copy of the data is gone: the first reachable node starts an empty database
 * (as restoring from nothing would), so the run can go on. The promotion counts
 * every acknowledged write as lost.
 */
export function reinitialise(db: Cluster): void {
  const n = db.nodes.find((m) => up(db, m) && !m.isolated);
  if (!n) return;
  n.diskFailed = false;
  n.rebuild = null;
  n.log = [];
  n.keyLatest = new Map();
  n.epoch = db.currentEpoch;
  n.role = 'replica';
  startPromotion(
    db,
    n,
    `no copy of the data survives: re-initialising ${n.id} as an empty database`,
  );
}
