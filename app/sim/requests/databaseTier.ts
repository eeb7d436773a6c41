/**
 * The database tier: a sub-model with its own events (through CALLBACK), wired to the engine's clock, network and log.
 */
import { serverAlive, type World } from '../engine/world';
import { CALLBACK } from '../engine/types';
import { type Database, type DatabaseContext, type DatabaseOptions } from '../database';
import { createDatabase } from '../database/database';
import { type Settings } from '../settings';
import { linkId } from '../topology';

import type { Network } from './network';
import type { LogWriter } from '../output/logWriter';
import type { Events } from '../engine/events';

/** What createDatabaseTier needs from the engine's other parts. */
export interface DatabaseTierDeps {
  network: Pick<Network, 'hopUs'>;
  logWriter: Pick<LogWriter, 'log'>;
  events: Pick<Events, 'pushAt'>;
}

export function createDatabaseTier(w: World, deps: DatabaseTierDeps) {
  const { topology, componentById, databaseRandom, databaseNetworkRandom, links, servers, zones } =
    w;
  const { hopUs } = deps.network;
  const { log } = deps.logWriter;
  const { pushAt } = deps.events;

  const databaseOptionsOf = (db: Settings['database']): DatabaseOptions => ({
    replicationMode: db.replicationMode,
    replicaApplyDelayMs: db.replicaApplyDelayMs,
    semiSyncTimeoutMs: db.semiSyncTimeoutMs,
    quorumN: db.quorumN,
    quorumW: db.quorumW,
    quorumR: db.quorumR,
    failover: db.failover,
    leaseTtlMs: db.leaseTtlMs,
    loopWaitMs: db.loopWaitMs,
    retryTimeoutMs: db.retryTimeoutMs,
    promotionMs: db.promotionMs,
    rediscoveryMs: db.rediscoveryMs,
    maximumLagOnFailoverWrites: db.maximumLagOnFailoverWrites,
    fencing: db.fencing === 'on',
    readsFrom: db.readsFrom,
    rebuildMsPerThousandWrites: db.rebuildMsPerThousandWrites,
    operatorDelayMs: db.operatorDelayMs,
    alertDelayMs: db.alertDelayMs,
    clientTimeoutMs: db.clientTimeoutMs,
    streamRetryMs: 5000,
    conflictMode: db.conflictMode,
  });

  const databaseNodes = new Map(
    (topology.database?.nodes ?? []).map((node) => [node.id, componentById.get(node.id)!] as const),
  );

  /** Zone and region of a server or database node. */
  const placeOf = (id: string): { zone: string; region: string } | undefined => {
    const info = componentById.get(id);
    return info && info.zone !== null && info.region !== null
      ? { zone: info.zone, region: info.region }
      : undefined;
  };

  const placeAlive = (id: string): boolean => {
    const info = componentById.get(id);
    if (!info || info.zone === null) return true;
    const zone = zones.get(info.zone);
    if (!zone || zone.down || zone.region.down) return false;
    const server = servers.get(id);
    return server ? serverAlive(server) : true;
  };

  const databaseContext: DatabaseContext = {
    nowUs: () => w.nowUs,
    schedule(delayUs, fn) {
      pushAt(CALLBACK, delayUs).fn = fn;
    },
    random: databaseRandom,
    log: (type, target, category, message) => log(type, target, category, message),
    hopUs(from, to) {
      if (!placeAlive(from) || !placeAlive(to)) return null;
      const link = links.get(linkId(from, to)) ?? links.get(linkId(to, from));
      if (
        link &&
        (link.cutForward || link.cutBackward || databaseNetworkRandom.chance(link.lossFraction))
      )
        return null;
      const a = placeOf(from);
      const b = placeOf(to);
      const baseMs =
        a && b && a.region !== b.region
          ? w.settings.network.crossRegionLatencyMs
          : w.settings.network.inRegionLatencyMs;
      return hopUs(baseMs + (link?.addedLatencyMs ?? 0), databaseNetworkRandom);
    },
    nodeAlive: (id) => placeAlive(id),
    monitoringEnabled: () => w.settings.monitoring.enabled === 'on',
    placeOf,
  };

  const database: Database | null = topology.database
    ? createDatabase(
        {
          nodes: topology.database.nodes.map((node) => ({
            id: node.id,
            zone: node.zone,
            region: placeOf(node.id)!.region,
          })),
          primary: topology.database.primary,
        },
        databaseOptionsOf(w.settings.database),
        databaseContext,
      )
    : null;

  return { databaseOptionsOf, databaseNodes, database };
}

export type DatabaseTier = ReturnType<typeof createDatabaseTier>;
