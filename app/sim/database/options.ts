/**
 * Tunables of the replicated database (docs/reference.md "Failover" and "Replication and quorums"): one record,
 * every field with its default and the real system it stands for. The defaults are the
 * real ones wherever a real one exists (Patroni's lease timings, MySQL's semi-sync
 * timeout, Dynamo's quorum); the rest are picked so a learner sees the effect.
 */
import { defaultSettings } from '../settings';

/**
 * How the primary decides a write is committed (docs/reference.md "Replication and quorums").
 * - `async`: acknowledge after the primary's own commit; replicas catch up later.
 * - `semi-sync`: MySQL semi-synchronous: wait for one replica's acknowledgement, fall
 *   back to async after `semiSyncTimeoutMs`, return when a replica catches up.
 * - `sync`: PostgreSQL `synchronous_standby_names = 'FIRST 1 (...)'`: wait for the first
 *   connected, caught-up standby in node order; with none, writes wait (stall).
 * - `quorum`: the primary waits until W copies (its own included) of the first N nodes
 *   have the write (PostgreSQL `ANY W-1 (...)`); reads ask those N copies and take the
 *   newest of the first R answers (Dynamo's read quorum).
 *
 * Single primary only: multi-primary (active-active) data replicates asynchronously, so
 * validation accepts only `async` there.
 */
export type ReplicationMode = 'async' | 'semi-sync' | 'sync' | 'quorum';

/** Who promotes a replica when the primary is lost (docs/reference.md "Failover"). */
export type FailoverMode = 'automatic' | 'manual';

/**
 * `single-primary`: one writable primary (active-passive data). `multi-primary-lww`:
 * one writable primary per region, asynchronous replication between them, and the
 * write with the later timestamp wins a conflict (active-active data).
 */
export type ConflictMode = 'single-primary' | 'multi-primary-lww';

/** Where clients send reads outside quorum mode. */
export type ReadTarget = 'primary' | 'replicas';

export interface DatabaseOptions {
  /** Commit rule for writes. Default `async` (PostgreSQL's and MySQL's default). */
  replicationMode: ReplicationMode;
  /**
   * Replication delay on top of the link's latency: from the primary's commit until a
   * replica holds the entry (shipping, flushing, applying). An entry still in this
   * pipeline when the primary or the link fails never arrives, so this is the window
   * of acknowledged writes asynchronous replication can lose. Each replica has its own
   * delay, this times a seeded factor in [0.5, 1.5) (mean: this), so replicas lag by
   * different amounts. Default 50 ms (no REFERENCE figure: large enough that lag, and
   * the writes it puts at risk, show).
   */
  replicaApplyDelayMs: number;
  /**
   * Semi-sync: how long a write waits for a replica's acknowledgement before the
   * primary falls back to asynchronous replication. Default 10000 ms (MySQL
   * `rpl_semi_sync_master_timeout`).
   */
  semiSyncTimeoutMs: number;
  /** Quorum: copies of each write (the first N nodes, primary included). Default 3 (Dynamo). */
  quorumN: number;
  /** Quorum: copies that must have a write before it is acknowledged. Default 2 (Dynamo). */
  quorumW: number;
  /** Quorum: answers a read waits for; it returns the newest. Default 2 (Dynamo). */
  quorumR: number;
  /** Who promotes a replica. Default `automatic` (Patroni-like). */
  failover: FailoverMode;
  /** Leader lease (Patroni `ttl`): expires this long after the last renewal. Default 30000 ms. */
  leaseTtlMs: number;
  /** HA loop period (Patroni `loop_wait`): the primary renews its lease this often. Default 10000 ms. */
  loopWaitMs: number;
  /**
   * Patroni `retry_timeout`: a primary that cannot reach the DCS keeps trying this long,
   * then demotes itself (only with `fencing`). Default 10000 ms. Patroni requires
   * `loop_wait + 2 x retry_timeout <= ttl`, so the old primary stops before the lease
   * can pass to another node; validation enforces the same rule.
   */
  retryTimeoutMs: number;
  /**
   * Time from choosing a replica to it accepting writes (stop replaying, switch
   * timeline, restart as primary). Default 2000 ms (no REFERENCE figure).
   */
  promotionMs: number;
  /**
   * Time from the promotion until clients send writes to the new primary (DNS TTL or a
   * proxy noticing). Until then they keep using the old primary. Default 5000 ms (no
   * REFERENCE figure; RDS repoints DNS, so the DNS TTL belongs here).
   */
  rediscoveryMs: number;
  /**
   * Patroni `maximum_lag_on_failover` in writes: a replica further behind than this
   * (against the primary's last position in the DCS) is never promoted. 0 = off.
   * Default 0 (Patroni's default is 1 MB of WAL, which has no write count).
   */
  maximumLagOnFailoverWrites: number;
  /**
   * Epoch fencing (Kleppmann's fencing token; Patroni's self-demotion): an old primary
   * rejects writes once its lease has lapsed or a newer epoch exists. Off, a partitioned
   * old primary keeps accepting writes: split brain. Default true.
   */
  fencing: boolean;
  /** Where reads go outside quorum mode. Default `primary` (never stale). */
  readsFrom: ReadTarget;
  /**
   * Rebuilding a node whose disk failed takes this long per thousand keys (rows) its
   * source holds: copying a base backup is proportional to the data's size, not to the
   * number of writes ever made; what is written meanwhile is streamed after it. (The
   * name predates this: "writes of data" means rows.) Default 2000 ms (no REFERENCE
   * figure: 2 s for the default 1000 keys).
   */
  rebuildMsPerThousandWrites: number;
  /**
   * Manual failover: a simulated operator promotes the best replica this long after the
   * alert. 0 = nobody but the user: wait for a `promote` command. Default 0.
   */
  operatorDelayMs: number;
  /**
   * Manual failover: the alert fires this long after the primary is lost (a monitoring
   * rule's `for` duration). Default 60000 ms (no REFERENCE figure; a person must notice:
   * "minutes, not seconds").
   */
  alertDelayMs: number;
  /**
   * How long an app server waits for the database before giving up (reason `timeout`).
   * A write acknowledged after this does not count as acknowledged. Default 2000 ms
   * (below the users' 3000 ms timeout so the app can still answer).
   */
  clientTimeoutMs: number;
  /**
   * A broken replication stream reconnects after this long. Default 5000 ms (PostgreSQL
   * `wal_retrieve_retry_interval`).
   */
  streamRetryMs: number;
  /** Single or multi-primary data. Default `single-primary`. Fixed for a run. */
  conflictMode: ConflictMode;
}

/**
 * The defaults documented field by field above. They are the database settings'
 * defaults (one source: the settings spec), with `fencing` as the boolean the engine
 * takes, and without `writeShare` and `keys`, which shape the requests app servers send.
 */
export const DATABASE_DEFAULTS: Readonly<DatabaseOptions> = Object.freeze(databaseDefaults());

function databaseDefaults(): DatabaseOptions {
  const settings = defaultSettings().database;
  const options: Partial<typeof settings> = { ...settings };
  delete options.writeShare;
  delete options.keys;
  // The replication stream's reconnect interval is not a setting.
  return {
    ...(options as Omit<typeof settings, 'writeShare' | 'keys'>),
    fencing: settings.fencing === 'on',
    streamRetryMs: 5000,
  };
}

const REPLICATION_MODES: readonly ReplicationMode[] = ['async', 'semi-sync', 'sync', 'quorum'];
const FAILOVER_MODES: readonly FailoverMode[] = ['automatic', 'manual'];
const CONFLICT_MODES: readonly ConflictMode[] = ['single-primary', 'multi-primary-lww'];
const READ_TARGETS: readonly ReadTarget[] = ['primary', 'replicas'];

/**
 * Checks a whole options record for a cluster of `nodeCount` nodes. Returns a sentence
 * naming the first problem, or null.
 */
export function validateDatabaseOptions(
  options: DatabaseOptions,
  nodeCount: number,
): string | null {
  if (!REPLICATION_MODES.includes(options.replicationMode))
    return `replication mode must be one of ${REPLICATION_MODES.join(', ')}`;
  if (!FAILOVER_MODES.includes(options.failover))
    return `failover must be one of ${FAILOVER_MODES.join(', ')}`;
  if (!CONFLICT_MODES.includes(options.conflictMode))
    return `conflict mode must be one of ${CONFLICT_MODES.join(', ')}`;
  if (!READ_TARGETS.includes(options.readsFrom))
    return `reads must go to one of ${READ_TARGETS.join(', ')}`;
  if (typeof options.fencing !== 'boolean') return 'fencing must be on or off';
  // Multi-primary replicates asynchronously (every primary acknowledges on its own
  // commit): a stronger commit rule would be shown but not applied (issue 11 item 7).
  if (options.conflictMode === 'multi-primary-lww' && options.replicationMode !== 'async')
    return `database.replicationMode=${options.replicationMode} needs a single primary: active-active data (database.conflictMode=multi-primary-lww, last writer wins) replicates asynchronously; choose replicationMode async, or conflictMode single-primary`;
  const durations: Array<[keyof DatabaseOptions, string, number]> = [
    ['replicaApplyDelayMs', 'the replica apply delay (ms)', 0],
    ['semiSyncTimeoutMs', 'the semi-sync timeout (ms)', 1],
    ['leaseTtlMs', 'the lease ttl (ms)', 1],
    ['loopWaitMs', 'the loop wait (ms)', 1],
    ['retryTimeoutMs', 'the retry timeout (ms)', 0],
    ['promotionMs', 'the promotion time (ms)', 0],
    ['rediscoveryMs', 'the rediscovery time (ms)', 0],
    ['rebuildMsPerThousandWrites', 'the rebuild time per thousand keys held (ms)', 0],
    ['operatorDelayMs', 'the operator delay (ms)', 0],
    ['alertDelayMs', 'the alert delay (ms)', 0],
    ['clientTimeoutMs', 'the client timeout (ms)', 1],
    ['streamRetryMs', 'the stream retry interval (ms)', 1],
  ];
  for (const [field, name, min] of durations) {
    const value = options[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 86_400_000)
      return `${name} must be a number from ${min} to 86400000`;
  }
  const lag = options.maximumLagOnFailoverWrites;
  if (!Number.isInteger(lag) || lag < 0)
    return 'the maximum lag on failover must be a whole number of writes (0 = off)';
  // The rules between fields name the settings as `--set` and share links spell them.
  if (options.loopWaitMs + 2 * options.retryTimeoutMs > options.leaseTtlMs)
    return `Patroni requires loop wait + 2 x retry timeout <= ttl: database.loopWaitMs + 2 x database.retryTimeoutMs must be at most database.leaseTtlMs (got ${options.loopWaitMs} + 2 x ${options.retryTimeoutMs} > ${options.leaseTtlMs})`;
  const { quorumN: n, quorumW: w, quorumR: r } = options;
  if (!Number.isInteger(n) || n < 1)
    return `quorum N (database.quorumN) must be a whole number from 1 (got ${n})`;
  // N only has to fit the cluster while quorum mode is on.
  if (options.replicationMode === 'quorum' && n > nodeCount)
    return `quorum N (database.quorumN) must be a whole number from 1 to ${nodeCount}, the number of database nodes, in quorum mode (got ${n})`;
  if (!Number.isInteger(w) || w < 1 || w > n)
    return `quorum W (database.quorumW) must be a whole number from 1 to database.quorumN (${n}) (got ${w})`;
  if (!Number.isInteger(r) || r < 1 || r > n)
    return `quorum R (database.quorumR) must be a whole number from 1 to database.quorumN (${n}) (got ${r})`;
  return null;
}

/**
 * True when every read quorum overlaps every write quorum (R + W > N), so a read always
 * reaches at least one copy of the latest acknowledged write (docs/reference.md "Replication and quorums").
 */
export function quorumsOverlap(n: number, w: number, r: number): boolean {
  return w + r > n;
}
