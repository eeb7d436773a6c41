/**
 * The database's public records: what the engine passes in (spec, context, commands)
 * and what it reads back (views, metrics). The snapshot and the views depend on these
 * types only; nothing in this folder imports the snapshot or any output code.
 */
import type { LogCategory } from '../output/log';
import type { DatabaseNodeStatus } from '../output/states';
import type { Random } from '../engine/random';
import type { SimTimeUs } from '../engine/time';
import type { DatabaseOptions, ReplicationMode } from './options';

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
  nowUs(): SimTimeUs;
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
  /** Its state; `databaseNodeStatusLabel` gives its words (`isolated (fenced)`). */
  state: DatabaseNodeStatus;
  /** While rebuilding: how far, 0 to 99. */
  rebuildPercent?: number;
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
  /**
   * Where single-primary reads go (`database.readsFrom`): the primary, or the nearest
   * replica that is up (the primary when none is), so they keep working without a primary.
   */
  readsFrom: DatabaseOptions['readsFrom'];
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
