/**
 * The database tier: workload, replication, quorums, failover, fencing, rebuilds.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/**
 * The database tier (docs/reference.md "Failover" and "Replication and quorums"). Every field maps onto
 * `DatabaseOptions` (databaseOptions.ts documents each default and its source);
 * `writeShare` and `keys` shape the requests app servers send.
 */
export interface DatabaseSettings {
  writeShare: number;
  keys: number;
  replicationMode: 'async' | 'semi-sync' | 'sync' | 'quorum';
  replicaApplyDelayMs: number;
  semiSyncTimeoutMs: number;
  quorumN: number;
  quorumW: number;
  quorumR: number;
  failover: 'automatic' | 'manual';
  leaseTtlMs: number;
  loopWaitMs: number;
  retryTimeoutMs: number;
  promotionMs: number;
  rediscoveryMs: number;
  maximumLagOnFailoverWrites: number;
  fencing: 'on' | 'off';
  readsFrom: 'primary' | 'replicas';
  rebuildMsPerThousandWrites: number;
  operatorDelayMs: number;
  alertDelayMs: number;
  clientTimeoutMs: number;
  conflictMode: 'single-primary' | 'multi-primary-lww';
}

export const DATABASE_SPECS: ReadonlyArray<SettingSpecOf<'database', DatabaseSettings>> = [
  {
    path: 'database.writeShare',
    label: 'Write share',
    kind: 'number',
    default: 0.2,
    min: 0,
    max: 1,
    description: 'Share of requests that write to the database; the rest read.',
  },
  {
    path: 'database.keys',
    label: 'Keys',
    kind: 'number',
    default: 1000,
    min: 1,
    max: 1000000,
    integer: true,
    unit: 'keys',
    description: 'Distinct keys requests read and write (fewer keys: more conflicts).',
  },
  {
    path: 'database.replicationMode',
    label: 'Replication mode',
    kind: 'choice',
    default: 'async',
    choices: ['async', 'semi-sync', 'sync', 'quorum'],
    description:
      'async: ack before replicas have it; semi-sync: wait for one replica, fall back to async after a timeout; sync: wait for the standby; quorum: W of N copies.',
  },
  {
    path: 'database.replicaApplyDelayMs',
    label: 'Replica apply delay',
    kind: 'number',
    default: 50,
    min: 0,
    max: 60000,
    unit: 'ms',
    description:
      'Replication delay after the link: writes in this window are at risk under async replication.',
  },
  {
    path: 'database.semiSyncTimeoutMs',
    label: 'Semi-sync timeout',
    kind: 'number',
    default: 10000,
    min: 1,
    max: 600000,
    integer: true,
    unit: 'ms',
    description:
      'Semi-sync: wait this long for a replica, then fall back to asynchronous replication.',
  },
  {
    path: 'database.quorumN',
    label: 'N (copies)',
    kind: 'number',
    default: 3,
    min: 1,
    max: 16,
    integer: true,
    unit: 'copies',
    description: 'Quorum: copies of each write.',
  },
  {
    path: 'database.quorumW',
    label: 'W (write quorum)',
    kind: 'number',
    default: 2,
    min: 1,
    max: 16,
    integer: true,
    unit: 'copies',
    description: 'Quorum: copies that must have a write before it is acknowledged.',
  },
  {
    path: 'database.quorumR',
    label: 'R (read quorum)',
    kind: 'number',
    default: 2,
    min: 1,
    max: 16,
    integer: true,
    unit: 'copies',
    description:
      'Quorum: copies a read asks; it returns the newest. W + R > N: reads see the latest write.',
  },
  {
    path: 'database.failover',
    label: 'Failover',
    kind: 'choice',
    default: 'automatic',
    choices: ['automatic', 'manual'],
    description:
      'automatic: a lease-based detector promotes a replica (Patroni-like); manual: an operator must promote one.',
  },
  {
    path: 'database.leaseTtlMs',
    label: 'Lease TTL',
    kind: 'number',
    default: 30000,
    min: 1000,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'Leader lease: it expires this long after the primary last renewed it.',
  },
  {
    path: 'database.loopWaitMs',
    label: 'Loop wait',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'The primary renews its lease this often.',
  },
  {
    path: 'database.retryTimeoutMs',
    label: 'Retry timeout',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description:
      'A primary cut from the lease store retries this long, then demotes itself (with fencing). loop wait + 2 x retry timeout <= ttl.',
  },
  {
    path: 'database.promotionMs',
    label: 'Promotion',
    kind: 'number',
    default: 2000,
    min: 0,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'Time to promote a replica to primary.',
  },
  {
    path: 'database.rediscoveryMs',
    label: 'Client rediscovery',
    kind: 'number',
    default: 5000,
    min: 0,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'Time until clients send writes to the new primary (DNS TTL or a proxy).',
  },
  {
    path: 'database.maximumLagOnFailoverWrites',
    label: 'Maximum lag on failover',
    kind: 'number',
    default: 0,
    min: 0,
    max: 1000000,
    integer: true,
    unit: 'writes',
    description: 'A replica further behind than this many writes is never promoted (0 = no limit).',
  },
  {
    path: 'database.fencing',
    label: 'Fencing',
    kind: 'choice',
    default: 'on',
    choices: ['on', 'off'],
    description:
      'Epoch fencing: an old primary rejects writes once a newer primary exists. Off: split brain.',
  },
  {
    path: 'database.readsFrom',
    label: 'Reads from',
    kind: 'choice',
    default: 'primary',
    choices: ['primary', 'replicas'],
    description: 'Reads go to the primary (never stale) or to the nearest replica (may be stale).',
  },
  {
    path: 'database.rebuildMsPerThousandWrites',
    label: 'Rebuild time per 1000 writes',
    kind: 'number',
    default: 2000,
    min: 0,
    max: 600000,
    unit: 'ms',
    description:
      'Rebuilding a node after a disk failure takes this long per thousand keys of data (a base backup copies the data, not its write history).',
  },
  {
    path: 'database.operatorDelayMs',
    label: 'Operator delay',
    kind: 'number',
    default: 0,
    min: 0,
    max: 3600000,
    integer: true,
    unit: 'ms',
    description:
      'Manual failover: a simulated operator promotes a replica this long after the alert (0 = you must click Promote).',
  },
  {
    path: 'database.alertDelayMs',
    label: 'Alert delay',
    kind: 'number',
    default: 60000,
    min: 0,
    max: 3600000,
    integer: true,
    unit: 'ms',
    description:
      'Manual failover: the alert fires this long after the primary is lost (needs monitoring on).',
  },
  {
    path: 'database.clientTimeoutMs',
    label: 'Database timeout',
    kind: 'number',
    default: 2000,
    min: 1,
    max: 60000,
    integer: true,
    unit: 'ms',
    description: 'How long an app server waits for the database.',
  },
  {
    path: 'database.conflictMode',
    label: 'Conflict mode',
    kind: 'choice',
    default: 'single-primary',
    choices: ['single-primary', 'multi-primary-lww'],
    description:
      'single-primary: one writable primary (active-passive data); multi-primary-lww: a primary per region, last writer wins (active-active data). Fixed for a run.',
  },
];
