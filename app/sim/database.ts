/**
 * The replicated database (REFERENCE.md sections 5 and 6): a primary and replicas in
 * zones and regions, a replication log, four commit rules, a Patroni-like leader lease
 * with automatic or manual failover, fencing, disk rebuilds, and a multi-primary
 * last-writer-wins mode for active-active data.
 *
 * The model owns no clock and no queue: it runs inside the engine through a
 * `DatabaseContext` (time, scheduling, latency, liveness, log), so the same code runs
 * in the full simulation and in the small test harness.
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
import { DATABASE_COMMAND_TYPES } from './commands/registry';
import type { DatabaseOptions, ReplicationMode } from './databaseOptions';
import { quorumsOverlap, validateDatabaseOptions } from './databaseOptions';
import { LWW_MAX_NODES, logVersion, lwwVersion } from './databaseVersion';
import type { LogCategory } from './log';
import type { Random } from './random';
import { US_PER_MS, US_PER_S } from './time';

export type {
  ConflictMode,
  DatabaseOptions,
  FailoverMode,
  ReadTarget,
  ReplicationMode,
} from './databaseOptions';
export { DATABASE_DEFAULTS, PATRONI_TIMINGS } from './databaseOptions';

/** One database node and where it runs, e.g. `db-a1` in zone `eu-a` of region `eu`. */
export interface DatabaseNodeSpec {
  id: string;
  zone: string;
  region: string;
}

/** The cluster: its nodes in preference order, and the initial primary. */
export interface DatabaseSpec {
  /**
   * Node order matters: the synchronous standby is the first connected one (PostgreSQL
   * `FIRST 1 (...)` lists names in order), the quorum is the first N, ties go first.
   */
  nodes: DatabaseNodeSpec[];
  primary: string;
}

/** Where an app server or node is (for routing reads and, multi-primary, writes). */
export interface Place {
  zone: string;
  region: string;
}

/** What the model needs from the engine. */
export interface DatabaseContext {
  /** Current simulated time in integer microseconds. */
  nowUs(): number;
  /** Runs fn after delayUs (>= 0), deterministically ordered with the rest of the engine. */
  schedule(delayUs: number, fn: () => void): void;
  /** A stream of the run's seeded generator dedicated to the database. */
  random: Random;
  log(type: string, target: string, category: LogCategory, message: string): void;
  /**
   * One-way latency between two places (node ids or app server ids) in microseconds, or
   * null when this message is lost (cut link, dead host, packet loss). Called once per
   * message.
   */
  hopUs(from: string, to: string): number | null;
  /** Whether the host under a node (its host, zone and region) is up. */
  nodeAlive(id: string): boolean;
  /** Monitoring switch (issue 6): off, a lost primary raises no alert. */
  monitoringEnabled(): boolean;
  /** Zone and region of an app server or node; undefined when unknown. */
  placeOf(id: string): Place | undefined;
}

/** Why a read or write failed. */
export type DatabaseFailure = 'no-primary' | 'timeout' | 'fenced' | 'unavailable';

/** The commands the database understands; every one targets a node id. */
export type DatabaseAction = 'kill' | 'disk-fail' | 'isolate' | 'promote' | 'restore';

/**
 * - `kill`: the node (database and HA agent) stops; its disk survives, so it can
 *   rejoin. Its host stays up: connections are refused at once.
 * - `disk-fail`: the node's data is gone; it is rebuilt from the primary, taking time
 *   proportional to the data's size (its keys, not every write ever made).
 * - `isolate`: cut from the other database nodes and the DCS; app servers still reach
 *   it (the split-brain setup).
 * - `promote`: the operator promotes this replica (manual failover, or a forced one).
 * - `restore`: undo `kill` and `isolate` (a failed disk is rebuilt, never restored).
 */
export interface DatabaseCommand {
  type: DatabaseAction;
  target: string;
}

export type DatabaseRole = 'primary' | 'replica' | 'rebuilding' | 'down';

export interface DatabaseNodeView extends DatabaseNodeSpec {
  role: DatabaseRole;
  /**
   * State word for accessible names: `up`, `crashed`, `host down`, `disk failed`,
   * `rebuilding 40%`, `isolated`, `isolated (fenced)`, `promoting`, `fenced`.
   */
  state: string;
  /** Log entries (single primary) or writes received (multi-primary) this node holds. */
  appliedWrites: number;
  /** Age of the oldest write this node is missing (0 when caught up). */
  lagMs: number;
  /** Writes this node is behind its primary (or, multi-primary, all primaries). */
  lagWrites: number;
  /** Timeline the node follows (single primary; 0 in multi-primary mode). */
  epoch: number;
}

/** A replication stream, drawn as a link with its lag. */
export interface ReplicationStreamView {
  from: string;
  to: string;
  connected: boolean;
  lagMs: number;
  lagWrites: number;
}

export interface DatabaseView {
  nodes: DatabaseNodeView[];
  streams: ReplicationStreamView[];
  replicationMode: ReplicationMode;
  /** Semi-sync: the primary has fallen back to asynchronous replication. */
  semiSyncFallback: boolean;
  quorum: { n: number; w: number; r: number; overlapping: boolean };
  conflictMode: DatabaseOptions['conflictMode'];
  failover: DatabaseOptions['failover'];
  fencing: boolean;
  epoch: number;
  /** Holder of the leader lease (single primary), or null while nobody holds it. */
  leader: string | null;
  /**
   * Reachable writers: running, unfenced primaries that hold their data (a crashed old
   * primary is none). Two only during a split brain (a partition without fencing); one
   * per region multi-primary; none while a failover is under way.
   */
  primaries: string[];
  /** Where clients send writes (single primary): changes only after rediscovery. */
  clientPrimary: string | null;
  /** Failover in progress, in words (`promoting db-b1`), or null. */
  failoverPhase: string | null;
}

/** One completed promotion, with its recovery time and data loss. */
export interface FailoverRecord {
  /** When the new primary was promoted (simulated seconds). */
  atS: number;
  from: string;
  to: string;
  /** From the primary's loss to clients writing to the new primary; null until they do. */
  rtoS: number | null;
  /** Acknowledged writes the new primary did not have (lost at promotion). */
  rpoWrites: number;
  /**
   * The same loss as time: from the commit of the oldest lost acknowledged write to the
   * primary's loss, or to the newest lost write if the old primary kept accepting
   * writes after it was lost (isolated). 0 when nothing acknowledged was lost.
   */
  rpoLagS: number;
}

export interface DatabaseMetrics {
  writesIssued: number;
  /** Writes whose acknowledgement reached the client before its timeout. */
  writesAcked: number;
  writesFailed: number;
  /** Acknowledged writes later lost: failover, disk failure, split-brain healing. */
  writesLost: number;
  readsIssued: number;
  readsServed: number;
  readsFailed: number;
  /** Served reads older than the newest write acknowledged when the read was issued. */
  staleReads: number;
  /** Multi-primary: acknowledged writes overwritten by a concurrent write to the same key. */
  lostUpdates: number;
  /** Writes accepted by a primary of an old epoch after a newer one existed, and acknowledged. */
  splitBrainWrites: number;
  failovers: FailoverRecord[];
  lastFailover: FailoverRecord | null;
}

/** Bookkeeping check for tests: where every acknowledged write is now. */
export interface DatabaseAudit {
  acked: number;
  /** Acknowledged and present in the current epoch's log (multi-primary: not lost). */
  present: number;
  /** Acknowledged and counted in writesLost. */
  lost: number;
  /** Acknowledged, not lost, only on a node that has not rejoined (split brain pending). */
  divergent: number;
  /** Acknowledged writes in none of the above: must be 0. */
  unaccounted: number;
  /** Multi-primary: every running node with data holds the same value for every key. */
  converged: boolean;
}

export interface Database {
  /**
   * A client (app server `from`) writes `key`. `done` is called exactly once: ok when
   * the acknowledgement reached the client, else with a reason. The model applies its
   * own timeout (`clientTimeoutMs`): a write acknowledged after it is not acknowledged.
   */
  write(from: string, key: number, done: (ok: boolean, reason?: DatabaseFailure) => void): void;
  /**
   * A read. `done` is called exactly once; `stale` when the value served is older than
   * the newest write of that key acknowledged when the read was issued.
   */
  read(
    from: string,
    key: number,
    done: (ok: boolean, stale: boolean, reason?: DatabaseFailure) => void,
  ): void;
  /** Applies a command; returns an error sentence (and changes nothing) or null. */
  apply(command: DatabaseCommand): string | null;
  validate(command: DatabaseCommand): string | null;
  /** Actions that make sense on a node now, for its menu. */
  actionsFor(nodeId: string): DatabaseAction[];
  /** Changes options live; returns an error sentence (and changes nothing) or null. */
  setOptions(patch: Partial<DatabaseOptions>): string | null;
  options(): Readonly<DatabaseOptions>;
  /**
   * The engine calls this when hosts, zones or regions go down or come back, so the
   * model reacts at that instant (otherwise it notices at its next HA loop).
   */
  hostsChanged(): void;
  view(): DatabaseView;
  metrics(): DatabaseMetrics;
  /** O(writes) consistency check, for tests. */
  audit(): DatabaseAudit;
}

// ---- internal records ----

interface Entry {
  readonly key: number;
  /** Single primary: epoch of the primary that accepted it (0 multi-primary). */
  readonly epoch: number;
  /** Single primary: log position (1-based). Multi-primary: index in its origin's list. */
  readonly pos: number;
  readonly version: number;
  readonly commitUs: number;
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

interface WriteRequest {
  readonly from: string;
  readonly key: number;
  readonly done: (ok: boolean, reason?: DatabaseFailure) => void;
  finished: boolean;
}

interface ReadRequest {
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

interface Pending {
  readonly req: WriteRequest;
  readonly entry: Entry;
  settled: boolean;
}

/** One ordered replication stream from a primary to another node (a TCP connection). */
interface Stream {
  readonly src: DbNode;
  readonly dst: DbNode;
  /** Bumped at each reconnect: deliveries and acks of an older connection are dropped. */
  gen: number;
  /** Entries sent so far (index into the source's outgoing list). */
  sentPos: number;
  /** Entries the destination has confirmed. */
  ackPos: number;
  /** Arrival time of the last message: later messages never overtake it (TCP order). */
  lastArrivalUs: number;
  broken: boolean;
  retryPending: boolean;
  /** False once replaced or closed. */
  active: boolean;
}

interface Rebuild {
  readonly source: DbNode;
  /** Single primary: the source's log length when the base backup started. */
  readonly snapshotLength: number;
  readonly startUs: number;
  readonly doneUs: number;
  readonly gen: number;
}

interface DbNode {
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
  leaseUntilUs: number;
  /** Demoted itself after losing the DCS (fencing). */
  demoted: boolean;
  demoteScheduled: boolean;
  /** Multi-primary: writes this node accepted, in order. */
  originated: Entry[];
  /** Multi-primary: writes received from each origin, by node index. */
  received: number[];
  /** Multi-primary: last timestamp handed out, so timestamps never repeat. */
  lastTsUs: number;
}

interface EpochRecord {
  readonly primary: DbNode;
  /** First log position written in this epoch (the fork point + 1). */
  readonly startPos: number;
  /** The primary's log; kept if its disk fails, dropped once the next epoch starts. */
  log: Entry[] | null;
}

interface FailoverState {
  record: FailoverRecord;
  lossAtUs: number;
}

/** The commands a node takes, in menu order: declared once, in the command registry. */
const ACTION_ORDER = DATABASE_COMMAND_TYPES as readonly DatabaseAction[];

/** `30000` -> `30 s`, `2500` -> `2.5 s`. */
function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Length of the shared prefix of two logs (entries are shared objects). */
function commonPrefix(a: readonly Entry[], b: readonly Entry[]): number {
  for (let i = Math.min(a.length, b.length) - 1; i >= 0; i--) if (a[i] === b[i]) return i + 1;
  return 0;
}

/** Whether `older` is in the chain of values `newer` was written over. */
function isAncestor(older: Entry, newer: Entry): boolean {
  for (let x = newer.basis; x !== null && x.version >= older.version; x = x.basis) {
    if (x === older) return true;
  }
  return false;
}

/** Rebuilds a per-key index from a log. */
function indexLog(log: readonly Entry[]): Map<number, Entry> {
  const map = new Map<number, Entry>();
  for (const entry of log) map.set(entry.key, entry);
  return map;
}

/** Creates the database model. Throws on an invalid spec or options. */
export function createDatabase(
  spec: DatabaseSpec,
  initialOptions: DatabaseOptions,
  ctx: DatabaseContext,
): Database {
  if (spec.nodes.length === 0) throw new Error('a database needs at least one node');
  if (spec.nodes.length > LWW_MAX_NODES) throw new Error(`at most ${LWW_MAX_NODES} database nodes`);
  if (new Set(spec.nodes.map((n) => n.id)).size !== spec.nodes.length)
    throw new Error('database node ids must be unique');
  const problem = validateDatabaseOptions(initialOptions, spec.nodes.length);
  if (problem) throw new Error(problem);
  let options: DatabaseOptions = { ...initialOptions };
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
    leaseUntilUs: 0,
    demoted: false,
    demoteScheduled: false,
    originated: [],
    received: new Array<number>(spec.nodes.length).fill(0),
    lastTsUs: -1,
  }));
  const byId = new Map(nodes.map((n) => [n.spec.id, n]));
  const first = byId.get(spec.primary);
  if (!first) throw new Error(`the primary ${spec.primary} is not a database node`);

  // ---- cluster state ----
  let currentEpoch = lww ? 0 : 1;
  const epochs = new Map<number, EpochRecord>();
  /** Holder of the DCS leader key (the candidate, during a promotion). */
  let leader: DbNode | null = first;
  let leaseExpiresUs = 0;
  /** Leader's log length at its last renewal (what `maximum_lag_on_failover` compares to). */
  let reportedPos = 0;
  let renewFailing = false;
  let promoting: DbNode | null = null;
  let promotionGen = 0;
  /** Promoted, clients not yet switched. */
  let switchTarget: DbNode | null = null;
  let clientPrimary: DbNode | null = lww ? null : first;
  /** Time the current epoch's primary was lost, null while it serves. */
  let lossAtUs: number | null = null;
  let lossGen = 0;
  let alerted = false;
  let operatorWaiting = false;
  let noCandidateLogged = false;
  let rebuildGen = 0;
  let current: FailoverState | null = null;
  /** Multi-primary: one writable primary per region, in node order. */
  const regionPrimaries: DbNode[] = [];

  // ---- counters ----
  let writesIssued = 0;
  let writesAcked = 0;
  let writesFailed = 0;
  let writesLost = 0;
  let readsIssued = 0;
  let readsServed = 0;
  let readsFailed = 0;
  let staleReads = 0;
  let lostUpdates = 0;
  let splitBrainWrites = 0;
  const failovers: FailoverRecord[] = [];
  /** Newest acknowledged write per key (by version), for stale reads. */
  const latestAcked = new Map<number, Entry>();
  const ackedEntries: Entry[] = [];

  // ---- small helpers ----
  const nowUs = (): number => ctx.nowUs();
  const usOf = (ms: number): number => Math.round(ms * US_PER_MS);
  const say = (type: string, target: string, category: LogCategory, message: string): void =>
    ctx.log(type, target, category, message);
  const up = (n: DbNode): boolean => !n.crashed && ctx.nodeAlive(n.id);
  const healthy = (n: DbNode): boolean => up(n) && !n.isolated && !n.diskFailed;
  const automatic = (): boolean => options.failover === 'automatic';
  const epochRecord = (): EpochRecord => epochs.get(currentEpoch)!;
  const epochPrimary = (): DbNode => epochRecord().primary;
  const referenceLog = (): Entry[] => epochRecord().log ?? epochPrimary().log;

  /**
   * With fencing, an old primary refuses writes: a newer epoch exists (the token is
   * stale), or (automatic failover) it demoted itself or its lease has lapsed.
   */
  const fenced = (n: DbNode): boolean => {
    if (!options.fencing || lww) return false;
    if (n.epoch < currentEpoch) return true;
    return automatic() && (n.demoted || nowUs() >= n.leaseUntilUs);
  };

  /**
   * A node clients can write to now: a running primary that holds its data and is not
   * fenced. A crashed (or host-down, or fenced) old primary keeps its role inside the
   * model until it rejoins, but it accepts no writes, so it is no second primary: only
   * two of these at once are a split brain.
   */
  const acceptsWrites = (n: DbNode): boolean =>
    n.role === 'primary' && up(n) && !n.diskFailed && !fenced(n);

  const sendTo = (from: string, to: string, fn: () => void): void => {
    const hop = ctx.hopUs(from, to);
    if (hop !== null) ctx.schedule(hop, fn);
  };

  /** A node's reply to a client: only a live host sends anything. */
  const reply = (n: DbNode, to: string, fn: () => void): void => {
    if (ctx.nodeAlive(n.id)) sendTo(n.id, to, fn);
  };

  /** Latency between two database nodes, or null when they cannot talk. */
  const dbHop = (a: DbNode, b: DbNode): number | null => {
    if (!up(a) || !up(b) || a.isolated || b.isolated) return null;
    return ctx.hopUs(a.spec.id, b.spec.id);
  };

  // ---- loss bookkeeping ----

  /** Recomputes the newest acknowledged write of keys whose newest was discarded. */
  const refreshLatestAcked = (keys: Set<number>): void => {
    if (keys.size === 0) return;
    for (const key of keys) latestAcked.delete(key);
    for (const entry of ackedEntries) {
      if (entry.discarded || !keys.has(entry.key)) continue;
      const known = latestAcked.get(entry.key);
      if (!known || entry.version > known.version) latestAcked.set(entry.key, entry);
    }
  };

  /** Marks entries as gone; the acknowledged ones are lost. Returns the lost ones. */
  const discard = (entries: readonly Entry[]): Entry[] => {
    const lost: Entry[] = [];
    const keys = new Set<number>();
    for (const entry of entries) {
      if (entry.discarded) continue;
      entry.discarded = true;
      if (entry.acked && !entry.lost) {
        entry.lost = true;
        writesLost++;
        lost.push(entry);
        if (latestAcked.get(entry.key) === entry) keys.add(entry.key);
      }
    }
    refreshLatestAcked(keys);
    return lost;
  };

  /**
   * Losses found one write at a time (an acknowledgement that arrives after its data was
   * discarded; a multi-primary update overwritten) are reported together, once per
   * window, so the event log names every loss with its count and stays readable.
   */
  const lossReport = { lateLost: 0, overwritten: 0, target: '', pending: false };
  const LOSS_REPORT_WINDOW_MS = 5000;
  const reportLoss = (kind: 'lateLost' | 'overwritten', target: string): void => {
    lossReport[kind]++;
    if (lossReport.pending) return;
    lossReport.pending = true;
    lossReport.target = target;
    ctx.schedule(usOf(LOSS_REPORT_WINDOW_MS), () => {
      const { lateLost, overwritten } = lossReport;
      lossReport.lateLost = 0;
      lossReport.overwritten = 0;
      lossReport.pending = false;
      const window = secondsText(LOSS_REPORT_WINDOW_MS);
      if (lateLost > 0)
        say(
          'db-data-loss',
          lossReport.target,
          'fault',
          `${lateLost} acknowledged writes lost in the last ${window}: acknowledged after their data was already discarded (in flight at a failover or disk loss)`,
        );
      if (overwritten > 0)
        say(
          'db-lost-updates',
          lossReport.target,
          'fault',
          `${overwritten} acknowledged updates lost in the last ${window}: overwritten by concurrent writes to the same keys (last writer wins)`,
        );
    });
  };
  /** The node that accepted a write: its epoch's primary, or (multi-primary) its origin. */
  const acceptedBy = (entry: Entry): string =>
    lww
      ? nodes[(entry.version - 1) % LWW_MAX_NODES].spec.id
      : (epochs.get(entry.epoch)?.primary ?? epochPrimary()).spec.id;

  // ---- requests ----

  const finishWrite = (
    req: WriteRequest,
    ok: boolean,
    reason: DatabaseFailure | undefined,
    entry: Entry | null,
  ): void => {
    if (req.finished) return;
    req.finished = true;
    if (ok && entry) {
      writesAcked++;
      entry.acked = true;
      ackedEntries.push(entry);
      if (entry.splitBrain) splitBrainWrites++;
      if (entry.overwritten) {
        lostUpdates++;
        reportLoss('overwritten', acceptedBy(entry));
      }
      if (entry.discarded) {
        // The data was gone before the acknowledgement arrived.
        entry.lost = true;
        writesLost++;
        reportLoss('lateLost', acceptedBy(entry));
      } else {
        const known = latestAcked.get(entry.key);
        if (!known || entry.version > known.version) latestAcked.set(entry.key, entry);
      }
      req.done(true);
    } else {
      writesFailed++;
      req.done(false, reason);
    }
  };

  const finishRead = (
    req: ReadRequest,
    ok: boolean,
    stale: boolean,
    reason?: DatabaseFailure,
  ): void => {
    if (req.finished) return;
    req.finished = true;
    if (ok) {
      readsServed++;
      if (stale) staleReads++;
      req.done(true, stale);
    } else {
      readsFailed++;
      req.done(false, false, reason);
    }
  };

  const replyWriteFailure = (n: DbNode, req: WriteRequest, reason: DatabaseFailure): void =>
    reply(n, req.from, () => finishWrite(req, false, reason, null));

  /** Fails (or, reason null, silently drops) every write waiting at a primary. */
  const failPending = (n: DbNode, reason: DatabaseFailure | null): void => {
    for (let i = n.pendingHead; i < n.pending.length; i++) {
      const item = n.pending[i];
      if (item.settled) continue;
      item.settled = true;
      if (reason) replyWriteFailure(n, item.req, reason);
    }
    n.pending = [];
    n.pendingHead = 0;
  };

  // ---- replication streams ----

  const outgoing = (src: DbNode): Entry[] => (lww ? src.originated : src.log);
  const cursorOf = (src: DbNode, dst: DbNode): number =>
    lww ? dst.received[src.index] : dst.log.length;

  const openStream = (src: DbNode, dst: DbNode): Stream => {
    const old = src.out.get(dst.spec.id);
    if (old) old.active = false;
    const cursor = cursorOf(src, dst);
    const stream: Stream = {
      src,
      dst,
      gen: 0,
      sentPos: cursor,
      ackPos: cursor,
      lastArrivalUs: 0,
      broken: false,
      retryPending: false,
      active: true,
    };
    src.out.set(dst.spec.id, stream);
    pump(stream);
    return stream;
  };

  const closeStreamsInto = (dst: DbNode, except: DbNode | null = null): void => {
    for (const n of nodes) {
      if (n === except) continue;
      const s = n.out.get(dst.spec.id);
      if (s) {
        s.active = false;
        n.out.delete(dst.spec.id);
      }
    }
  };

  const closeStreamsFrom = (src: DbNode): void => {
    for (const s of src.out.values()) s.active = false;
    src.out.clear();
  };

  const breakStream = (s: Stream): void => {
    if (!s.active || s.broken) return;
    s.broken = true;
    // A waiting write may now depend on another standby.
    if (!lww && s.src.pending.length > 0) ctx.schedule(0, () => settle(s.src));
    if (!s.retryPending) {
      s.retryPending = true;
      ctx.schedule(usOf(options.streamRetryMs), () => {
        s.retryPending = false;
        reconnect(s);
      });
    }
  };

  /** The destination reconnects and reports its position; sending resumes from there. */
  const reconnect = (s: Stream): void => {
    if (!s.active || !s.broken || !up(s.src)) return;
    s.gen++;
    s.broken = false;
    s.sentPos = cursorOf(s.src, s.dst);
    s.ackPos = s.sentPos;
    s.lastArrivalUs = 0;
    pump(s);
  };

  /** Sends every entry the destination has not been sent yet, in order. */
  function pump(s: Stream): void {
    if (!s.active || s.broken) return;
    const list = outgoing(s.src);
    const applyDelayUs = usOf(options.replicaApplyDelayMs * s.dst.applyDelayFactor);
    while (s.sentPos < list.length) {
      if (s.dst.diskFailed) return breakStream(s);
      const hop = dbHop(s.src, s.dst);
      if (hop === null) return breakStream(s);
      const now = nowUs();
      const arrivalUs = Math.max(now + hop, s.lastArrivalUs);
      s.lastArrivalUs = arrivalUs;
      const entry = list[s.sentPos++];
      const gen = s.gen;
      ctx.schedule(arrivalUs + applyDelayUs - now, () => deliver(s, gen, entry));
    }
  }

  /**
   * An entry reaches a replica, after the link and the replication delay. The entry is
   * in the pipeline until then: if the source or the link fails first, it never
   * arrives (this is the window of acknowledged writes async replication can lose).
   */
  const deliver = (s: Stream, gen: number, entry: Entry): void => {
    if (!s.active || s.gen !== gen) return;
    const dst = s.dst;
    if (!up(s.src) || s.src.isolated || !up(dst) || dst.isolated || dst.diskFailed)
      return breakStream(s);
    let position: number;
    if (lww) {
      const cursor = dst.received[s.src.index];
      if (entry.pos > cursor + 1) return breakStream(s);
      if (entry.pos === cursor + 1) {
        dst.received[s.src.index] = entry.pos;
        applyLww(dst, entry);
      }
      position = dst.received[s.src.index];
    } else {
      // A replica on a newer timeline refuses an old primary's log (fencing by epoch).
      if (s.src.epoch < dst.epoch) {
        s.active = false;
        return;
      }
      const cursor = dst.log.length;
      if (entry.pos > cursor + 1) return breakStream(s);
      if (entry.pos === cursor + 1) {
        dst.log.push(entry);
        dst.keyLatest.set(entry.key, entry);
      }
      position = dst.log.length;
    }
    const hop = dbHop(dst, s.src);
    if (hop !== null) ctx.schedule(hop, () => acknowledged(s, gen, position));
  };

  /** A replica's acknowledgement (its position) reaches the primary. */
  const acknowledged = (s: Stream, gen: number, position: number): void => {
    if (!s.active || s.gen !== gen || !up(s.src)) return;
    if (position <= s.ackPos) return;
    s.ackPos = position;
    const src = s.src;
    // MySQL turns semi-sync back on once a replica has caught up with where the
    // primary stood when it gave up waiting.
    if (src.semiSyncFallback && position >= src.fallbackPos) {
      src.semiSyncFallback = false;
      if (options.replicationMode === 'semi-sync')
        say(
          'db-semi-sync',
          src.spec.id,
          'recovery',
          `${src.spec.id}: replica ${s.dst.spec.id} caught up: semi-synchronous replication resumes`,
        );
    }
    if (!lww) settle(src);
  };

  // ---- commit rules ----

  /** The first N nodes around a primary: the primary, then the others in node order. */
  const quorumMembers = (primary: DbNode): DbNode[] => {
    const members = [primary];
    for (const n of nodes) {
      if (members.length >= options.quorumN) break;
      if (n !== primary) members.push(n);
    }
    return members;
  };

  /**
   * PostgreSQL FIRST 1: the first connected standby in node order. (A reconnecting one
   * is sent its backlog at once, so it is "caught up" as far as sending goes; a commit
   * still waits for its acknowledgement of that commit's position.)
   */
  const syncStandby = (p: DbNode): Stream | null => {
    for (const n of nodes) {
      if (n === p) continue;
      const s = p.out.get(n.spec.id);
      if (s && s.active && !s.broken) return s;
    }
    return null;
  };

  const committed = (p: DbNode, entry: Entry): boolean => {
    switch (options.replicationMode) {
      case 'async':
        return true;
      case 'semi-sync': {
        if (p.semiSyncFallback) return true;
        for (const s of p.out.values()) if (s.active && s.ackPos >= entry.pos) return true;
        return false;
      }
      case 'sync': {
        const standby = syncStandby(p);
        return standby !== null && standby.ackPos >= entry.pos;
      }
      case 'quorum': {
        let copies = 1;
        for (const m of quorumMembers(p)) {
          const s = p.out.get(m.spec.id);
          if (s && s.active && s.ackPos >= entry.pos) copies++;
        }
        return copies >= options.quorumW;
      }
    }
  };

  /** Acknowledges, in log order, every waiting write its commit rule now allows. */
  function settle(p: DbNode): void {
    if (p.pendingHead >= p.pending.length || !up(p)) return;
    if (fenced(p)) return failPending(p, 'fenced');
    while (p.pendingHead < p.pending.length) {
      const item = p.pending[p.pendingHead];
      if (!item.settled) {
        if (!committed(p, item.entry)) break;
        item.settled = true;
        reply(p, item.req.from, () => finishWrite(item.req, true, undefined, item.entry));
      }
      p.pendingHead++;
    }
    if (p.pendingHead === p.pending.length) {
      p.pending = [];
      p.pendingHead = 0;
    }
  }

  const armSemiSyncTimer = (p: DbNode, item: Pending): void => {
    ctx.schedule(usOf(options.semiSyncTimeoutMs), () => {
      if (item.settled || p.semiSyncFallback || options.replicationMode !== 'semi-sync') return;
      if (!up(p) || p.role !== 'primary') return;
      p.semiSyncFallback = true;
      p.fallbackPos = p.log.length;
      say(
        'db-semi-sync',
        p.spec.id,
        'fault',
        `${p.spec.id}: no replica acknowledged within ${options.semiSyncTimeoutMs} ms: falling back to asynchronous replication`,
      );
      settle(p);
    });
  };

  // ---- writes ----

  const makeEntry = (
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
    commitUs: nowUs(),
    basis,
    splitBrain,
    acked: false,
    discarded: false,
    lost: false,
    overwritten: false,
  });

  /** A write reaches a single-primary node. */
  const writeArrives = (n: DbNode, req: WriteRequest): void => {
    if (!ctx.nodeAlive(n.id)) return; // dead host: the client waits for its timeout
    if (n.crashed || n.diskFailed) return replyWriteFailure(n, req, 'unavailable');
    if (n.role !== 'primary' || n === promoting) return replyWriteFailure(n, req, 'no-primary');
    if (fenced(n)) return replyWriteFailure(n, req, 'fenced');
    const pos = n.log.length + 1;
    const entry = makeEntry(
      req.key,
      n.epoch,
      pos,
      logVersion(n.epoch, pos),
      null,
      n.epoch < currentEpoch,
    );
    n.log.push(entry);
    n.keyLatest.set(entry.key, entry);
    const item: Pending = { req, entry, settled: false };
    n.pending.push(item);
    if (options.replicationMode === 'semi-sync' && !n.semiSyncFallback) armSemiSyncTimer(n, item);
    for (const s of n.out.values()) pump(s);
    settle(n);
  };

  /** Multi-primary: keep the newer version; count a concurrent write that loses. */
  function applyLww(n: DbNode, entry: Entry): void {
    const held = n.keyLatest.get(entry.key);
    if (held === entry) return;
    if (!held || entry.version > held.version) {
      if (held && !isAncestor(held, entry)) overwrite(held);
      n.keyLatest.set(entry.key, entry);
    } else if (!isAncestor(entry, held)) {
      overwrite(entry);
    }
  }

  function overwrite(entry: Entry): void {
    if (entry.overwritten) return;
    entry.overwritten = true;
    if (entry.acked) {
      lostUpdates++;
      reportLoss('overwritten', acceptedBy(entry));
    }
  }

  /** A write reaches a multi-primary node: accept, acknowledge, ship everywhere. */
  const lwwWriteArrives = (n: DbNode, req: WriteRequest): void => {
    if (!ctx.nodeAlive(n.id)) return;
    if (n.crashed || n.diskFailed) return replyWriteFailure(n, req, 'unavailable');
    if (n.role !== 'primary') return replyWriteFailure(n, req, 'no-primary');
    // The node's clock never hands out the same timestamp twice.
    const ts = Math.max(nowUs(), n.lastTsUs + 1);
    n.lastTsUs = ts;
    const entry = makeEntry(
      req.key,
      0,
      n.originated.length + 1,
      lwwVersion(ts, n.index),
      n.keyLatest.get(req.key) ?? null,
      false,
    );
    n.originated.push(entry);
    applyLww(n, entry);
    reply(n, req.from, () => finishWrite(req, true, undefined, entry));
    for (const s of n.out.values()) pump(s);
  };

  /** Multi-primary: the client's own region's primary, else the first one serving. */
  const lwwHome = (from: string): DbNode | null => {
    const region = ctx.placeOf(from)?.region;
    const serving = (n: DbNode): boolean => up(n) && !n.diskFailed;
    const home = regionPrimaries.find((p) => p.spec.region === region);
    if (home && serving(home)) return home;
    return regionPrimaries.find(serving) ?? null;
  };

  // ---- reads ----

  const serveRead = (n: DbNode, req: ReadRequest): void => {
    if (!ctx.nodeAlive(n.id)) return;
    if (n.crashed || n.diskFailed)
      return reply(n, req.from, () => finishRead(req, false, false, 'unavailable'));
    const version = n.keyLatest.get(req.key)?.version ?? 0;
    reply(n, req.from, () => finishRead(req, true, version < req.ackedVersion));
  };

  const quorumAnswer = (req: ReadRequest, version: number | null): void => {
    if (req.finished) return;
    req.answers++;
    if (version !== null) {
      req.successes++;
      req.best = Math.max(req.best, version);
      if (req.successes >= options.quorumR) finishRead(req, true, req.best < req.ackedVersion);
    }
    if (!req.finished && req.answers >= req.asked) finishRead(req, false, false, 'unavailable');
  };

  const quorumServe = (n: DbNode, req: ReadRequest): void => {
    if (!ctx.nodeAlive(n.id)) return;
    const version = n.crashed || n.diskFailed ? null : (n.keyLatest.get(req.key)?.version ?? 0);
    reply(n, req.from, () => quorumAnswer(req, version));
  };

  /** Reads from replicas: the nearest replica serving (zone, then region), else null. */
  const nearestReplica = (from: string, primary: DbNode | null): DbNode | null => {
    const place = ctx.placeOf(from);
    let bestRank = 3;
    let nearest: DbNode[] = [];
    for (const n of nodes) {
      if (n === primary || n.role === 'primary' || !up(n) || n.diskFailed) continue;
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
    return nearest.length === 1 ? nearest[0] : nearest[ctx.random.int(nearest.length)];
  };

  // ---- leader lease and failover (single primary) ----

  const scheduleLeaseCheck = (): void => {
    const at = leaseExpiresUs;
    ctx.schedule(Math.max(0, at - nowUs()), () => {
      if (leaseExpiresUs === at && automatic() && leader && leader !== promoting) expireLease();
    });
  };

  const renewLease = (n: DbNode): void => {
    leaseExpiresUs = nowUs() + usOf(options.leaseTtlMs);
    n.leaseUntilUs = leaseExpiresUs;
    reportedPos = n.log.length;
    n.demoted = false;
    renewFailing = false;
    scheduleLeaseCheck();
    if (lossAtUs !== null && n === epochPrimary() && !switchTarget && !promoting) {
      // Back before anyone promoted (the lease is kept in manual mode too, unused).
      lossAtUs = null;
      lossGen++;
      alerted = false;
      operatorWaiting = false;
      noCandidateLogged = false;
      say(
        'db-lease',
        n.spec.id,
        'recovery',
        automatic()
          ? `${n.spec.id} is serving again and holds the leader lease: no failover needed`
          : `${n.spec.id} is back and still the primary`,
      );
    }
  };

  /** The current epoch's primary stopped serving: start the failover clocks. */
  const noteLoss = (n: DbNode): void => {
    if (lww || n !== epochPrimary() || lossAtUs !== null || n !== leader) return;
    lossAtUs = nowUs();
    const gen = ++lossGen;
    alerted = false;
    noCandidateLogged = false;
    if (!automatic())
      ctx.schedule(usOf(options.alertDelayMs), () => gen === lossGen && manualCheck());
  };

  const expireLease = (): void => {
    const former = leader;
    say(
      'db-lease',
      former ? former.spec.id : 'dcs',
      'detection',
      `leader lease expired (ttl ${secondsText(options.leaseTtlMs)})`,
    );
    leader = null;
    elect();
  };

  /** Nodes that may take the lease: healthy, on the current timeline, lag within bounds. */
  const candidates = (respectLag: boolean): DbNode[] => {
    const list = nodes.filter(
      (n) =>
        healthy(n) && n.epoch === currentEpoch && (n.role === 'replica' || n === epochPrimary()),
    );
    if (!respectLag || options.maximumLagOnFailoverWrites <= 0) return list;
    return list.filter(
      (n) =>
        n === epochPrimary() || reportedPos - n.log.length <= options.maximumLagOnFailoverWrites,
    );
  };

  const best = (list: DbNode[]): DbNode | null => {
    let chosen: DbNode | null = null;
    for (const n of list) if (!chosen || n.log.length > chosen.log.length) chosen = n;
    return chosen;
  };

  /** Automatic failover: the most up-to-date healthy node takes the lease. */
  function elect(): void {
    if (lww || promoting || leader || !automatic()) return;
    const all = candidates(false);
    const chosen = best(candidates(true));
    if (!chosen) {
      if (!noCandidateLogged) {
        noCandidateLogged = true;
        say(
          'db-failover',
          epochPrimary().spec.id,
          'fault',
          all.length > 0
            ? `no replica can be promoted: all are more than ${options.maximumLagOnFailoverWrites} writes behind (maximum_lag_on_failover)`
            : 'no replica can be promoted: none is healthy',
        );
      }
      return;
    }
    if (chosen === epochPrimary()) {
      leader = chosen;
      say('db-lease', chosen.spec.id, 'recovery', `${chosen.spec.id} reacquired the leader lease`);
      renewLease(chosen);
      for (const s of chosen.out.values()) if (s.broken) reconnect(s);
      return;
    }
    startPromotion(chosen, `${chosen.spec.id} acquired the leader lease: promoting`);
  }

  function startPromotion(c: DbNode, message: string): void {
    promoting = c;
    leader = c;
    const gen = ++promotionGen;
    say(
      'db-promote',
      c.spec.id,
      'recovery',
      `${message} (takes ${secondsText(options.promotionMs)})`,
    );
    ctx.schedule(usOf(options.promotionMs), () => finishPromotion(c, gen));
  }

  const abortPromotion = (why: string): void => {
    if (!promoting) return;
    const c = promoting;
    promoting = null;
    leader = null;
    promotionGen++;
    say('db-promote', c.spec.id, 'fault', `promotion of ${c.spec.id} failed: ${why}`);
  };

  function finishPromotion(c: DbNode, gen: number): void {
    if (gen !== promotionGen || promoting !== c) return;
    if (!healthy(c) || c.epoch !== currentEpoch) {
      abortPromotion('it is no longer healthy');
      return;
    }
    promoting = null;
    const previous = epochRecord();
    const oldPrimary = previous.primary;
    const oldLog = previous.log ?? oldPrimary.log;
    const fork = commonPrefix(oldLog, c.log);
    const behind = oldLog.length - fork;
    const lost = discard(oldLog.slice(fork));
    previous.log = null;
    currentEpoch++;
    epochs.set(currentEpoch, { primary: c, startPos: c.log.length + 1, log: c.log });

    const lossAt = lossAtUs ?? nowUs();
    let firstLostUs = Infinity;
    let lastLostUs = lossAt;
    for (const e of lost) {
      firstLostUs = Math.min(firstLostUs, e.commitUs);
      lastLostUs = Math.max(lastLostUs, e.commitUs);
    }
    const record: FailoverRecord = {
      atS: nowUs() / US_PER_S,
      from: oldPrimary.spec.id,
      to: c.spec.id,
      rtoS: null,
      rpoWrites: lost.length,
      rpoLagS: lost.length > 0 ? (lastLostUs - firstLostUs) / US_PER_S : 0,
    };
    failovers.push(record);
    current = { record, lossAtUs: lossAt };

    closeStreamsInto(c);
    closeStreamsFrom(c);
    c.role = 'primary';
    c.epoch = currentEpoch;
    c.pending = [];
    c.pendingHead = 0;
    c.semiSyncFallback = false;
    c.demoted = false;
    leader = c;
    switchTarget = c;
    renewLease(c);
    say(
      'db-promote',
      c.spec.id,
      'recovery',
      `promoted ${c.spec.id} (epoch ${currentEpoch}, ${behind} writes behind)`,
    );
    if (lost.length > 0)
      say(
        'db-data-loss',
        c.spec.id,
        'fault',
        `${lost.length} acknowledged writes lost: ${c.spec.id} never received them (RPO ${record.rpoLagS.toFixed(2)} s)`,
      );
    if (oldPrimary !== c && healthy(oldPrimary)) attach(oldPrimary, c);
    ensureAttached();

    const switchGen = promotionGen;
    ctx.schedule(usOf(options.rediscoveryMs), () => {
      if (switchGen !== promotionGen || switchTarget !== c) return;
      switchTarget = null;
      clientPrimary = c;
      if (current && current.record === record) {
        record.rtoS = (nowUs() - current.lossAtUs) / US_PER_S;
        current = null;
      }
      lossAtUs = null;
      lossGen++;
      alerted = false;
      operatorWaiting = false;
      noCandidateLogged = false;
      say('db-clients', c.spec.id, 'recovery', `clients switched to ${c.spec.id}`);
    });
  }

  /**
   * A node on an old timeline rewinds to where that timeline forked (pg_rewind):
   * what it alone had is discarded; the acknowledged part of it is lost.
   */
  const rewind = (n: DbNode): void => {
    if (n.epoch >= currentEpoch) return;
    let cut = n.log.length;
    for (let e = n.epoch + 1; e <= currentEpoch; e++)
      cut = Math.min(cut, epochs.get(e)!.startPos - 1);
    const fork = commonPrefix(n.log, referenceLog());
    cut = Math.min(cut, fork);
    const divergent = n.log.slice(cut);
    n.log.length = cut;
    n.keyLatest = indexLog(n.log);
    n.epoch = currentEpoch;
    closeStreamsFrom(n);
    if (n.role === 'primary') {
      // An old primary learns from the DCS that it is one no longer.
      failPending(n, options.fencing ? 'fenced' : 'no-primary');
      n.role = 'replica';
    }
    if (divergent.length > 0) {
      const counted = divergent.filter((e) => e.discarded).length;
      const lost = discard(divergent);
      const details = [
        counted > 0 ? `${counted} already counted at the failover` : '',
        lost.length > 0 ? `${lost.length} acknowledged since then: lost` : '',
      ].filter(Boolean);
      say(
        'db-rejoin',
        n.spec.id,
        lost.length > 0 ? 'fault' : 'info',
        `${n.spec.id} rejoined as a replica: discarded ${divergent.length} writes not on the current timeline` +
          (details.length > 0 ? ` (${details.join('; ')})` : ''),
      );
      if (lost.length > 0)
        say(
          'db-data-loss',
          n.spec.id,
          'fault',
          `${lost.length} acknowledged writes lost: ${n.spec.id} accepted them on an old timeline (split brain) and discarded them when it rejoined`,
        );
    }
  };

  /** Makes a healthy node a replica of the serving primary and starts its stream. */
  function attach(n: DbNode, p: DbNode): void {
    rewind(n);
    if (n.role === 'primary') failPending(n, options.fencing ? 'fenced' : 'no-primary');
    n.role = 'replica';
    n.demoted = false;
    n.semiSyncFallback = false;
    closeStreamsFrom(n);
    closeStreamsInto(n, p);
    const s = p.out.get(n.spec.id);
    if (!s || !s.active) openStream(p, n);
    else if (s.broken) reconnect(s);
  }

  /** Every healthy node other than the serving primary follows it. */
  function ensureAttached(): void {
    if (lww) return;
    const p = leader;
    if (!p || p === promoting || !healthy(p) || p.role !== 'primary' || p.epoch !== currentEpoch)
      return;
    for (const n of nodes) {
      if (n === p || !healthy(n)) continue;
      const s = p.out.get(n.spec.id);
      if (n.epoch !== currentEpoch || n.role === 'primary' || !s || !s.active) attach(n, p);
      else if (s.broken) reconnect(s);
    }
  }

  /** Manual failover: the alert, and the simulated operator if there is one. */
  function manualCheck(): void {
    if (lww || automatic() || lossAtUs === null || promoting || switchTarget) return;
    if (!alerted) {
      if (nowUs() < lossAtUs + usOf(options.alertDelayMs) || !ctx.monitoringEnabled()) return;
      alerted = true;
      say(
        'db-alert',
        epochPrimary().spec.id,
        'detection',
        `ALERT: primary ${epochPrimary().spec.id} unreachable; promote a replica`,
      );
      if (options.operatorDelayMs > 0) {
        const gen = lossGen;
        ctx.schedule(usOf(options.operatorDelayMs), () => {
          if (gen !== lossGen) return;
          operatorWaiting = true;
          operatorActs();
        });
      }
    } else if (operatorWaiting) operatorActs();
  }

  function operatorActs(): void {
    if (!operatorWaiting || promoting || switchTarget || lossAtUs === null) return;
    const chosen = best(candidates(true).filter((n) => n !== epochPrimary()));
    if (!chosen) return; // the operator tries again at the next loop
    operatorWaiting = false;
    startPromotion(chosen, `operator promoted ${chosen.spec.id}`);
  }

  /**
   * Every copy of the data is gone: the first reachable node starts an empty database
   * (as restoring from nothing would), so the run can go on. The promotion counts
   * every acknowledged write as lost.
   */
  function reinitialise(): void {
    const n = nodes.find((m) => up(m) && !m.isolated);
    if (!n) return;
    n.diskFailed = false;
    n.rebuild = null;
    n.log = [];
    n.keyLatest = new Map();
    n.epoch = currentEpoch;
    n.role = 'replica';
    startPromotion(n, `no copy of the data survives: re-initialising ${n.id} as an empty database`);
  }

  // ---- node lifecycle ----

  const onDown = (n: DbNode, hostDown: boolean): void => {
    // A crashed process's host resets its connections; a dead host says nothing.
    failPending(n, hostDown ? null : 'unavailable');
    for (const s of n.out.values()) breakStream(s);
    for (const m of nodes) {
      const s = m.out.get(n.spec.id);
      if (s) breakStream(s);
    }
    if (n.rebuild) {
      n.rebuild = null;
      say('db-rebuild', n.spec.id, 'info', `rebuild of ${n.spec.id} interrupted`);
    }
    if (n === promoting) abortPromotion(`${n.spec.id} went down`);
    if (!lww) noteLoss(n);
  };

  /** Compares a node's liveness with what the model last saw, and reacts to a change. */
  const observe = (n: DbNode): void => {
    const running = up(n);
    if (running === n.running) return;
    n.running = running;
    if (!running) onDown(n, !ctx.nodeAlive(n.id));
  };

  /** Puts a node that is up and connected back to work. */
  const reconcile = (n: DbNode): void => {
    observe(n);
    if (!up(n) || n.isolated) return;
    if (n.diskFailed) return startRebuild(n);
    if (lww) return lwwConnect();
    if (n === leader && n === epochPrimary() && n !== promoting) {
      renewLease(n);
      for (const s of n.out.values()) if (s.broken) reconnect(s);
    } else if (leader === null) {
      rewind(n);
      elect();
    } else if (n.role === 'primary' && n !== leader) {
      // It learns from the DCS that another node holds the lease.
      failPending(n, options.fencing ? 'fenced' : 'no-primary');
      rewind(n);
      n.role = 'replica';
    }
    ensureAttached();
  };

  // ---- disk failure and rebuild ----

  const dataSize = (n: DbNode): number => {
    if (!lww) return n.log.length;
    let size = n.originated.length;
    for (let i = 0; i < n.received.length; i++) if (i !== n.index) size += n.received[i];
    return size;
  };

  /**
   * Rows a node's data holds: one per key written. A base backup copies the data as it
   * stands, not its history, so a rebuild costs this whatever the run's length (the
   * writes made during the copy are streamed after it).
   */
  const rowsHeld = (n: DbNode): number => n.keyLatest.size;

  function startRebuild(n: DbNode): void {
    if (n.rebuild || !n.diskFailed || !up(n) || n.isolated) return;
    let source: DbNode | null = null;
    if (lww) {
      const place = n.spec;
      const donors = nodes.filter((m) => m !== n && healthy(m));
      source =
        donors.find((m) => m.spec.zone === place.zone) ??
        donors.find((m) => m.spec.region === place.region) ??
        donors[0] ??
        null;
    } else if (leader && leader !== promoting && healthy(leader) && leader.role === 'primary') {
      source = leader;
    }
    if (!source) return;
    const size = rowsHeld(source);
    // ms per thousand rows x rows / 1000 = ms; x 1000 = us: the factors cancel.
    const durationUs = Math.max(1, Math.round(options.rebuildMsPerThousandWrites * size));
    const gen = ++rebuildGen;
    const now = nowUs();
    n.rebuild = {
      source,
      snapshotLength: source.log.length,
      startUs: now,
      doneUs: now + durationUs,
      gen,
    };
    say(
      'db-rebuild',
      n.spec.id,
      'recovery',
      `${n.spec.id}: rebuilding from ${source.spec.id} (${size} keys of data, about ${secondsText(durationUs / US_PER_MS)})`,
    );
    ctx.schedule(durationUs, () => finishRebuild(n, gen));
  }

  function finishRebuild(n: DbNode, gen: number): void {
    const job = n.rebuild;
    if (!job || job.gen !== gen) return;
    n.rebuild = null;
    const source = job.source;
    if (!healthy(source) || !up(n) || n.isolated || (!lww && source !== leader)) {
      say(
        'db-rebuild',
        n.spec.id,
        'info',
        `rebuild of ${n.spec.id} interrupted: ${source.spec.id} is gone`,
      );
      return;
    }
    n.diskFailed = false;
    if (lww) {
      n.keyLatest = new Map(source.keyLatest);
      n.received = source.received.slice();
      n.received[source.index] = source.originated.length;
      n.received[n.index] = 0;
      closeStreamsInto(n);
      say(
        'db-rebuild',
        n.spec.id,
        'recovery',
        `${n.spec.id} rebuilt from ${source.spec.id}: catching up`,
      );
      lwwConnect();
      return;
    }
    // The base backup holds the log as of its start; the stream delivers the rest.
    n.log = source.log.slice(0, job.snapshotLength);
    n.keyLatest = indexLog(n.log);
    n.epoch = source.epoch;
    n.role = 'replica';
    say(
      'db-rebuild',
      n.spec.id,
      'recovery',
      `${n.spec.id} rebuilt from ${source.spec.id}: catching up`,
    );
    closeStreamsInto(n);
    attach(n, source);
  }

  const diskFail = (n: DbNode): void => {
    const oldLog = n.log;
    n.diskFailed = true;
    n.rebuild = null;
    failPending(n, 'unavailable');
    n.keyLatest = new Map();
    if (n === promoting) abortPromotion(`${n.spec.id} lost its disk`);
    if (lww) {
      // What it accepted and nobody received yet exists nowhere now.
      closeStreamsInto(n);
      closeStreamsFrom(n);
      let kept = 0;
      for (const m of nodes)
        if (m !== n && !m.diskFailed) kept = Math.max(kept, m.received[n.index]);
      const gone = discard(n.originated.slice(kept));
      n.originated.length = kept;
      n.received.fill(0);
      if (gone.length > 0)
        say(
          'db-data-loss',
          n.spec.id,
          'fault',
          `${gone.length} acknowledged writes lost with ${n.spec.id}'s disk`,
        );
      startRebuild(n);
      return;
    }
    n.log = [];
    closeStreamsInto(n);
    closeStreamsFrom(n);
    // Acknowledged writes no surviving copy holds are gone, whatever happens next.
    let kept = 0;
    for (const m of nodes) {
      if (m !== n && !m.diskFailed) kept = Math.max(kept, commonPrefix(m.log, oldLog));
    }
    const gone = discard(oldLog.slice(kept));
    if (gone.length > 0)
      say(
        'db-data-loss',
        n.spec.id,
        'fault',
        `${gone.length} acknowledged writes lost with ${n.spec.id}'s disk: no other node had them`,
      );
    if (n === epochPrimary() && n.role === 'primary') {
      noteLoss(n);
    } else {
      n.role = 'replica';
      startRebuild(n);
    }
  };

  // ---- multi-primary wiring ----

  /** Every primary streams to every other node; reconnect what is broken. */
  function lwwConnect(): void {
    for (const p of regionPrimaries) {
      if (!up(p) || p.diskFailed) continue;
      for (const n of nodes) {
        if (n === p || n.diskFailed) continue;
        const s = p.out.get(n.spec.id);
        if (!s || !s.active) openStream(p, n);
        else if (s.broken) reconnect(s);
      }
    }
  }

  // ---- the HA loop ----

  const tick = (): void => {
    for (const n of nodes) observe(n);
    if (lww) {
      lwwConnect();
    } else {
      const l = leader;
      if (l && l !== promoting) {
        if (healthy(l) && l.role === 'primary') {
          renewLease(l);
        } else {
          if (!renewFailing) {
            renewFailing = true;
            if (automatic())
              say(
                'db-lease',
                l.spec.id,
                'detection',
                `${l.spec.id} stopped renewing its leader lease`,
              );
          }
          noteLoss(l);
          if (
            automatic() &&
            options.fencing &&
            up(l) &&
            l.isolated &&
            !l.demoted &&
            !l.demoteScheduled
          ) {
            l.demoteScheduled = true;
            ctx.schedule(usOf(options.retryTimeoutMs), () => {
              l.demoteScheduled = false;
              if (!options.fencing || !automatic() || !l.isolated || !up(l) || l.role !== 'primary')
                return;
              l.demoted = true;
              failPending(l, 'fenced');
              say(
                'db-fence',
                l.spec.id,
                'detection',
                `${l.spec.id} cannot reach the DCS (retry_timeout ${secondsText(options.retryTimeoutMs)}): demoted itself, refusing writes`,
              );
            });
          }
        }
        if (automatic() && leader === l && leaseExpiresUs <= nowUs()) expireLease();
      }
      if (automatic()) elect();
      else manualCheck();
      if (!promoting && nodes.every((n) => n.diskFailed)) reinitialise();
      for (const n of nodes) if (healthy(n) && n.epoch < currentEpoch && n !== promoting) rewind(n);
      ensureAttached();
    }
    for (const n of nodes) if (n.diskFailed && !n.rebuild) startRebuild(n);
    ctx.schedule(usOf(options.loopWaitMs), tick);
  };

  // ---- setup ----
  if (lww) {
    const seen = new Set<string>();
    const ordered = [first, ...nodes.filter((n) => n !== first)];
    for (const n of ordered) {
      if (seen.has(n.spec.region)) continue;
      seen.add(n.spec.region);
      n.role = 'primary';
      regionPrimaries.push(n);
    }
    regionPrimaries.sort((a, b) => a.index - b.index);
    lwwConnect();
  } else {
    first.role = 'primary';
    epochs.set(1, { primary: first, startPos: 1, log: first.log });
    for (const n of nodes) if (n !== first) openStream(first, n);
    renewLease(first);
  }
  // The HA loop's phase is seeded: the first loop runs after (0, loop_wait], as with a
  // Patroni started at some earlier moment. A fault then lands anywhere in the loop, so
  // the lease expires (ttl - loop_wait, ttl] after it: RTO spreads, not always the worst.
  ctx.schedule(1 + ctx.random.int(usOf(options.loopWaitMs)), tick);

  // ---- commands ----

  const validate = (command: DatabaseCommand): string | null => {
    const n = byId.get(command.target);
    if (!n) return `there is no database node ${command.target}`;
    if (!ACTION_ORDER.includes(command.type)) return `a database node cannot ${command.type}`;
    if (command.type !== 'promote') return null;
    if (lww) return 'every region already has a writable primary (multi-primary)';
    if (promoting) return `a promotion is already in progress (${promoting.spec.id})`;
    if (n.role === 'primary' && n === epochPrimary()) return `${n.spec.id} is already the primary`;
    if (!up(n)) return `${n.spec.id} is down`;
    if (n.isolated) return `${n.spec.id} is isolated from the other database nodes`;
    if (n.diskFailed) return `${n.spec.id} has no data (its disk failed)`;
    if (n.epoch < currentEpoch) return `${n.spec.id} has not rejoined the cluster yet`;
    return null;
  };

  const execute = (command: DatabaseCommand): void => {
    const n = byId.get(command.target)!;
    const id = n.spec.id;
    switch (command.type) {
      case 'kill':
        if (n.crashed) return say('db-kill', id, 'info', `${id} is already crashed`);
        n.crashed = true;
        say('db-kill', id, 'fault', `${id} crashed: its data on disk survives`);
        observe(n);
        if (!lww) noteLoss(n);
        return;
      case 'disk-fail':
        if (n.diskFailed) return say('db-disk', id, 'info', `${id} has already lost its disk`);
        say('db-disk', id, 'fault', `${id} disk failed: its data is gone`);
        return diskFail(n);
      case 'isolate':
        if (n.isolated) return say('db-isolate', id, 'info', `${id} is already isolated`);
        n.isolated = true;
        say(
          'db-isolate',
          id,
          'fault',
          `${id} isolated from the other database nodes and the DCS (app servers still reach it)`,
        );
        for (const s of n.out.values()) breakStream(s);
        for (const m of nodes) {
          const s = m.out.get(id);
          if (s) breakStream(s);
        }
        if (n.rebuild) n.rebuild = null;
        if (n === promoting) abortPromotion(`${id} was isolated`);
        if (!lww) noteLoss(n);
        return;
      case 'promote': {
        if (lossAtUs === null) {
          lossAtUs = nowUs();
          lossGen++;
        }
        operatorWaiting = false;
        leader = null;
        startPromotion(n, `operator promotes ${id}`);
        return;
      }
      case 'restore': {
        if (!n.crashed && !n.isolated)
          return say(
            'db-restore',
            id,
            'info',
            n.diskFailed ? `${id}'s data cannot be restored: it is rebuilt` : `${id} is already up`,
          );
        n.crashed = false;
        n.isolated = false;
        say('db-restore', id, 'recovery', `${id} restored`);
        return reconcile(n);
      }
    }
  };

  // ---- views ----

  const stateOf = (n: DbNode): string => {
    if (!ctx.nodeAlive(n.id)) return 'host down';
    if (n.crashed) return 'crashed';
    if (n.rebuild) {
      const span = n.rebuild.doneUs - n.rebuild.startUs;
      const pct = Math.floor((100 * (nowUs() - n.rebuild.startUs)) / Math.max(1, span));
      return `rebuilding ${Math.min(99, Math.max(0, pct))}%`;
    }
    if (n.diskFailed) return 'disk failed';
    const isFenced = n.role === 'primary' && fenced(n);
    if (n.isolated) return isFenced ? 'isolated (fenced)' : 'isolated';
    if (n === promoting) return 'promoting';
    return isFenced ? 'fenced' : 'up';
  };

  const lagOf = (n: DbNode): { lagMs: number; lagWrites: number } => {
    const now = nowUs();
    if (lww) {
      let lagWrites = 0;
      let oldestUs = now;
      for (const p of regionPrimaries) {
        if (p === n) continue;
        const have = n.received[p.index];
        if (have < p.originated.length) {
          lagWrites += p.originated.length - have;
          oldestUs = Math.min(oldestUs, p.originated[have].commitUs);
        }
      }
      return { lagMs: (now - oldestUs) / US_PER_MS, lagWrites };
    }
    if (n.role === 'primary' && n.epoch === currentEpoch) return { lagMs: 0, lagWrites: 0 };
    const ref = referenceLog();
    const have = n.diskFailed ? 0 : commonPrefix(n.log, ref);
    if (have >= ref.length) return { lagMs: 0, lagWrites: 0 };
    return { lagMs: (now - ref[have].commitUs) / US_PER_MS, lagWrites: ref.length - have };
  };

  const view = (): DatabaseView => {
    const nodeViews = nodes.map((n): DatabaseNodeView => {
      const lag = lagOf(n);
      const role: DatabaseRole = !up(n)
        ? 'down'
        : n.diskFailed
          ? 'rebuilding'
          : n.role === 'primary'
            ? 'primary'
            : 'replica';
      return {
        ...n.spec,
        role,
        state: stateOf(n),
        appliedWrites: lww ? dataSize(n) : n.log.length,
        lagMs: lag.lagMs,
        lagWrites: lag.lagWrites,
        epoch: n.epoch,
      };
    });
    const streams: ReplicationStreamView[] = [];
    const now = nowUs();
    for (const src of nodes) {
      for (const s of src.out.values()) {
        if (!s.active) continue;
        const list = outgoing(src);
        const have = s.dst.diskFailed ? 0 : cursorOf(src, s.dst);
        const lagWrites = Math.max(0, list.length - have);
        streams.push({
          from: src.spec.id,
          to: s.dst.spec.id,
          connected: !s.broken && up(src) && up(s.dst),
          lagWrites,
          lagMs: lagWrites > 0 ? (now - list[have].commitUs) / US_PER_MS : 0,
        });
      }
    }
    return {
      nodes: nodeViews,
      streams,
      replicationMode: options.replicationMode,
      semiSyncFallback: nodes.some((n) => n.role === 'primary' && n.semiSyncFallback),
      quorum: {
        n: options.quorumN,
        w: options.quorumW,
        r: options.quorumR,
        overlapping: quorumsOverlap(options.quorumN, options.quorumW, options.quorumR),
      },
      conflictMode: options.conflictMode,
      failover: options.failover,
      fencing: options.fencing,
      epoch: currentEpoch,
      leader: lww || !leader ? null : leader.spec.id,
      primaries: nodes.filter(acceptsWrites).map((n) => n.spec.id),
      clientPrimary: clientPrimary ? clientPrimary.spec.id : null,
      failoverPhase: failoverPhase(),
    };
  };

  function failoverPhase(): string | null {
    if (lww) return null;
    if (promoting) return `promoting ${promoting.spec.id}`;
    if (switchTarget) return `clients switching to ${switchTarget.spec.id}`;
    if (lossAtUs === null) return null;
    const p = epochPrimary().spec.id;
    if (automatic()) {
      if (leader) {
        const leftS = Math.max(0, Math.ceil((leaseExpiresUs - nowUs()) / US_PER_S));
        return `primary ${p} lost: leader lease expires in ${leftS} s`;
      }
      return 'no replica can be promoted';
    }
    if (alerted) return `primary ${p} lost: waiting for an operator to promote a replica`;
    return ctx.monitoringEnabled()
      ? `primary ${p} lost: alert pending`
      : `primary ${p} lost: nobody has been alerted (monitoring off)`;
  }

  const audit = (): DatabaseAudit => {
    const result: DatabaseAudit = {
      acked: ackedEntries.length,
      present: 0,
      lost: 0,
      divergent: 0,
      unaccounted: 0,
      converged: true,
    };
    const ref = lww ? [] : referenceLog();
    for (const e of ackedEntries) {
      if (e.lost) result.lost++;
      else if (lww) result.present++;
      else if (ref[e.pos - 1] === e) result.present++;
      else if (nodes.some((n) => n.epoch < currentEpoch && n.log[e.pos - 1] === e))
        result.divergent++;
      else result.unaccounted++;
    }
    if (lww) {
      const holders = nodes.filter((n) => up(n) && !n.diskFailed);
      for (const n of holders.slice(1)) {
        const a = holders[0].keyLatest;
        if (n.keyLatest.size !== a.size) result.converged = false;
        for (const [key, entry] of n.keyLatest) if (a.get(key) !== entry) result.converged = false;
      }
    }
    return result;
  };

  const setOptions = (patch: Partial<DatabaseOptions>): string | null => {
    const next: DatabaseOptions = { ...options, ...patch };
    if (next.conflictMode !== options.conflictMode)
      return 'the conflict mode is fixed for a run: choose it before starting';
    const error = validateDatabaseOptions(next, nodes.length);
    if (error) return error;
    const previous = options;
    options = next;
    if (next.replicationMode !== previous.replicationMode) {
      say(
        'db-mode',
        lww ? regionPrimaries[0].id : epochPrimary().id,
        'info',
        `replication mode: ${next.replicationMode} (was ${previous.replicationMode})`,
      );
      for (const n of nodes) {
        n.semiSyncFallback = false;
        if (n.role !== 'primary') continue;
        if (next.replicationMode === 'semi-sync')
          for (let i = n.pendingHead; i < n.pending.length; i++)
            if (!n.pending[i].settled) armSemiSyncTimer(n, n.pending[i]);
        settle(n);
      }
    }
    if (!lww && next.failover !== previous.failover) {
      say('db-mode', epochPrimary().spec.id, 'info', `failover: ${next.failover}`);
      if (next.failover === 'manual') noCandidateLogged = false;
    }
    return null;
  };

  return {
    write(from, key, done) {
      writesIssued++;
      const req: WriteRequest = { from, key, done, finished: false };
      ctx.schedule(usOf(options.clientTimeoutMs), () => finishWrite(req, false, 'timeout', null));
      const target = lww ? lwwHome(from) : clientPrimary;
      if (!target) {
        ctx.schedule(0, () => finishWrite(req, false, 'no-primary', null));
        return;
      }
      sendTo(from, target.spec.id, () =>
        lww ? lwwWriteArrives(target, req) : writeArrives(target, req),
      );
    },
    read(from, key, done) {
      readsIssued++;
      const req: ReadRequest = {
        from,
        key,
        done,
        ackedVersion: latestAcked.get(key)?.version ?? 0,
        finished: false,
        asked: 0,
        answers: 0,
        successes: 0,
        best: 0,
      };
      ctx.schedule(usOf(options.clientTimeoutMs), () => finishRead(req, false, false, 'timeout'));
      if (!lww && options.replicationMode === 'quorum') {
        const members = clientPrimary ? quorumMembers(clientPrimary) : [];
        req.asked = members.length;
        for (const m of members) sendTo(from, m.spec.id, () => quorumServe(m, req));
        return;
      }
      const home = lww ? lwwHome(from) : clientPrimary;
      const target = options.readsFrom === 'replicas' ? (nearestReplica(from, home) ?? home) : home;
      if (!target) {
        ctx.schedule(0, () => finishRead(req, false, false, 'no-primary'));
        return;
      }
      sendTo(from, target.spec.id, () => serveRead(target, req));
    },
    apply(command) {
      const error = validate(command);
      if (error) return error;
      execute(command);
      return null;
    },
    validate,
    actionsFor(nodeId) {
      const n = byId.get(nodeId);
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
            return validate({ type: 'promote', target: nodeId }) === null;
          case 'restore':
            return n.crashed || n.isolated;
        }
      });
    },
    setOptions,
    options: () => options,
    hostsChanged() {
      for (const n of nodes) {
        const wasRunning = n.running;
        observe(n);
        if (!wasRunning && n.running) reconcile(n);
      }
    },
    view,
    metrics: () => ({
      writesIssued,
      writesAcked,
      writesFailed,
      writesLost,
      readsIssued,
      readsServed,
      readsFailed,
      staleReads,
      lostUpdates,
      splitBrainWrites,
      failovers: failovers.map((f) => ({ ...f })),
      lastFailover: failovers.length > 0 ? { ...failovers[failovers.length - 1] } : null,
    }),
    audit,
  };
}
