/**
 * The replicated database (docs/reference.md "Failover" and "Replication and quorums"): a primary and replicas in
 * zones and regions, a replication log, four commit rules, a Patroni-like leader lease
 * with automatic or manual failover, fencing, disk rebuilds, and a multi-primary
 * last-writer-wins mode for active-active data.
 *
 * The model owns no clock and no queue: it runs inside the engine through a
 * `DatabaseContext` (time, scheduling, latency, liveness, log), so the same code runs
 * in the full simulation and in the small test harness. Its parts share one `Cluster`
 * record (model.ts describes the data model); this module assembles them.
 */
import { actionsFor, execute, hostsChanged, start, validate } from './lifecycle';
import { type Cluster, createCluster, epochPrimary, say } from './model';
import type { DatabaseOptions } from './options';
import { validateDatabaseOptions } from './options';
import { armSemiSyncTimer, settle } from './replication';
import { read, write } from './requests';
import type { Database, DatabaseContext, DatabaseSpec } from './types';
import { audit, metrics, view } from './views';

/** Changes options live; returns an error sentence (and changes nothing) or null. */
const setOptions = (db: Cluster, patch: Partial<DatabaseOptions>): string | null => {
  const options = db.options;
  const next: DatabaseOptions = { ...options, ...patch };
  if (next.conflictMode !== options.conflictMode)
    return 'the conflict mode is fixed for a run: choose it before starting';
  const error = validateDatabaseOptions(next, db.nodes.length);
  if (error) return error;
  const previous = options;
  db.options = next;
  if (next.replicationMode !== previous.replicationMode) {
    say(
      db,
      'db-mode',
      db.lww ? db.regionPrimaries[0].id : epochPrimary(db).id,
      'info',
      `replication mode: ${next.replicationMode} (was ${previous.replicationMode})`,
    );
    for (const n of db.nodes) {
      n.semiSyncFallback = false;
      if (n.role !== 'primary') continue;
      if (next.replicationMode === 'semi-sync')
        for (let i = n.pendingHead; i < n.pending.length; i++)
          if (!n.pending[i].settled) armSemiSyncTimer(db, n, n.pending[i]);
      settle(db, n);
    }
  }
  if (!db.lww && next.failover !== previous.failover) {
    say(db, 'db-mode', epochPrimary(db).spec.id, 'info', `failover: ${next.failover}`);
    if (next.failover === 'manual') db.noCandidateLogged = false;
  }
  return null;
};

/** Creates the database model. Throws on an invalid spec or options. */
export function createDatabase(
  spec: DatabaseSpec,
  initialOptions: DatabaseOptions,
  ctx: DatabaseContext,
): Database {
  const db = createCluster(spec, initialOptions, ctx);
  start(db);
  return {
    write: (from, key, done) => write(db, from, key, done),
    read: (from, key, done) => read(db, from, key, done),
    apply(command) {
      const error = validate(db, command);
      if (error) return error;
      execute(db, command);
      return null;
    },
    validate: (command) => validate(db, command),
    actionsFor: (nodeId) => actionsFor(db, nodeId),
    setOptions: (patch) => setOptions(db, patch),
    options: () => db.options,
    hostsChanged: () => hostsChanged(db),
    view: () => view(db),
    metrics: () => metrics(db),
    audit: () => audit(db),
  };
}
