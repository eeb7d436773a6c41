/**
 * Disk failure and rebuild: a node whose disk fails loses its data (acknowledged writes
 * no other copy holds are lost) and is rebuilt from a healthy copy, in time
 * proportional to the data's size, then catches up over its stream.
 */
import { US_PER_MS, type SimTimeUs } from '../engine/time';
import { abortPromotion, attach, noteLoss } from './failover';
import { discard, failPending } from './losses';
import {
  type Cluster,
  commonPrefix,
  type DbNode,
  epochPrimary,
  healthy,
  indexLog,
  nowUs,
  say,
  secondsText,
  up,
} from './model';
import { closeStreamsFrom, closeStreamsInto, lwwConnect } from './replication';

/**
 * Rows a node's data holds: one per key written. A base backup copies the data as it
 * stands, not its history, so a rebuild costs this whatever the run's length (the
 * writes made during the copy are streamed after it).
 */
const rowsHeld = (n: DbNode): number => n.keyLatest.size;

export function startRebuild(db: Cluster, n: DbNode): void {
  if (n.rebuild || !n.diskFailed || !up(db, n) || n.isolated) return;
  let source: DbNode | null = null;
  const leader = db.leader;
  if (db.lww) {
    const place = n.spec;
    const donors = db.nodes.filter((m) => m !== n && healthy(db, m));
    source =
      donors.find((m) => m.spec.zone === place.zone) ??
      donors.find((m) => m.spec.region === place.region) ??
      donors[0] ??
      null;
  } else if (
    leader &&
    leader !== db.promoting &&
    healthy(db, leader) &&
    leader.role === 'primary'
  ) {
    source = leader;
  }
  if (!source) return;
  const size = rowsHeld(source);
  // ms per thousand rows x rows / 1000 = ms; x 1000 = us: the factors cancel.
  // (The setting keeps its historical name, rebuildMsPerThousandWrites: share links use it.)
  const durationUs = Math.max(1, Math.round(db.options.rebuildMsPerThousandWrites * size));
  const gen = ++db.rebuildGen;
  const now = nowUs(db);
  n.rebuild = {
    source,
    snapshotLength: source.log.length,
    startUs: now,
    doneUs: (now + durationUs) as SimTimeUs,
    gen,
  };
  say(
    db,
    'db-rebuild',
    n.spec.id,
    'recovery',
    `${n.spec.id}: rebuilding from ${source.spec.id} (${size} keys of data, about ${secondsText(durationUs / US_PER_MS)})`,
  );
  db.ctx.schedule(durationUs, () => finishRebuild(db, n, gen));
}

function finishRebuild(db: Cluster, n: DbNode, gen: number): void {
  const job = n.rebuild;
  if (!job || job.gen !== gen) return;
  n.rebuild = null;
  const source = job.source;
  if (!healthy(db, source) || !up(db, n) || n.isolated || (!db.lww && source !== db.leader)) {
    say(
      db,
      'db-rebuild',
      n.spec.id,
      'info',
      `rebuild of ${n.spec.id} interrupted: ${source.spec.id} is gone`,
    );
    return;
  }
  n.diskFailed = false;
  if (db.lww) {
    n.keyLatest = new Map(source.keyLatest);
    n.received = source.received.slice();
    n.received[source.index] = source.originated.length;
    n.received[n.index] = 0;
    closeStreamsInto(db, n);
    say(
      db,
      'db-rebuild',
      n.spec.id,
      'recovery',
      `${n.spec.id} rebuilt from ${source.spec.id}: catching up`,
    );
    lwwConnect(db);
    return;
  }
  // The base backup holds the log as of its start; the stream delivers the rest.
  n.log = source.log.slice(0, job.snapshotLength);
  n.keyLatest = indexLog(n.log);
  n.epoch = source.epoch;
  n.role = 'replica';
  say(
    db,
    'db-rebuild',
    n.spec.id,
    'recovery',
    `${n.spec.id} rebuilt from ${source.spec.id}: catching up`,
  );
  closeStreamsInto(db, n);
  attach(db, n, source);
}

export const diskFail = (db: Cluster, n: DbNode): void => {
  const oldLog = n.log;
  n.diskFailed = true;
  n.rebuild = null;
  failPending(db, n, 'unavailable');
  n.keyLatest = new Map();
  if (n === db.promoting) abortPromotion(db, `${n.spec.id} lost its disk`);
  if (db.lww) {
    // What it accepted and nobody received yet exists nowhere now.
    closeStreamsInto(db, n);
    closeStreamsFrom(n);
    let kept = 0;
    for (const m of db.nodes)
      if (m !== n && !m.diskFailed) kept = Math.max(kept, m.received[n.index]);
    const gone = discard(db, n.originated.slice(kept));
    n.originated.length = kept;
    n.received.fill(0);
    if (gone.length > 0)
      say(
        db,
        'db-data-loss',
        n.spec.id,
        'fault',
        `${gone.length} acknowledged writes lost with ${n.spec.id}'s disk`,
      );
    startRebuild(db, n);
    return;
  }
  n.log = [];
  closeStreamsInto(db, n);
  closeStreamsFrom(n);
  // Acknowledged writes no surviving copy holds are gone, whatever happens next.
  let kept = 0;
  for (const m of db.nodes) {
    if (m !== n && !m.diskFailed) kept = Math.max(kept, commonPrefix(m.log, oldLog));
  }
  const gone = discard(db, oldLog.slice(kept));
  if (gone.length > 0)
    say(
      db,
      'db-data-loss',
      n.spec.id,
      'fault',
      `${gone.length} acknowledged writes lost with ${n.spec.id}'s disk: no other node had them`,
    );
  if (n === epochPrimary(db) && n.role === 'primary') {
    noteLoss(db, n);
  } else {
    n.role = 'replica';
    startRebuild(db, n);
  }
};
