/**
 * What real systems use for the database's settings (replication, failover, fencing,
 * conflicts), as data with the docs/reference.md section that gives each source; spread
 * into REAL_WORLD (realWorld.ts), which explains why these tables live apart from the specs.
 */
import type { DatabaseSettings } from './database';
import {
  AsynchronousAndSynchronousReplication,
  AwsRdsMultiAz,
  ManualFailover,
  MysqlSemiSynchronousReplication,
  Patroni,
  Quorums,
  SplitBrainAndFencing,
  Timeouts,
  TrafficAndServiceTimes,
} from './realWorldSources';
import type { RealWorldDefault } from './spec';

export const DATABASE_REAL_WORLD: {
  readonly [Path in `database.${keyof DatabaseSettings & string}`]: readonly RealWorldDefault[];
} = {
  'database.writeShare': [
    {
      system: 'No standard default',
      value: null,
      note: 'your read/write mix',
      source: TrafficAndServiceTimes,
    },
  ],
  'database.keys': [
    {
      system: 'No standard default',
      value: null,
      note: 'how many rows your writes touch',
      source: TrafficAndServiceTimes,
    },
  ],
  'database.replicationMode': [
    { system: 'PostgreSQL', value: 'async', source: AsynchronousAndSynchronousReplication },
    { system: 'MySQL', value: 'async', source: AsynchronousAndSynchronousReplication },
  ],
  'database.replicaApplyDelayMs': [
    {
      system: 'PostgreSQL, MySQL',
      value: null,
      note: 'replication lag grows with load and distance',
      source: AsynchronousAndSynchronousReplication,
    },
  ],
  'database.semiSyncTimeoutMs': [
    {
      system: 'MySQL',
      value: 10000,
      note: 'rpl_semi_sync_master_timeout',
      source: MysqlSemiSynchronousReplication,
    },
  ],
  'database.quorumN': [{ system: 'Dynamo', value: 3, source: Quorums }],
  'database.quorumW': [{ system: 'Dynamo', value: 2, source: Quorums }],
  'database.quorumR': [{ system: 'Dynamo', value: 2, source: Quorums }],
  'database.failover': [
    { system: 'Patroni', value: 'automatic', source: Patroni },
    { system: 'AWS RDS Multi-AZ', value: 'automatic', source: AwsRdsMultiAz },
  ],
  'database.leaseTtlMs': [{ system: 'Patroni', value: 30000, note: 'ttl', source: Patroni }],
  'database.loopWaitMs': [{ system: 'Patroni', value: 10000, note: 'loop_wait', source: Patroni }],
  'database.retryTimeoutMs': [
    { system: 'Patroni', value: 10000, note: 'retry_timeout', source: Patroni },
  ],
  'database.promotionMs': [
    {
      system: 'AWS RDS Multi-AZ',
      value: null,
      note: 'a whole failover takes 60 to 120 s',
      source: AwsRdsMultiAz,
    },
  ],
  'database.rediscoveryMs': [
    {
      system: 'AWS RDS Multi-AZ',
      value: null,
      note: 'points its DNS name at the new primary',
      source: AwsRdsMultiAz,
    },
  ],
  'database.maximumLagOnFailoverWrites': [
    {
      system: 'Patroni',
      value: null,
      note: 'maximum_lag_on_failover counts bytes of log, not writes',
      source: Patroni,
    },
  ],
  'database.fencing': [
    {
      system: 'Kleppmann',
      value: 'on',
      note: 'fencing tokens: storage refuses an old leader',
      source: SplitBrainAndFencing,
    },
  ],
  'database.readsFrom': [
    {
      system: 'PostgreSQL, MySQL',
      value: null,
      note: 'a replica answers reads you send it, possibly stale',
      source: AsynchronousAndSynchronousReplication,
    },
  ],
  'database.rebuildMsPerThousandWrites': [
    {
      system: 'No standard default',
      value: null,
      note: 'copying a base backup: data size over bandwidth',
      source: TrafficAndServiceTimes,
    },
  ],
  'database.operatorDelayMs': [
    {
      system: 'Manual failover',
      value: null,
      note: 'minutes, not seconds',
      source: ManualFailover,
    },
  ],
  'database.alertDelayMs': [
    {
      system: 'Manual failover',
      value: null,
      note: 'someone must first be told',
      source: ManualFailover,
    },
  ],
  'database.clientTimeoutMs': [
    {
      system: "Amazon Builders' Library",
      value: null,
      note: 'set it above the latency percentile whose false timeouts you accept',
      source: Timeouts,
    },
  ],
  'database.conflictMode': [
    {
      system: 'PostgreSQL',
      value: 'single-primary',
      source: AsynchronousAndSynchronousReplication,
    },
    { system: 'MySQL', value: 'single-primary', source: AsynchronousAndSynchronousReplication },
  ],
};
