/**
 * The database model's internal records and the one state record every part of it
 * shares (`Cluster`), with the small predicates they all use. The model is a set of
 * functions over a `Cluster`: replication.ts ships and commits writes, requests.ts
 * serves clients, failover.ts runs the lease and promotions, disks.ts rebuilds lost
 * data, lifecycle.ts the HA loop and commands, views.ts what the engine reads back.
 *
 * Data model. Single primary: every write is a log entry at a position; an epoch (the
 * timeline, Kleppmann's fencing token) goes up at each promotion. Replicas hold a
 * prefix of their primary's log, shipped in order over one stream each. A promotion
 * starts a new epoch at the promoted node's position; entries the old primary had
 * beyond it are discarded, and the acknowledged ones among them are the writes lost
 * (the RPO). A node that rejoins after a promotion is rewound to where its timeline
 * forked (pg_rewind), discarding what it alone had (split-brain writes).
 * Multi-primary: each primary ships the writes it accepted to every other node; each
 * node keeps, per key, the write with the highest (timestamp, node) version.
 *
 * Entries are shared objects: a replica's log holds the very entries of its primary,
 * so "does this node have write w" is an identity test at w's position.
 */
import { DATABASE_COMMAND_TYPES } from '../commands/registry';
import { LWW_MAX_NODES } from './databaseVersion';
import type { LogCategory } from '../output/log';
import { US_PER_MS, type SimTimeUs } from '../engine/time';
import type { DatabaseOptions } from './options';
import { validateDatabaseOptions } from './options';
import type {
  DatabaseAction,
  DatabaseContext,
  DatabaseFailure,
  DatabaseNodeSpec,
  DatabaseSpec,
  FailoverRecord,
} from './types';

export interface Entry {
  readonly key: number;
  /** Single primary: epoch of the primary that accepted it (0 multi-primary). */
  readonly epoch: number;
  /** Single primary: log position (1-based). Multi-primary: index in its origin's list. */
  readonly pos: number;
  readonly version: number;
  readonly commitUs: SimTimeUs;
  /** Multi-primary: the value of the key the origin held when it accepted this write. */
  readonly basis: Entry | null;
  /** Accepted by a primary of an old epoch after a newer epoch existed. */
  readonly splitBrain: boolean;
  acked: boolean;
  /** Gone from the data for good (discarded at a promotion, rewind or disk loss). */
  discarded: boolean;
  /** Acknowledged and discarded: counted in writesLost. */
  lost: boolean;
  /** Multi-primary: replaced by a concurrent write with a later timestamp. */
  overwritten: boolean;
}

export interface WriteRequest {
  readonly from: string;
  readonly key: number;
  readonly done: (ok: boolean, reason?: DatabaseFailure) => void;
  finished: boolean;
}

export interface ReadRequest {
  readonly from: string;
  readonly key: number;
  readonly done: (ok: boolean, stale: boolean, reason?: DatabaseFailure) => void;
  /** Version of the newest acknowledged write of the key when the read was issued. */
  readonly ackedVersion: number;
  finished: boolean;
  /** Quorum reads: nodes asked, answers in, successful answers, newest version seen. */
  asked: number;
  answers: number;
  successes: number;
  best: number;
}

export interface Pending {
  readonly req: WriteRequest;
  readonly entry: Entry;
  settled: boolean;
}

/** One ordered replication stream from a primary to another node (a TCP connection). */
export interface Stream {
  readonly src: DbNode;
  readonly dst: DbNode;
  /** Bumped at each reconnect: deliveries and acks of an older connection are dropped. */
  gen: number;
  /** Entries sent so far (index into the source's outgoing list). */
  sentPos: number;
  /** Entries the destination has confirmed. */
  ackPos: number;
  /** Arrival time of the last message: later messages never overtake it (TCP order). */
  lastArrivalUs: SimTimeUs;
  broken: boolean;
  retryPending: boolean;
  /** False once replaced or closed. */
  active: boolean;
}

export interface Rebuild {
  readonly source: DbNode;
  /** Single primary: the source's log length when the base backup started. */
  readonly snapshotLength: number;
  readonly startUs: SimTimeUs;
  readonly doneUs: SimTimeUs;
  readonly gen: number;
}

export interface DbNode {
  readonly id: string;
  readonly spec: DatabaseNodeSpec;
  readonly index: number;
  /**
   * This node's replication delay as a replica, as a multiple of `replicaApplyDelayMs`:
   * seeded, uniform in [0.5, 1.5), so replicas lag by different amounts (hardware, load,
   * apply contention) and a write can be on one replica and not yet on another.
   */
  readonly applyDelayFactor: number;
  /** Process (and HA agent) stopped by a `kill`. */
  crashed: boolean;
  /** Last observed `!crashed && nodeAlive`, to notice transitions. */
  running: boolean;
  isolated: boolean;
  /** Data gone (until a rebuild completes). */
  diskFailed: boolean;
  rebuild: Rebuild | null;
  role: 'primary' | 'replica';
  /** Timeline followed (single primary). */
  epoch: number;
  /** Single primary: the log this node holds. */
  log: Entry[];
  /** Newest version held per key. */
  keyLatest: Map<number, Entry>;
  /** Streams this node sends, by destination id. */
  out: Map<string, Stream>;
  pending: Pending[];
  pendingHead: number;
  semiSyncFallback: boolean;
  /** Log length when semi-sync fell back: a replica acknowledging it turns semi-sync on. */
  fallbackPos: number;
  /** The lease as this node last renewed it (it rejects writes after, with fencing). */
  leaseUntilUs: SimTimeUs;
  /** Demoted itself after losing the DCS (fencing). */
  demoted: boolean;
  demoteScheduled: boolean;
  /** Multi-primary: writes this node accepted, in order. */
  originated: Entry[];
  /** Multi-primary: writes received from each origin, by node index. */
  received: number[];
  /** Multi-primary: last timestamp handed out, so timestamps never repeat. */
  lastTsUs: SimTimeUs;
}

export interface EpochRecord {
  readonly primary: DbNode;
  /** First log position written in this epoch (the fork point + 1). */
  readonly startPos: number;
  /** The primary's log; kept if its disk fails, dropped once the next epoch starts. */
  log: Entry[] | null;
}

export interface FailoverState {
  record: FailoverRecord;
  lossAtUs: SimTimeUs;
}

/** The commands a node takes, in menu order: declared once, in the command registry. */
export const ACTION_ORDER = DATABASE_COMMAND_TYPES as readonly DatabaseAction[];

/** `30000` -> `30 s`, `2500` -> `2.5 s`. */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Length of the shared prefix of two logs (entries are shared objects). */
export function commonPrefix(a: readonly Entry[], b: readonly Entry[]): number {
  for (let i = Math.min(a.length, b.length) - 1; i >= 0; i--) if (a[i] === b[i]) return i + 1;
  return 0;
}

/** Whether `older` is in the chain of values `newer` was written over. */
export function isAncestor(older: Entry, newer: Entry): boolean {
  for (let x = newer.basis; x !== null && x.version >= older.version; x = x.basis) {
    if (x === older) return true;
  }
  return false;
}

/** Rebuilds a per-key index from a log. */
export function indexLog(log: readonly Entry[]): Map<number, Entry> {
  const map = new Map<number, Entry>();
  for (const entry of log) map.set(entry.key, entry);
  return map;
}

/** Totals reported in `DatabaseMetrics`. */
export interface Counts {
  writesIssued: number;
  writesAcked: number;
  writesFailed: number;
  writesLost: number;
  readsIssued: number;
  readsServed: number;
  readsFailed: number;
  staleReads: number;
  lostUpdates: number;
  splitBrainWrites: number;
}

/**
 * Losses found one write at a time, gathered until the window's log lines are written
 * (see `reportLoss` in losses.ts).
 */
export interface LossReport {
  /** Per node that acknowledged the lost writes, in the order of its first loss. */
  readonly byNode: Map<string, { lateLost: number; overwritten: number }>;
  /** A window is open: its lines are written when it closes. */
  pending: boolean;
}

/** Everything the model knows: its nodes, the cluster's state and its counters. */
export interface Cluster {
  readonly ctx: DatabaseContext;
  options: DatabaseOptions;
  /** Multi-primary last writer wins (fixed for a run). */
  readonly lww: boolean;
  readonly nodes: readonly DbNode[];
  readonly byId: ReadonlyMap<string, DbNode>;
  /** The spec's initial primary. */
  readonly first: DbNode;

  // ---- cluster state ----
  currentEpoch: number;
  readonly epochs: Map<number, EpochRecord>;
  /** Holder of the DCS leader key (the candidate, during a promotion). */
  leader: DbNode | null;
  leaseExpiresUs: SimTimeUs;
  /** Leader's log length at its last renewal (what `maximum_lag_on_failover` compares to). */
  reportedPos: number;
  renewFailing: boolean;
  promoting: DbNode | null;
  promotionGen: number;
  /** Promoted, clients not yet switched. */
  switchTarget: DbNode | null;
  clientPrimary: DbNode | null;
  /** Time the current epoch's primary was lost, null while it serves. */
  lossAtUs: SimTimeUs | null;
  lossGen: number;
  alerted: boolean;
  operatorWaiting: boolean;
  noCandidateLogged: boolean;
  rebuildGen: number;
  current: FailoverState | null;
  /** Multi-primary: one writable primary per region, in node order. */
  readonly regionPrimaries: DbNode[];

  // ---- counters ----
  readonly counts: Counts;
  readonly failovers: FailoverRecord[];
  /** Newest acknowledged write per key (by version), for stale reads. */
  readonly latestAcked: Map<number, Entry>;
  readonly ackedEntries: Entry[];
  readonly lossReport: LossReport;
}

/** The cluster as it starts, every node a replica. Throws on an invalid spec or options. */
export function createCluster(
  spec: DatabaseSpec,
  initialOptions: DatabaseOptions,
  ctx: DatabaseContext,
): Cluster {
  if (spec.nodes.length === 0) throw new Error('a database needs at least one node');
  if (spec.nodes.length > LWW_MAX_NODES) throw new Error(`at most ${LWW_MAX_NODES} database nodes`);
  if (new Set(spec.nodes.map((n) => n.id)).size !== spec.nodes.length)
    throw new Error('database node ids must be unique');
  const problem = validateDatabaseOptions(initialOptions, spec.nodes.length);
  if (problem) throw new Error(problem);
  const options: DatabaseOptions = { ...initialOptions };
  const lww = options.conflictMode === 'multi-primary-lww';

  const nodes: DbNode[] = spec.nodes.map((nodeSpec, index) => ({
    id: nodeSpec.id,
    spec: { ...nodeSpec },
    index,
    applyDelayFactor: 0.5 + ctx.random.next(),
    crashed: false,
    running: true,
    isolated: false,
    diskFailed: false,
    rebuild: null,
    role: 'replica',
    epoch: lww ? 0 : 1,
    log: [],
    keyLatest: new Map(),
    out: new Map(),
    pending: [],
    pendingHead: 0,
    semiSyncFallback: false,
    fallbackPos: 0,
    leaseUntilUs: 0 as SimTimeUs,
    demoted: false,
    demoteScheduled: false,
    originated: [],
    received: new Array<number>(spec.nodes.length).fill(0),
    lastTsUs: -1 as SimTimeUs,
  }));
  const byId = new Map(nodes.map((n) => [n.spec.id, n]));
  const first = byId.get(spec.primary);
  if (!first) throw new Error(`the primary ${spec.primary} is not a database node`);

  return {
    ctx,
    options,
    lww,
    nodes,
    byId,
    first,
    currentEpoch: lww ? 0 : 1,
    epochs: new Map(),
    leader: first,
    leaseExpiresUs: 0 as SimTimeUs,
    reportedPos: 0,
    renewFailing: false,
    promoting: null,
    promotionGen: 0,
    switchTarget: null,
    clientPrimary: lww ? null : first,
    lossAtUs: null,
    lossGen: 0,
    alerted: false,
    operatorWaiting: false,
    noCandidateLogged: false,
    rebuildGen: 0,
    current: null,
    regionPrimaries: [],
    counts: {
      writesIssued: 0,
      writesAcked: 0,
      writesFailed: 0,
      writesLost: 0,
      readsIssued: 0,
      readsServed: 0,
      readsFailed: 0,
      staleReads: 0,
      lostUpdates: 0,
      splitBrainWrites: 0,
    },
    failovers: [],
    latestAcked: new Map(),
    ackedEntries: [],
    lossReport: { byNode: new Map(), pending: false },
  };
}

// ---- small helpers ----

export const nowUs = (db: Cluster): SimTimeUs => db.ctx.nowUs();
export const usOf = (ms: number): number => Math.round(ms * US_PER_MS);
export const say = (
  db: Cluster,
  type: string,
  target: string,
  category: LogCategory,
  message: string,
): void => db.ctx.log(type, target, category, message);
export const up = (db: Cluster, n: DbNode): boolean => !n.crashed && db.ctx.nodeAlive(n.id);
export const healthy = (db: Cluster, n: DbNode): boolean =>
  up(db, n) && !n.isolated && !n.diskFailed;
export const automatic = (db: Cluster): boolean => db.options.failover === 'automatic';
export const epochRecord = (db: Cluster): EpochRecord => db.epochs.get(db.currentEpoch)!;
export const epochPrimary = (db: Cluster): DbNode => epochRecord(db).primary;
export const referenceLog = (db: Cluster): Entry[] => epochRecord(db).log ?? epochPrimary(db).log;

/**
 * With fencing, an old primary refuses writes: a newer epoch exists (the token is
 * stale), or (automatic failover) it demoted itself or its lease has lapsed.
 */
export const fenced = (db: Cluster, n: DbNode): boolean => {
  if (!db.options.fencing || db.lww) return false;
  if (n.epoch < db.currentEpoch) return true;
  return automatic(db) && (n.demoted || nowUs(db) >= n.leaseUntilUs);
};

/**
 * A node clients can write to now: a running primary that holds its data and is not
 * fenced. A crashed (or host-down, or fenced) old primary keeps its role inside the
 * model until it rejoins, but it accepts no writes, so it is no second primary: only
 * two of these at once are a split brain.
 */
export const acceptsWrites = (db: Cluster, n: DbNode): boolean =>
  n.role === 'primary' && up(db, n) && !n.diskFailed && !fenced(db, n);

export const sendTo = (db: Cluster, from: string, to: string, fn: () => void): void => {
  const hop = db.ctx.hopUs(from, to);
  if (hop !== null) db.ctx.schedule(hop, fn);
};

/** A node's reply to a client: only a live host sends anything. */
export const reply = (db: Cluster, n: DbNode, to: string, fn: () => void): void => {
  if (db.ctx.nodeAlive(n.id)) sendTo(db, n.id, to, fn);
};

/** Latency between two database nodes, or null when they cannot talk. */
export const dbHop = (db: Cluster, a: DbNode, b: DbNode): number | null => {
  if (!up(db, a) || !up(db, b) || a.isolated || b.isolated) return null;
  return db.ctx.hopUs(a.spec.id, b.spec.id);
};
