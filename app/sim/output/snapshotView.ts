/**
 * The snapshot: components, links, balancer targets and messages on the wire, for drawing.
 */
import { type World } from '../engine/world';
import { type ServerState } from '../engine/types';
import { breakerState } from '../mechanisms/models/circuitBreaker';
import { outlierIsEjected } from '../mechanisms/models/outlierDetection';
import type {
  BreakerView,
  ComponentView,
  LinkView,
  MessageView,
  Snapshot,
  TargetView,
} from './snapshot';

import {
  COMPONENT_STATUS_LABELS,
  databaseNodeStatusLabel,
  linkStatus,
  linkStatusLabel,
  serverStatusLabel,
  type ServerStatus,
  type ZoneStatus,
} from './states';
import type { DatabaseTier } from '../requests/databaseTier';
import type { Messages } from './messages';
import type { Targets } from '../commands/targets';

/** What createSnapshotView needs from the engine's other parts. */
export interface SnapshotViewDeps {
  databaseTier: Pick<DatabaseTier, 'database'>;
  messages: Pick<Messages, 'messageView'>;
  targets: Pick<Targets, 'serverLike'>;
}

/** A zone's, region's or balancer's state and its words. */
const siteState = (down: boolean): { state: ZoneStatus; stateLabel: string } => {
  const state: ZoneStatus = down ? 'down' : 'up';
  return { state, stateLabel: COMPONENT_STATUS_LABELS[state] };
};

export function createSnapshotView(w: World, deps: SnapshotViewDeps) {
  const {
    seed,
    componentInfos,
    linkInfos,
    trafficManagerId,
    inTransit,
    links,
    zones,
    regions,
    balancers,
    targetsByServer,
    dependency,
    regionList,
    groups,
  } = w;
  const { database } = deps.databaseTier;
  const { messageView } = deps.messages;
  const { serverLike } = deps.targets;

  const serverStatus = (server: ServerState): ServerStatus => {
    if (server.zone?.region.down) return 'region-down';
    if (server.zone?.down) return 'zone-down';
    if (!server.hostUp) return 'host-down';
    return server.process === 'crashed' ? 'crashed' : 'up';
  };

  const breakerView = (server: ServerState): BreakerView | undefined =>
    w.settings.breaker.enabled === 'on' && dependency
      ? {
          state: server.breaker ? breakerState(server.breaker, w.nowUs) : 'CLOSED',
          transitions: server.breakerTransitions,
        }
      : undefined;

  /**
   * Queued work its caller no longer waits for. Work is marked done when its caller's
   * timeout fires (an answer can only come after a worker takes it), so done work still
   * in the queue timed out there.
   */
  const queuedTimedOut = (server: ServerState): number => {
    let timedOut = 0;
    for (let i = server.queueHead; i < server.queue.length; i++) {
      if (server.queue[i]!.done) timedOut++;
    }
    return timedOut;
  };

  const snapshot = (): Snapshot => {
    const databaseView = database?.view();
    // Active-passive: the active region is the one the traffic manager now answers with
    // (the first it considers healthy), so after a failover the old standby is active.
    const activeRegion =
      w.settings.regions.mode === 'active-passive'
        ? (regionList.find((r) => r.dnsHealthy) ?? regionList[0])
        : undefined;
    const components: ComponentView[] = componentInfos.map((info) => {
      const base = { ...info, healthy: true, inService: 0, queued: 0, served: 0 };
      const server = serverLike(info.id);
      if (server) {
        const targets = targetsByServer.get(info.id) ?? [];
        const state = serverStatus(server);
        const conditions = {
          flapping: server.flapPeriodUs > 0,
          slowFactor: server.slowFactor,
          errorPercent: server.errorFraction * 100,
        };
        return {
          ...base,
          state,
          stateLabel: serverStatusLabel(state, conditions),
          ...conditions,
          healthy: targets.every((t) => t.healthy),
          inService: server.inService.length,
          queued: server.queue.length - server.queueHead,
          queuedTimedOut: queuedTimedOut(server),
          served: server.served,
          breaker: breakerView(server),
          weight: targets[0]?.weight,
        };
      }
      const node = databaseView?.nodes.find((n) => n.id === info.id);
      if (node) {
        return {
          ...base,
          state: node.state,
          stateLabel: databaseNodeStatusLabel(node.state, node.rebuildPercent),
          rebuildPercent: node.rebuildPercent,
          healthy: node.role !== 'down',
          databaseRole: node.role,
          lagMs: node.lagMs,
          lagWrites: node.lagWrites,
          appliedWrites: node.appliedWrites,
        };
      }
      const zone = zones.get(info.id);
      if (zone) return { ...base, ...siteState(zone.down || zone.region.down) };
      const region = regions.get(info.id);
      if (region) {
        const role =
          activeRegion === undefined ? 'active' : region === activeRegion ? 'active' : 'standby';
        return {
          ...base,
          ...siteState(region.down),
          healthy: region.dnsHealthy,
          // A dead region has no role worth naming: "down" says it all.
          role: trafficManagerId && !region.down ? role : undefined,
        };
      }
      const balancer = balancers.get(info.id);
      if (balancer) return { ...base, ...siteState(balancer.region.down) };
      const group = groups.find((g) => g.id === info.id);
      if (group && trafficManagerId) {
        const counts: Record<string, number> = {};
        for (const cache of group.dnsCaches)
          counts[cache.region.info.id] = (counts[cache.region.info.id] ?? 0) + 1;
        const dnsShares = Object.fromEntries(
          Object.entries(counts).map(([region, n]) => [region, n / group.dnsCaches.length]),
        );
        return { ...base, ...siteState(false), dnsShares };
      }
      return { ...base, ...siteState(false) };
    });
    const linkViews: LinkView[] = linkInfos.map((info) => {
      const link = links.get(info.id)!;
      const faults = {
        cutForward: link.cutForward,
        cutBackward: link.cutBackward,
        addedLatencyMs: link.addedLatencyMs,
        lossPercent: link.lossFraction * 100,
      };
      const state = linkStatus(faults);
      return {
        ...info,
        state,
        stateLabel: linkStatusLabel(state, { ...info, ...faults }),
        cutForward: link.cutForward,
        cutBackward: link.cutBackward,
        addedLatencyMs: link.addedLatencyMs,
        lossPercent: link.lossFraction * 100,
      };
    });
    const targets: TargetView[] = [];
    for (const balancer of balancers.values()) {
      for (const t of balancer.targets) {
        targets.push({
          balancer: balancer.info.id,
          server: t.server.info.id,
          healthy: t.healthy,
          ejected:
            w.settings.outlier.enabled === 'on' &&
            outlierIsEjected(balancer.outliers, t.id, w.nowUs),
          weight: t.weight,
          consecutiveFails: t.consecutiveFails,
          consecutiveOks: t.consecutiveOks,
          lastCheckOk: t.lastCheckOk,
          outstanding: t.outstanding,
          routed: t.routed,
        });
      }
    }
    const messages: MessageView[] = [];
    for (const e of inTransit) messages.push(messageView(e));
    return Object.freeze({
      nowUs: w.nowUs,
      seed,
      components: Object.freeze(components),
      links: Object.freeze(linkViews),
      targets: Object.freeze(targets),
      failingOpen: [...balancers.values()].filter((b) => b.failingOpen).map((b) => b.info.id),
      messages: Object.freeze(messages),
      regionMode: w.settings.regions.mode,
      database: databaseView,
    });
  };

  return { breakerView, snapshot };
}

export type SnapshotView = ReturnType<typeof createSnapshotView>;
